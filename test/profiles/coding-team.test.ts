import {describe, expect, it} from 'vitest';
import {planQueries} from '../../source/model/queries.js';
import {shapeSystem, type Results} from '../../source/model/shape.js';
import {codingTeam} from '../../source/profiles/coding-team.js';
import {isAgentsTable, isUnsupported} from '../../source/profiles/types.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';

const NOW = 1_700_000_000_000;
const ok = (data: Sample[]): Result<Sample[]> => ({ok: true, data, warnings: []});
const empty = ok([]);
const quantiles = (p50: number, p95: number, p99: number): Sample[] => [
	{labels: {quantile: '0.5'}, value: p50},
	{labels: {quantile: '0.95'}, value: p95},
	{labels: {quantile: '0.99'}, value: p99},
];
const byMode = (mechanic: number, genius: number): Sample[] => [
	{labels: {mode: 'mechanic'}, value: mechanic},
	{labels: {mode: 'genius'}, value: genius},
];

/** Results as a real Prometheus answers them for the coding-team simulator (normal scenario). */
function results(overrides: Record<string, Result<Sample[]>> = {}): Results {
	return new Map(
		Object.entries({
			up: ok([{labels: {job: 'ai-coding-team', instance: '127.0.0.1:3000'}, value: 1}]),
			'agents.heartbeat': ok([
				{labels: {worker: 'worker-1/mechanic/coder', mode: 'mechanic', agent_type: 'coder'}, value: 0.8},
				{labels: {worker: 'worker-2/mechanic/reviewer', mode: 'mechanic', agent_type: 'reviewer'}, value: 1.1},
				{labels: {worker: 'worker-3/genius/planner', mode: 'genius', agent_type: 'planner'}, value: 0.9},
			]),
			queue: ok(byMode(12, 3)),
			'queue.active': ok(byMode(2, 1)),
			'latency.job': ok(quantiles(22, 48, 58)),
			'latency.tool': ok(quantiles(0.6, 1.4, 1.9)),
			'latency.database': ok(quantiles(0.05, 0.2, 0.24)),
			'ratio.job failures': ok([{labels: {}, value: 5}]),
			'ratio.errors/min': ok([{labels: {}, value: 2}]),
			'ratio.escalations/h': ok([{labels: {}, value: 0}]),
			'ratio.tokens/min': ok([{labels: {}, value: 720_000}]),
			'ratio.jobs/min': ok([{labels: {}, value: 168}]),
			'extra.0.done/min': ok(byMode(114, 45)),
			'extra.0.failed': ok(byMode(5, 5)),
			'extra.0.p95': ok(byMode(48, 49)),
			'extra.0.tokens/min': ok(byMode(480_000, 240_000)),
			'extra.0.over budget': ok(byMode(0, 0)),
			'extra.0.escalations/h': ok(byMode(0, 0)),
			'extra.1.per min': ok([{labels: {type: 'llm_api'}, value: 0.5}, {labels: {type: 'database'}, value: 0}]),
			'extra.1.total': ok([{labels: {type: 'llm_api'}, value: 3}, {labels: {type: 'database'}, value: 0}]),
			'extra.2.p99': ok([{labels: {tool: 'read_file'}, value: 1.9}, {labels: {tool: 'apply_patch'}, value: 1.8}]),
			'extra.2.calls/min': ok([{labels: {tool: 'read_file'}, value: 240}, {labels: {tool: 'apply_patch'}, value: 240}]),
			'extra.3.p99': ok([{labels: {operation: 'claim_job'}, value: 0.24}]),
			'extra.3.queries/s': ok([{labels: {operation: 'claim_job'}, value: 4}]),
			...overrides,
		}),
	);
}

