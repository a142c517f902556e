import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import {
	AGENT_ORCHESTRATOR_SCENARIOS,
	AGENT_ORCHESTRATOR_SCENARIO_DEFINITIONS as DEFINITIONS,
	COMPLETION_STATUSES,
	LLM_MODELS,
	LLM_RESULTS,
	MERGE_RESULTS,
	TASK_STATES,
	WORKER_DURATIONS,
	WORKER_PHASES,
	WORKER_PROFILES,
	isAgentOrchestratorScenario,
	type AgentOrchestratorScenarioName,
	type SecondsRange,
	type TaskState,
	type WorkerProfile,
} from './agent-orchestrator-scenarios.js';
import {prng} from './coordination-scenarios.js';
import {startSimServer, uptimeHealth} from './sim-server.js';
import type {Simulator, SimulatorOptions} from './types.js';

export {AGENT_ORCHESTRATOR_SCENARIOS, type AgentOrchestratorScenarioName} from './agent-orchestrator-scenarios.js';

/** The gauge values the agent-orchestrator simulator currently serves. */
export type AgentOrchestratorTruth = {
	/** `active_workers` per `worker_profile`. */
	workers: Record<WorkerProfile, number>;
	/** `git_active_merges` (one unlabelled series). */
	activeMerges: number;
	/** `tasks_by_state` per `status`. */
	tasks: Record<TaskState, number>;
};

/** A running Agent Orchestrator simulator. */
export type AgentOrchestratorSimulator = Simulator<AgentOrchestratorScenarioName, AgentOrchestratorTruth>;

function createMetrics(registry: Registry) {
	const registers = [registry];
	const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({name, help, labelNames, registers});
	const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({name, help, labelNames, registers});
	const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
		new Histogram<L>({name, help, labelNames, buckets, registers});
	return {
		mergeDuration: histogram('git_merge_duration_seconds', 'Time to merge a task branch to main', [], [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120]),
		mergeTotal: counter('git_merge_total', 'Total merge attempts', ['result']),
		activeMerges: gauge('git_active_merges', 'Number of merges currently in progress', []),
		lockWait: histogram('git_lock_wait_duration_seconds', 'Time spent waiting for merge lock', [], [0.01, 0.1, 0.5, 1, 2, 5, 10, 30]),
		execution: histogram('task_execution_duration_seconds', 'Worker task execution time', ['worker_profile', 'phase'], [1, 5, 10, 30, 60, 120, 300, 600]),
		completions: counter('task_completion_total', 'Task completions', ['status', 'worker_profile']),
		retries: histogram('task_retry_count', 'Number of retries before success/failure', [], [0, 1, 2, 3, 4, 5]),
		tasks: gauge('tasks_by_state', 'Current number of tasks in each state', ['status']),
		workers: gauge('active_workers', 'Number of workers currently executing', ['worker_profile']),
		llmRequests: counter('llm_requests_total', 'Total LLM API calls', ['model', 'provider', 'result']),
		llmTokens: counter('llm_tokens_total', 'Total tokens used', ['model', 'type']),
		llmCost: counter('llm_cost_dollars_total', 'Estimated LLM costs in USD', ['model', 'provider']),
		llmRateLimits: counter('llm_rate_limit_events_total', 'Rate limit errors encountered', ['model', 'provider']),
	};
}

function assertScenario(name: string): asserts name is AgentOrchestratorScenarioName {
	if (!isAgentOrchestratorScenario(name)) {
		throw new Error(`unknown agent-orchestrator scenario "${name}"; valid scenarios: ${AGENT_ORCHESTRATOR_SCENARIOS.join(', ')}`);
	}
}

/**
 * Starts a simulator of the Agent Orchestrator API on 127.0.0.1: `GET /metrics` (its own prom-client registry),
 * `GET /health`, and `GET|POST /_sim/scenario?name=NAME` to read or switch the scenario over HTTP.
 */
