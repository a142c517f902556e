import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mergeAlerts} from '../../source/model/merge-alerts.js';
import type {AlertItem} from '../../source/model/types.js';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {AlertmanagerClient} from '../../source/sources/alertmanager-client.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {startAlertmanager, startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/coordination-server/alerts.yml');
/** A critical alert mutes the warnings of the same system. */
const ALERTMANAGER_YML = `route:
  receiver: 'null'
receivers:
  - name: 'null'
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ['system']
`;

let sim: CoordinationServerSimulator;
let alertmanager: RunningDaemon;
let prometheus: RunningDaemon;
let am: AlertmanagerClient;

beforeAll(async () => {
	sim = await startCoordinationServerSimulator({port: 0, scenario: 'lock-pileup'});
	alertmanager = await startAlertmanager({config: ALERTMANAGER_YML});
	prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [RULES], fastRules: true, alertmanagerUrl: alertmanager.url});
	am = new AlertmanagerClient({url: alertmanager.url, timeoutMs: 2000});
}, 60_000);

afterAll(async () => {
	await prometheus?.stop();
	await alertmanager?.stop();
	await sim?.close();
});

async function amPost(apiPath: string, body: unknown): Promise<unknown> {
	const response = await fetch(`${alertmanager.url}/api/v2/${apiPath}`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)});
	expect(response.status).toBe(200);
	// POST /alerts answers 200 with an empty body, POST /silences with {silenceID}.
	const text = await response.text();
	return text ? JSON.parse(text) : undefined;
}

/** The HighLockContention alerts as Alertmanager shows them, once `ready` holds for all of them. */
async function lockAlerts(ready: (alert: AlertItem) => boolean, description: string): Promise<AlertItem[]> {
	return waitFor(async () => {
		const result = await am.alerts();
		const found = result.ok ? result.data.filter(alert => alert.name === 'HighLockContention') : [];
		return found.length > 0 && found.every(ready) ? found : undefined;
	}, {timeoutMs: 30_000, intervalMs: 250, description});
}

describe('AlertmanagerClient against a real Prometheus and Alertmanager', () => {
	it('shows an alert Prometheus fired as active, with its labels, runbook and generator URL', async () => {
		const alerts = await lockAlerts(alert => alert.silenced?.state === 'active', 'HighLockContention active in Alertmanager');
		expect(alerts[0]).toMatchObject({
			state: 'firing',
			severity: 'warning',
			labels: {alertname: 'HighLockContention', system: 'coordination-server', job: 'ai-coordination-server'},
			runbookUrl: expect.stringMatching(/coordination-server\.md#highlockcontention$/),
			generatorUrl: expect.stringMatching(/^http:\/\/.+\/graph\?g0\.expr=/),
			silenced: {silencedBy: [], inhibitedBy: [], fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/)},
		});
		expect(alerts[0]!.activeAt).toBeGreaterThan(Date.now() - 60_000);
	}, 45_000);

	it('shows a silenced alert as suppressed, naming who created the silence and why', async () => {
		const now = Date.now();
		const {silenceID} = (await amPost('silences', {
			matchers: [{name: 'alertname', value: 'HighLockContention', isRegex: false, isEqual: true}],
			startsAt: new Date(now).toISOString(),
			endsAt: new Date(now + 3_600_000).toISOString(),
			createdBy: 'oncall\u001B[31m@example.com',
			comment: 'lock fix deploying \u202Eevil',
		})) as {silenceID: string};
		const silenced = await lockAlerts(alert => alert.silenced?.state === 'suppressed', 'HighLockContention silenced');
		expect(silenced[0]!.silenced!.silencedBy).toEqual([
			{id: silenceID, createdBy: 'oncall\\x1b[31m@example.com', comment: 'lock fix deploying <U+202E>evil', endsAt: expect.any(Number)},
		]);
		expect(Math.abs(silenced[0]!.silenced!.silencedBy[0]!.endsAt! - (now + 3_600_000))).toBeLessThan(2000);
		const silences = await am.silences();
		expect(silences.ok && silences.data.find(silence => silence.id === silenceID)).toMatchObject({state: 'active', matchers: [{name: 'alertname', value: 'HighLockContention', isRegex: false, isEqual: true}]});
		const expired = await fetch(`${alertmanager.url}/api/v2/silence/${silenceID}`, {method: 'DELETE'});
		expect(expired.status).toBe(200);
		await lockAlerts(alert => alert.silenced?.state === 'active', 'HighLockContention active again');
	}, 45_000);

	it('shows a warning inhibited by a critical alert as suppressed, with the inhibitor fingerprint', async () => {
		await amPost('alerts', [{labels: {alertname: 'ManualCritical', severity: 'critical', system: 'coordination-server'}, annotations: {summary: 'posted by the test'}}]);
		const inhibited = await lockAlerts(alert => alert.silenced?.state === 'suppressed', 'HighLockContention inhibited');
		const result = await am.alerts();
		const source = result.ok ? result.data.find(alert => alert.name === 'ManualCritical') : undefined;
		expect(source?.silenced).toMatchObject({state: 'active', inhibitedBy: []});
		for (const alert of inhibited) expect(alert.silenced).toMatchObject({silencedBy: [], inhibitedBy: [source!.silenced!.fingerprint]});
		// Suppressed warnings sort after the active critical alert.
		expect(result.ok && result.data[0]!.name).toBe('ManualCritical');
	}, 45_000);

	it("merges Prometheus' alerts with Alertmanager's: each alert once", async () => {
		const prom = await new PrometheusClient({url: prometheus.url, timeoutMs: 2000}).alerts();
		const fromAm = await am.alerts();
		expect(prom.ok && fromAm.ok).toBe(true);
		if (!prom.ok || !fromAm.ok) return;
		const merged = mergeAlerts(prom.data, fromAm.data);
		expect(new Set(merged.map(alert => alert.id)).size).toBe(merged.length);
		const locks = merged.filter(alert => alert.name === 'HighLockContention');
		expect(locks.length).toBeGreaterThan(0);
		expect(locks.length).toBe(prom.data.filter(alert => alert.name === 'HighLockContention').length);
		for (const alert of locks) {
			// Prometheus' value, Alertmanager's status.
			expect(alert.value).toBeGreaterThan(10);
			expect(alert.silenced?.state).toBe('suppressed');
		}
		expect(merged.filter(alert => alert.name === 'ManualCritical')).toHaveLength(1);
		expect(merged.map(alert => alert.name)[0]).toBe('ManualCritical');
	}, 20_000);
});
