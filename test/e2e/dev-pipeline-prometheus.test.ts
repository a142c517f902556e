import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SystemSnapshot} from '../../source/model/types.js';
import {devPipeline} from '../../source/profiles/dev-pipeline.js';
import {startDevPipelineSimulator, type DevPipelineScenarioName, type DevPipelineSimulator} from '../../source/sim/dev-pipeline.js';
import {Monitor} from '../../source/sources/monitor.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/dev-pipeline/alerts.yml');
const JOB = 'agent_workflow';

let sim: DevPipelineSimulator;
let prometheus: RunningDaemon;
let monitor: Monitor;
let rulesDir: string;

/** One refresh of agentmon's own stack, and the dev-pipeline system it shows. */
async function poll(): Promise<SystemSnapshot> {
	await monitor.pollOnce();
	return monitor.store.getSnapshot().systems[0]!;
}

beforeAll(async () => {
	sim = await startDevPipelineSimulator({port: 0, scenario: 'normal'});
	// The seed's group evaluates every 30 s; the test copy drops that so the 1 s global interval applies.
	rulesDir = await mkdtemp(path.join(os.tmpdir(), 'agentmon-dev-pipeline-rules-'));
	const rules = path.join(rulesDir, 'alerts.yml');
	await writeFile(rules, (await readFile(RULES, 'utf8')).replace(/^\s*interval: 30s\n/m, '\n'));
	prometheus = await startPrometheus({targets: [{job: JOB, url: sim.url}], ruleFiles: [rules], fastRules: true});
	const client = new PrometheusClient({url: prometheus.url, timeoutMs: 5000});
	monitor = new Monitor({client, url: prometheus.url, profiles: [devPipeline], intervalMs: 1000, windowMs: 60_000});
}, 60_000);

afterAll(async () => {
	monitor?.stop();
	await prometheus?.stop();
	await sim?.close();
	if (rulesDir) await rm(rulesDir, {recursive: true, force: true});
});

/** Asserts the agents, queue and sessions panes equal the simulator's truth (ages within a few seconds). */
function expectGaugesMatchTruth(system: SystemSnapshot): void {
	const truth = sim.truth();
	expect(system.agents.items.map(agent => agent.name)).toEqual(truth.agents.map(agent => agent.name).sort());
	const now = Date.now() / 1000;
	for (const expected of truth.agents) {
		const values = system.agents.items.find(agent => agent.name === expected.name)!.values!;
		expect(values.success, expected.name).toBe(expected.successRate);
		expect(Math.abs(values['last run']! - (now - expected.lastExecutionTimestamp)), `${expected.name} last run`).toBeLessThan(10);
	}
	expect(system.queue).toMatchObject({
		status: 'ok',
		depth: truth.parallelExecutions,
		items: [{name: 'parallel executions', value: truth.parallelExecutions}],
		active: [{name: 'sessions', value: truth.activeSessions}],
	});
	const sessions = system.extras[1]!;
	expect(sessions.rows.map(row => row.name)).toEqual([new URL(sim.url).host]);
	expect(sessions.rows[0]!.values.slice(0, 3)).toEqual([truth.totals.sessions, truth.totals.uniqueAgents, truth.totals.avgAgentsPerSession]);
}

