import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator, type CoordinationScenarioName, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/coordination-server/alerts.yml');

let sim: CoordinationServerSimulator;
let prometheus: RunningDaemon;

type Vector = Array<{metric: Record<string, string>; value: [number, string]}>;
type Alert = {labels: Record<string, string>; annotations: Record<string, string>; state: string};

async function api<T>(pathAndQuery: string): Promise<T> {
	const response = await fetch(`${prometheus.url}${pathAndQuery}`);
	const body = (await response.json()) as {status: string; data: T};
	expect(body.status).toBe('success');
	return body.data;
}

const query = async (promql: string) => (await api<{result: Vector}>(`/api/v1/query?query=${encodeURIComponent(promql)}`)).result;

async function firing(alertname: string): Promise<Alert | undefined> {
	const {alerts} = await api<{alerts: Alert[]}>('/api/v1/alerts');
	return alerts.find(alert => alert.labels.alertname === alertname && alert.state === 'firing');
}

beforeAll(async () => {
	sim = await startCoordinationServerSimulator({port: 0, scenario: 'normal'});
	prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [RULES], fastRules: true});
}, 60_000);

afterAll(async () => {
	await prometheus?.stop();
	await sim?.close();
});

describe('the coordination-server simulator scraped by a real Prometheus with the example rules', () => {
	it('stores the gauges the simulator serves, and fires no alert in the normal scenario', async () => {
		const locks = await waitFor(async () => {
			const result = await query('coordination_server_active_locks{job="ai-coordination-server"}');
			return result.length === 2 ? result : undefined;
		}, {timeoutMs: 20_000});
		expect(Object.fromEntries(locks.map(sample => [sample.metric.agent, Number(sample.value[1])]))).toEqual(sim.truth().locks);
		const p95 = await waitFor(async () => {
			const [sample] = await query('histogram_quantile(0.95, sum by (le) (rate(coordination_server_api_response_time_seconds_bucket[1m])))');
			return sample && Number.isFinite(Number(sample.value[1])) ? Number(sample.value[1]) : undefined;
		}, {timeoutMs: 20_000});
		expect(p95).toBeGreaterThan(0.01);
		expect(p95).toBeLessThan(1);
		const {alerts} = await api<{alerts: Alert[]}>('/api/v1/alerts');
		expect(alerts).toEqual([]);
	}, 45_000);

	// [scenario, alert it fires, severity, whether the alert keeps the target's labels (no sum() in its expression)]
	const cases: Array<[CoordinationScenarioName, string, string, boolean]> = [
		['lock-pileup', 'HighLockContention', 'warning', true],
		['error-burst', 'HighAPIErrorRate', 'critical', false],
		['task-failures', 'HighTaskFailureRate', 'critical', false],
		['slow-api', 'HighAPILatency', 'warning', true],
		['memory-leak', 'HighMemoryUsage', 'warning', true],
		['event-loop-lag', 'HighEventLoopLag', 'warning', true],
		['down', 'CoordinationServerDown', 'critical', true],
	];
	it.each(cases)('scenario %s fires %s', async (scenario, alertname, severity, perTarget) => {
		sim.setScenario(scenario);
		const alert = await waitFor(() => firing(alertname), {timeoutMs: 40_000, intervalMs: 500, description: `${alertname} firing`});
		expect(alert.labels).toMatchObject({severity, system: 'coordination-server', ...(perTarget ? {job: 'ai-coordination-server'} : {})});
		expect(alert.annotations.runbook_url).toMatch(new RegExp(`coordination-server\\.md#${alertname.toLowerCase()}$`));
		if (scenario === 'lock-pileup') {
			const locks = await query('coordination_server_active_locks');
			expect(Object.fromEntries(locks.map(sample => [sample.metric.agent, Number(sample.value[1])]))).toEqual(sim.truth().locks);
		}
	}, 45_000);
});
