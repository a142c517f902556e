import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AGENT_ORCHESTRATOR_SCENARIOS, startAgentOrchestratorSimulator, type AgentOrchestratorSimulator} from '../../source/sim/agent-orchestrator.js';
import {expectClosedAndPortFreed, expectMetrics, expectScenarioOverHttp, scrape, total, values, type MetricSpec, type Sample} from '../helpers/sim-metrics.js';
import {waitFor} from '../helpers/wait-for.js';

/** Every metric the simulator serves, as the seed (and the project's metrics module) names it, with its type and labels. */
const SEED_METRICS: MetricSpec[] = [
	['git_merge_duration_seconds', 'histogram', []],
	['git_merge_total', 'counter', ['result']],
	['git_active_merges', 'gauge', []],
	['git_lock_wait_duration_seconds', 'histogram', []],
	['task_execution_duration_seconds', 'histogram', ['worker_profile', 'phase']],
	['task_completion_total', 'counter', ['status', 'worker_profile']],
	['task_retry_count', 'histogram', []],
	['tasks_by_state', 'gauge', ['status']],
	['active_workers', 'gauge', ['worker_profile']],
	['llm_requests_total', 'counter', ['model', 'provider', 'result']],
	['llm_tokens_total', 'counter', ['model', 'type']],
	['llm_cost_dollars_total', 'counter', ['model', 'provider']],
	['llm_rate_limit_events_total', 'counter', ['model', 'provider']],
];

describe('agent-orchestrator simulator', () => {
	let sim: AgentOrchestratorSimulator;
	beforeAll(async () => {
		sim = await startAgentOrchestratorSimulator({port: 0, tickMs: 50});
	});
	afterAll(async () => sim?.close());

	it('serves every metric with its labels', async () => {
		const samples = await expectMetrics(sim, SEED_METRICS);
		expect(Object.keys(values(samples, 'git_merge_total', 'result')).sort()).toEqual(['conflict', 'error', 'success']);
		expect(Object.keys(values(samples, 'llm_cost_dollars_total', 'model')).sort()).toEqual(['claude-sonnet-4', 'gpt-4-turbo']);
	});

	it('serves the normal gauges, equal to truth()', async () => {
		const truth = sim.truth();
		expect(truth).toEqual({
			workers: {coder: 2, tester: 1, planner: 1},
			activeMerges: 1,
			tasks: {planned: 3, ready: 2, active: 4, awaiting_qa: 1, complete: 18, failed: 1, waiting_human: 0, blocked: 0},
		});
		const samples = await scrape(sim);
		expect(values(samples, 'active_workers', 'worker_profile')).toEqual(truth.workers);
		expect(values(samples, 'tasks_by_state', 'status')).toEqual(truth.tasks);
		expect(total(samples, 'git_active_merges')).toBe(truth.activeMerges);
	});

	it('advances counters and histograms on its timer, without alert-level rates', async () => {
		const count = (samples: Sample[]) => total(samples, 'git_merge_duration_seconds_count') + total(samples, 'task_completion_total');
		const before = count(await scrape(sim));
		await waitFor(async () => count(await scrape(sim)) > before + 10, {timeoutMs: 5000, intervalMs: 50});
		const samples = await scrape(sim);
		expect(total(samples, 'llm_cost_dollars_total')).toBeLessThan(1);
		expect(total(samples, 'llm_rate_limit_events_total')).toBe(0);
		expect(total(samples, 'git_merge_total', labels => labels.result === 'conflict') / total(samples, 'git_merge_total')).toBeLessThan(0.3);
	});

	it('switches scenario in-process: gauges at once, traffic from the next tick', async () => {
		sim.setScenario('concurrent-merges');
		expect(sim.scenario).toBe('concurrent-merges');
		expect(sim.truth().activeMerges).toBe(3);
		expect(total(await scrape(sim), 'git_active_merges')).toBe(3);

		sim.setScenario('task-backlog');
		expect(values(await scrape(sim), 'tasks_by_state', 'status')).toEqual(sim.truth().tasks);
		expect(sim.truth().tasks.planned).toBe(40);

		sim.setScenario('runaway-cost');
		await waitFor(async () => total(await scrape(sim), 'llm_cost_dollars_total', labels => labels.model === 'gpt-4-turbo') > 10, {timeoutMs: 10_000, intervalMs: 100});

		sim.setScenario('rate-limited');
		const limits = total(await scrape(sim), 'llm_rate_limit_events_total');
		await waitFor(async () => total(await scrape(sim), 'llm_rate_limit_events_total') > limits + 20, {timeoutMs: 5000, intervalMs: 50});

		sim.setScenario('merge-conflicts');
		const conflicts = (samples: Sample[]) => total(samples, 'git_merge_total', labels => labels.result === 'conflict');
		const start = await scrape(sim);
		await waitFor(async () => conflicts(await scrape(sim)) > conflicts(start) + 30, {timeoutMs: 5000, intervalMs: 50});

		expect(() => sim.setScenario('nope' as never)).toThrow(/valid scenarios: normal, concurrent-merges/);
		sim.setScenario('normal');
	}, 30_000);

	it('switches scenario over HTTP', async () => {
		await expectScenarioOverHttp(sim, 'slow-merges', AGENT_ORCHESTRATOR_SCENARIOS, async () => {
			expect(values(await scrape(sim), 'tasks_by_state', 'status')).toEqual(sim.truth().tasks);
		});
	});

	it('answers 503 on /metrics in the down scenario, while /health still answers', async () => {
		sim.setScenario('down');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(503);
		const health = await fetch(`${sim.url}/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({status: 'ok', scenario: 'down'});
		sim.setScenario('normal');
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(200);
		expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
	});
});

describe('several agent-orchestrator simulators', () => {
	it('run side by side, each with its own registry and scenario', async () => {
		const a = await startAgentOrchestratorSimulator({scenario: 'concurrent-merges'});
		const b = await startAgentOrchestratorSimulator({scenario: 'task-backlog', seed: 7});
		try {
			expect(total(await scrape(a), 'git_active_merges')).toBe(3);
			expect(values(await scrape(b), 'active_workers', 'worker_profile')).toEqual({coder: 3, tester: 2, planner: 1});
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('frees the port on close(), even with a keep-alive connection open', async () => {
		const sim = await startAgentOrchestratorSimulator();
		await expectClosedAndPortFreed(sim);
	});

	it('rejects an unknown scenario, listing the valid ones', async () => {
		await expect(startAgentOrchestratorSimulator({scenario: 'bogus' as never})).rejects.toThrow(/valid scenarios: normal, .*down/);
	});
});
