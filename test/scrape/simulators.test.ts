import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseExposition, type ExpositionSample} from '../../source/scrape/exposition.js';
import {fetchMetrics} from '../../source/scrape/fetch-metrics.js';
import {CODING_TEAM_METRICS_PATH} from '../../source/sim/coding-team.js';
import {startFiveSimulators, type FiveSimulators} from '../helpers/simulators.js';
import {parse as helperParse} from '../helpers/sim-metrics.js';

/** The samples named `name`, keyed by their label `key`. */
const byLabel = (samples: ExpositionSample[], name: string, key: string): Record<string, number> =>
	Object.fromEntries(samples.filter(sample => sample.labels.__name__ === name).map(sample => [sample.labels[key], sample.value]));
const sum = (samples: ExpositionSample[], name: string, filter: (labels: Record<string, string>) => boolean = () => true) =>
	samples.filter(sample => sample.labels.__name__ === name && filter(sample.labels)).reduce((total, sample) => total + sample.value, 0);

/** Scrapes with fetchMetrics; expects a clean parse with a TYPE for every family. */
async function scrape(url: string): Promise<ExpositionSample[]> {
	const result = await fetchMetrics(url, {timeoutMs: 5000});
	if (!result.ok) throw new Error(result.error.message);
	const {exposition} = result.data;
	expect(exposition.errors).toEqual([]);
	expect(exposition.samples.length).toBeGreaterThan(10);
	expect(Object.keys(exposition.types).length).toBeGreaterThan(3);
	return exposition.samples;
}

let sims: FiveSimulators;

beforeAll(async () => {
	sims = await startFiveSimulators();
});

afterAll(async () => sims?.close());

describe('fetchMetrics scrapes each simulator, and the values equal its truth', () => {
	it('coordination server (/metrics on :3456)', async () => {
		const samples = await scrape(`${sims.coordination.url}/metrics`);
		const truth = sims.coordination.truth();
		expect(byLabel(samples, 'coordination_server_active_locks', 'agent')).toEqual(truth.locks);
		expect(byLabel(samples, 'coordination_server_pending_tasks', 'priority')).toEqual(truth.pending);
		expect(byLabel(samples, 'coordination_server_active_tasks', 'agent')).toEqual(truth.activeTasks);
		for (const {name, state} of truth.agents) {
			expect(sum(samples, 'coordination_server_agent_availability', labels => labels.agent === name && labels.state === state)).toBe(1);
		}
	});

	it('coding team (/api/metrics/prometheus)', async () => {
		const samples = await scrape(`${sims.codingTeam.url}${CODING_TEAM_METRICS_PATH}`);
		const truth = sims.codingTeam.truth();
		expect(byLabel(samples, 'queue_depth', 'mode')).toEqual(truth.queue);
		for (const mode of ['mechanic', 'genius'] as const) {
			const mine = (labels: Record<string, string>) => labels.mode === mode;
			expect(sum(samples, 'job_claimed_total', mine) - sum(samples, 'job_completed_total', mine) - sum(samples, 'job_failed_total', mine)).toBe(truth.running[mode]);
		}
		expect(byLabel(samples, 'worker_last_heartbeat_timestamp_seconds', 'worker')).toEqual(Object.fromEntries(truth.workers.map(worker => [worker.worker, worker.lastHeartbeat])));
	});

	it('cli orchestrator (/metrics, with node_exporter and Redis series)', async () => {
		const samples = await scrape(`${sims.cliOrchestrator.url}/metrics`);
		const truth = sims.cliOrchestrator.truth();
		expect(byLabel(samples, 'active_accounts_count', 'provider')).toEqual(Object.fromEntries(truth.providers.map(row => [row.name, row.accounts])));
		expect(byLabel(samples, 'active_sessions_count', 'provider')).toEqual(Object.fromEntries(truth.providers.map(row => [row.name, row.sessions])));
		expect(byLabel(samples, 'bullmq_queue_waiting', 'queue')).toEqual(truth.waiting);
		expect(byLabel(samples, 'quota_daily_limit', 'provider')).toEqual(Object.fromEntries(Object.entries(truth.quotas).map(([name, quota]) => [name, quota.limit])));
		expect(sum(samples, 'redis_up')).toBe(truth.host.redisUp);
		expect(1 - sum(samples, 'node_memory_MemAvailable_bytes') / sum(samples, 'node_memory_MemTotal_bytes')).toBeCloseTo(truth.host.memoryPercent / 100, 6);
	});

	it('agent orchestrator (:8000/metrics)', async () => {
		const samples = await scrape(`${sims.agentOrchestrator.url}/metrics`);
		const truth = sims.agentOrchestrator.truth();
		expect(byLabel(samples, 'active_workers', 'worker_profile')).toEqual(truth.workers);
		expect(byLabel(samples, 'tasks_by_state', 'status')).toEqual(truth.tasks);
		expect(sum(samples, 'git_active_merges')).toBe(truth.activeMerges);
		expect(samples.some(sample => sample.labels.__name__ === 'git_merge_duration_seconds_bucket' && sample.labels.le === '+Inf')).toBe(true);
	});

	it('dev pipeline exporter (/metrics)', async () => {
		const samples = await scrape(`${sims.devPipeline.url}/metrics`);
		const truth = sims.devPipeline.truth();
		expect(byLabel(samples, 'agent_success_rate', 'agent')).toEqual(Object.fromEntries(truth.agents.map(agent => [agent.name, agent.successRate])));
		expect(byLabel(samples, 'agent_last_execution_timestamp', 'agent')).toEqual(Object.fromEntries(truth.agents.map(agent => [agent.name, agent.lastExecutionTimestamp])));
		expect(sum(samples, 'active_sessions_count')).toBe(truth.activeSessions);
		expect(sum(samples, 'parallel_executions_current')).toBe(truth.parallelExecutions);
		expect(sum(samples, 'avg_agents_per_session')).toBe(truth.totals.avgAgentsPerSession);
	});

	it('reads every sample exactly as the simulator tests’ own parser does', async () => {
		const targets = [`${sims.coordination.url}/metrics`, `${sims.codingTeam.url}${CODING_TEAM_METRICS_PATH}`, `${sims.cliOrchestrator.url}/metrics`, `${sims.agentOrchestrator.url}/metrics`, `${sims.devPipeline.url}/metrics`];
		for (const url of targets) {
			const text = await (await fetch(url)).text();
			const ours = parseExposition(text).samples.map(({labels: {__name__: name, ...labels}, value}) => ({name, labels, value}));
			expect(ours, url).toEqual(helperParse(text));
		}
	});

	it('a simulator that is down is an HTTP 503 with its message', async () => {
		sims.coordination.setScenario('down');
		try {
			const result = await fetchMetrics(`${sims.coordination.url}/metrics`, {timeoutMs: 5000});
			expect(result).toEqual({ok: false, error: {kind: 'http', httpStatus: 503, message: 'HTTP 503: coordination server unavailable (scenario: down)', retryable: true}});
		} finally {
			sims.coordination.setScenario('normal');
		}
	});
});