describe('codingTeam profile', () => {
	it('is data about the seed: signature, up, unsupported locks, runbooks', () => {
		expect(codingTeam.id).toBe('coding-team');
		expect(codingTeam.signature).toEqual(['job_claimed_total', 'tokens_used_total', 'escalation_total']);
		expect(codingTeam.up.promql).toContain('up{job="ai-coding-team"}');
		expect(codingTeam.up.promql).toContain('last_over_time(job_claimed_total[1h])');
		expect(isUnsupported(codingTeam.locks)).toBe(true);
		expect(codingTeam.notes).toContain('job.duration_ms → job_duration_seconds');
		expect(codingTeam.runbooks.map(runbook => runbook.alert).sort()).toEqual(
			['DatabaseLatency', 'HighErrorRate', 'HighEscalationRate', 'HighFailureRate', 'QueueBacklog', 'SlowJobs', 'SlowToolCalls', 'TokenBudgetExceeded', 'TokenSpike', 'WorkerDown'],
		);
		for (const runbook of codingTeam.runbooks) {
			expect(runbook.title.length).toBeLessThanOrEqual(70);
			expect(runbook.steps.length).toBeGreaterThanOrEqual(4);
			expect(runbook.steps.length).toBeLessThanOrEqual(7);
			expect(runbook.steps[0]!.commands?.some(command => command.lang === 'promql')).toBe(true);
			for (const step of runbook.steps) expect(step.title.length, step.title).toBeLessThanOrEqual(70);
		}
	});
});

describe('planQueries(codingTeam)', () => {
	it('asks for every pane with the seed metric names and the window, and nothing for locks', () => {
		const plan = planQueries(codingTeam, 300_000);
		expect(plan.get('agents.heartbeat')).toContain('time() - max by (worker, mode, agent_type) (worker_last_heartbeat_timestamp_seconds)');
		expect([...plan.keys()].filter(key => key.startsWith('locks'))).toEqual([]);
		expect(plan.get('queue')).toBe('sum by (mode) (queue_depth)');
		expect(plan.get('queue.active')).toContain('sum by (mode) (job_claimed_total) - (sum by (mode) (job_completed_total)');
		expect(plan.get('latency.job')).toContain('histogram_quantile(0.95, sum by (le) (rate(job_duration_seconds_bucket[5m])))');
		expect(plan.get('latency.tool')).toContain('tool_duration_seconds_bucket[5m]');
		expect(plan.get('latency.database')).toContain('database_query_duration_seconds_bucket[5m]');
		expect(plan.get('ratio.job failures')).toBe(
			'100 * sum(rate(job_failed_total[5m])) / (sum(rate(job_completed_total[5m])) + sum(rate(job_failed_total[5m])))',
		);
		expect(plan.get('extra.0.over budget')).toBe('sum by (mode) (increase(budget_exceeded_total[5m]))');
		expect(plan.get('extra.2.p99')).toContain('sum by (tool, le) (rate(tool_duration_seconds_bucket[5m]))');
		for (const promql of plan.values()) expect(promql).not.toContain('$window');
	});
});

