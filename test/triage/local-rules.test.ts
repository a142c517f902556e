import {describe, expect, it} from 'vitest';
import {RuleEngine} from '../../source/local/rule-engine.js';
import type {AlertRule} from '../../source/local/rule-files.js';

const locks: AlertRule = {name: 'HighLockContention', expr: 'coordination_server_active_locks > 10', forMs: 300_000, labels: {severity: 'warning'}, annotations: {}, origin: 'f.yml: locks', group: 'locks', file: 'f.yml'};
const broken: AlertRule = {name: 'Broken', expr: 'rate(x[5m]\u001B[2J', forMs: 0, labels: {}, annotations: {}, origin: 'test'};

describe('RuleEngine.rules', () => {
	it('reports each rule as /api/v1/rules would: the for: it evaluates with, and how its last evaluation went', () => {
		const engine = new RuleEngine([locks, broken], {
			evaluate: promql => (promql.startsWith('rate') ? {ok: false, error: 'parse error: unclosed \u001B]0;x\u0007'} : {ok: true, samples: []}),
			maxForMs: 10_000,
		});
		expect(engine.rules().map(rule => rule.health)).toEqual(['unknown', 'unknown']);
		engine.evaluate(5_000);
		const [first, second] = engine.rules();
		expect(first).toEqual({name: 'HighLockContention', group: 'locks', file: 'f.yml', expr: locks.expr, forMs: 10_000, health: 'ok', lastEvaluation: 5_000, evaluationMs: expect.any(Number), labels: {severity: 'warning'}});
		// A rule made in code has no group of its own: its origin stands in.
		expect(second).toMatchObject({name: 'Broken', group: 'test', expr: 'rate(x[5m]\\x1b[2J', forMs: 0, health: 'err', lastError: 'parse error: unclosed \\x1b]0;x\\x07', lastEvaluation: 5_000});
		expect(second).not.toHaveProperty('file');
	});
});
