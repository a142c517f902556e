import {describe, expect, it} from 'vitest';
import {planQueries} from '../../source/model/queries.js';
import {shapeSystem, type Results} from '../../source/model/shape.js';
import {devPipeline} from '../../source/profiles/dev-pipeline.js';
import {isAgentsTable, isUnsupported} from '../../source/profiles/types.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';

const NOW = 1_700_000_000_000;
const ok = (data: Sample[]): Result<Sample[]> => ({ok: true, data, warnings: []});
const byAgent = (values: Record<string, number>): Sample[] => Object.entries(values).map(([agent, value]) => ({labels: {agent}, value}));
const byPhase = (values: Record<string, number>): Sample[] => Object.entries(values).map(([phase, value]) => ({labels: {phase}, value}));
const quantiles = (p50: number, p95: number, p99: number): Sample[] => [
	{labels: {quantile: '0.5'}, value: p50},
	{labels: {quantile: '0.95'}, value: p95},
	{labels: {quantile: '0.99'}, value: p99},
];
const instance = (value: number): Sample[] => [{labels: {instance: '127.0.0.1:9091'}, value}];

/** Query results as a real Prometheus answers them for the dev-pipeline simulator, by plan key. */
function results(overrides: Record<string, Result<Sample[]>> = {}): Results {
	return new Map(
		Object.entries({
			up: ok([{labels: {job: 'agent_workflow', instance: '127.0.0.1:9091'}, value: 1}]),
			'agents.last run': ok(byAgent({architect: 180, developer: 15, 'code-reviewer': 45})),
			'agents.success': ok(byAgent({architect: 94, developer: 88, 'code-reviewer': 55})),
			'agents.p95': ok(byAgent({architect: 140, developer: 450, 'code-reviewer': 85})),
			'agents.errors': ok(byAgent({architect: 0, developer: 0.02, 'code-reviewer': 0.3})),
			queue: ok([{labels: {kind: 'parallel executions'}, value: 3}]),
			'queue.active': ok([{labels: {kind: 'sessions'}, value: 2}]),
			'latency.agent run': ok(quantiles(80, 170, 195)),
			'latency.session': ok(quantiles(1500, 2300, 2380)),
			'ratio.invocations': ok([{labels: {}, value: 6}]),
			'ratio.errors': ok([{labels: {}, value: 0.02}]),
			'ratio.failed runs': ok([{labels: {}, value: 0.4}]),
			'extra.0.runs': ok(byPhase({design: 40, implementation: 60})),
			'extra.0.share': ok(byPhase({design: 40, implementation: 60})),
			'extra.0.rate': ok(byPhase({design: 1.2, implementation: 1.1})),
			'extra.0.errors': ok(byPhase({design: 0, implementation: 0.2})),
			'extra.1.sessions': ok(instance(42)),
			'extra.1.agents': ok(instance(5)),
			'extra.1.agents/session': ok(instance(3.5)),
			'extra.1.session p95': ok(instance(2300)),
			...overrides,
		}),
	);
}

describe('dev-pipeline profile', () => {
	it('names unique signature metrics and the seed job', () => {
		expect(devPipeline.signature).toEqual(['agent_success_rate', 'agent_last_execution_timestamp', 'phase_distribution_total']);
		expect(devPipeline.up.promql).toContain('up{job="agent_workflow"}');
		expect(devPipeline.runbooks.map(runbook => runbook.alert).sort()).toEqual(['AgentExecutionSlow', 'HighErrorRate', 'LowSuccessRate']);
		for (const runbook of devPipeline.runbooks) {
			expect(runbook.title.length).toBeLessThanOrEqual(70);
			expect(runbook.steps.length).toBeGreaterThanOrEqual(4);
			expect(runbook.steps.length).toBeLessThanOrEqual(7);
			expect(runbook.source).toBe('built-in');
		}
	});
});

describe('planQueries(devPipeline)', () => {
	it('asks for every pane with the seed metric names and the window', () => {
		const plan = planQueries(devPipeline, 300_000);
		expect(plan.get('agents.last run')).toBe('time() - max by (agent) (agent_last_execution_timestamp)');
		expect(plan.get('agents.success')).toBe('min by (agent) (agent_success_rate)');
		expect(plan.get('agents.p95')).toBe('histogram_quantile(0.95, sum by (agent, le) (rate(agent_duration_seconds_bucket[5m])))');
		expect(plan.has('locks')).toBe(false);
		expect(plan.get('queue')).toBe('label_replace(sum((parallel_executions_current and on (job, instance) agent_success_rate)), "kind", "parallel executions", "", "")');
		expect(plan.get('queue.active')).toContain('(active_sessions_count and on (job, instance) agent_success_rate)');
		expect(plan.get('latency.agent run')).toContain('histogram_quantile(0.99, sum by (le) (rate(agent_duration_seconds_bucket[5m])))');
		expect(plan.get('latency.session')).toContain('session_duration_seconds_bucket[5m]');
		expect(plan.get('extra.0.share')).toBe('100 * sum by (phase) (phase_distribution_total) / ignoring (phase) group_left () sum(phase_distribution_total)');
		expect(plan.get('extra.1.session p95')).toContain('[5m]');
		for (const promql of plan.values()) expect(promql).not.toContain('$window');
	});
});