describe('the dev-pipeline simulator through a real Prometheus and agentmon\'s own stack', () => {
	it('shows every pane as the simulator serves it, and no alert in the normal scenario', async () => {
		const system = await waitFor(
			async () => {
				const snapshot = await poll();
				const histogramsReady = snapshot.latency.items.length === 2 && snapshot.latency.items.every(row => Number.isFinite(row.p95));
				const agentsReady = snapshot.agents.items.length === 5 && snapshot.agents.items.every(agent => Number.isFinite(agent.values?.p95));
				const sessionsReady = Number.isFinite(snapshot.extras[1]?.rows[0]?.values[3]);
				return histogramsReady && agentsReady && sessionsReady ? snapshot : undefined;
			},
			{timeoutMs: 40_000, intervalMs: 1000, description: 'every pane with data'},
		);
		expect(system.up).toMatchObject({status: 'up', targets: [{job: JOB, instance: new URL(sim.url).host, up: true}]});
		expect(system.agents.status).toBe('ok');
		expectGaugesMatchTruth(system);
		for (const agent of system.agents.items) {
			expect(agent.values!.p95, agent.name).toBeGreaterThan(0);
			expect(agent.values!.p95, agent.name).toBeLessThanOrEqual(300);
			expect(agent.values!.errors, agent.name).toBe(0);
			expect(agent.state, agent.name).toMatch(/ago$/);
		}
		expect(system.locks).toMatchObject({status: 'unsupported', message: 'this system exposes no locks'});
		expect(system.latency.status).toBe('ok');
		expect(system.latency.items.map(row => row.name)).toEqual(['agent run', 'session']);
		expect(system.latency.items[0]!.p95).toBeLessThanOrEqual(300);
		expect(system.latency.ratios.map(ratio => ratio.name)).toEqual(['invocations', 'errors', 'failed runs']);
		expect(system.latency.ratios[0]!.value).toBeGreaterThan(0);
		expect(system.latency.ratios[1]!.value).toBe(0);
		const phases = system.extras[0]!;
		expect(phases).toMatchObject({status: 'ok', title: 'Phases'});
		expect(phases.rows.map(row => row.name)).toEqual([...sim.truth().phases].sort());
		const shares = phases.rows.map(row => row.values[1]!);
		expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, 5);
		expect(monitor.store.getSnapshot().alerts.items.filter(alert => alert.state === 'firing')).toEqual([]);
	}, 45_000);

	// [scenario, alert it fires, severity]
	const cases: Array<[DevPipelineScenarioName, string, string]> = [
		['low-success', 'LowSuccessRate', 'warning'],
		['error-burst', 'HighErrorRate', 'critical'],
		['slow-agent', 'AgentExecutionSlow', 'warning'],
	];
	it.each(cases)('scenario %s fires %s, shown in agentmon\'s alerts pane', async (scenario, alertname, severity) => {
		sim.setScenario(scenario);
		const alert = await waitFor(
			async () => {
				await monitor.pollOnce();
				return monitor.store.getSnapshot().alerts.items.find(item => item.name === alertname && item.state === 'firing');
			},
			{timeoutMs: 40_000, intervalMs: 1000, description: `${alertname} firing`},
		);
		expect(alert).toMatchObject({severity, labels: {system: 'dev-pipeline', job: JOB}});
		expect(alert.runbookUrl).toMatch(new RegExp(`dev-pipeline\\.md#${alertname.toLowerCase()}$`));
		const system = await poll();
		expectGaugesMatchTruth(system);
		if (scenario === 'low-success') {
			expect(alert.labels.agent).toBe('code-reviewer');
			const reviewer = system.agents.items.find(agent => agent.name === 'code-reviewer')!;
			expect(reviewer.values!.success).toBe(55);
			expect(['warn', 'crit']).toContain(reviewer.level);
		}
		if (scenario === 'error-burst') expect(alert.labels).toMatchObject({agent: 'test-engineer', phase: 'testing'});
		if (scenario === 'slow-agent') expect(alert.labels.agent).toBe('developer');
	}, 45_000);

	it('shows the target down when the exporter answers 503', async () => {
		sim.setScenario('down');
		const system = await waitFor(async () => {
			const snapshot = await poll();
			return snapshot.up.status === 'down' ? snapshot : undefined;
		}, {timeoutMs: 20_000, intervalMs: 1000, description: 'up == 0'});
		expect(system.up.targets).toEqual([{job: JOB, instance: new URL(sim.url).host, up: false}]);
	}, 25_000);
});
