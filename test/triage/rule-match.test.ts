import {describe, expect, it} from 'vitest';
import type {AlertRuleInfo} from '../../source/model/evidence.js';
import {appendTrend, emptyTrend, trendFromRange} from '../../source/model/evidence-trend.js';
import {findAlertRule, pickAlertSeries, seriesScore, trendRangeMs} from '../../source/model/rule-match.js';

const rule = (name: string, labels: Record<string, string>, group = 'g', expr = 'x > 1'): AlertRuleInfo => ({name, group, expr, forMs: 60_000, health: 'ok', labels});

const alert = {
	name: 'HighLockContention',
	labels: {alertname: 'HighLockContention', agent: 'copilot', job: 'ai-coordination-server', instance: 'h:1', severity: 'critical', system: 'coordination-server'},
};

describe('findAlertRule', () => {
	it('picks, among groups defining the same alertname, the rule whose labels the alert carries', () => {
		const warning = rule('HighLockContention', {severity: 'warning', system: 'coordination-server'}, 'warn');
		const critical = rule('HighLockContention', {severity: 'critical', system: 'coordination-server'}, 'crit');
		const other = rule('HighAPILatency', {severity: 'critical'}, 'crit');
		expect(findAlertRule(alert, [other, warning, critical])).toEqual({ok: true, rule: critical});
	});

	it('prefers the rule matching most labels, and the first listed on a tie', () => {
		const loose = rule('HighLockContention', {system: 'coordination-server'}, 'loose');
		const tight = rule('HighLockContention', {system: 'coordination-server', severity: 'critical'}, 'tight');
		expect(findAlertRule(alert, [loose, tight])).toMatchObject({ok: true, rule: {group: 'tight'}});
		const twin = rule('HighLockContention', {system: 'coordination-server', severity: 'critical'}, 'twin');
		expect(findAlertRule(alert, [tight, twin])).toMatchObject({ok: true, rule: {group: 'tight'}});
	});

	it('does not hold a templated rule label against the alert', () => {
		const templated = rule('HighLockContention', {severity: '{{ if gt $value 20.0 }}critical{{ else }}warning{{ end }}', system: 'coordination-server'});
		expect(findAlertRule(alert, [templated])).toEqual({ok: true, rule: templated});
	});

	it('says why when no rule has the name, or none has the alert\'s labels', () => {
		expect(findAlertRule(alert, [rule('Other', {})])).toEqual({
			ok: false,
			reason: 'no alerting rule named HighLockContention in /api/v1/rules (the alert may come from another Prometheus or from Alertmanager only)',
		});
		expect(findAlertRule(alert, [], 'the rule files')).toMatchObject({reason: expect.stringContaining('in the rule files')});
		expect(findAlertRule(alert, [rule('HighLockContention', {severity: 'warning', system: 'coordination-server'})])).toEqual({
			ok: false,
			reason: 'the alerting rule named HighLockContention in /api/v1/rules has labels (severity=warning, system=coordination-server) this alert does not carry',
		});
	});
});

describe('pickAlertSeries', () => {
	const ruleLabels = {severity: 'critical', system: 'coordination-server'};
	const series: Array<{labels: Record<string, string>; value: number}> = [
		{labels: {__name__: 'coordination_server_active_locks', agent: 'claude', job: 'ai-coordination-server', instance: 'h:1'}, value: 4},
		{labels: {__name__: 'coordination_server_active_locks', agent: 'copilot', job: 'ai-coordination-server', instance: 'h:1'}, value: 14},
		{labels: {agent: 'copilot', job: 'ai-coordination-server', instance: 'h:2'}, value: 99},
	];

	it('finds the series that is the alert, ignoring __name__', () => {
		expect(pickAlertSeries(series, alert.labels, ruleLabels)?.value).toBe(14);
	});

	it('ignores labels the rule overwrites (a series severity the rule replaced)', () => {
		const own = [{labels: {agent: 'copilot', job: 'ai-coordination-server', instance: 'h:1', severity: 'info'}, value: 7}];
		expect(pickAlertSeries(own, alert.labels, ruleLabels)?.value).toBe(7);
		expect(pickAlertSeries(own, alert.labels, {})).toBeUndefined();
	});

	it('prefers the series carrying most of the alert\'s labels over a subset', () => {
		const subset = [{labels: {job: 'ai-coordination-server'}, value: 1}, series[1]!];
		expect(pickAlertSeries(subset, alert.labels, ruleLabels)?.value).toBe(14);
		expect(seriesScore({job: 'ai-coordination-server'}, alert.labels, ruleLabels)).toBe(1);
		expect(seriesScore({}, alert.labels, ruleLabels)).toBe(0);
	});

	it('finds none when the condition does not hold for this alert', () => {
		expect(pickAlertSeries(series.slice(0, 1), alert.labels, ruleLabels)).toBeUndefined();
		expect(pickAlertSeries([], alert.labels, ruleLabels)).toBeUndefined();
	});
});

describe('the evidence trend', () => {
	it('reaches back max(15 min, 4 × for), at most 6 h', () => {
		expect(trendRangeMs(0)).toBe(900_000);
		expect(trendRangeMs(600_000)).toBe(2_400_000);
		expect(trendRangeMs(86_400_000)).toBe(21_600_000);
	});

	it('reads a range answer at each time, NaN where the series was absent', () => {
		const trend = trendFromRange(new Map([[2000, 5], [4000, 7]]), [1000, 2000, 3000, 4000]);
		expect(trend).toEqual({values: [Number.NaN, 5, Number.NaN, 7], stepMs: 1000, from: 1000, to: 4000});
		expect(trendFromRange(undefined, [1000, 2000]).values).toEqual([Number.NaN, Number.NaN]);
	});

	it('grows a step at a time, replaces the newest point within a step, fills missed steps with NaN, keeps at most max', () => {
		let trend = appendTrend(emptyTrend(1000), 1, 10_000);
		expect(trend).toEqual({values: [1], stepMs: 1000, from: 10_000, to: 10_000});
		trend = appendTrend(trend, 2, 11_050);
		trend = appendTrend(trend, 3, 11_400);
		expect(trend).toEqual({values: [1, 3], stepMs: 1000, from: 10_000, to: 11_000});
		trend = appendTrend(trend, 4, 14_000);
		expect(trend).toEqual({values: [1, 3, Number.NaN, Number.NaN, 4], stepMs: 1000, from: 10_000, to: 14_000});
		trend = appendTrend(trend, 5, 15_000, 3);
		expect(trend).toEqual({values: [Number.NaN, 4, 5], stepMs: 1000, from: 13_000, to: 15_000});
		// A long pause: never more than max points.
		expect(appendTrend(trend, 6, 1_000_000, 3)).toEqual({values: [Number.NaN, Number.NaN, 6], stepMs: 1000, from: 998_000, to: 1_000_000});
	});
});
