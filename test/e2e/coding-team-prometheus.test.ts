import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SystemSnapshot} from '../../source/model/types.js';
import {codingTeam} from '../../source/profiles/coding-team.js';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator, type CodingTeamScenarioName, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {Monitor} from '../../source/sources/monitor.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/coding-team/alerts.yml');

let sim: CodingTeamSimulator;
let prometheus: RunningDaemon;
let monitor: Monitor;

/** One refresh of agentmon's own stack; the coding-team system as it would be shown. */
async function poll(): Promise<SystemSnapshot> {
	await monitor.pollOnce();
	const system = monitor.store.getSnapshot().systems[0];
	if (!system) throw new Error('no system in the snapshot');
	return system;
}

const firing = (alertname: string) =>
	monitor.store.getSnapshot().alerts.items.find(alert => alert.name === alertname && alert.state === 'firing' && alert.labels.system === 'coding-team');

beforeAll(async () => {
	sim = await startCodingTeamSimulator({port: 0, scenario: 'normal'});
	prometheus = await startPrometheus({
		targets: [{job: 'ai-coding-team', url: sim.url, metricsPath: CODING_TEAM_METRICS_PATH}],
		ruleFiles: [RULES],
		fastRules: true,
	});
	const client = new PrometheusClient({url: prometheus.url, timeoutMs: 5000});
	monitor = new Monitor({client, url: prometheus.url, profiles: [codingTeam], intervalMs: 1000, windowMs: 60_000});
}, 60_000);

afterAll(async () => {
	monitor?.stop();
	await prometheus?.stop();
	await sim?.close();
});

describe('agentmon reading the coding-team simulator through a real Prometheus', () => {
	it('shows every pane equal to what the simulator serves, and no alert in the normal scenario', async () => {
		const system = await waitFor(async () => {
			const snapshot = await poll();
			const histograms = snapshot.latency.items.length === 3 && snapshot.latency.items.every(row => Number.isFinite(row.p95));
			const extras = snapshot.extras.every(pane => pane.rows.length > 0);
			// rate() over the first few jobs extrapolates wildly (one failure in the first seconds reads as 40%):
			// wait until the window holds enough jobs for the normal 5% to show.
			const failures = snapshot.latency.ratios.find(ratio => ratio.name === 'job failures')?.value ?? Number.NaN;
			return snapshot.agents.items.length === 3 && histograms && extras && failures < 20 ? snapshot : undefined;
		}, {timeoutMs: 30_000, intervalMs: 1000, description: 'every pane filled'});
		const truth = sim.truth();
		const now = Date.now() / 1000;

		expect(system.profile).toBe('coding-team');
		expect(system.up).toMatchObject({status: 'up', targets: [{job: 'ai-coding-team', instance: new URL(sim.url).host, up: true}]});

		expect(system.agents.status).toBe('ok');
		expect(system.agents.items.map(agent => agent.name)).toEqual(truth.workers.map(worker => `${worker.worker}/${worker.mode}/${worker.agentType}`));
		for (const [index, agent] of system.agents.items.entries()) {
			expect(agent.level, agent.name).toBe('ok');
			expect(agent.values!.heartbeat!, agent.name).toBeCloseTo(now - truth.workers[index]!.lastHeartbeat, -1);
			expect(agent.values!.heartbeat!, agent.name).toBeLessThan(5);
		}

		expect(system.locks).toMatchObject({status: 'unsupported', message: 'this system exposes no locks', items: []});

		expect(system.queue.status).toBe('ok');
		expect(Object.fromEntries(system.queue.items.map(row => [row.name, row.value]))).toEqual(truth.queue);
		expect(Object.fromEntries(system.queue.active.map(row => [row.name, row.value]))).toEqual(truth.running);
		expect(system.queue.depth).toBe(truth.queue.mechanic + truth.queue.genius);

		expect(system.latency.status).toBe('ok');
		const latency = Object.fromEntries(system.latency.items.map(row => [row.name, row]));
		expect(latency.job!.p95).toBeGreaterThan(5);
		expect(latency.job!.p95).toBeLessThan(60);
		expect(latency.tool!.p99).toBeLessThan(5);
		expect(latency.database!.p99).toBeLessThan(1);
		expect(system.latency.items.every(row => row.level === 'ok')).toBe(true);
		const ratios = Object.fromEntries(system.latency.ratios.map(ratio => [ratio.name, ratio.value]));
		expect(ratios['job failures']).toBeLessThan(20);
		expect(ratios['tokens/min']).toBeGreaterThan(0);

		expect(system.extras.map(pane => pane.title)).toEqual(['Jobs by mode', 'Errors by type', 'Tools', 'Database']);
		expect(system.extras[0]!.rows.map(row => row.name)).toEqual(['genius', 'mechanic']);
		expect(system.extras[1]!.rows.map(row => row.name)).toEqual(['database', 'llm_api', 'tool_execution', 'validation']);
		expect(system.extras[2]!.rows.map(row => row.name)).toEqual(['apply_patch', 'read_file']);
		expect(system.extras[3]!.rows.map(row => row.name)).toEqual(['append_ledger', 'claim_job', 'update_status']);

		const alerts = monitor.store.getSnapshot().alerts;
		expect(alerts.status).toBe('ok');
		expect(alerts.items.filter(alert => alert.state === 'firing')).toEqual([]);
	}, 45_000);

	// [scenario, the alert it fires]; job-failures first, as earlier healthy traffic dilutes the failure ratio.
	const cases: Array<[CodingTeamScenarioName, string]> = [
		['job-failures', 'HighFailureRate'],
		['queue-backlog', 'QueueBacklog'],
		['worker-down', 'WorkerDown'],
		['token-spike', 'TokenSpike'],
		['slow-tools', 'SlowToolCalls'],
	];
	it.each(cases)('scenario %s fires %s, shown in agentmon\'s alerts pane', async (scenario, alertname) => {
		sim.setScenario(scenario);
		const alert = await waitFor(async () => {
			await monitor.pollOnce();
			return firing(alertname);
		}, {timeoutMs: 40_000, intervalMs: 1000, description: `${alertname} firing`});
		expect(alert.annotations.runbook_url).toMatch(new RegExp(`coding-team\\.md#${alertname.toLowerCase()}$`));
		expect(codingTeam.runbooks.some(runbook => runbook.alert === alertname)).toBe(true);
		const system = await poll();
		if (scenario === 'queue-backlog') {
			expect(Object.fromEntries(system.queue.items.map(row => [row.name, row.value]))).toEqual(sim.truth().queue);
			expect(alert.severity).toBe('warning');
		}
		if (scenario === 'worker-down') {
			expect(alert.labels).toMatchObject({worker: 'worker-2', mode: 'mechanic', agent_type: 'reviewer', severity: 'critical'});
			const worker = system.agents.items.find(agent => agent.name === 'worker-2/mechanic/reviewer')!;
			expect(worker.level).toBe('crit');
			expect(worker.values!.heartbeat).toBeGreaterThan(110);
			expect(Object.fromEntries(system.queue.active.map(row => [row.name, row.value]))).toEqual(sim.truth().running);
		}
	}, 45_000);
});
