import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DEV_PIPELINE_SCENARIOS, startDevPipelineSimulator, type DevPipelineSimulator} from '../../source/sim/dev-pipeline.js';
import {expectClosedAndPortFreed, expectMetrics, expectScenarioOverHttp, scrape, total, values, type MetricSpec, type Sample} from '../helpers/sim-metrics.js';
import {waitFor} from '../helpers/wait-for.js';

/** Every metric of the seed's "Available Metrics", with its type and label names. */
const SEED_METRICS: MetricSpec[] = [
	['agent_invocation_total', 'counter', ['agent', 'phase', 'status', 'model']],
	['agent_error_total', 'counter', ['agent', 'phase']],
	['phase_distribution_total', 'counter', ['phase']],
	['agent_duration_seconds', 'histogram', ['agent']],
	['session_duration_seconds', 'histogram', []],
	['agent_last_execution_timestamp', 'gauge', ['agent']],
	['agent_success_rate', 'gauge', ['agent']],
	['active_sessions_count', 'gauge', []],
	['parallel_executions_current', 'gauge', []],
	['total_unique_agents', 'gauge', []],
	['total_sessions', 'gauge', []],
	['avg_agents_per_session', 'gauge', []],
	['agent_workflow_database_info', 'gauge', ['database']],
];

const AGENTS = ['requirements-analyst', 'architect', 'developer', 'code-reviewer', 'test-engineer'];

