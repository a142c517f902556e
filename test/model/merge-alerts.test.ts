import {describe, expect, it} from 'vitest';
import {mergeAlerts} from '../../source/model/merge-alerts.js';
import type {AlertItem} from '../../source/model/types.js';
import {decodeAmAlert} from '../../source/sources/alertmanager-client.js';
import {decodeAlert} from '../../source/sources/prometheus-client.js';

type AmState = 'active' | 'suppressed' | 'unprocessed';

const prom = (labels: Record<string, string>, state: 'firing' | 'pending', activeAt = 1000, value = 1): AlertItem =>
	decodeAlert({labels, annotations: {summary: 'from prometheus'}, state, activeAt: new Date(activeAt), value});

const am = (labels: Record<string, string>, state: AmState = 'active', startsAt = 2000): AlertItem =>
	decodeAmAlert({
		labels,
		annotations: {summary: 'from alertmanager'},
		startsAt: new Date(startsAt).toISOString(),
		generatorURL: 'http://prom-a:9090/graph',
		fingerprint: `fp-${labels.alertname}`,
		status: {state, silencedBy: state === 'suppressed' ? ['s-1'] : [], inhibitedBy: []},
	});

const names = (alerts: readonly AlertItem[]) => alerts.map(alert => `${alert.name}:${alert.state}:${alert.silenced?.state ?? '-'}`);

describe('mergeAlerts', () => {
	it('gives an alert in both sources once, with Prometheus state and value and Alertmanager status', () => {
		const labels = {alertname: 'Down', severity: 'critical', job: 'x'};
		const [merged, ...rest] = mergeAlerts([prom(labels, 'firing', 1000, 0)], [am({...labels}, 'suppressed')]);
		expect(rest).toEqual([]);
		expect(merged).toMatchObject({
			id: 'Down{alertname=Down,job=x,severity=critical}',
			state: 'firing',
			activeAt: 1000,
			value: 0,
			summary: 'from prometheus',
			generatorUrl: 'http://prom-a:9090/graph',
			silenced: {state: 'suppressed', silencedBy: [{id: 's-1'}], inhibitedBy: [], fingerprint: 'fp-Down'},
		});
	});

	it('keeps Alertmanager-only and Prometheus-only (pending) alerts', () => {
		const merged = mergeAlerts([prom({alertname: 'Pending', severity: 'warning'}, 'pending')], [am({alertname: 'OtherProm', severity: 'warning', cluster: 'b'})]);
		expect(names(merged)).toEqual(['OtherProm:firing:active', 'Pending:pending:-']);
	});

	it('gives one item per id when a list repeats one, preferring firing', () => {
		const labels = {alertname: 'Twice', severity: 'warning'};
		const merged = mergeAlerts([prom(labels, 'pending'), prom(labels, 'firing')], [am(labels), am(labels)]);
		expect(names(merged)).toEqual(['Twice:firing:active']);
		expect(mergeAlerts([], [])).toEqual([]);
	});

	it('orders by severity, then active before suppressed, then firing before pending, oldest first', () => {
		const merged = mergeAlerts(
			[
				prom({alertname: 'WarnPending', severity: 'warning'}, 'pending', 10),
				prom({alertname: 'CritSilenced', severity: 'critical'}, 'firing', 1),
				prom({alertname: 'CritNew', severity: 'critical'}, 'firing', 500),
				prom({alertname: 'CritOld', severity: 'critical'}, 'firing', 100),
				prom({alertname: 'Info', severity: 'info'}, 'firing', 1),
			],
			[am({alertname: 'CritSilenced', severity: 'critical'}, 'suppressed'), am({alertname: 'WarnUnprocessed', severity: 'WARNING'}, 'unprocessed', 5), am({alertname: 'NoSeverity'})],
		);
		expect(names(merged)).toEqual([
			'CritOld:firing:-',
			'CritNew:firing:-',
			'CritSilenced:firing:suppressed',
			'WarnUnprocessed:firing:unprocessed',
			'WarnPending:pending:-',
			'Info:firing:-',
			'NoSeverity:firing:active',
		]);
	});

	it('merges 5,000 alerts from each source quickly, without touching its inputs', () => {
		const severities = ['critical', 'warning', 'info', 'custom'];
		const fromProm = Array.from({length: 5000}, (_, index) => prom({alertname: `A${index % 50}`, severity: severities[index % 4]!, instance: `i${index}`}, index % 3 === 0 ? 'pending' : 'firing', index));
		const fromAm = Array.from({length: 5000}, (_, index) => am({alertname: `A${index % 50}`, severity: severities[index % 4]!, instance: `i${index + 2500}`}, index % 5 === 0 ? 'suppressed' : 'active', index));
		const before = fromProm.map(alert => alert.id);
		const started = performance.now();
		const merged = mergeAlerts(fromProm, fromAm);
		expect(performance.now() - started).toBeLessThan(500);
		expect(merged).toHaveLength(7500);
		expect(new Set(merged.map(alert => alert.id)).size).toBe(7500);
		expect(fromProm.map(alert => alert.id)).toEqual(before);
		expect(merged.filter(alert => alert.silenced && alert.value !== undefined)).toHaveLength(2500);
	});
});
