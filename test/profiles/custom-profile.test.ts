import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadProfileFile, loadProfiles} from '../../source/profiles/custom-profile.js';
import {planQueries} from '../../source/model/queries.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-profiles-'));
const write = (name: string, text: string) => {
	const file = path.join(dir, name);
	writeFileSync(file, text);
	return file;
};

describe('custom profiles', () => {
	it('loads the shipped example', () => {
		const profile = loadProfileFile('examples/custom-profile.yaml');
		expect(profile).toMatchObject({id: 'my-agents', title: 'My Agent Fleet', signature: ['myagents_agent_up', 'myagents_tasks_queued']});
		const plan = planQueries(profile, 60_000);
		expect(plan.get('agents')).toBe('max by (agent, state) (myagents_agent_up)');
		expect(plan.get('ratio.failures')).toContain('[1m]');
		expect(plan.get('extra.0.tokens/s')).toBe('sum by (agent) (rate(myagents_tokens_total[1m]))');
		expect(profile.runbooks[0]).toMatchObject({alert: 'MyAgentStuck', source: 'profile'});
	});

	it('says a pane left out is not defined, never zero', () => {
		const profile = loadProfileFile(write('minimal.yaml', 'id: tiny\ntitle: Tiny\nsignature: [tiny_up]\n'));
		expect(profile.locks).toEqual({unsupported: 'this system defines no locks'});
		expect(profile.up.promql).toContain('tiny_up');
	});

	it.each([
		['bad-id.yaml', 'id: Bad Id\ntitle: x\nsignature: [a]\n', /bad-id\.yaml: id: expected an id of lowercase letters/],
		['no-signature.yaml', 'id: x\ntitle: x\nsignature: []\n', /no-signature\.yaml: signature: expected at least one metric name/],
		['bad-label.yaml', 'id: x\ntitle: x\nsignature: [a]\npanes:\n  locks: {metric: m, byLabel: "not a label"}\n', /bad-label\.yaml: panes\.locks/],
		['typo.yaml', 'id: x\ntitle: x\nsignature: [a]\npanez: {}\n', /typo\.yaml: \(top level\): .*panez/],
		['state.yaml', 'id: x\ntitle: x\nsignature: [a]\npanes:\n  agents: {kind: table, title: A, rowLabel: agent, metrics: [m], stateColumn: nope, columns: [{name: last, promql: m}]}\n', /state\.yaml: panes\.agents\.stateColumn: expected one of the column names \(last\)/],
		['broken.yaml', 'id: [unclosed\n', /broken\.yaml: not valid YAML/],
	])('names the file, field and what was expected: %s', (name, text, message) => {
		expect(() => loadProfileFile(write(name, text))).toThrow(message);
	});

	it('loads a directory of profiles and refuses a missing path', () => {
		const sub = mkdtempSync(path.join(os.tmpdir(), 'agentmon-dir-'));
		writeFileSync(path.join(sub, 'b.yaml'), 'id: b\ntitle: B\nsignature: [b_up]\n');
		writeFileSync(path.join(sub, 'a.yml'), 'id: a\ntitle: A\nsignature: [a_up]\n');
		writeFileSync(path.join(sub, 'notes.txt'), 'ignored');
		expect(loadProfiles(sub).map(profile => profile.id)).toEqual(['a', 'b']);
		expect(() => loadProfiles(path.join(sub, 'missing.yaml'))).toThrow(/no such profile file or directory/);
	});
});

describe('custom profile text', () => {
	it('passes every string through the sanitiser, keys too', () => {
		const profile = loadProfileFile(write('evil.yaml', 'id: evil\ntitle: "Evil \\e]52;c;ZXZpbA==\\a\\e[2J"\nsignature: [a]\nrunbooks:\n  - alert: A\n    title: "t\\e[31m"\n    steps: [{title: "s\\u202e", commands: [{lang: sh, code: "echo 1\\necho 2"}]}]\n'));
		expect(profile.title).toBe('Evil \\x1b]52;c;ZXZpbA==\\x07\\x1b[2J');
		expect(profile.runbooks[0]!.title).toBe('t\\x1b[31m');
		expect(profile.runbooks[0]!.steps[0]!.title).toBe('s<U+202E>');
		expect(profile.runbooks[0]!.steps[0]!.commands![0]!.code).toBe('echo 1\necho 2');
	});

	it('names the field inside a union instead of "invalid input"', () => {
		expect(() => loadProfileFile(write('union.yaml', 'id: u\ntitle: U\nsignature: [a]\npanes:\n  agents: {metric: m, agentLabel: agent}\n'))).toThrow(/union\.yaml: panes\.agents\.stateLabel: .*expected string/);
	});
});
