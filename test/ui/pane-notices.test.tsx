import chalk from 'chalk';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {AppState} from '../../source/model/types.js';
import {cleanup, fixtureState, plain, renderApp} from '../helpers/app-harness.js';

afterEach(cleanup);

const settle = async () => new Promise(resolve => setTimeout(resolve, 50));

/** The rendered line whose text matches `pattern`, with its colour codes. */
function lineWith(frame: string | undefined, pattern: string | RegExp): string {
	return (frame ?? '').split('\n').find(line => (typeof pattern === 'string' ? plain(line).includes(pattern) : pattern.test(plain(line)))) ?? '';
}

/** The SGR colour code written last before the last `text` on the line matching `pattern` (default: `text`). */
function colourBefore(frame: string | undefined, text: string, pattern: string | RegExp = text): string {
	const line = lineWith(frame, pattern);
	const at = line.lastIndexOf(text);
	// eslint-disable-next-line no-control-regex
	return [...line.slice(0, at).matchAll(/\u001B\[(\d+)m/g)].map(match => match[1]).at(-1) ?? '';
}

describe('pane notices', () => {
	it('shows the first warning and how many more there are, the count kept whole in a narrow pane', async () => {
		const state = fixtureState();
		const warnings = ['Alertmanager: HTTP 401 Unauthorized: the credentials were refused by the server at the gateway', 'Prometheus alerts: a second warning', 'a third'];
		const view = renderApp({...state, alerts: {...state.alerts, warnings}});
		await settle();
		const line = lineWith(view.text(), '⚠');
		expect(line).toContain('⚠ Alertmanager: HTTP 401');
		expect(line).toMatch(/\(\+2 more; --once lists all\)/);
	});

	it('shows a single warning alone, and the same warning twice once', async () => {
		const state = fixtureState();
		const view = renderApp({...state, alerts: {...state.alerts, warnings: ['Alertmanager: timed out', 'Alertmanager: timed out']}});
		await settle();
		expect(lineWith(view.text(), '⚠')).toContain('⚠ Alertmanager: timed out');
		expect(view.text()).not.toContain('more;');
	});
});

describe('stale data', () => {
	let level: typeof chalk.level;
	beforeAll(() => {
		level = chalk.level;
		chalk.level = 1;
	});
	afterAll(() => {
		chalk.level = level;
	});

	it('greys the rows a failed refresh left on screen, and colours them again once fresh data comes', async () => {
		const state = fixtureState();
		const system = state.systems[0]!;
		const stale: AppState = {
			...state,
			systems: [{...system, locks: {...system.locks, status: 'error', message: 'HTTP 503 Service Unavailable', stale: true, updatedAt: Date.now() - 30_000}}],
			alerts: {...state.alerts, status: 'error', message: 'timed out', stale: true, updatedAt: Date.now() - 30_000},
		};
		const view = renderApp(stale, true);
		await settle();
		const frame = view.lastFrame();
		expect(plain(frame)).toContain('✖ HTTP 503 Service');
		expect(plain(frame)).toMatch(/showing data 30s old/);
		// 90 is grey: the stale lock rows and alert rows; the error line itself stays red (31).
		const lockRow = /││\s+copilot\s+3\s+││/;
		expect(plain(frame)).toMatch(lockRow);
		expect(colourBefore(frame, 'copilot', lockRow)).toBe('90');
		expect(colourBefore(frame, 'HighLockContention')).toBe('90');
		expect(colourBefore(frame, '✖ HTTP 503')).toBe('31');
		view.store.update(() => fixtureState());
		await settle();
		expect(colourBefore(view.lastFrame(), 'HighLockContention')).toBe('33');
		expect(colourBefore(view.lastFrame(), 'copilot', lockRow)).not.toBe('90');
	});
});