describe('dev-pipeline simulator', () => {
	let sim: DevPipelineSimulator;
	beforeAll(async () => {
		sim = await startDevPipelineSimulator({port: 0, tickMs: 50});
	});
	afterAll(async () => sim?.close());

	it('serves every metric of the seed with its labels', async () => {
		// Session durations are observed now and then: wait for the first one.
		await waitFor(async () => total(await scrape(sim), 'session_duration_seconds_count') > 0, {timeoutMs: 5000, intervalMs: 50});
		const samples = await expectMetrics(sim, SEED_METRICS);
		expect(values(samples, 'agent_workflow_database_info', 'database')).toEqual({'logs/agent_workflow.db': 1});
		// Every counter series exists from the start, also the failures.
		expect(samples.filter(sample => sample.name === 'agent_invocation_total')).toHaveLength(AGENTS.length * 2);
		expect(Object.keys(values(samples, 'agent_error_total', 'agent')).sort()).toEqual([...AGENTS].sort());
	});

	it('serves the normal gauges, equal to truth()', async () => {
		const truth = sim.truth();
		expect(truth.agents.map(agent => agent.name)).toEqual(AGENTS);
		expect(truth).toMatchObject({activeSessions: 2, parallelExecutions: 3, totals: {uniqueAgents: 5, sessions: 42, avgAgentsPerSession: 3.5}});
		expect(truth.phases).toEqual(['requirements', 'design', 'implementation', 'review', 'testing']);
		const now = Date.now() / 1000;
		for (const agent of truth.agents) {
			expect(agent.successRate).toBeGreaterThanOrEqual(70);
			expect(now - agent.lastExecutionTimestamp).toBeGreaterThan(0);
			expect(now - agent.lastExecutionTimestamp).toBeLessThan(300);
		}
		const samples = await scrape(sim);
		expect(values(samples, 'agent_success_rate', 'agent')).toEqual(Object.fromEntries(truth.agents.map(agent => [agent.name, agent.successRate])));
		expect(values(samples, 'agent_last_execution_timestamp', 'agent')).toEqual(Object.fromEntries(truth.agents.map(agent => [agent.name, agent.lastExecutionTimestamp])));
		expect(total(samples, 'active_sessions_count')).toBe(truth.activeSessions);
		expect(total(samples, 'parallel_executions_current')).toBe(truth.parallelExecutions);
		expect(total(samples, 'total_unique_agents')).toBe(truth.totals.uniqueAgents);
		expect(total(samples, 'total_sessions')).toBe(truth.totals.sessions);
		expect(total(samples, 'avg_agents_per_session')).toBe(truth.totals.avgAgentsPerSession);
		expect(Object.keys(values(samples, 'phase_distribution_total', 'phase')).sort()).toEqual([...truth.phases].sort());
	});

	it('advances counters and histograms on its timer, without errors when healthy', async () => {
		const before = total(await scrape(sim), 'agent_invocation_total');
		await waitFor(async () => total(await scrape(sim), 'agent_invocation_total') > before + 30, {timeoutMs: 5000, intervalMs: 50});
		const samples = await scrape(sim);
		expect(total(samples, 'agent_error_total')).toBe(0);
		expect(total(samples, 'phase_distribution_total')).toBe(total(samples, 'agent_invocation_total'));
		const mean = total(samples, 'agent_duration_seconds_sum') / total(samples, 'agent_duration_seconds_count');
		expect(mean).toBeGreaterThan(10);
		expect(mean).toBeLessThan(200);
	});

	it('switches scenario in-process: gauges at once, traffic from the next tick', async () => {
		sim.setScenario('low-success');
		expect(sim.scenario).toBe('low-success');
		expect(sim.truth().agents.find(agent => agent.name === 'code-reviewer')?.successRate).toBe(55);
		expect(values(await scrape(sim), 'agent_success_rate', 'agent')['code-reviewer']).toBe(55);

		sim.setScenario('parallel-burst');
		let samples = await scrape(sim);
		expect(total(samples, 'parallel_executions_current')).toBe(14);
		expect(total(samples, 'active_sessions_count')).toBe(6);

		sim.setScenario('agent-stalled');
		const stalled = sim.truth().agents.find(agent => agent.name === 'developer')!;
		expect(Date.now() / 1000 - stalled.lastExecutionTimestamp).toBeGreaterThanOrEqual(7200);
		expect(values(await scrape(sim), 'agent_last_execution_timestamp', 'agent').developer).toBe(stalled.lastExecutionTimestamp);

		sim.setScenario('error-burst');
		const errors = (all: Sample[]) => total(all, 'agent_error_total', labels => labels.agent === 'test-engineer');
		const start = errors(await scrape(sim));
		await waitFor(async () => errors(await scrape(sim)) > start + 10, {timeoutMs: 10_000, intervalMs: 50});

		sim.setScenario('slow-agent');
		const slow = (all: Sample[]) => total(all, 'agent_duration_seconds_bucket', labels => labels.agent === 'developer' && labels.le === '+Inf') - total(all, 'agent_duration_seconds_bucket', labels => labels.agent === 'developer' && labels.le === '300');
		samples = await scrape(sim);
		const slowBefore = slow(samples);
		await waitFor(async () => slow(await scrape(sim)) > slowBefore + 5, {timeoutMs: 10_000, intervalMs: 50});

		expect(() => sim.setScenario('nope' as never)).toThrow(/valid scenarios: normal, slow-agent/);
		sim.setScenario('normal');
	}, 30_000);

	it('switches scenario over HTTP', async () => {
		await expectScenarioOverHttp(sim, 'low-success', DEV_PIPELINE_SCENARIOS);
	});

	it('answers 503 on /metrics in the down scenario', async () => {
		sim.setScenario('down');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(503);
		sim.setScenario('normal');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(200);
		expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
	});
});

describe('several dev-pipeline simulators', () => {
	it('run side by side, each with its own registry and scenario', async () => {
		const a = await startDevPipelineSimulator({scenario: 'parallel-burst'});
		const b = await startDevPipelineSimulator({scenario: 'normal', seed: 7});
		try {
			expect(a.port).not.toBe(b.port);
			expect(total(await scrape(a), 'parallel_executions_current')).toBe(14);
			expect(total(await scrape(b), 'parallel_executions_current')).toBe(3);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('frees the port on close(), even with a keep-alive connection open', async () => {
		const sim = await startDevPipelineSimulator();
		await expectClosedAndPortFreed(sim);
	});

	it('rejects an unknown scenario, listing the valid ones', async () => {
		await expect(startDevPipelineSimulator({scenario: 'bogus' as never})).rejects.toThrow(/valid scenarios: normal, .*down/);
	});
});
