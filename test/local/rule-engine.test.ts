import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {RuleEngine, type Evaluation} from '../../source/local/rule-engine.js';
import {builtInRuleFile, loadRuleFile, type AlertRule} from '../../source/local/rule-files.js';
import {allProfiles} from '../../source/profiles/registry.js';

const rule: AlertRule = {
	name: 'HighLockContention',
	expr: 'coordination_server_active_locks > 10',
	forMs: 60_000,
	labels: {severity: 'warning', system: 'coordination-server'},
	annotations: {summary: 'Agent {{ $labels.agent }} holds {{ $value }} locks'},
	origin: 'test',
};

/** An evaluator answering from a script: the samples to return at each call. */
function scripted(answers: Evaluation[]): (promql: string, atMs: number) => Evaluation {
	let call = 0;
	return () => answers[Math.min(call++, answers.length - 1)]!;
}

const locks = (value: number): Evaluation => ({ok: true, samples: [{labels: {__name__: 'coordination_server_active_locks', agent: 'copilot'}, value}]});

describe('RuleEngine', () => {
	it('holds an alert pending for its for: duration, then fires it, then resolves it', () => {
		const engine = new RuleEngine([rule], {evaluate: scripted([locks(12), locks(13), locks(14), {ok: true, samples: []}])});
		const first = engine.evaluate(1_000_000).alerts;
		expect(first).toHaveLength(1);
		expect(first[0]).toMatchObject({name: 'HighLockContention', state: 'pending', severity: 'warning', origin: 'local-rule', activeAt: 1_000_000, value: 12});
		expect(first[0]!.labels).toEqual({agent: 'copilot', severity: 'warning', system: 'coordination-server', alertname: 'HighLockContention'});
		expect(first[0]!.summary).toBe('Agent copilot holds 12 locks');
		expect(engine.evaluate(1_030_000).alerts[0]!.state).toBe('pending');
		const firing = engine.evaluate(1_060_000).alerts[0]!;
		expect(firing).toMatchObject({state: 'firing', activeAt: 1_000_000, value: 14});
		expect(engine.evaluate(1_070_000).alerts).toEqual([]);
	});

	it('caps for: when asked (the demo) and reports evaluation errors with the rule named', () => {
		const capped = new RuleEngine([rule], {evaluate: scripted([locks(12)]), maxForMs: 0});
		expect(capped.evaluate(5).alerts[0]!.state).toBe('firing');
		const broken = new RuleEngine([rule], {evaluate: () => ({ok: false, error: 'parse error at char 3'})});
		expect(broken.evaluate(5)).toEqual({alerts: [], errors: ['rule HighLockContention (test): parse error at char 3']});
	});

	it('sanitises what a rule file says', () => {
		const hostile = new RuleEngine([{...rule, annotations: {summary: 'evil \u001b]52;c;AAAA\u0007 {{ $labels.agent }}'}}], {
			evaluate: () => ({ok: true, samples: [{labels: {agent: 'x\u001b[2Jy'}, value: 11}]}),
		});
		const [alert] = hostile.evaluate(1).alerts;
		expect(alert!.summary).not.toMatch(/\u001b/);
		expect(alert!.labels.agent).not.toMatch(/\u001b/);
	});
});

describe('rule files', () => {
	it('reads the alerting rules of every built-in system', () => {
		for (const profile of allProfiles()) {
			const rules = loadRuleFile(builtInRuleFile(profile.id));
			expect(rules.length).toBeGreaterThan(0);
			for (const loaded of rules) expect(loaded.expr.length).toBeGreaterThan(0);
		}
		const coordination = loadRuleFile(builtInRuleFile('coordination-server'));
		expect(coordination.find(loaded => loaded.name === 'HighAPIErrorRate')).toMatchObject({forMs: 120_000, labels: {severity: 'critical'}});
	});

	it('names the file and the field of a bad rule file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'agentmon-rules-'));
		const bad = join(dir, 'bad.yml');
		writeFileSync(bad, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: soon\n');
		expect(() => loadRuleFile(bad)).toThrow(`${bad}: groups.g.rules.0.for: "soon" is not a duration`);
		writeFileSync(bad, 'groups: 3\n');
		expect(() => loadRuleFile(bad)).toThrow(/bad\.yml: groups: /);
		expect(() => loadRuleFile(join(dir, 'missing.yml'))).toThrow(/cannot read the rule file .*missing\.yml: ENOENT/);
	});
});
