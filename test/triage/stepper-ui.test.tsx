import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Store} from '../../source/model/store.js';
import type {AppState} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {writeTriageNote} from '../../source/triage/write-note.js';
import {App} from '../../source/ui/app.js';
import {ALERT, cleanup, fixtureState, plain} from '../helpers/app-harness.js';

afterEach(() => {
	cleanup();
});

const KEYS = {down: '\u001B[B', enter: '\r', esc: '\u001B', space: ' '};
const LOCKS_QUERY = 'coordination_server_active_locks';

function renderStepper(state: AppState = fixtureState(), links = false) {
	const store = new Store(state);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-notes-'));
	const actions = {
		refresh: vi.fn(),
		togglePause: vi.fn(),
		quit: vi.fn(),
		copy: vi.fn(),
		watchChecks: vi.fn(),
		writeNote: vi.fn((markdown: string, at: Date) => writeTriageNote(markdown, at, {AGENTMON_TRIAGE_DIR: dir})),
	};
	const view = render(<App store={store} profiles={[coordinationServer]} actions={actions} interval="2s" window="5m" color={false} displayUrl="http://127.0.0.1:9090" links={links} />);
	return {...view, store, actions, dir, text: () => plain(view.lastFrame())};
}

describe('the runbook stepper', () => {
	it('marks steps done with Space, shows the progress in the views and the alert row, and keeps it when the views are left', async () => {
		const {text, stdin} = renderStepper();
		expect(text()).toContain('[runbook]');
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('0/7 done'));
		expect(text()).toMatch(/› 1\. \[ \] Confirm who holds more than 10 locks/);
		stdin.write(KEYS.space);
		await vi.waitFor(() => expect(text()).toContain('1/7 done'));
		expect(text()).toMatch(/› 1\. \[x\] Confirm/);
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('step 1 of 7 · 1/7 done · built-in runbook'));
		stdin.write(KEYS.down);
		await vi.waitFor(() => expect(text()).toContain('step 2 of 7'));
		stdin.write(KEYS.space);
		await vi.waitFor(() => expect(text()).toContain('2/7 done'));
		expect(text()).toMatch(/Step 2\. \[x\]/);
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('[runbook 2/7]'));
		// Back in: the marks are still there, and Space takes one away again.
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('2/7 done'));
		stdin.write(KEYS.space);
		await vi.waitFor(() => expect(text()).toContain('1/7 done'));
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('[runbook 1/7]'));
	});

	it('takes a double Esc that arrives in one read as two', async () => {
		const {text, stdin} = renderStepper();
		stdin.write('\r\r');
		await vi.waitFor(() => expect(text()).toContain('step 1 of'));
		stdin.write('\u001B\u001B');
		await vi.waitFor(() => expect(text()).toContain('Latency'));
	});

	it('copies the selected step\'s command with c and says so, or says why not', async () => {
		const {text, stdin, actions} = renderStepper();
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		stdin.write('c');
		await vi.waitFor(() => expect(text()).toContain(`copied: ${LOCKS_QUERY}`));
		expect(actions.copy).toHaveBeenCalledWith(LOCKS_QUERY);
		// Any key clears the notice; the footer comes back.
		stdin.write(KEYS.down);
		await vi.waitFor(() => expect(text()).toContain('Space done'));
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('Latency'));
		stdin.write('c');
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(actions.copy).toHaveBeenCalledTimes(1);
	});

	it('says there is nothing to copy on a step without a command', async () => {
		const runbook = coordinationServer.runbooks.find(candidate => candidate.steps.some(step => !step.commands?.length))!;
		const index = runbook.steps.findIndex(step => !step.commands?.length);
		const state = fixtureState([{...ALERT, name: runbook.alert, id: `${runbook.alert}{}`, labels: {alertname: runbook.alert, system: 'coordination-server'}}]);
		const {text, stdin, actions} = renderStepper(state);
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('Runbook (built-in)'));
		for (let step = 0; step < index; step++) stdin.write(KEYS.down);
		await vi.waitFor(() => expect(text()).toMatch(new RegExp(`› ${index + 1}\\. `)));
		stdin.write('c');
		await vi.waitFor(() => expect(text()).toContain(`nothing to copy: step ${index + 1} has no command`));
		expect(actions.copy).not.toHaveBeenCalled();
	});

	it('shows live check values and pass/fail beside the PromQL, asking the monitor for the runbook on screen', async () => {
		const {text, stdin, store, actions} = renderStepper();
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(actions.watchChecks).toHaveBeenLastCalledWith(expect.arrayContaining([LOCKS_QUERY])));
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('evaluated with the next refresh'));
		store.update(state => ({...state, checks: {[LOCKS_QUERY]: {ok: true, at: Date.now(), samples: [{labels: {agent: 'copilot'}, value: 14}, {labels: {agent: 'claude-code'}, value: 1}]}}}));
		await vi.waitFor(() => expect(text()).toContain('= copilot 14 ✓, claude-code 1 ✗ · ✗ 1 of 2 pass (more than 10)'));
		expect(text()).toMatch(/› 1\. \[ \] Confirm who holds more than 10 locks\s+✗/);
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(text()).toContain('Latency'));
		await vi.waitFor(() => expect(actions.watchChecks).toHaveBeenLastCalledWith([]));
	});

	it('hands the monitor multi-line PromQL whole', async () => {
		const query = '100 * sum(rate(errors_total[1m]))\n    / sum(rate(requests_total[1m]))';
		const runbook = {alert: 'HighLockContention', title: 'Ours', summary: '', source: 'directory' as const, location: 'runbooks/HighLockContention.md', steps: [{title: 'Check', commands: [{lang: 'promql' as const, code: query}]}]};
		const state = {...fixtureState(), runbooks: {directory: {highlockcontention: runbook}, urls: {}}};
		const {text, stdin, actions} = renderStepper(state);
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('Runbook (from runbooks/HighLockContention.md): Ours — 0/1 done · Enter walks them'));
		await vi.waitFor(() => expect(actions.watchChecks).toHaveBeenLastCalledWith([query]));
	});

	it('writes a triage note with w and shows its path', async () => {
		const {text, stdin, dir} = renderStepper();
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(text()).toContain('runbook_url'));
		stdin.write(KEYS.space);
		await vi.waitFor(() => expect(text()).toContain('1/7 done'));
		stdin.write('w');
		await vi.waitFor(() => expect(text()).toContain('triage note written: '));
		const file = /triage note written: (\S+\.md)/.exec(text())![1]!;
		expect(path.dirname(file)).toBe(dir);
		const note = readFileSync(file, 'utf8');
		expect(note).toContain('### HighLockContention — firing for 3m');
		expect(note).toContain('labels `agent=copilot severity=warning`');
		expect(note).toContain('**Runbook** (built-in): High lock contention — 1/7 done');
		expect(note).toContain('1. [x] Confirm who holds more than 10 locks');
		expect(note).toContain('2. [ ] ');
	});

	it('draws runbook_url as an OSC 8 link without breaking the layout', async () => {
		const {stdin, lastFrame} = renderStepper(fixtureState(), true);
		stdin.write(KEYS.enter);
		await vi.waitFor(() => expect(lastFrame()).toContain('runbook_url'));
		const frame = lastFrame()!;
		expect(frame).toContain(`\u001B]8;;${ALERT.runbookUrl}\u0007${ALERT.runbookUrl}\u001B]8;;\u0007`);
		// eslint-disable-next-line no-control-regex
		const visible = plain(frame).replace(/\u001B]8;;[^\u0007]*\u0007/g, '').split('\n');
		for (const line of visible) expect([...line].length, line).toBeLessThanOrEqual(100);
		expect(visible.find(line => line.includes('runbook_url'))).toMatch(/^│ runbook_url https:\/\/example\.com\/runbooks#highlockcontention\s+│$/);
	});
});
