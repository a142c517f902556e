import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {COORDINATION_SCENARIOS, startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {runSimulator} from '../../source/sim/run.js';
import {expectClosedAndPortFreed, expectMetrics, expectScenarioOverHttp, scrape, total, values, type MetricSpec, type Sample} from '../helpers/sim-metrics.js';
import {waitFor} from '../helpers/wait-for.js';

/** Every metric of the seed's monitoring guide, with its type and label names. */
const SEED_METRICS: MetricSpec[] = [
	['coordination_server_task_completions_total', 'counter', ['status', 'agent']],
	['coordination_server_task_failures_total', 'counter', ['reason', 'agent']],
	['coordination_server_api_requests_total', 'counter', ['method', 'endpoint', 'status_code']],
	['coordination_server_file_conflicts_total', 'counter', ['resolution']],
	['coordination_server_agent_registrations_total', 'counter', ['agent']],
	['coordination_server_handoff_requests_total', 'counter', ['from_agent', 'to_agent', 'status']],
	['coordination_server_context_operations_total', 'counter', ['operation', 'status']],
	['coordination_server_active_tasks', 'gauge', ['agent', 'status']],
	['coordination_server_active_locks', 'gauge', ['agent']],
	['coordination_server_websocket_connections', 'gauge', ['type']],
	['coordination_server_agent_availability', 'gauge', ['agent', 'state']],
	['coordination_server_pending_tasks', 'gauge', ['priority']],
	['coordination_server_active_sessions', 'gauge', []],
	['coordination_server_api_response_time_seconds', 'histogram', ['method', 'endpoint']],
	['coordination_server_task_duration_seconds', 'histogram', ['agent', 'task_type']],
	['coordination_server_lock_acquisition_time_seconds', 'histogram', ['agent']],
	['coordination_server_context_size_bytes', 'histogram', ['operation']],
	['coordination_server_process_resident_memory_bytes', 'gauge', []],
	['coordination_server_nodejs_eventloop_lag_seconds', 'gauge', []],
	['coordination_server_process_cpu_user_seconds_total', 'counter', []],
];

describe('coordination-server simulator', () => {
	let sim: CoordinationServerSimulator;
	beforeAll(async () => {
		sim = await startCoordinationServerSimulator({port: 0, tickMs: 50});
	});
	afterAll(async () => sim?.close());

	it('serves every metric of the seed with its labels', async () => {
		const samples = await expectMetrics(sim, SEED_METRICS);
		expect(values(samples, 'coordination_server_api_response_time_seconds_count', 'endpoint')).toHaveProperty('/api/locks');
		expect(total(samples, 'coordination_server_process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
		expect(total(samples, 'coordination_server_process_cpu_user_seconds_total')).toBeGreaterThan(0);
		expect(total(samples, 'coordination_server_nodejs_eventloop_lag_seconds')).toBeLessThan(0.1);
	});

	it('serves the normal gauges, equal to truth()', async () => {
		const truth = sim.truth();
		expect(truth).toEqual({
			agents: [
				{name: 'claude-code', state: 'available'},
				{name: 'copilot', state: 'busy'},
			],
			locks: {'claude-code': 1, copilot: 3},
			pending: {high: 2, normal: 5, low: 1},
			activeTasks: {'claude-code': 1, copilot: 2},
		});
		const samples = await scrape(sim);
		expect(values(samples, 'coordination_server_active_locks', 'agent')).toEqual(truth.locks);
		expect(values(samples, 'coordination_server_pending_tasks', 'priority')).toEqual(truth.pending);
		expect(values(samples, 'coordination_server_active_tasks', 'agent')).toEqual(truth.activeTasks);
		expect(values(samples, 'coordination_server_websocket_connections', 'type')).toEqual({client: 3, agent: 2});
		expect(total(samples, 'coordination_server_active_sessions')).toBe(2);
		const availability = samples.filter(sample => sample.name === 'coordination_server_agent_availability');
		expect(availability).toHaveLength(6);
		for (const {name, state} of truth.agents) {
			for (const sample of availability.filter(candidate => candidate.labels.agent === name)) {
				expect(sample.value, `${name} ${sample.labels.state}`).toBe(sample.labels.state === state ? 1 : 0);
			}
		}
	});

	it('advances counters and histograms on its timer', async () => {
		const before = total(await scrape(sim), 'coordination_server_api_requests_total');
		await waitFor(async () => total(await scrape(sim), 'coordination_server_api_requests_total') > before + 20, {timeoutMs: 5000, intervalMs: 50});
		const samples = await scrape(sim);
		const latency = total(samples, 'coordination_server_api_response_time_seconds_sum') / total(samples, 'coordination_server_api_response_time_seconds_count');
		expect(latency).toBeGreaterThan(0.01);
		expect(latency).toBeLessThan(0.3);
		const errors = total(samples, 'coordination_server_api_requests_total', labels => !labels.status_code!.startsWith('2'));
		expect(errors / total(samples, 'coordination_server_api_requests_total')).toBeLessThan(0.02);
	});

	it('switches scenario in-process: gauges at once, traffic from the next tick', async () => {
		sim.setScenario('lock-pileup');
		expect(sim.scenario).toBe('lock-pileup');
		expect(sim.truth().locks).toEqual({'claude-code': 12, copilot: 14});
		expect(values(await scrape(sim), 'coordination_server_active_locks', 'agent')).toEqual({'claude-code': 12, copilot: 14});

		sim.setScenario('queue-backlog');
		expect(sim.truth().pending).toEqual({high: 40, normal: 120, low: 25});
		expect(values(await scrape(sim), 'coordination_server_pending_tasks', 'priority')).toEqual({high: 40, normal: 120, low: 25});

		sim.setScenario('memory-leak');
		expect(total(await scrape(sim), 'coordination_server_process_resident_memory_bytes')).toBe(1.5 * 1024 ** 3);
		sim.setScenario('event-loop-lag');
		expect(total(await scrape(sim), 'coordination_server_nodejs_eventloop_lag_seconds')).toBe(0.35);

		sim.setScenario('error-burst');
		const count = (samples: Sample[], server: boolean) =>
			total(samples, 'coordination_server_api_requests_total', labels => labels.status_code!.startsWith('5') === server);
		const start = await scrape(sim);
		await waitFor(async () => count(await scrape(sim), false) + count(await scrape(sim), true) > count(start, false) + count(start, true) + 200, {timeoutMs: 10_000, intervalMs: 50});
		const end = await scrape(sim);
		const failed = count(end, true) - count(start, true);
		expect(failed / (failed + count(end, false) - count(start, false))).toBeGreaterThan(0.3);

		expect(() => sim.setScenario('nope' as never)).toThrow(/valid scenarios: normal, agent-offline/);
		sim.setScenario('normal');
	}, 20_000);

	it('switches scenario over HTTP', async () => {
		await expectScenarioOverHttp(sim, 'agent-offline', COORDINATION_SCENARIOS, async () => {
			const truth = sim.truth();
			expect(truth.agents).toContainEqual({name: 'claude-code', state: 'offline'});
			expect(truth.locks['claude-code']).toBe(0);
			const samples = await scrape(sim);
			const claude = samples.filter(sample => sample.name === 'coordination_server_agent_availability' && sample.labels.agent === 'claude-code');
			expect(Object.fromEntries(claude.map(sample => [sample.labels.state, sample.value]))).toEqual({available: 0, busy: 0, offline: 1});
			expect(values(samples, 'coordination_server_active_locks', 'agent')).toEqual(truth.locks);
		});
	});

	it('answers 503 on /metrics and /health in the down scenario', async () => {
		sim.setScenario('down');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(503);
		const health = await fetch(`${sim.url}/health`);
		expect(health.status).toBe(503);
		expect(await health.json()).toMatchObject({status: 'unavailable', scenario: 'down', uptime: expect.any(Number)});
		sim.setScenario('normal');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(200);
		expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
	});
});

describe('several coordination-server simulators', () => {
	it('run side by side in one process, each with its own registry and scenario', async () => {
		const a = await startCoordinationServerSimulator({scenario: 'lock-pileup'});
		const b = await startCoordinationServerSimulator({scenario: 'agent-offline', seed: 7});
		try {
			expect(a.port).not.toBe(b.port);
			expect(values(await scrape(a), 'coordination_server_active_locks', 'agent')).toEqual({'claude-code': 12, copilot: 14});
			expect(values(await scrape(b), 'coordination_server_active_locks', 'agent')).toEqual({'claude-code': 0, copilot: 3});
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('frees the port on close(), even with a keep-alive connection open', async () => {
		const sim = await startCoordinationServerSimulator();
		await expectClosedAndPortFreed(sim);
	});

	it('rejects an unknown scenario and an unknown simulator id, listing the valid ones', async () => {
		await expect(startCoordinationServerSimulator({scenario: 'bogus' as never})).rejects.toThrow(/valid scenarios: normal/);
		await expect(runSimulator({profile: 'nope'})).rejects.toThrow('no simulator for "nope"; valid: coordination-server');
		await expect(runSimulator({profile: 'coordination-server', scenario: 'bogus'})).rejects.toThrow(/valid: normal, agent-offline, .*down/);
	});
});
