import http from 'node:http';
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

	const send = (res: http.ServerResponse, code: number, type: string, body: string) => {
		res.writeHead(code, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)}).end(body);
	};
	const json = (res: http.ServerResponse, code: number, value: unknown) => send(res, code, 'application/json', `${JSON.stringify(value)}\n`);
	const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === '/metrics' && req.method === 'GET') {
			if (DEFINITIONS[scenario].down) return send(res, 503, 'text/plain', 'agent orchestrator unavailable (scenario: down)\n');
			return send(res, 200, registry.contentType, await registry.metrics());
		}
		if (url.pathname === '/health' && req.method === 'GET') return json(res, 200, {status: 'ok', uptime: (Date.now() - started) / 1000, scenario});
		if (url.pathname === '/_sim/scenario' && req.method === 'GET') return json(res, 200, {scenario, scenarios: AGENT_ORCHESTRATOR_SCENARIOS});
		if (url.pathname === '/_sim/scenario' && req.method === 'POST') {
			const name = url.searchParams.get('name') ?? '';
			if (!isAgentOrchestratorScenario(name)) return json(res, 400, {error: `unknown scenario "${name}"`, scenarios: AGENT_ORCHESTRATOR_SCENARIOS});
			setScenario(name);
			return json(res, 200, {scenario});
		}
		return json(res, 404, {error: 'not found'});
	};
	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) send(res, 500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
			else res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const timer = setInterval(tick, tickMs);
	timer.unref();
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	let closing: Promise<void> | undefined;

	return {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		get scenario() {
			return scenario;
		},
		setScenario,
		truth: () => {
			const def = DEFINITIONS[scenario];
			return {workers: {...def.workers}, activeMerges: def.activeMerges, tasks: {...def.tasks}};
		},
		close: () => {
			closing ??= new Promise<void>(resolve => {
				clearInterval(timer);
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
