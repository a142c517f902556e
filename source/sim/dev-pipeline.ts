import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import {prng} from './coordination-scenarios.js';
import {
	DEV_PIPELINE_AGENTS,
	DEV_PIPELINE_PHASES,
	DEV_PIPELINE_SCENARIOS,
	DEV_PIPELINE_SCENARIO_DEFINITIONS as DEFINITIONS,
	INVOCATION_STATUSES,
	isDevPipelineScenario,
	type DevPipelineScenarioName,
	type SecondsRange,
} from './dev-pipeline-scenarios.js';
import {startSimServer} from './sim-server.js';
import type {Simulator, SimulatorOptions} from './types.js';

export {DEV_PIPELINE_SCENARIOS, type DevPipelineScenarioName} from './dev-pipeline-scenarios.js';

/** Where the seed's exporter reads its data (shown in `agent_workflow_database_info`). */
export const DEV_PIPELINE_DATABASE = 'logs/agent_workflow.db';

/**
 * The gauge values the dev-pipeline simulator currently serves: what a correct monitor must show.
 * Counters and histograms (invocations, errors, phases, durations) are traffic and not included.
 */
export type DevPipelineTruth = {
	/** Every agent, in pipeline order, with `agent_last_execution_timestamp` (unix seconds) and `agent_success_rate` (%). */
	agents: Array<{name: string; lastExecutionTimestamp: number; successRate: number}>;
	/** `active_sessions_count`. */
	activeSessions: number;
	/** `parallel_executions_current`. */
	parallelExecutions: number;
	/** `total_unique_agents`, `total_sessions`, `avg_agents_per_session`. */
	totals: {uniqueAgents: number; sessions: number; avgAgentsPerSession: number};
	/** Every `phase` label value of `phase_distribution_total` (all present from start). */
	phases: string[];
};

/** A running Claude Development Pipeline exporter simulator. */
export type DevPipelineSimulator = Simulator<DevPipelineScenarioName, DevPipelineTruth>;

/** The simulator's default port: the seed's exporter defaults to 9090 (Prometheus' port) and shows `--port 9091`. */
export const DEV_PIPELINE_DEFAULT_PORT = 9091;

function createMetrics(registry: Registry) {
	const registers = [registry];
	const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({name, help, labelNames, registers});
	const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({name, help, labelNames, registers});
	const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
		new Histogram<L>({name, help, labelNames, buckets, registers});
	return {
		invocations: counter('agent_invocation_total', 'Total invocations by agent, phase, status, model', ['agent', 'phase', 'status', 'model']),
		errors: counter('agent_error_total', 'Total errors by agent and phase', ['agent', 'phase']),
		phases: counter('phase_distribution_total', 'Distribution across workflow phases', ['phase']),
		duration: histogram('agent_duration_seconds', 'Execution duration with percentiles', ['agent'], [1, 5, 10, 30, 60, 120, 180, 300, 600, 900, 1800, 3600]),
		sessionDuration: histogram('session_duration_seconds', 'Session duration distribution', [], [60, 300, 600, 1200, 1800, 3600, 7200]),
		lastExecution: gauge('agent_last_execution_timestamp', 'Last execution time per agent', ['agent']),
		successRate: gauge('agent_success_rate', 'Success rate percentage per agent', ['agent']),
		activeSessions: gauge('active_sessions_count', 'Currently active sessions', []),
		parallel: gauge('parallel_executions_current', 'Current parallel executions', []),
		uniqueAgents: gauge('total_unique_agents', 'Total unique agents in system', []),
		sessions: gauge('total_sessions', 'Total logged sessions', []),
		avgAgents: gauge('avg_agents_per_session', 'Average agents per session', []),
		// An Info metric of Python's prometheus_client is a gauge named `<name>_info` with value 1.
		databaseInfo: gauge('agent_workflow_database_info', 'Database metadata', ['database']),
	};
}

