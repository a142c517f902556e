import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {Results} from '../../source/model/shape.js';
import {planQueries} from '../../source/model/queries.js';
import {shapeSystem} from '../../source/model/shape.js';
import {agentOrchestrator} from '../../source/profiles/agent-orchestrator.js';
import {isUnsupported} from '../../source/profiles/types.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';

const NOW = 1_700_000_000_000;
const ok = (data: Sample[]): Result<Sample[]> => ({ok: true, data, warnings: []});
const quantiles = (p50: number, p95: number, p99: number): Sample[] => [
	{labels: {quantile: '0.5'}, value: p50},
	{labels: {quantile: '0.95'}, value: p95},
	{labels: {quantile: '0.99'}, value: p99},
];
const by = (label: string, rows: Record<string, number>): Sample[] => Object.entries(rows).map(([name, value]) => ({labels: {[label]: name}, value}));

/** Query results as a real Prometheus answers them for the agent-orchestrator simulator (normal scenario). */
function results(overrides: Record<string, Result<Sample[]>> = {}): Results {
	return new Map(
		Object.entries({
			up: ok([{labels: {job: 'agent-orchestrator', instance: '127.0.0.1:8000'}, value: 1}]),
			'agents.active': ok(by('worker_profile', {coder: 2, tester: 1, planner: 1})),
			'agents.success': ok(by('worker_profile', {coder: 95, tester: 90, planner: 100})),
			'agents.p95': ok(by('worker_profile', {coder: 115, tester: 58, planner: 29})),
			locks: ok([{labels: {instance: '127.0.0.1:8000'}, value: 1}]),
			'locks.wait': ok([{labels: {}, value: 0.28}]),
			queue: ok(by('status', {planned: 3, ready: 2, awaiting_qa: 1, failed: 1, waiting_human: 0, blocked: 0})),
			'queue.active': ok(by('status', {active: 4})),
			'latency.merge': ok(quantiles(2.1, 4.7, 4.9)),
			'latency.task': ok(quantiles(45, 110, 118)),
			'latency.lock wait': ok(quantiles(0.08, 0.28, 0.3)),
			'ratio.merge conflicts': ok([{labels: {}, value: 0.12}]),
			'ratio.conflict share': ok([{labels: {}, value: 10}]),
			'ratio.merge errors': ok([{labels: {}, value: 2}]),
			'ratio.task failures': ok([{labels: {}, value: 5}]),
			'ratio.retries per task': ok([{labels: {}, value: 0.3}]),
			'extra.0.cost': ok(by('model', {'gpt-4-turbo': 0.42, 'claude-sonnet-4': 0.11})),
			'extra.0.cost/h': ok(by('model', {'gpt-4-turbo': 5, 'claude-sonnet-4': 1.2})),
			'extra.0.requests': ok(by('model', {'gpt-4-turbo': 0.2, 'claude-sonnet-4': 0.2})),
			'extra.0.rate limits': ok(by('model', {'gpt-4-turbo': 0, 'claude-sonnet-4': 0})),
			'extra.0.tokens': ok(by('model', {'gpt-4-turbo': 100, 'claude-sonnet-4': 100})),
			'extra.1.merges': ok(by('result', {success: 1.05, conflict: 0.12, error: 0.02})),
			'extra.1.total': ok(by('result', {success: 120, conflict: 14, error: 2})),
			...overrides,
		}),
	);
}

