import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {toMarkdown} from '../../source/once/markdown.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {doneKey, toggleDone} from '../../source/triage/done-steps.js';
import {triageNote} from '../../source/triage/note.js';
import {triageFileName, writeTriageNote} from '../../source/triage/write-note.js';
import {ALERT, fixtureState} from '../helpers/app-harness.js';

const AT = new Date(ALERT.activeAt! + 180_000);
const LOCKS = 'coordination_server_active_locks';
const withChecks = () => ({
	...fixtureState(),
	checks: {[LOCKS]: {ok: true as const, at: AT.getTime(), samples: [{labels: {agent: 'copilot'}, value: 14}, {labels: {agent: 'claude-code'}, value: 1}]}},
});

describe('triage note', () => {
	it('says when, from where, the alert with labels, value, state and age, and the runbook with done marks and live checks', () => {
		const done = toggleDone(toggleDone(undefined, ALERT.id, 0), ALERT.id, 2);
		expect(done).toEqual({[doneKey(ALERT.id, 0)]: true, [doneKey(ALERT.id, 2)]: true});
		const note = triageNote({state: withChecks(), profiles: [coordinationServer], alerts: [ALERT], at: AT, done});
		const lines = note.split('\n');
		expect(lines.slice(0, 8)).toEqual([
			`# agentmon triage note — ${AT.toISOString()}`,
			'',
			`- written ${AT.toISOString()} by agentmon`,
			'- source http://127.0.0.1:9090 (prometheus)',
			expect.stringMatching(/^- data from \d{4}-/),
			'',
			'## Alerts',
			'',
		]);
		expect(note).toContain(`### HighLockContention — firing for 3m (since ${new Date(ALERT.activeAt!).toISOString()})`);
		expect(note).toContain('- severity warning, value 14\n- High number of file locks (14)\n- labels `agent=copilot severity=warning`\n- runbook_url https://example.com/runbooks#highlockcontention');
		expect(note).toContain('**Runbook** (built-in): High lock contention — 2/7 done');
		expect(note).toContain(`1. [x] Confirm who holds more than 10 locks\n   \`\`\`promql\n   ${LOCKS}\n   \`\`\`\n   → copilot 14 ✓, claude-code 1 ✗ · ✗ 1 of 2 pass (more than 10)`);
		expect(note).toContain('2. [ ] Check how long agents wait');
		expect(note).toContain('3. [x] ');
		expect(note).toContain('→ … (evaluated with the next refresh)');
		expect(note.endsWith('\n')).toBe(true);
	});

	it('says why an alert has no runbook', () => {
		const lonely = {...ALERT, id: 'Mystery{}', name: 'Mystery', runbookUrl: 'https://wiki/x'};
		const state = {...fixtureState([lonely]), runbooks: {directory: {}, urls: {'https://wiki/x': {state: 'skipped' as const, reason: 'an HTML page, not markdown or plain text: open the link in a browser'}}}};
		expect(triageNote({state, profiles: [coordinationServer], alerts: [lonely], at: AT})).toContain('No runbook: runbook_url an HTML page, not markdown or plain text: open the link in a browser.');
	});

	it('is the Triage section of --once --format markdown, for firing alerts only, without done marks', () => {
		const pending = {...ALERT, id: 'Pending{}', name: 'HighAPILatency', state: 'pending' as const};
		const markdown = toMarkdown({...withChecks(), alerts: {status: 'ok', items: [ALERT, pending]}}, [coordinationServer], AT, '5m');
		const triage = markdown.slice(markdown.indexOf('## Triage'));
		expect(triage).toContain('### HighLockContention — firing for 3m');
		expect(triage).not.toContain('HighAPILatency');
		expect(triage).toContain('**Runbook** (built-in): High lock contention\n');
		expect(triage).toContain('1. Confirm who holds more than 10 locks\n');
		expect(triage).toContain('→ copilot 14 ✓, claude-code 1 ✗');
		expect(toMarkdown(fixtureState([]), [coordinationServer], AT, '5m')).not.toContain('## Triage');
	});
});

describe('writeTriageNote', () => {
	it('writes agentmon-triage-<time>.md into $AGENTMON_TRIAGE_DIR, never over another note', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-notes-'));
		const at = new Date('2026-11-23T12:08:56.126Z');
		expect(triageFileName(at)).toBe('agentmon-triage-20261123T120856Z.md');
		const first = writeTriageNote('one\n', at, {AGENTMON_TRIAGE_DIR: dir});
		const second = writeTriageNote('two\n', at, {AGENTMON_TRIAGE_DIR: dir});
		expect(first).toEqual({ok: true, path: path.join(dir, 'agentmon-triage-20261123T120856Z.md')});
		expect(second).toEqual({ok: true, path: path.join(dir, 'agentmon-triage-20261123T120856Z-2.md')});
		expect(readFileSync(path.join(dir, 'agentmon-triage-20261123T120856Z.md'), 'utf8')).toBe('one\n');
		expect(writeTriageNote('x', at, {}, dir)).toMatchObject({ok: true, path: expect.stringContaining(`${dir}${path.sep}agentmon-triage-`)});
	});

	it('says why it cannot write', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-notes-'));
		writeFileSync(path.join(dir, 'file'), '');
		expect(writeTriageNote('x', new Date(), {AGENTMON_TRIAGE_DIR: path.join(dir, 'file', 'sub')})).toEqual({ok: false, message: `cannot create ${path.join(dir, 'file', 'sub')} (ENOTDIR)`});
	});
});
