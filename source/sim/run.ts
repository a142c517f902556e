import {COORDINATION_SCENARIOS, startCoordinationServerSimulator} from './coordination-server.js';
import {DEV_PIPELINE_DEFAULT_PORT, DEV_PIPELINE_SCENARIOS, startDevPipelineSimulator} from './dev-pipeline.js';
import {AGENT_ORCHESTRATOR_SCENARIOS, startAgentOrchestratorSimulator, type AgentOrchestratorScenarioName} from './agent-orchestrator.js';
import {CLI_ORCHESTRATOR_SCENARIOS, startCliOrchestratorSimulator, type CliOrchestratorScenarioName} from './cli-orchestrator.js';
import {CODING_TEAM_DEFAULT_PORT, CODING_TEAM_METRICS_PATH, CODING_TEAM_SCENARIOS, startCodingTeamSimulator, type CodingTeamScenarioName} from './coding-team.js';
import type {Simulator} from './types.js';

/** A simulator `agentmon simulate <id>` can start. */
type SimulatorEntry = {
	/** Port used when none is given: the real system's default. */
	defaultPort: number;
	/** Where the metrics are served, when not `/metrics`. */
	metricsPath?: string;
	scenarios: readonly string[];
	start(options: {port: number; scenario?: string; scale?: number}): Promise<Simulator<string, unknown>>;
};

const SIMULATORS: Readonly<Record<string, SimulatorEntry>> = {
	'coordination-server': {
		defaultPort: 3456,
		scenarios: COORDINATION_SCENARIOS,
		start: async ({port, scenario, scale}) => startCoordinationServerSimulator({port, scale, scenario: scenario as (typeof COORDINATION_SCENARIOS)[number] | undefined}),
	},
	'coding-team': {
		defaultPort: CODING_TEAM_DEFAULT_PORT,
		metricsPath: CODING_TEAM_METRICS_PATH,
		scenarios: CODING_TEAM_SCENARIOS,
		start: async ({port, scenario}) => startCodingTeamSimulator({port, scenario: scenario as CodingTeamScenarioName | undefined}),
	},
	'cli-orchestrator': {
		// The seed's workers use :9090, Prometheus' own port; the simulator stays clear of it.
		defaultPort: 9092,
		scenarios: CLI_ORCHESTRATOR_SCENARIOS,
		start: async ({port, scenario}) => startCliOrchestratorSimulator({port, scenario: scenario as CliOrchestratorScenarioName | undefined}),
	},
	'agent-orchestrator': {
		defaultPort: 8000,
		scenarios: AGENT_ORCHESTRATOR_SCENARIOS,
		start: async ({port, scenario}) => startAgentOrchestratorSimulator({port, scenario: scenario as AgentOrchestratorScenarioName | undefined}),
	},
	'dev-pipeline': {
		defaultPort: DEV_PIPELINE_DEFAULT_PORT,
		scenarios: DEV_PIPELINE_SCENARIOS,
		start: async ({port, scenario}) => startDevPipelineSimulator({port, scenario: scenario as (typeof DEV_PIPELINE_SCENARIOS)[number] | undefined}),
	},
};

/** Ids of the systems `agentmon simulate` can simulate. */
export const SIMULATOR_IDS: readonly string[] = Object.keys(SIMULATORS);

/** Starts the simulator of a system on 127.0.0.1 (port 0: an ephemeral one); returns it with its metrics URL. */
export async function startSimulator(id: string, options: {port: number; scenario?: string}): Promise<{simulator: Simulator<string, unknown>; metricsUrl: string}> {
	const entry = SIMULATORS[id];
	if (!entry) throw new Error(`no simulator for "${id}"; valid: ${SIMULATOR_IDS.join(', ')}`);
	const simulator = await entry.start(options);
	return {simulator, metricsUrl: `${simulator.url}${entry.metricsPath ?? '/metrics'}`};
}

/**
 * Starts the simulator of system `profile` (port: the system's default, 3456 for the coordination server),
 * prints where its metrics are, and serves until SIGINT or SIGTERM, then closes it and exits 0.
 * Throws, before listening, on an unknown profile or scenario (the message lists the valid ones) or a busy port.
 */
export async function runSimulator(argv: {profile: string; port?: number; scenario?: string; scale?: number}): Promise<void> {
	const entry = SIMULATORS[argv.profile];
	if (!entry) throw new Error(`no simulator for "${argv.profile}"; valid: ${SIMULATOR_IDS.join(', ')}`);
	if (argv.scenario !== undefined && !entry.scenarios.includes(argv.scenario)) {
		throw new Error(`unknown ${argv.profile} scenario "${argv.scenario}"; valid: ${entry.scenarios.join(', ')}`);
	}
	const port = argv.port ?? entry.defaultPort;
	let simulator: Simulator<string, unknown>;
	try {
		simulator = await entry.start({port, scenario: argv.scenario, scale: argv.scale});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') throw new Error(`cannot listen on 127.0.0.1:${port}: the port is in use (try --port 0)`);
		throw error;
	}
	process.stdout.write(`${argv.profile} simulator on ${simulator.url}${entry.metricsPath ?? '/metrics'} (scenario: ${simulator.scenario})\n`);
	await new Promise<void>(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	await simulator.close();
	process.exit(0);
}
