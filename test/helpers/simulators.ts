import {startAgentOrchestratorSimulator, type AgentOrchestratorSimulator} from '../../source/sim/agent-orchestrator.js';
import {startCliOrchestratorSimulator, type CliOrchestratorSimulator} from '../../source/sim/cli-orchestrator.js';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {startDevPipelineSimulator, type DevPipelineSimulator} from '../../source/sim/dev-pipeline.js';
import type {ScrapeTarget} from './prometheus.js';

/** The five simulators, each in its normal scenario on an ephemeral loopback port. */
export type FiveSimulators = {
	readonly coordination: CoordinationServerSimulator;
	readonly codingTeam: CodingTeamSimulator;
	readonly cliOrchestrator: CliOrchestratorSimulator;
	readonly agentOrchestrator: AgentOrchestratorSimulator;
	readonly devPipeline: DevPipelineSimulator;
	/** Closes all five. */
	close(): Promise<void>;
};

/** Starts the five simulators at once. */
export async function startFiveSimulators(): Promise<FiveSimulators> {
	const [coordination, codingTeam, cliOrchestrator, agentOrchestrator, devPipeline] = await Promise.all([
		startCoordinationServerSimulator({port: 0}),
		startCodingTeamSimulator({port: 0}),
		startCliOrchestratorSimulator({port: 0}),
		startAgentOrchestratorSimulator({port: 0}),
		startDevPipelineSimulator({port: 0}),
	]);
	const all = [coordination, codingTeam, cliOrchestrator, agentOrchestrator, devPipeline];
	return {coordination, codingTeam, cliOrchestrator, agentOrchestrator, devPipeline, close: async () => void (await Promise.all(all.map(async sim => sim.close())))};
}

/** Their scrape jobs as `examples/all-simulators/prometheus.yml` names them (the guides' job names). */
export function fiveTargets(sims: FiveSimulators): ScrapeTarget[] {
	return [
		{job: 'ai-coordination-server', url: sims.coordination.url},
		{job: 'ai-coding-team', url: sims.codingTeam.url, metricsPath: CODING_TEAM_METRICS_PATH},
		{job: 'browser-worker', url: sims.cliOrchestrator.url},
		{job: 'agent-orchestrator', url: sims.agentOrchestrator.url},
		{job: 'agent_workflow', url: sims.devPipeline.url},
	];
}