describe('shapeSystem(codingTeam)', () => {
	it('shapes every pane of a healthy system', () => {
		const system = shapeSystem(codingTeam, results(), NOW);
		expect(system).toMatchObject({profile: 'coding-team', title: 'AI Coding Team'});
		expect(system.up).toMatchObject({status: 'up', targets: [{job: 'ai-coding-team', instance: '127.0.0.1:3000', up: true}]});
		expect(system.agents.status).toBe('ok');
		expect(system.agents.items.map(agent => [agent.name, agent.level])).toEqual([
			['worker-1/mechanic/coder', 'ok'],
			['worker-2/mechanic/reviewer', 'ok'],
			['worker-3/genius/planner', 'ok'],
		]);
		expect(system.agents.items[0]).toMatchObject({state: '0s ago', values: {heartbeat: 0.8}});
		expect(system.locks).toEqual({status: 'unsupported', message: 'this system exposes no locks', items: []});
		expect(system.queue).toMatchObject({status: 'ok', depth: 15, updatedAt: NOW});
		expect(system.queue.items.map(row => [row.name, row.value])).toEqual([['mechanic', 12], ['genius', 3]]);
		expect(system.queue.active.map(row => [row.name, row.value])).toEqual([['mechanic', 2], ['genius', 1]]);
		expect(system.latency.status).toBe('ok');
		expect(system.latency.items.map(row => [row.name, row.p95, row.level])).toEqual([['job', 48, 'ok'], ['tool', 1.4, 'ok'], ['database', 0.2, 'ok']]);
		expect(system.latency.ratios.map(ratio => [ratio.name, ratio.level])).toEqual([
			['job failures', 'ok'],
			['errors/min', 'ok'],
			['escalations/h', 'ok'],
			['tokens/min', 'neutral'],
			['jobs/min', 'neutral'],
		]);
		expect(system.extras.map(pane => [pane.title, pane.status, pane.rows.length])).toEqual([
			['Jobs by mode', 'ok', 2],
			['Errors by type', 'ok', 2],
			['Tools', 'ok', 2],
			['Database', 'ok', 1],
		]);
		expect(system.extras[0]!.columns.map(column => column.name)).toEqual(['done/min', 'failed', 'p95', 'tokens/min', 'over budget', 'escalations/h']);
		expect(system.extras[0]!.rows[0]!.levels).toEqual(['neutral', 'ok', 'ok', 'neutral', 'ok', 'ok']);
	});

	it('colours from the seed thresholds', () => {
		const system = shapeSystem(
			codingTeam,
			results({
				'agents.heartbeat': ok([{labels: {worker: 'worker-2/mechanic/reviewer'}, value: 125}]),
				'latency.job': ok(quantiles(90, 200, 240)),
				'ratio.job failures': ok([{labels: {}, value: 45}]),
				'ratio.errors/min': ok([{labels: {}, value: 32}]),
				'extra.0.over budget': ok(byMode(0, 3)),
			}),
			NOW,
		);
		expect(system.agents.items).toEqual([{name: 'worker-2/mechanic/reviewer', state: '2m ago', level: 'crit', values: {heartbeat: 125}}]);
		expect(system.latency.items[0]!.level).toBe('warn');
		expect(system.latency.ratios.slice(0, 2).map(ratio => ratio.level)).toEqual(['crit', 'warn']);
		const genius = system.extras[0]!.rows.find(row => row.name === 'genius')!;
		expect(genius.levels[4]).toBe('warn');
	});

	it('says which metric it looked for when there is no data, never a zero', () => {
		const none = Object.fromEntries(
			[...planQueries(codingTeam, 60_000).keys()].filter(key => key !== 'up').map(key => [key, empty]),
		);
		const system = shapeSystem(codingTeam, results(none), NOW);
		expect(system.agents).toMatchObject({status: 'no-data', message: expect.stringContaining('worker_last_heartbeat_timestamp_seconds')});
		expect(system.queue).toMatchObject({status: 'no-data', message: expect.stringContaining('queue_depth')});
		expect(system.latency.status).toBe('no-data');
		expect(system.latency.message).toContain('job_duration_seconds_bucket, tool_duration_seconds_bucket, database_query_duration_seconds_bucket');
		expect(system.extras.map(pane => pane.status)).toEqual(['no-data', 'no-data', 'no-data', 'no-data']);
		expect(system.extras[1]!.message).toContain('error_total');
		expect(system.locks.status).toBe('unsupported');
	});

	it('uses a table-shaped agents pane keyed by worker', () => {
		expect(isUnsupported(codingTeam.agents)).toBe(false);
		if (isUnsupported(codingTeam.agents) || !isAgentsTable(codingTeam.agents)) throw new Error('expected a table');
		expect(codingTeam.agents).toMatchObject({rowLabel: 'worker', stateColumn: 'heartbeat'});
	});
});
