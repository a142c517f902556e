import {describe, expect, it} from 'vitest';
import type {AlertRuleInfo} from '../../source/model/evidence.js';
import type {AlertItem} from '../../source/model/types.js';
import {sparkline} from '../../source/model/format.js';
import {exprLines, pointerLine, ruleLine, timeToFire, trendLine} from '../../source/ui/views/alert-evidence.js';

const rule: AlertRuleInfo = {name: 'HighLockContention', group: 'locks', file: '/etc/prometheus/rules.yml', expr: 'sum by (agent) (x) > 10', forMs: 300_000, health: 'ok', lastEvaluation: 1_000_000 - 3000, evaluationMs: 0.42, labels: {severity: 'warning'}};
const pending: AlertItem = {id: 'a', name: 'HighLockContention', state: 'pending', severity: 'warning', summary: '', description: '', labels: {}, annotations: {}, activeAt: 1_000_000 - 100_000};

describe('the alert view evidence lines', () => {
	it('counts down to a pending alert firing from its rule for:', () => {
		expect(timeToFire(pending, {state: 'ok', rule}, 1_000_000)).toBe('fires in 3m 20s unless it clears (for 5m)');
		expect(timeToFire(pending, {state: 'ok', rule}, 1_000_000 + 190_500)).toBe('fires in 10s unless it clears (for 5m)');
		expect(timeToFire(pending, {state: 'ok', rule}, 1_000_000 + 300_000)).toBe('fires at the next evaluation');
		expect(timeToFire({...pending, state: 'firing'}, {state: 'ok', rule}, 1_000_000)).toBeUndefined();
		expect(timeToFire(pending, {state: 'loading'}, 1_000_000)).toBeUndefined();
	});

	it("says the rule's for:, health and last evaluation, the file last; or why there is none", () => {
		expect(ruleLine({state: 'ok', rule}, 1_000_000)).toBe('for 5m · health ok · evaluated 3s ago in 0.4ms · group locks in /etc/prometheus/rules.yml');
		expect(ruleLine({state: 'ok', rule: {...rule, health: 'err', lastError: 'many-to-many matching'}, refreshError: 'timeout'}, 1_000_000)).toContain('health err: many-to-many matching · evaluated 3s ago in 0.4ms · re-reading failed: timeout');
		expect(ruleLine({state: 'missing', reason: 'no alerting rule named X'}, 0)).toBe('no alerting rule named X');
		expect(ruleLine({state: 'loading'}, 0, true)).toBe('paused: read when refreshing resumes (p)');
	});

	it('draws the trend with gaps where the condition did not hold', () => {
		expect(sparkline([0, 5, Number.NaN, 10], 10)).toBe('▁▄ █');
		expect(sparkline([Number.NaN, Number.NaN], 10)).toBe('  ');
		expect(trendLine({state: 'ok', values: [12, 14, Number.NaN], stepMs: 16_000, from: 0, to: 32_000}, 100)).toBe('▇█   12 → 14 · max 14 · last 32s');
		expect(trendLine({state: 'ok', values: [], stepMs: 2000, from: 0, to: 0}, 100)).toBe('no values yet (one is added with every refresh)');
		expect(trendLine({state: 'unavailable', reason: 'a stream has no PromQL'}, 100)).toBe('a stream has no PromQL');
	});

	it('names the pane row, or why none', () => {
		expect(pointerLine({found: true, system: 0, pane: 'agents', row: 2, label: 'agent', value: 'copilot', paneTitle: 'Agents'})).toBe('agent=copilot · Agents pane, row 3 · e jumps there');
		expect(pointerLine({found: false, reason: 'its labels name no agent, queue or lock of the panes'})).toBe('its labels name no agent, queue or lock of the panes');
	});
});

describe('exprLines', () => {
	it('cuts a long expression into at most three lines, whitespace collapsed', () => {
		expect(exprLines('sum(x)\n  > 1', 40)).toEqual(['sum(x) > 1']);
		expect(exprLines('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
		expect(exprLines('a'.repeat(35), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), `${'a'.repeat(9)}…`]);
	});
});
