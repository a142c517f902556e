import {describe, expect, it} from 'vitest';
import {allProfiles} from '../../source/profiles/registry.js';
import {parsePromql} from '../../source/promql/parse.js';
import {checkOfCommand, checkOutcome, runbookQueries, stepVerdict} from '../../source/runbooks/checks.js';
import {comparisonInText, holds, splitTrailingComparison} from '../../source/runbooks/comparison.js';
import type {RunbookStep} from '../../source/runbooks/types.js';

describe('splitTrailingComparison', () => {
	it.each([
		['git_active_merges > 1', 'git_active_merges', '>', 1],
		['up{job="x"} == 0', 'up{job="x"}', '==', 0],
		['rate(x[5m]) > 0.05', 'rate(x[5m])', '>', 0.05],
		['100 * sum(rate(a[5m]))\n    / sum(rate(b[5m])) > 5', '100 * sum(rate(a[5m]))\n    / sum(rate(b[5m]))', '>', 5],
		['quota_daily_used / quota_daily_limit * 100 >= 100', 'quota_daily_used / quota_daily_limit * 100', '>=', 100],
		['time() - worker_last_heartbeat_timestamp_seconds > 60', 'time() - worker_last_heartbeat_timestamp_seconds', '>', 60],
		['agent_success_rate < 70', 'agent_success_rate', '<', 70],
		['x != -1e3', 'x', '!=', -1000],
		['x > bool 2', 'x', '>', 2],
		['x <= .5', 'x', '<=', 0.5],
	])('%s → %s %s %s', (promql, query, op, threshold) => {
		expect(splitTrailingComparison(promql)).toEqual({query, comparison: {op, threshold, text: expect.any(String)}});
	});

	it.each([
		['sum(rate(x[5m]))'],
		['x > 1 and y'],
		['a and b > 5'],
		['sum(x > 5)'],
		['x offset 5m'],
		['histogram_quantile(0.95, rate(x_bucket[5m]))'],
		['vector(1) - 5'],
	])('leaves %s alone', promql => {
		expect(splitTrailingComparison(promql)).toEqual({query: promql});
	});
});

describe('comparisonInText', () => {
	it.each([
		['Confirm the API error rate is above 5%', undefined, '100 * a / b', '>', 5],
		['Verify the failure rate is below 10%', undefined, 'a / b * 100', '<', 10],
		['Check the ratio', 'It should be below 5%.', 'a / b', '<', 0.05],
		['Confirm event loop lag is above 100 ms', undefined, 'coordination_server_nodejs_eventloop_lag_seconds', '>', 0.1],
		['Confirm p95 API latency is above 1 second', undefined, 'histogram_quantile(0.95, x)', '>', 1],
		['Confirm resident memory is above 1 GiB', undefined, 'x_bytes / 1024 / 1024 / 1024', '>', 1],
		['Check memory', 'It must stay under 2 GiB.', 'x_bytes', '<', 2 * 1024 ** 3],
		['Verify the expiry is more than 24h away', undefined, 'expiry - time()', '>', 86_400],
		['Confirm who holds more than 10 locks', undefined, 'locks', '>', 10],
		['Verify errors fall below 5 per minute', undefined, 'sum(rate(e[5m])) * 60', '<', 5],
		['Check backlog', 'The depth should be == 0 once drained.', 'depth', '==', 0],
		['Keep it at least 3', undefined, 'x', '>=', 3],
	])('"%s" / %s', (title, detail, query, op, threshold) => {
		expect(comparisonInText(title, detail, query)).toMatchObject({op, threshold});
	});

	it('reads a detail only where it says what the value should be', () => {
		expect(comparisonInText('Confirm the error rate', 'Above 5 for 2 minutes fires the alert.', 'x')).toBeUndefined();
		expect(comparisonInText('Identify jobs over their token cap', undefined, 'x')).toBeUndefined();
	});

	it('holds NaN to nothing', () => {
		expect(holds(Number.NaN, {op: '<', threshold: 5, text: ''})).toBe(false);
		expect(holds(Number.NaN, {op: '!=', threshold: 5, text: ''})).toBe(false);
		expect(holds(Number.POSITIVE_INFINITY, {op: '>', threshold: 5, text: ''})).toBe(true);
	});
});