describe('shapeSystem(devPipeline)', () => {
	it('shapes every pane, the unsupported one and the extras', () => {
		const system = shapeSystem(devPipeline, results(), NOW);
		expect(system).toMatchObject({profile: 'dev-pipeline', title: 'Claude Development Pipeline'});
		expect(system.up).toMatchObject({status: 'up', targets: [{job: 'agent_workflow', instance: '127.0.0.1:9091', up: true}]});
		expect(system.agents.status).toBe('ok');
		expect(system.agents.items.map(agent => [agent.name, agent.level])).toEqual([
			['architect', 'ok'],
			['code-reviewer', 'crit'],
			['developer', 'warn'],
		]);
		expect(system.agents.items[0]!.values).toEqual({'last run': 180, success: 94, p95: 140, errors: 0});
		expect(system.agents.items[0]!.state).toMatch(/3m/);
		expect(system.locks).toEqual({status: 'unsupported', message: 'this system exposes no locks', items: []});
		expect(system.queue).toMatchObject({status: 'ok', depth: 3, items: [{name: 'parallel executions', value: 3}], active: [{name: 'sessions', value: 2}]});
		expect(system.latency.items.map(row => [row.name, row.p50, row.p95, row.p99, row.level])).toEqual([
			['agent run', 80, 170, 195, 'ok'],
			['session', 1500, 2300, 2380, 'neutral'],
		]);
		expect(system.latency.ratios.map(ratio => [ratio.name, ratio.value, ratio.level])).toEqual([
			['invocations', 6, 'neutral'],
			['errors', 0.02, 'ok'],
			['failed runs', 0.4, 'ok'],
		]);
		expect(system.extras.map(extra => extra.title)).toEqual(['Phases', 'Sessions']);
		expect(system.extras[0]!.rows.map(row => [row.name, ...row.values])).toEqual([
			['design', 40, 40, 1.2, 0],
			['implementation', 60, 60, 1.1, 0.2],
		]);
		expect(system.extras[0]!.rows[1]!.levels[3]).toBe('crit');
		expect(system.extras[1]!.rows).toEqual([{name: '127.0.0.1:9091', values: [42, 5, 3.5, 2300], levels: ['neutral', 'neutral', 'neutral', 'neutral']}]);
	});

	it('colours from the seed thresholds', () => {
		const system = shapeSystem(
			devPipeline,
			results({
				'latency.agent run': ok(quantiles(200, 420, 800)),
				'ratio.errors': ok([{labels: {}, value: 0.5}]),
				'ratio.failed runs': ok([{labels: {}, value: 45}]),
			}),
			NOW,
		);
		expect(system.latency.items[0]!.level).toBe('warn');
		expect(system.latency.ratios.map(ratio => ratio.level)).toEqual(['neutral', 'crit', 'warn']);
		const spec = devPipeline.agents;
		if (isUnsupported(spec) || !isAgentsTable(spec)) throw new Error('agents should be a table');
		expect(spec.stateColumn).toBe('last run');
	});

	it('says which metrics it looked for when there is no data, never a zero', () => {
		const empty = ok([]);
		const keys = [...planQueries(devPipeline, 60_000).keys()];
		const system = shapeSystem(devPipeline, results(Object.fromEntries(keys.map(key => [key, empty]))), NOW);
		expect(system.up.status).toBe('missing');
		expect(system.agents).toMatchObject({status: 'no-data', message: expect.stringContaining('agent_success_rate')});
		expect(system.queue).toMatchObject({status: 'no-data', message: 'no series for parallel_executions_current'});
		expect(system.latency).toMatchObject({status: 'no-data', message: expect.stringContaining('agent_duration_seconds_bucket, session_duration_seconds_bucket')});
		expect(system.extras.map(extra => extra.status)).toEqual(['no-data', 'no-data']);
		expect(system.locks.status).toBe('unsupported');
	});
});
