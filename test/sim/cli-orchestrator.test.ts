import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CLI_ORCHESTRATOR_SCENARIOS, startCliOrchestratorSimulator, type CliOrchestratorSimulator} from '../../source/sim/cli-orchestrator.js';
import {expectClosedAndPortFreed, expectMetrics, scrape, total, values, type MetricSpec} from '../helpers/sim-metrics.js';
import {waitFor} from '../helpers/wait-for.js';

/** Every metric of the seed (plus the exporters' series its alerts need), with its type and label names. */
const SEED_METRICS: MetricSpec[] = [
	['requests_total', 'counter', ['provider', 'status']],
	['requests_completed_total', 'counter', ['provider']],
	['requests_failed_total', 'counter', ['provider']],
	['request_duration_seconds', 'histogram', ['provider']],
	['active_sessions_count', 'gauge', ['provider']],
	['quota_daily_used', 'gauge', ['provider']],
	['quota_daily_limit', 'gauge', ['provider']],
	['quota_monthly_used', 'gauge', ['provider']],
	['active_accounts_count', 'gauge', ['provider']],
	['expired_sessions_count', 'gauge', ['provider']],
	['session_expiry_timestamp_seconds', 'gauge', ['provider']],
	['api_requests_total', 'counter', ['provider']],
	['api_latency_seconds', 'histogram', ['provider']],
	['api_errors_total', 'counter', ['provider']],
	['bullmq_queue_waiting', 'gauge', ['queue']],
	['redis_up', 'gauge', []],
	['node_cpu_seconds_total', 'counter', ['cpu', 'mode']],
	['node_memory_MemTotal_bytes', 'gauge', []],
	['node_memory_MemAvailable_bytes', 'gauge', []],
	['node_filesystem_size_bytes', 'gauge', ['device', 'fstype', 'mountpoint']],
	['node_filesystem_avail_bytes', 'gauge', ['device', 'fstype', 'mountpoint']],
];