describe('agentOrchestrator profile', () => {
	it('plans every query with the seed metric names and the window', () => {
		const plan = planQueries(agentOrchestrator, 300_000);
		expect(plan.get('up')).toContain('up{job="agent-orchestrator"}');
		expect(plan.get('agents.active')).toBe('sum by (worker_profile) (active_workers)');
		expect(plan.get('agents.success')).toContain('task_completion_total{status="success"}[5m]');
		expect(plan.get('agents.p95')).toBe('histogram_quantile(0.95, sum by (worker_profile, le) (rate(task_execution_duration_seconds_bucket[5m])))');
		expect(plan.get('locks')).toBe('sum by (instance) (git_active_merges)');
		expect(plan.get('locks.wait')).toBe('histogram_quantile(0.95, sum by (le) (rate(git_lock_wait_duration_seconds_bucket[5m])))');
		expect(plan.get('queue')).toBe('sum by (status) (tasks_by_state{status!~"active|complete"})');
		expect(plan.get('queue.active')).toBe('sum by (status) (tasks_by_state{status="active"})');
		expect(plan.get('latency.merge')).toContain('histogram_quantile(0.99, sum by (le) (rate(git_merge_duration_seconds_bucket[5m])))');
		expect(plan.get('ratio.merge conflicts')).toBe('sum(rate(git_merge_total{result="conflict"}[5m]))');
		expect(plan.get('extra.0.cost')).toBe('sum by (model) (llm_cost_dollars_total)');
		expect(plan.get('extra.0.rate limits')).toBe('sum by (model) (rate(llm_rate_limit_events_total[5m]))');
		expect(new Set(plan.keys())).toEqual(new Set(results().keys()));
		for (const promql of plan.values()) expect(promql).not.toContain('$window');
	});

	it('supports every pane: this system has a metric for each', () => {
		for (const pane of [agentOrchestrator.agents, agentOrchestrator.locks, agentOrchestrator.queue, agentOrchestrator.latency]) expect(isUnsupported(pane)).toBe(false);
		const system = shapeSystem(agentOrchestrator, results(), NOW);
		for (const pane of [system.agents, system.locks, system.queue, system.latency, ...system.extras]) expect(pane.status).not.toBe('unsupported');
	});

	it('shapes every pane of a healthy system', () => {
		const system = shapeSystem(agentOrchestrator, results(), NOW);
		expect(system).toMatchObject({profile: 'agent-orchestrator', title: 'Agent Orchestrator'});
		expect(system.up).toMatchObject({status: 'up', describe: 'up{job="agent-orchestrator"}'});
		expect(system.agents.items).toEqual([
			{name: 'coder', state: '2', level: 'ok', values: {active: 2, success: 95, p95: 115}},
			{name: 'planner', state: '1', level: 'ok', values: {active: 1, success: 100, p95: 29}},
			{name: 'tester', state: '1', level: 'ok', values: {active: 1, success: 90, p95: 58}},
		]);
		expect(system.locks).toMatchObject({status: 'ok', total: 1, totalLevel: 'ok', waitP95: 0.28, updatedAt: NOW});
		expect(system.locks.items).toEqual([{name: '127.0.0.1:8000', value: 1, level: 'ok'}]);
		expect(system.queue).toMatchObject({status: 'ok', depth: 7});
		expect(system.queue.items.map(row => [row.name, row.value])).toEqual([
			['planned', 3],
			['ready', 2],
			['awaiting_qa', 1],
			['waiting_human', 0],
			['blocked', 0],
			['failed', 1],
		]);
		expect(system.queue.active).toEqual([{name: 'active', value: 4, level: 'neutral'}]);
		expect(system.latency.items.map(row => [row.name, row.p95, row.level])).toEqual([
			['merge', 4.7, 'ok'],
			['task', 110, 'ok'],
			['lock wait', 0.28, 'neutral'],
		]);
		expect(system.latency.ratios.map(ratio => [ratio.name, ratio.value, ratio.level])).toEqual([
			['merge conflicts', 0.12, 'ok'],
			['conflict share', 10, 'neutral'],
			['merge errors', 2, 'neutral'],
			['task failures', 5, 'neutral'],
			['retries per task', 0.3, 'neutral'],
		]);
		const [llm, merges] = system.extras;
		expect(llm).toMatchObject({status: 'ok', title: 'LLM cost and rate limits'});
		expect(llm!.columns.map(column => column.name)).toEqual(['cost', 'cost/h', 'requests', 'rate limits', 'tokens']);
		expect(llm!.rows.map(row => [row.name, row.values[0], row.levels[0], row.levels[3]])).toEqual([
			['claude-sonnet-4', 0.11, 'ok', 'ok'],
			['gpt-4-turbo', 0.42, 'ok', 'ok'],
		]);
		expect(merges!.rows.map(row => [row.name, row.values[1]])).toEqual([
			['conflict', 14],
			['error', 2],
			['success', 120],
		]);
	});

	it('colours from the seed alert rules and dashboard guidance', () => {
		const system = shapeSystem(
			agentOrchestrator,
			results({
				locks: ok([{labels: {instance: '127.0.0.1:8000'}, value: 3}]),
				'ratio.merge conflicts': ok([{labels: {}, value: 9}]),
				'latency.merge': ok(quantiles(20, 45, 58)),
				'agents.p95': ok(by('worker_profile', {coder: 420})),
				'extra.0.cost': ok(by('model', {'gpt-4-turbo': 14.5})),
				'extra.0.rate limits': ok(by('model', {'gpt-4-turbo': 8})),
			}),
			NOW,
		);
		expect(system.locks).toMatchObject({total: 3, totalLevel: 'crit'});
		expect(system.locks.items[0]!.level).toBe('crit');
		expect(system.latency.ratios[0]!.level).toBe('warn');
		expect(system.latency.items[0]!.level).toBe('warn');
		expect(system.agents.items.find(agent => agent.name === 'coder')!.level).toBe('crit');
		const gpt = system.extras[0]!.rows.find(row => row.name === 'gpt-4-turbo')!;
		expect([gpt.levels[0], gpt.levels[3]]).toEqual(['warn', 'warn']);
	});

	it('says which metric it looked for when there is no data, never a zero', () => {
		const empty = ok([]);
		const system = shapeSystem(
			agentOrchestrator,
			results({
				'agents.active': empty,
				'agents.success': empty,
				'agents.p95': empty,
				locks: empty,
				queue: empty,
				'latency.merge': empty,
				'latency.task': empty,
				'latency.lock wait': empty,
				'extra.0.cost': empty,
				'extra.0.cost/h': empty,
				'extra.0.requests': empty,
				'extra.0.rate limits': empty,
				'extra.0.tokens': empty,
			}),
			NOW,
		);
		expect(system.agents).toMatchObject({status: 'no-data', message: 'no series for active_workers, task_completion_total, task_execution_duration_seconds_bucket'});
		expect(system.locks).toMatchObject({status: 'no-data', message: 'no series for git_active_merges'});
		expect(system.queue).toMatchObject({status: 'no-data', message: 'no series for tasks_by_state'});
		// The ratios still read, so the pane shows them and warns which histograms have no rate yet.
		expect(system.latency).toMatchObject({status: 'ok', items: []});
		expect(system.latency.warnings?.join(' ')).toContain('git_merge_duration_seconds_bucket');
		expect(system.extras[0]).toMatchObject({status: 'no-data', message: expect.stringContaining('llm_cost_dollars_total')});
	});

	it('has signature metrics unique to this system among the five seeds', () => {
		const seeds = ['000_3b8b7a76ac129f4e', '001_387e4c0ca220be8d', '002_7a6e6bb1fdb40f8b', '004_c2beb8f17f9b4f1d'];
		const others = seeds.map(name => readFileSync(new URL(`../../../shared/seeds/${name}.txt`, import.meta.url), 'utf8')).join('\n');
		const own = readFileSync(new URL('../../../shared/seeds/003_2f825ea79dd7d442.txt', import.meta.url), 'utf8');
		expect(agentOrchestrator.signature.length).toBeGreaterThanOrEqual(2);
		for (const name of agentOrchestrator.signature) expect(others, name).not.toContain(name);
		expect(own).toContain('git_active_merges');
		expect(own).toContain('git_merge_total');
	});

	it('has one complete built-in runbook for every alert rule of alerts.yml', () => {
		const rules = readFileSync(new URL('../../examples/agent-orchestrator/alerts.yml', import.meta.url), 'utf8');
		const alerts = [...rules.matchAll(/alert: (\w+)/g)].map(match => match[1]).sort();
		expect(alerts).toEqual(['ConcurrentMerges', 'HighConflictRate', 'HighLLMCost', 'RateLimitErrors']);
		expect(agentOrchestrator.runbooks.map(runbook => runbook.alert).sort()).toEqual(alerts);
		for (const runbook of agentOrchestrator.runbooks) {
			expect(runbook.source).toBe('built-in');
			expect(runbook.title.length).toBeLessThanOrEqual(70);
			expect(runbook.steps.length).toBeGreaterThanOrEqual(4);
			expect(runbook.steps.length).toBeLessThanOrEqual(7);
			expect(runbook.steps[0]!.commands?.some(command => command.lang === 'promql')).toBe(true);
			for (const step of runbook.steps) expect(step.title.length, step.title).toBeLessThanOrEqual(70);
		}
	});
});
