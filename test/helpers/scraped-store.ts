import {SeriesStore} from '../../source/promql/series-store.js';
import {parseExposition} from '../../source/scrape/exposition.js';
import {startAgentOrchestratorSimulator, type AgentOrchestratorScenarioName} from '../../source/sim/agent-orchestrator.js';
import {startCliOrchestratorSimulator, type CliOrchestratorScenarioName} from '../../source/sim/cli-orchestrator.js';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator, type CodingTeamScenarioName} from '../../source/sim/coding-team.js';
import {startCoordinationServerSimulator, type CoordinationScenarioName} from '../../source/sim/coordination-server.js';
import {startDevPipelineSimulator, type DevPipelineScenarioName} from '../../source/sim/dev-pipeline.js';

/** The scenario each of the five simulators runs in. */
export type FiveScenarios = {
	readonly coordination: CoordinationScenarioName;
	readonly codingTeam: CodingTeamScenarioName;
	readonly cliOrchestrator: CliOrchestratorScenarioName;
	readonly agentOrchestrator: AgentOrchestratorScenarioName;
	readonly devPipeline: DevPipelineScenarioName;
};

/** A store filled from the five simulators, the time of its last scrape, and how to stop them. */
export type ScrapedStore = {readonly store: SeriesStore; readonly atMs: number; close(): Promise<void>};

/**
 * Starts the five simulators (fast traffic) and scrapes each `scrapes` times into a SeriesStore,
 * parsed by agentmon's own exposition parser, labelled with the guides' job names and stamped a
 * minute apart (the simulators run faster), so 5 minute rates and `[1h:]` subqueries see data.
 */
export async function scrapedStore(scenarios: FiveScenarios, {scrapes = 8, pauseMs = 100} = {}): Promise<ScrapedStore> {
	const tickMs = 50;
	const targets = await Promise.all([
		startCoordinationServerSimulator({port: 0, scenario: scenarios.coordination, tickMs}).then(sim => ({sim, job: 'ai-coordination-server', path: '/metrics'})),
		startCodingTeamSimulator({port: 0, scenario: scenarios.codingTeam, tickMs}).then(sim => ({sim, job: 'ai-coding-team', path: CODING_TEAM_METRICS_PATH})),
		startCliOrchestratorSimulator({port: 0, scenario: scenarios.cliOrchestrator, tickMs}).then(sim => ({sim, job: 'browser-worker', path: '/metrics'})),
		startAgentOrchestratorSimulator({port: 0, scenario: scenarios.agentOrchestrator, tickMs}).then(sim => ({sim, job: 'agent-orchestrator', path: '/metrics'})),
		startDevPipelineSimulator({port: 0, scenario: scenarios.devPipeline, tickMs}).then(sim => ({sim, job: 'agent_workflow', path: '/metrics'})),
	]);
	const store = new SeriesStore();
	const start = Date.now() - scrapes * 60_000;
	let atMs = start;
	for (let scrape = 0; scrape < scrapes; scrape++) {
		atMs = start + scrape * 60_000;
		for (const {sim, job, path} of targets) {
			const instance = new URL(sim.url).host;
			const {samples} = parseExposition(await (await fetch(`${sim.url}${path}`)).text());
			const labelled = samples.map(sample => ({labels: {...sample.labels, job, instance}, value: sample.value}));
			store.appendScrape(sim.url, [...labelled, {labels: {__name__: 'up', job, instance}, value: 1}], atMs);
		}
		await new Promise(resolve => setTimeout(resolve, pauseMs));
	}
	return {store, atMs, close: async () => void (await Promise.all(targets.map(async ({sim}) => sim.close())))};
}
