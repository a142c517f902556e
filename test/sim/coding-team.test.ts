import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CODING_TEAM_SCENARIOS, startCodingTeamSimulator, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {expectClosedAndPortFreed, expectMetrics, expectScenarioOverHttp, scrape as scrapeMetrics, total, values, type MetricSpec, type Sample} from '../helpers/sim-metrics.js';
import {waitFor} from '../helpers/wait-for.js';

const METRICS_PATH = '/api/metrics/prometheus';

const scrape = async (sim: CodingTeamSimulator) => scrapeMetrics(sim, METRICS_PATH);

const inFlight = (samples: Sample[]) =>
	Object.fromEntries(
		['mechanic', 'genius'].map(mode => [
			mode,
			['job_claimed_total', 'job_completed_total', 'job_failed_total'].map(name => total(samples, name, labels => labels.mode === mode)).reduce((a, b, i) => (i === 0 ? b : a - b), 0),
		]),
	);

/** Every metric the simulator serves (the seed's Prometheus names plus agentmon's documented ones), with type and labels. */
const METRICS: MetricSpec[] = [
	['job_claimed_total', 'counter', ['mode']],
	['job_completed_total', 'counter', ['mode']],
	['job_failed_total', 'counter', ['mode']],
	['tokens_used_total', 'counter', ['mode']],
	['escalation_total', 'counter', ['mode']],
	['error_total', 'counter', ['type']],
	['budget_exceeded_total', 'counter', ['mode']],
	['queue_depth', 'gauge', ['mode']],
	['worker_last_heartbeat_timestamp_seconds', 'gauge', ['worker', 'agent_type', 'mode']],
	['job_duration_seconds', 'histogram', ['mode']],
	['tool_duration_seconds', 'histogram', ['tool']],
	['database_query_duration_seconds', 'histogram', ['operation']],
];

describe('coding-team simulator', () => {
	let sim: CodingTeamSimulator;
	beforeAll(async () => {
		sim = await startCodingTeamSimulator({port: 0, tickMs: 50});
	});
	afterAll(async () => sim?.close());

	it('serves every metric with its labels on the seed path', async () => {
		const samples = await expectMetrics(sim, METRICS, METRICS_PATH);
		expect(Object.keys(values(samples, 'job_completed_total', 'mode')).sort()).toEqual(['genius', 'mechanic']);
		expect(Object.keys(values(samples, 'tool_duration_seconds_count', 'tool')).sort()).toEqual(['apply_patch', 'read_file']);
		const health = await fetch(`${sim.url}/api/health`);
		expect(await health.json()).toMatchObject({status: 'ok', database: 'connected', workers: 3});
	});

	it('serves the normal gauges, equal to truth()', async () => {
		const truth = sim.truth();
		expect(truth.queue).toEqual({mechanic: 12, genius: 3});
		expect(truth.running).toEqual({mechanic: 2, genius: 1});
		expect(truth.workers.map(({worker, mode, agentType, stale}) => [worker, mode, agentType, stale])).toEqual([
			['worker-1', 'mechanic', 'coder', false],
			['worker-2', 'mechanic', 'reviewer', false],
			['worker-3', 'genius', 'planner', false],
		]);
		const samples = await scrape(sim);
		expect(values(samples, 'queue_depth', 'mode')).toEqual(truth.queue);
		expect(inFlight(samples)).toEqual(truth.running);
		const now = Date.now() / 1000;
		for (const age of Object.values(values(samples, 'worker_last_heartbeat_timestamp_seconds', 'worker'))) expect(now - age).toBeLessThan(2);
	});

	it('advances counters and histograms on its timer, keeping jobs in flight constant', async () => {
		const before = total(await scrape(sim), 'job_claimed_total');
		await waitFor(async () => total(await scrape(sim), 'job_claimed_total') > before + 10, {timeoutMs: 5000, intervalMs: 50});
		const samples = await scrape(sim);
		expect(inFlight(samples)).toEqual(sim.truth().running);
		expect(total(samples, 'tokens_used_total')).toBeGreaterThan(0);
		const failed = total(samples, 'job_failed_total');
		expect(failed / (failed + total(samples, 'job_completed_total'))).toBeLessThan(0.2);
		const jobMean = total(samples, 'job_duration_seconds_sum') / total(samples, 'job_duration_seconds_count');
		expect(jobMean).toBeGreaterThan(5);
		expect(jobMean).toBeLessThan(50);
	});

	it('switches scenario in-process: gauges at once', async () => {
		sim.setScenario('queue-backlog');
		expect(sim.scenario).toBe('queue-backlog');
		expect(values(await scrape(sim), 'queue_depth', 'mode')).toEqual({mechanic: 95, genius: 40});

		sim.setScenario('worker-down');
		const truth = sim.truth();
		expect(truth.running).toEqual({mechanic: 1, genius: 1});
		const stale = truth.workers.find(worker => worker.worker === 'worker-2')!;
		expect(stale.stale).toBe(true);
		expect(Date.now() / 1000 - stale.lastHeartbeat).toBeGreaterThan(110);
		await new Promise(resolve => setTimeout(resolve, 120));
		const samples = await scrape(sim);
		expect(values(samples, 'worker_last_heartbeat_timestamp_seconds', 'worker')['worker-2']).toBe(stale.lastHeartbeat);
		expect(inFlight(samples)).toEqual({mechanic: 1, genius: 1});
		expect(await (await fetch(`${sim.url}/api/health`)).json()).toMatchObject({workers: 2});

		sim.setScenario('error-burst');
		const start = total(await scrape(sim), 'error_total');
		await waitFor(async () => total(await scrape(sim), 'error_total') > start + 40, {timeoutMs: 5000, intervalMs: 50});

		expect(() => sim.setScenario('nope' as never)).toThrow(/valid scenarios: normal, job-failures/);
		sim.setScenario('normal');
		expect(sim.truth().workers.every(worker => !worker.stale)).toBe(true);
		expect(inFlight(await scrape(sim))).toEqual({mechanic: 2, genius: 1});
	});

	it('switches scenario over HTTP', async () => {
		await expectScenarioOverHttp(sim, 'token-spike', CODING_TEAM_SCENARIOS);
	});

	it('answers 503 on the metrics path in the down scenario, while /api/health still answers', async () => {
		sim.setScenario('down');
		expect((await fetch(`${sim.url}${METRICS_PATH}`)).status).toBe(503);
		expect((await fetch(`${sim.url}/api/health`)).status).toBe(200);
		sim.setScenario('normal');
		expect((await fetch(`${sim.url}${METRICS_PATH}`)).status).toBe(200);
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(404);
	});
});

describe('coding-team simulator lifecycle', () => {
	it('frees the port on close(), even with a keep-alive connection open', async () => {
		const sim = await startCodingTeamSimulator();
		await expectClosedAndPortFreed(sim, METRICS_PATH);
	});

	it('rejects an unknown scenario, listing the valid ones', async () => {
		await expect(startCodingTeamSimulator({scenario: 'bogus' as never})).rejects.toThrow(/valid scenarios: normal/);
	});
});
