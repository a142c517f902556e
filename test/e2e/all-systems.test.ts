import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/agentmon.js';
import {startPrometheus} from '../helpers/prometheus.js';
import {fiveTargets, startFiveSimulators, type FiveSimulators} from '../helpers/simulators.js';
import {waitFor} from '../helpers/wait-for.js';

type Rows = Array<{name: string; value: number}>;
type SystemJson = {
	profile: string;
	up: {status: string};
	agents: {status: string; items: Array<{name: string; state: string}>};
	locks: {status: string; total?: number; items: Rows};
	queue: {status: string; depth?: number; items: Rows};
	latency: {status: string; items: Array<{name: string; p95: number | null}>};
};
type OnceJson = {detection: {status: string; profiles?: string[]}; systems: SystemJson[]; alerts: Array<{name: string; state: string; runbook: string | null; labels: Record<string, string>}>; errors: unknown[]};

const rules = (id: string) => path.resolve(`examples/${id}/alerts.yml`);
const byName = (rows: Rows) => Object.fromEntries(rows.map(row => [row.name, row.value]));

let sims: FiveSimulators;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

async function once(): Promise<OnceJson> {
	const run = await runCli(['--prometheus', prometheus.url, '--once', '--format', 'json', '--window', '1m']);
	expect(run.code, run.stderr).toBe(0);
	return JSON.parse(run.stdout) as OnceJson;
}

const system = (json: OnceJson, id: string) => {
	const found = json.systems.find(candidate => candidate.profile === id);
	expect(found, `${id} in ${json.systems.map(candidate => candidate.profile).join(', ')}`).toBeDefined();
	return found!;
};

beforeAll(async () => {
	sims = await startFiveSimulators();
	prometheus = await startPrometheus({
		targets: fiveTargets(sims),
		ruleFiles: ['coordination-server', 'coding-team', 'cli-orchestrator', 'agent-orchestrator', 'dev-pipeline'].map(rules),
		fastRules: true,
	});
}, 90_000);

afterAll(async () => {
	await prometheus?.stop();
	await sims?.close();
});

describe('one Prometheus scraping all five systems', () => {
	it('detects all five without naming a profile and reports each as served', async () => {
		const json = await waitFor(async () => {
			const snapshot = await once();
			return snapshot.systems.length === 5 && snapshot.systems.every(entry => entry.latency.items.some(row => row.p95 !== null)) ? snapshot : undefined;
		}, {timeoutMs: 40_000, intervalMs: 1000, description: 'five systems with latency data'});
		expect(json.detection).toEqual({status: 'detected', profiles: ['coordination-server', 'coding-team', 'cli-orchestrator', 'agent-orchestrator', 'dev-pipeline']});
		for (const entry of json.systems) expect(entry.up.status, entry.profile).toBe('up');

		const coordinationJson = system(json, 'coordination-server');
		expect(byName(coordinationJson.locks.items)).toEqual(sims.coordination.truth().locks);
		expect(byName(coordinationJson.queue.items)).toEqual(sims.coordination.truth().pending);

		const codingJson = system(json, 'coding-team');
		expect(byName(codingJson.queue.items)).toEqual(sims.codingTeam.truth().queue);
		expect(codingJson.locks.status).toBe('unsupported');

		const cliJson = system(json, 'cli-orchestrator');
		expect(byName(cliJson.queue.items)).toEqual(sims.cliOrchestrator.truth().waiting);
		expect(cliJson.agents.items.map(agent => agent.name).sort()).toEqual(sims.cliOrchestrator.truth().providers.map(provider => provider.name).sort());

		const orchestratorJson = system(json, 'agent-orchestrator');
		expect(orchestratorJson.locks.total).toBe(sims.agentOrchestrator.truth().activeMerges);
		const {active: _active, complete: _complete, ...waiting} = sims.agentOrchestrator.truth().tasks;
		expect(byName(orchestratorJson.queue.items)).toEqual(waiting);

		const pipelineJson = system(json, 'dev-pipeline');
		expect(pipelineJson.agents.items.map(agent => agent.name).sort()).toEqual(sims.devPipeline.truth().agents.map(agent => agent.name).sort());
		expect(pipelineJson.locks.status).toBe('unsupported');
		expect(json.errors).toEqual([]);
	}, 60_000);

	it('shows an alert of every system, with the built-in runbook of that system', async () => {
		sims.coordination.setScenario('lock-pileup');
		sims.codingTeam.setScenario('queue-backlog');
		sims.cliOrchestrator.setScenario('queue-backlog');
		sims.agentOrchestrator.setScenario('concurrent-merges');
		sims.devPipeline.setScenario('low-success');
		const expected: Record<string, string> = {
			'coordination-server': 'HighLockContention',
			'coding-team': 'QueueBacklog',
			'cli-orchestrator': 'HighQueueDepth',
			'agent-orchestrator': 'ConcurrentMerges',
			'dev-pipeline': 'LowSuccessRate',
		};
		const json = await waitFor(async () => {
			const snapshot = await once();
			const firing = (id: string) => snapshot.alerts.some(alert => alert.name === expected[id] && alert.state === 'firing' && alert.labels.system === id);
			return Object.keys(expected).every(firing) ? snapshot : undefined;
		}, {timeoutMs: 50_000, intervalMs: 1500, description: 'one alert of each system firing'});
		for (const [id, name] of Object.entries(expected)) {
			const alert = json.alerts.find(candidate => candidate.name === name && candidate.labels.system === id)!;
			expect(alert.runbook, name).toBe('built-in');
		}
	}, 70_000);
});