export async function startAgentOrchestratorSimulator(options: SimulatorOptions<AgentOrchestratorScenarioName> = {}): Promise<AgentOrchestratorSimulator> {
	const {port = 0, tickMs = 250, seed = 1} = options;
	let scenario: AgentOrchestratorScenarioName = options.scenario ?? 'normal';
	assertScenario(scenario);
	const random = prng(seed);
	const between = ([min, max]: SecondsRange) => min + (max - min) * random();
	/** A count per tick: whole part always, fractional part as a chance. */
	const times = (perTick: number) => Math.floor(perTick) + (random() < perTick % 1 ? 1 : 0);
	const registry = new Registry();
	const m = createMetrics(registry);
	const started = Date.now();

	const applyGauges = () => {
		const def = DEFINITIONS[scenario];
		m.activeMerges.set(def.activeMerges);
		for (const profile of WORKER_PROFILES) m.workers.set({worker_profile: profile}, def.workers[profile]);
		for (const status of TASK_STATES) m.tasks.set({status}, def.tasks[status]);
	};

	const tick = () => {
		const def = DEFINITIONS[scenario];
		for (let i = times(def.merges.perTick); i > 0; i--) {
			const roll = random();
			const result = roll < def.merges.conflictRatio ? 'conflict' : roll < def.merges.conflictRatio + def.merges.errorRatio ? 'error' : 'success';
			m.lockWait.observe(between(def.lockWaitSeconds));
			m.mergeDuration.observe(between(def.mergeSeconds));
			m.mergeTotal.inc({result});
		}
		for (const profile of WORKER_PROFILES) {
			if (def.workers[profile] === 0 || random() >= def.taskChance) continue;
			const roll = random();
			const status = roll < def.taskFailureRatio ? 'failed' : roll < def.taskFailureRatio + 0.05 ? 'retry' : 'success';
			m.completions.inc({status, worker_profile: profile});
			m.execution.observe({worker_profile: profile, phase: WORKER_PHASES[profile]}, between(WORKER_DURATIONS[profile]));
			m.retries.observe(status === 'success' ? (random() < 0.8 ? 0 : 1) : 1 + Math.floor(random() * 4));
		}
		for (const {model, provider, price} of LLM_MODELS) {
			for (let i = times(def.llm.perTick); i > 0; i--) {
				const prompt = Math.round(between(def.llm.promptTokens));
				const completion = Math.round(between(def.llm.completionTokens));
				m.llmTokens.inc({model, type: 'prompt'}, prompt);
				m.llmTokens.inc({model, type: 'completion'}, completion);
				m.llmCost.inc({model, provider}, (prompt * price[0] + completion * price[1]) / 1_000_000);
				m.llmRequests.inc({model, provider, result: 'success'});
			}
			for (let i = def.llm.rateLimitsPerTick; i > 0; i--) {
				m.llmRateLimits.inc({model, provider});
				m.llmRequests.inc({model, provider, result: 'rate_limit'});
			}
		}
	};

	// Boot: every counter series present at 0, one observation per histogram series, one tick of traffic.
	for (const result of MERGE_RESULTS) m.mergeTotal.inc({result}, 0);
	for (const profile of WORKER_PROFILES) {
		for (const status of COMPLETION_STATUSES) m.completions.inc({status, worker_profile: profile}, 0);
		m.execution.observe({worker_profile: profile, phase: WORKER_PHASES[profile]}, between(WORKER_DURATIONS[profile]));
	}
	for (const {model, provider} of LLM_MODELS) {
		for (const result of LLM_RESULTS) m.llmRequests.inc({model, provider, result}, 0);
		for (const type of ['prompt', 'completion']) m.llmTokens.inc({model, type}, 0);
		m.llmCost.inc({model, provider}, 0);
		m.llmRateLimits.inc({model, provider}, 0);
	}
	m.mergeDuration.observe(between(DEFINITIONS[scenario].mergeSeconds));
	m.lockWait.observe(between(DEFINITIONS[scenario].lockWaitSeconds));
	m.retries.observe(0);
	applyGauges();
	tick();

	const setScenario = (name: AgentOrchestratorScenarioName) => {
		assertScenario(name);
		scenario = name;
		applyGauges();
	};

	const server = await startSimServer({
		registry,
		port,
		health: uptimeHealth(started, () => scenario),
		scenarios: AGENT_ORCHESTRATOR_SCENARIOS,
		getScenario: () => scenario,
		setScenario,
		isDown: () => DEFINITIONS[scenario].down === true,
		describeDown: 'agent orchestrator',
		tickMs,
		tick,
	});

	return {
		...server,
		get scenario() {
			return scenario;
		},
		setScenario,
		truth: () => {
			const def = DEFINITIONS[scenario];
			return {workers: {...def.workers}, activeMerges: def.activeMerges, tasks: {...def.tasks}};
		},
	};
}
