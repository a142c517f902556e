import {afterEach, describe, expect, it, vi} from 'vitest';
import {ALERT, cleanup, fixtureState, renderApp} from '../helpers/app-harness.js';

afterEach(() => {
	cleanup();
});

const KEYS = {tab: '\t', shiftTab: '\u001B[Z', down: '\u001B[B', enter: '\r', esc: '\u001B', ctrlC: '\u0003'};

describe('App', () => {
	it('shows the five panes with the data read', () => {
		const {text} = renderApp();
		const frame = text();
		for (const title of ['Agents', 'Locks', 'Queue', 'Latency', 'Alerts']) expect(frame).toContain(title);
		expect(frame).toContain('claude-code');
		expect(frame).toContain('available');
		expect(frame).toContain('total 4');
		expect(frame).toContain('depth 8');
		expect(frame).toMatch(/api \(s\)\s+12ms\s+85ms\s+240ms/);
		expect(frame).toContain('HighLockContention');
		expect(frame).toContain('[runbook]');
		expect(frame).toContain('AI Coordination Server');
		expect(frame).toContain('● live');
	});

	it('drills from the top alert to its runbook in two Enters, and back with Esc', async () => {
		const {text, stdin} = renderApp();
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		expect(text()).toContain('agent=copilot');
		expect(text()).toMatch(/› 1\. /);
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('step 1 of'));
		expect(text()).toContain('Step 1.');
		stdin.write('n');
		await vi.waitFor(() => expect(text()).toContain('step 2 of'));
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('Latency'));
	});

	it('takes keys that arrive in one read, as over a slow SSH link', async () => {
		const {text, stdin} = renderApp();
		stdin.write('\r\r');
		await vi.waitFor(() => expect(text()).toContain('step 1 of'));
	});

	it('takes Enter, Enter typed faster than a frame', async () => {
		const {text, stdin} = renderApp();
		stdin.write(KEYS.enter);
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('step 1 of'));
	});

	it('moves focus with Tab and Shift+Tab', async () => {
		const {text, stdin} = renderApp();
		expect(text()).toContain('▸ Alerts');
		stdin.write(KEYS.tab);
		await vi.waitFor(() => expect(text()).toContain('▸ Agents'));
		stdin.write(KEYS.shiftTab);
		await vi.waitFor(() => expect(text()).toContain('▸ Alerts'));
	});

	it('shows every binding of the registry on ?', async () => {
		const {text, stdin} = renderApp();
		stdin.write('?');
		await vi.waitFor(() => expect(text()).toContain('Keys (Esc or ? closes)'));
		expect(text()).toContain('Shift+Tab');
		expect(text()).toContain('refresh now');
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).not.toContain('Keys (Esc or ? closes)'));
	});

	it('sends refresh, pause and quit to the data side', async () => {
		const {stdin, actions} = renderApp();
		stdin.write('r');
		stdin.write('p');
		stdin.write('q');
		await vi.waitFor(() => expect(actions.quit).toHaveBeenCalledWith(0));
		expect(actions.refresh).toHaveBeenCalled();
		expect(actions.togglePause).toHaveBeenCalled();
		stdin.write(KEYS.ctrlC);
		await vi.waitFor(() => expect(actions.quit).toHaveBeenCalledWith(130));
	});

	it('updates when the store changes and keeps stale data marked', async () => {
		const {text, store} = renderApp();
		store.update(state => ({
			...state,
			systems: state.systems.map(system => ({...system, locks: {...system.locks, status: 'error', stale: true, message: 'timed out after 10s'}})),
		}));
		await vi.waitFor(() => expect(text()).toContain('showing data'));
		expect(text()).toContain('timed out after 10s');
		expect(text()).toContain('total 4');
	});

	it('keeps a warning on screen while TLS verification is off', () => {
		const {text} = renderApp(fixtureState(), false, true);
		expect(text()).toContain('TLS certificate verification is OFF');
		expect(text()).toContain('Alerts');
	});

	it('says so when nothing fires', () => {
		const {text} = renderApp(fixtureState([]));
		expect(text()).toContain('no alerts firing or pending');
	});

	it('shows a banner when the scrape target is down', () => {
		const state = fixtureState();
		const down = {...state, systems: state.systems.map(system => ({...system, up: {...system.up, status: 'down' as const, targets: [{job: 'ai-coordination-server', instance: '127.0.0.1:3456', up: false}]}}))};
		const {text} = renderApp(down);
		expect(text()).toContain('scrape target DOWN: 127.0.0.1:3456');
	});

	it('shows a resolved alert as no longer reported instead of losing the view', async () => {
		const {text, stdin, store} = renderApp();
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		store.update(state => ({...state, alerts: {...state.alerts, items: []}}));
		await vi.waitFor(() => expect(text()).toContain('no longer reported'));
		expect(text()).toContain(ALERT.name);
	});
});

describe('App without a known system', () => {
	it('lists the prefixes found, the signatures it knows and how to describe a system', () => {
		const {text} = renderApp({
			...fixtureState([]),
			systems: [],
			detection: {status: 'none', metricCount: 42, prefixes: [{prefix: 'myapp', count: 30}, {prefix: 'redis', count: 12}]},
		});
		expect(text()).toContain('No known agent system in this Prometheus (42 metric names read)');
		expect(text()).toContain('myapp_* (30)');
		expect(text()).toContain('coordination_server_agent_availability');
		expect(text()).toContain('--profile ./my-system.yaml');
	});
});

describe('App on small terminals', () => {
	it('reflows to one line a pane below 60×20, and says "too small" below 40×12', async () => {
		const {text, stdout} = renderApp();
		const resize = (columns: number, rows: number) => {
			// ink-testing-library's stdout has getter-only sizes: shadow them on the instance.
			Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
			Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
			stdout.emit('resize');
		};
		resize(40, 12);
		await vi.waitFor(() => expect(text()).toContain('Locks  4 · copilot 3, claude-code 1'));
		expect(text()).toContain('HighLockContention');
		expect(text()).not.toContain('╭');
		resize(30, 10);
		await vi.waitFor(() => expect(text()).toContain('terminal too small (30×10)'));
		resize(100, 30);
		await vi.waitFor(() => expect(text()).toContain('╭'));
		expect(text()).not.toContain('too small');
	});
});
