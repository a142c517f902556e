import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {agentOrchestrator} from '../../source/profiles/agent-orchestrator.js';
import {startAgentOrchestratorSimulator, type AgentOrchestratorScenarioName, type AgentOrchestratorSimulator} from '../../source/sim/agent-orchestrator.js';
import {Monitor} from '../../source/sources/monitor.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const JOB = 'agent-orchestrator';

let sim: AgentOrchestratorSimulator;
let prometheus: RunningDaemon;
let monitor: Monitor;
let rulesDir: string;

/** The latest snapshot of the one system polled, after one more poll. */
async function poll() {
	await monitor.pollOnce();
	const state = monitor.store.getSnapshot();
	return {system: state.systems[0]!, alerts: state.alerts.items};
}

beforeAll(async () => {
	// The guide evaluates its groups every 10 s and 30 s; drop the group intervals so the test runs on the 1 s global one.
	rulesDir = await mkdtemp(path.join(os.tmpdir(), 'agentmon-ao-rules-'));
	const rules = path.join(rulesDir, 'alerts.yml');
	await writeFile(rules, (await readFile('examples/agent-orchestrator/alerts.yml', 'utf8')).replace(/^\s*interval:\s*\S+[ \t]*\n/gm, ''));
	sim = await startAgentOrchestratorSimulator({port: 0, scenario: 'normal'});
	prometheus = await startPrometheus({targets: [{job: JOB, url: sim.url}], ruleFiles: [rules], fastRules: true});
	const client = new PrometheusClient({url: prometheus.url, timeoutMs: 5000});
	monitor = new Monitor({client, url: prometheus.url, profiles: [agentOrchestrator], intervalMs: 1000, windowMs: 60_000});
}, 60_000);

afterAll(async () => {
	monitor?.stop();
	await prometheus?.stop();
	await sim?.close();
	if (rulesDir) await rm(rulesDir, {recursive: true, force: true});
});

describe('agentmon polling a real Prometheus that scrapes the agent-orchestrator simulator', () => {
	it('shows every pane equal to what the simulator serves, and no alert in the normal scenario', async () => {
		const truth = sim.truth();
		const system = await waitFor(async () => {
			const {system} = await poll();
			const ready = system.latency.status === 'ok' && system.latency.items.length === 3 && system.latency.items.every(row => Number.isFinite(row.p95));
			return ready && system.agents.items.every(agent => Number.isFinite(agent.values?.success)) ? system : undefined;
		}, {timeoutMs: 30_000, intervalMs: 1000, description: 'every pane with data'});

		expect(system.up).toMatchObject({status: 'up', targets: [{job: JOB, instance: new URL(sim.url).host, up: true}]});
		expect(system.agents.status).toBe('ok');
		expect(Object.fromEntries(system.agents.items.map(agent => [agent.name, agent.values!.active]))).toEqual(truth.workers);
		for (const agent of system.agents.items) expect(agent.state).toBe(String(truth.workers[agent.name as keyof typeof truth.workers]));

		expect(system.locks).toMatchObject({status: 'ok', total: truth.activeMerges, totalLevel: 'ok'});
		expect(system.locks.items).toEqual([{name: new URL(sim.url).host, value: truth.activeMerges, level: 'ok'}]);
		expect(Number.isFinite(system.locks.waitP95)).toBe(true);

		const {active, complete, ...waiting} = truth.tasks;
		expect(complete).toBeGreaterThan(0);
		expect(system.queue.status).toBe('ok');
		expect(Object.fromEntries(system.queue.items.map(row => [row.name, row.value]))).toEqual(waiting);
		expect(system.queue.depth).toBe(Object.values(waiting).reduce((sum, value) => sum + value, 0));
		expect(system.queue.active.map(row => [row.name, row.value])).toEqual([['active', active]]);

		expect(system.latency.items.map(row => row.name)).toEqual(['merge', 'task', 'lock wait']);
		const merge = system.latency.items[0]!;
		expect(merge.p95).toBeGreaterThan(0.5);
		expect(merge.p95).toBeLessThanOrEqual(5);
		expect(system.latency.ratios.map(ratio => ratio.name)).toEqual(['merge conflicts', 'conflict share', 'merge errors', 'task failures', 'retries per task']);
		expect(system.latency.ratios[0]!.level).toBe('ok');

		for (const pane of [system.agents, system.locks, system.queue, system.latency]) expect(pane.status).not.toBe('unsupported');
		const [llm, merges] = system.extras;
		expect(llm).toMatchObject({status: 'ok', title: 'LLM cost and rate limits'});
		expect(llm!.rows.map(row => row.name)).toEqual(['claude-sonnet-4', 'gpt-4-turbo']);
		expect(merges!.rows.map(row => row.name)).toEqual(['conflict', 'error', 'success']);

		const {alerts} = await poll();
		expect(alerts).toEqual([]);
	}, 45_000);

	it('follows a scenario switch: the tasks queue and active merges change', async () => {
		sim.setScenario('task-backlog');
		// The queue and agents panes are separate queries; a scrape can land between them, so wait for both to agree with the simulator.
		const workers = sim.truth().workers;
		const system = await waitFor(async () => {
			const {system} = await poll();
			const backlog = system.queue.items.find(row => row.name === 'planned')?.value === 40;
			const agents = system.agents.items.every(agent => agent.values?.active === workers[agent.name as keyof typeof workers]);
			return backlog && agents ? system : undefined;
		}, {timeoutMs: 15_000, intervalMs: 500, description: 'the backlog in the queue pane and the workers in the agents pane'});
		const {active, complete: _complete, ...waiting} = sim.truth().tasks;
		expect(Object.fromEntries(system.queue.items.map(row => [row.name, row.value]))).toEqual(waiting);
		expect(system.queue.active.map(row => row.value)).toEqual([active]);
		expect(Object.fromEntries(system.agents.items.map(agent => [agent.name, agent.values!.active]))).toEqual(workers);
	}, 20_000);

	// [scenario, the alert it fires, its severity]; runaway-cost last: the cost counter stays above $10 afterwards.
	const cases: Array<[AgentOrchestratorScenarioName, string, string]> = [
		['concurrent-merges', 'ConcurrentMerges', 'critical'],
		['merge-conflicts', 'HighConflictRate', 'warning'],
		['rate-limited', 'RateLimitErrors', 'warning'],
		['runaway-cost', 'HighLLMCost', 'warning'],
	];
	it.each(cases)('scenario %s fires %s, seen in agentmon\'s alerts pane', async (scenario, alertname, severity) => {
		sim.setScenario(scenario);
		const alert = await waitFor(async () => (await poll()).alerts.find(item => item.name === alertname && item.state === 'firing'), {
			timeoutMs: 40_000,
			intervalMs: 1000,
			description: `${alertname} firing`,
		});
		expect(alert).toMatchObject({severity, labels: {system: 'agent-orchestrator', job: JOB}});
		expect(alert.runbookUrl).toMatch(new RegExp(`agent-orchestrator\\.md#${alertname.toLowerCase()}$`));
		if (scenario === 'concurrent-merges') {
			const {system} = await poll();
			expect(system.locks).toMatchObject({total: 3, totalLevel: 'crit'});
		}
	}, 45_000);
});