describe('live checks', () => {
	const step: RunbookStep = {
		title: 'Confirm the API error rate is above 5%',
		commands: [
			{lang: 'promql', code: '100 * sum(rate(a[5m])) / sum(rate(b[5m]))'},
			{lang: 'promql', code: 'sum by (code) (rate(a[5m]))'},
			{lang: 'promql', code: 'up == 0'},
			{lang: 'sh', code: 'curl localhost'},
		],
	};

	it('takes the title comparison for the first query only, and a query its own', () => {
		expect(step.commands!.map(command => checkOfCommand(step, command))).toEqual([
			{query: '100 * sum(rate(a[5m])) / sum(rate(b[5m]))', comparison: {op: '>', threshold: 5, text: 'above 5%'}},
			{query: 'sum by (code) (rate(a[5m]))'},
			{query: 'up', comparison: {op: '==', threshold: 0, text: '== 0'}},
			undefined,
		]);
		expect(runbookQueries({alert: 'A', title: 'A', summary: '', source: 'directory', steps: [step, step]})).toEqual(['100 * sum(rate(a[5m])) / sum(rate(b[5m]))', 'sum by (code) (rate(a[5m]))', 'up']);
	});

	it('says pass or fail, for one series and for several', () => {
		const first = checkOfCommand(step, step.commands![0]!)!;
		expect(checkOutcome(first, undefined)).toEqual({text: '… (evaluated with the next refresh)'});
		expect(checkOutcome(first, {ok: true, at: 0, samples: [{labels: {}, value: 24.1}]})).toEqual({verdict: 'pass', text: '24.1 ✓ pass (above 5%)'});
		expect(checkOutcome(first, {ok: true, at: 0, samples: [{labels: {}, value: 0.3}]})).toEqual({verdict: 'fail', text: '0.3 ✗ fail (above 5%)'});
		expect(checkOutcome(first, {ok: true, at: 0, samples: []})).toEqual({text: 'no data (above 5%)'});
		expect(checkOutcome(first, {ok: false, at: 0, error: 'HTTP 400 bad_data: parse error'})).toEqual({text: 'error: HTTP 400 bad_data: parse error'});
		const up = checkOfCommand(step, step.commands![2]!)!;
		const two = {ok: true as const, at: 0, samples: [{labels: {job: 'a', instance: 'x:1'}, value: 1}, {labels: {job: 'a', instance: 'y:1'}, value: 0}]};
		expect(checkOutcome(up, two)).toEqual({verdict: 'fail', text: 'x:1 1 ✗, y:1 0 ✓ · ✗ 1 of 2 pass (== 0)'});
		const byCode = checkOfCommand(step, step.commands![1]!)!;
		expect(checkOutcome(byCode, {ok: true, at: 0, samples: [{labels: {code: '500'}, value: 1.5}, {labels: {code: '502'}, value: 0.25}]})).toEqual({text: '500 1.5, 502 0.25'});
		expect(stepVerdict(step, {[first.query]: {ok: true, at: 0, samples: [{labels: {}, value: 24.1}]}})).toBe('pass');
		expect(stepVerdict(step, {[first.query]: {ok: true, at: 0, samples: [{labels: {}, value: 24.1}]}, up: two})).toBe('fail');
	});

	it("evaluates every built-in runbook query as valid PromQL once its comparison is split off", () => {
		const queries = allProfiles().flatMap(profile => profile.runbooks.flatMap(runbook => runbookQueries(runbook)));
		expect(queries.length).toBeGreaterThan(100);
		for (const query of queries) expect(parsePromql(query).ok, query).toBe(true);
	});
});