function assertScenario(name: string): asserts name is DevPipelineScenarioName {
	if (!isDevPipelineScenario(name)) throw new Error(`unknown dev-pipeline scenario "${name}"; valid scenarios: ${DEV_PIPELINE_SCENARIOS.join(', ')}`);
}

/**
 * Starts a simulator of the Claude Development Pipeline's Prometheus exporter on 127.0.0.1: `GET /metrics`
 * (its own prom-client registry) and `GET|POST /_sim/scenario?name=NAME` to read or switch the scenario.
 * Port 0 (the default) picks a free port; `agentmon simulate` uses {@link DEV_PIPELINE_DEFAULT_PORT}.
 */
export async function startDevPipelineSimulator(options: SimulatorOptions<DevPipelineScenarioName> = {}): Promise<DevPipelineSimulator> {
	const {port = 0, tickMs = 250, seed = 1} = options;
	let scenario: DevPipelineScenarioName = options.scenario ?? 'normal';
	assertScenario(scenario);
	const random = prng(seed);
	const between = ([min, max]: SecondsRange) => min + (max - min) * random();
	const registry = new Registry();
	const m = createMetrics(registry);
	let lastExecution: Record<string, number> = {};

	const applyGauges = () => {
		const def = DEFINITIONS[scenario];
		const nowSeconds = Math.floor(Date.now() / 1000);
		lastExecution = {};
		for (const {agent} of DEV_PIPELINE_AGENTS) {
			lastExecution[agent] = nowSeconds - def.agents[agent].lastRunAgeSeconds;
			m.lastExecution.set({agent}, lastExecution[agent]);
			m.successRate.set({agent}, def.agents[agent].successRate);
		}
		m.activeSessions.set(def.activeSessions);
		m.parallel.set(def.parallelExecutions);
		m.uniqueAgents.set(def.totals.uniqueAgents);
		m.sessions.set(def.totals.sessions);
		m.avgAgents.set(def.totals.avgAgentsPerSession);
	};

	const tick = () => {
		const def = DEFINITIONS[scenario];
		for (const {agent, phase, model} of DEV_PIPELINE_AGENTS) {
			const spec = def.agents[agent];
			if (random() >= spec.invokeRatio) continue;
			const failed = random() < spec.failureRatio;
			m.invocations.inc({agent, phase, model, status: failed ? 'failure' : 'success'});
			if (failed) m.errors.inc({agent, phase}, spec.errorsPerFailure ?? 1);
			m.phases.inc({phase});
			m.duration.observe({agent}, between(spec.duration));
		}
		if (random() < def.sessionEndRatio) m.sessionDuration.observe(between([600, 2400]));
	};

	// Boot: every counter series present (at 0), the database info, the scenario's gauges, one tick of traffic.
	for (const {agent, phase, model} of DEV_PIPELINE_AGENTS) {
		for (const status of INVOCATION_STATUSES) m.invocations.inc({agent, phase, model, status}, 0);
		m.errors.inc({agent, phase}, 0);
	}
	for (const phase of DEV_PIPELINE_PHASES) m.phases.inc({phase}, 0);
	m.databaseInfo.set({database: DEV_PIPELINE_DATABASE}, 1);
	applyGauges();
	tick();

	const setScenario = (name: DevPipelineScenarioName) => {
		assertScenario(name);
		scenario = name;
		applyGauges();
	};

	const server = await startSimServer({
		registry,
		port,
		scenarios: DEV_PIPELINE_SCENARIOS,
		getScenario: () => scenario,
		setScenario,
		isDown: () => DEFINITIONS[scenario].down === true,
		describeDown: 'agent workflow exporter',
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
			return {
				agents: DEV_PIPELINE_AGENTS.map(({agent}) => ({name: agent, lastExecutionTimestamp: lastExecution[agent]!, successRate: def.agents[agent].successRate})),
				activeSessions: def.activeSessions,
				parallelExecutions: def.parallelExecutions,
				totals: {...def.totals},
				phases: [...DEV_PIPELINE_PHASES],
			};
		},
	};
}
