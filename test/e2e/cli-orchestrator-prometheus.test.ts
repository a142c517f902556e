import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SystemSnapshot} from '../../source/model/types.js';
import {cliOrchestrator} from '../../source/profiles/cli-orchestrator.js';
import {startCliOrchestratorSimulator, type CliOrchestratorScenarioName, type CliOrchestratorSimulator} from '../../source/sim/cli-orchestrator.js';
import {Monitor} from '../../source/sources/monitor.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/cli-orchestrator/alerts.yml');
/** The job of the browser workers, as the profile's `up` and examples/cli-orchestrator/prometheus.yml name it. */
const JOB = 'browser-worker';

let sim: CliOrchestratorSimulator;
let prometheus: RunningDaemon;
let monitor: Monitor;

beforeAll(async () => {
	sim = await startCliOrchestratorSimulator({port: 0, scenario: 'normal'});
	prometheus = await startPrometheus({targets: [{job: JOB, url: sim.url}], ruleFiles: [RULES], fastRules: true});
	const client = new PrometheusClient({url: prometheus.url, timeoutMs: 5000});
	monitor = new Monitor({client, url: prometheus.url, profiles: [cliOrchestrator], intervalMs: 1000, windowMs: 60_000});
}, 60_000);

afterAll(async () => {
	monitor?.stop();
	await prometheus?.stop();
	await sim?.close();
});

async function poll(): Promise<SystemSnapshot> {
	await monitor.pollOnce();
	return monitor.store.getSnapshot().systems[0]!;
}

describe('agentmon on a real Prometheus scraping the cli-orchestrator simulator', () => {
	it('shows every pane equal to what the simulator serves', async () => {
		const system = await waitFor(
			async () => {
				const snapshot = await poll();
				const histograms = snapshot.latency.items.filter(row => Number.isFinite(row.p95));
				const cpu = snapshot.extras[1]?.rows[0]?.values[0];
				return histograms.length === 2 && cpu !== undefined && Number.isFinite(cpu) ? snapshot : undefined;
			},
			{timeoutMs: 30_000, intervalMs: 500, description: 'both histograms and the CPU rate have data'},
		);
		const truth = sim.truth();
		expect(system.up).toMatchObject({status: 'up', targets: [{job: JOB, instance: new URL(sim.url).host, up: true}]});

		expect(system.agents.status).toBe('ok');
		expect(system.agents.items.map(item => item.name)).toEqual(truth.providers.map(row => row.name));
		for (const row of truth.providers) {
			const item = system.agents.items.find(candidate => candidate.name === row.name)!;
			expect(item.state).toBe(String(row.accounts));
			expect(item.values).toMatchObject({accounts: row.accounts, sessions: row.sessions, expired: row.expired});
			expect(item.values!['expires in h']).toBeCloseTo(row.expiresInHours, 1);
			expect(item.values!['req/s']).toBeGreaterThan(0);
		}

		expect(system.locks).toMatchObject({status: 'unsupported', message: 'this system exposes no locks'});

		expect(system.queue.status).toBe('ok');
		expect(Object.fromEntries(system.queue.items.map(row => [row.name, row.value]))).toEqual(truth.waiting);
		expect(system.queue.depth).toBe(Object.values(truth.waiting).reduce((sum, value) => sum + value, 0));

		expect(system.latency.status).toBe('ok');
		const [browser, gateway] = system.latency.items;
		expect(browser).toMatchObject({name: 'browser request', metric: 'request_duration_seconds', level: 'ok'});
		expect(browser!.p95).toBeGreaterThan(2);
		expect(browser!.p95).toBeLessThanOrEqual(15);
		expect(gateway!.p95).toBeGreaterThan(0.01);
		expect(gateway!.p95).toBeLessThanOrEqual(0.25);
		const ratios = Object.fromEntries(system.latency.ratios.map(ratio => [ratio.name, ratio.value]));
		expect(ratios['job failures']).toBeLessThan(10);
		expect(ratios['API errors']).toBeLessThan(10);
		expect(ratios.requests).toBeGreaterThan(0);

		const [quota, hosts] = system.extras;
		const latencyByProvider = system.extras[2]!;
		expect(latencyByProvider.title).toBe('Latency by provider');
		expect(latencyByProvider.rows.map(row => row.name).sort()).toEqual(truth.providers.map(provider => provider.name).sort());
		for (const row of latencyByProvider.rows) expect(row.values[1], row.name).toBeGreaterThan(0);
		expect(quota!.status).toBe('ok');
		for (const row of quota!.rows) {
			const expected = truth.quotas[row.name]!;
			expect(row.values.slice(0, 3)).toEqual([expected.used, expected.limit, (100 * expected.used) / expected.limit]);
			if (expected.monthlyUsed === undefined) expect(Number.isNaN(row.values[3])).toBe(true);
			else expect(row.values[3]).toBe(expected.monthlyUsed);
		}
		expect(quota!.rows.map(row => row.name)).toEqual(Object.keys(truth.quotas).sort());

		expect(hosts!.status).toBe('ok');
		expect(hosts!.rows).toHaveLength(1);
		const [cpu, memory, diskFree, redisUp] = hosts!.rows[0]!.values;
		expect(cpu).toBeGreaterThan(truth.host.cpuPercent - 5);
		expect(cpu).toBeLessThan(truth.host.cpuPercent + 5);
		expect(memory).toBeCloseTo(truth.host.memoryPercent, 3);
		expect(diskFree).toBeCloseTo(truth.host.diskFreePercent, 3);
		expect(redisUp).toBe(truth.host.redisUp);

		expect(monitor.store.getSnapshot().alerts.items.filter(alert => alert.state === 'firing')).toEqual([]);
	}, 45_000);

	// [scenario, alert it fires, severity]
	const cases: Array<[CliOrchestratorScenarioName, string, string]> = [
		['queue-backlog', 'HighQueueDepth', 'warning'],
		['quota-exceeded', 'QuotaExceeded', 'critical'],
		['no-accounts', 'NoActiveAccounts', 'critical'],
		['session-expiring', 'SessionExpiringSoon', 'warning'],
		['redis-down', 'RedisDown', 'critical'],
		['disk-low', 'DiskSpaceLow', 'warning'],
		['down', 'BrowserWorkerDown', 'critical'],
	];
	it.each(cases)('scenario %s fires %s, seen by agentmon', async (scenario, alertname, severity) => {
		sim.setScenario(scenario);
		const alert = await waitFor(
			async () => {
				await monitor.pollOnce();
				return monitor.store.getSnapshot().alerts.items.find(item => item.name === alertname && item.state === 'firing');
			},
			{timeoutMs: 40_000, intervalMs: 500, description: `${alertname} firing`},
		);
		expect(alert.severity).toBe(severity);
		expect(alert.labels.system).toBe('cli-orchestrator');
		expect(alert.runbookUrl).toMatch(new RegExp(`cli-orchestrator\\.md#${alertname.toLowerCase()}$`));
		expect(cliOrchestrator.runbooks.some(runbook => runbook.alert === alertname)).toBe(true);
		if (scenario === 'queue-backlog') {
			const system = monitor.store.getSnapshot().systems[0]!;
			expect(Object.fromEntries(system.queue.items.map(row => [row.name, row.value]))).toEqual(sim.truth().waiting);
			expect(system.queue.items[0]).toMatchObject({name: 'chatgpt', level: 'warn'});
		}
		if (scenario === 'down') {
			expect(monitor.store.getSnapshot().systems[0]!.up.status).toBe('down');
		}
	}, 45_000);
});