describe('cli-orchestrator simulator', () => {
	let sim: CliOrchestratorSimulator;
	beforeAll(async () => {
		sim = await startCliOrchestratorSimulator({port: 0, tickMs: 50});
	});
	afterAll(async () => sim?.close());

	it('serves every metric of the seed with its labels', async () => {
		const samples = await expectMetrics(sim, SEED_METRICS);
		// Buckets reach past the 30 s of the latency alert.
		expect(samples.some(sample => sample.name === 'request_duration_seconds_bucket' && sample.labels.le === '60')).toBe(true);
	});

	it('serves the normal gauges, equal to truth()', async () => {
		const truth = sim.truth();
		expect(truth).toEqual({
			providers: [
				{name: 'chatgpt', accounts: 3, sessions: 2, expired: 0, expiresInHours: 120},
				{name: 'claude', accounts: 2, sessions: 2, expired: 0, expiresInHours: 96},
				{name: 'gemini', accounts: 1, sessions: 1, expired: 0, expiresInHours: 200},
			],
			waiting: {chatgpt: 4, claude: 2, gemini: 0},
			quotas: {chatgpt: {used: 120, limit: 500, monthlyUsed: 2400}, claude: {used: 45, limit: 200, monthlyUsed: 900}, gemini: {used: 10, limit: 100}},
			host: {cpuPercent: 35, memoryPercent: 50, diskFreePercent: 60, redisUp: 1},
		});
		const samples = await scrape(sim);
		const byProvider = (key: 'accounts' | 'sessions' | 'expired') => Object.fromEntries(truth.providers.map(row => [row.name, row[key]]));
		expect(values(samples, 'active_accounts_count', 'provider')).toEqual(byProvider('accounts'));
		expect(values(samples, 'active_sessions_count', 'provider')).toEqual(byProvider('sessions'));
		expect(values(samples, 'expired_sessions_count', 'provider')).toEqual(byProvider('expired'));
		expect(values(samples, 'bullmq_queue_waiting', 'queue')).toEqual(truth.waiting);
		expect(values(samples, 'quota_daily_used', 'provider')).toEqual({chatgpt: 120, claude: 45, gemini: 10});
		expect(values(samples, 'quota_daily_limit', 'provider')).toEqual({chatgpt: 500, claude: 200, gemini: 100});
		expect(values(samples, 'quota_monthly_used', 'provider')).toEqual({chatgpt: 2400, claude: 900});
		expect(total(samples, 'redis_up')).toBe(1);
		const hoursLeft = (values(samples, 'session_expiry_timestamp_seconds', 'provider').claude! - Date.now() / 1000) / 3600;
		expect(hoursLeft).toBeCloseTo(96, 1);
		expect(1 - total(samples, 'node_memory_MemAvailable_bytes') / total(samples, 'node_memory_MemTotal_bytes')).toBeCloseTo(0.5, 6);
		expect(total(samples, 'node_filesystem_avail_bytes') / total(samples, 'node_filesystem_size_bytes')).toBeCloseTo(0.6, 6);
	});

	it('advances counters, histograms and CPU seconds with traffic', async () => {
		const before = await scrape(sim);
		await waitFor(async () => total(await scrape(sim), 'requests_total') > total(before, 'requests_total') + 30, {timeoutMs: 5000, intervalMs: 50});
		const after = await scrape(sim);
		const delta = (name: string, filter?: (labels: Record<string, string>) => boolean) => total(after, name, filter) - total(before, name, filter);
		expect(delta('requests_completed_total') + delta('requests_failed_total')).toBe(delta('requests_total'));
		expect(delta('requests_failed_total') / delta('requests_total')).toBeLessThan(0.1);
		expect(delta('api_errors_total') / delta('api_requests_total')).toBeLessThan(0.1);
		const mean = total(after, 'request_duration_seconds_sum') / total(after, 'request_duration_seconds_count');
		expect(mean).toBeGreaterThan(2);
		expect(mean).toBeLessThan(12);
		const busy = delta('node_cpu_seconds_total', labels => labels.mode === 'user') / delta('node_cpu_seconds_total');
		expect(busy).toBeCloseTo(0.35, 2);
	});

	it('switches scenario in-process and over HTTP', async () => {
		sim.setScenario('queue-backlog');
		expect(sim.scenario).toBe('queue-backlog');
		expect(values(await scrape(sim), 'bullmq_queue_waiting', 'queue')).toEqual({chatgpt: 180, claude: 35, gemini: 5});
		sim.setScenario('redis-down');
		expect(total(await scrape(sim), 'redis_up')).toBe(0);
		expect(sim.truth().host.redisUp).toBe(0);

		const post = await fetch(`${sim.url}/_sim/scenario?name=no-accounts`, {method: 'POST'});
		expect(post.status).toBe(200);
		expect(await post.json()).toEqual({scenario: 'no-accounts'});
		expect(await (await fetch(`${sim.url}/_sim/scenario`)).json()).toEqual({scenario: 'no-accounts', scenarios: [...CLI_ORCHESTRATOR_SCENARIOS]});
		expect(values(await scrape(sim), 'active_accounts_count', 'provider')).toEqual({chatgpt: 3, claude: 2, gemini: 0});
		expect(sim.truth().providers.find(row => row.name === 'gemini')).toMatchObject({accounts: 0, expired: 1});

		await fetch(`${sim.url}/_sim/scenario?name=quota-exceeded`, {method: 'POST'});
		expect(values(await scrape(sim), 'quota_daily_used', 'provider').chatgpt).toBe(500);

		expect((await fetch(`${sim.url}/_sim/scenario?name=bogus`, {method: 'POST'})).status).toBe(400);
		expect(sim.scenario).toBe('quota-exceeded');
		expect(() => sim.setScenario('nope' as never)).toThrow(/valid scenarios: normal, high-cpu/);
		sim.setScenario('normal');
	});

	it('fails most requests in job-failures and most API calls in error-burst', async () => {
		for (const [scenario, failed, all] of [
			['job-failures', 'requests_failed_total', 'requests_total'],
			['error-burst', 'api_errors_total', 'api_requests_total'],
		] as const) {
			sim.setScenario(scenario);
			const start = await scrape(sim);
			await waitFor(async () => total(await scrape(sim), all) > total(start, all) + 200, {timeoutMs: 10_000, intervalMs: 50});
			const end = await scrape(sim);
			expect((total(end, failed) - total(start, failed)) / (total(end, all) - total(start, all)), scenario).toBeGreaterThan(0.2);
		}
		sim.setScenario('normal');
	}, 20_000);

	it('answers 503 on /metrics in the down scenario, while /health still answers', async () => {
		sim.setScenario('down');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(503);
		const health = await fetch(`${sim.url}/health`);
		expect(await health.json()).toMatchObject({status: 'ok', scenario: 'down'});
		sim.setScenario('normal');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(200);
		expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
	});
});

describe('cli-orchestrator simulator lifecycle', () => {
	it('frees the port on close(), even with a keep-alive connection open', async () => {
		const sim = await startCliOrchestratorSimulator({scenario: 'slow-requests'});
		await expectClosedAndPortFreed(sim);
	});

	it('rejects an unknown scenario, listing the valid ones', async () => {
		await expect(startCliOrchestratorSimulator({scenario: 'bogus' as never})).rejects.toThrow(/valid scenarios: normal/);
	});
});
