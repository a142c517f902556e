import {describe, expect, it} from 'vitest';
import {mergeSystem} from '../../source/model/merge.js';
import {planQueries} from '../../source/model/queries.js';
import {shapeSystem} from '../../source/model/shape.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import type {Profile} from '../../source/profiles/types.js';
import {badData, coordinationResults, refused} from '../fixtures/coordination-results.js';

const NOW = 1_700_000_000_000;

describe('planQueries', () => {
	it('asks for each pane with the seed metric names and the window', () => {
		const plan = planQueries(coordinationServer, 300_000);
		expect(plan.get('agents')).toBe('max by (agent, state) (coordination_server_agent_availability)');
		expect(plan.get('locks')).toBe('sum by (agent) (coordination_server_active_locks)');
		expect(plan.get('locks.wait')).toBe('histogram_quantile(0.95, sum by (le) (rate(coordination_server_lock_acquisition_time_seconds_bucket[5m])))');
		expect(plan.get('queue')).toBe('sum by (priority) (coordination_server_pending_tasks)');
		expect(plan.get('latency.api')).toContain('histogram_quantile(0.99, sum by (le) (rate(coordination_server_api_response_time_seconds_bucket[5m])))');
		expect(plan.get('ratio.API errors')).toContain('[5m]');
		expect(plan.get('ratio.API errors')).not.toContain('$window');
	});
});

describe('shapeSystem', () => {
	it('shapes every pane of a healthy system', () => {
		const system = shapeSystem(coordinationServer, coordinationResults(), NOW);
		expect(system.up).toMatchObject({status: 'up', targets: [{instance: '127.0.0.1:3456', up: true}]});
		expect(system.agents.items).toEqual([
			{name: 'claude-code', state: 'available', level: 'ok'},
			{name: 'copilot', state: 'busy', level: 'neutral'},
		]);
		expect(system.locks).toMatchObject({status: 'ok', total: 4, waitP95: 0.045, updatedAt: NOW});
		expect(system.locks.items.map(row => [row.name, row.value])).toEqual([['copilot', 3], ['claude-code', 1]]);
		expect(system.queue.items.map(row => row.name)).toEqual(['high', 'normal', 'low']);
		expect(system.queue).toMatchObject({status: 'ok', depth: 8});
		expect(system.queue.active.map(row => row.value)).toEqual([2, 1]);
		expect(system.latency.items[0]).toMatchObject({name: 'api', p50: 0.012, p95: 0.085, p99: 0.24, unit: 's', level: 'ok'});
		expect(Number.isNaN(system.latency.items[2]!.p95)).toBe(true);
		expect(system.latency.ratios.map(ratio => ratio.level)).toEqual(['ok', 'ok', 'neutral']);
	});

	it('colours from the seed thresholds', () => {
		const system = shapeSystem(
			coordinationServer,
			coordinationResults({
				locks: {ok: true, data: [{labels: {agent: 'copilot'}, value: 14}], warnings: []},
				'latency.api': {ok: true, data: [{labels: {quantile: '0.5'}, value: 1}, {labels: {quantile: '0.95'}, value: 2.5}, {labels: {quantile: '0.99'}, value: 4}], warnings: []},
				'ratio.API errors': {ok: true, data: [{labels: {}, value: 31}], warnings: []},
			}),
			NOW,
		);
		expect(system.locks.items[0]!.level).toBe('warn');
		expect(system.latency.items[0]!.level).toBe('warn');
		expect(system.latency.ratios[0]!.level).toBe('crit');
	});

	it('says which metric it looked for when there is no data, never a zero', () => {
		const empty = {ok: true as const, data: [], warnings: []};
		const system = shapeSystem(coordinationServer, coordinationResults({agents: empty, locks: empty, queue: empty, 'latency.api': empty, 'latency.task': empty, 'latency.lock wait': empty, up: empty}), NOW);
		expect(system.agents).toMatchObject({status: 'no-data', message: 'no series for coordination_server_agent_availability'});
		expect(system.locks).toMatchObject({status: 'no-data', message: 'no series for coordination_server_active_locks'});
		expect(system.locks.total).toBeUndefined();
		expect(system.queue.depth).toBeUndefined();
		expect(system.latency).toMatchObject({status: 'ok', items: []});
		expect(system.latency.warnings?.join(' ')).toContain('coordination_server_api_response_time_seconds_bucket');
		const nan = {ok: true as const, data: [{labels: {}, value: Number.NaN}], warnings: []};
		const nothing = shapeSystem(
			coordinationServer,
			coordinationResults({'latency.api': empty, 'latency.task': empty, 'latency.lock wait': empty, 'ratio.API errors': nan, 'ratio.task failures': nan, 'ratio.API requests': nan}),
			NOW,
		);
		expect(nothing.latency).toMatchObject({status: 'no-data', message: expect.stringContaining('coordination_server_api_response_time_seconds_bucket')});
		const allNaN = shapeSystem(coordinationServer, coordinationResults({locks: {ok: true, data: [{labels: {agent: 'a'}, value: Number.NaN}], warnings: []}}), NOW);
		expect(allNaN.locks).toMatchObject({status: 'no-data', message: 'no numeric values for coordination_server_active_locks'});
		expect(allNaN.locks.total).toBeUndefined();
		expect(system.up.status).toBe('missing');
	});

	it('reports a down target and an agent with no state set', () => {
		const system = shapeSystem(
			coordinationServer,
			coordinationResults({
				up: {ok: true, data: [{labels: {job: 'ai-coordination-server', instance: 'a:1'}, value: 0}], warnings: []},
				agents: {ok: true, data: [{labels: {agent: 'claude-code', state: 'available'}, value: 0}], warnings: []},
			}),
			NOW,
		);
		expect(system.up.status).toBe('down');
		expect(system.agents.items[0]).toMatchObject({state: 'no state set', level: 'warn'});
	});

	it('keeps Prometheus warnings next to the data', () => {
		const system = shapeSystem(coordinationServer, coordinationResults({locks: {ok: true, data: [{labels: {agent: 'x'}, value: 1}], warnings: ['PromQL info: metric might not be a counter']}}), NOW);
		expect(system.locks.warnings).toContain('PromQL info: metric might not be a counter');
	});

	it('shows a pane a system does not support as unsupported', () => {
		const noLocks: Profile = {...coordinationServer, locks: {unsupported: 'this system exposes no locks'}};
		expect(shapeSystem(noLocks, coordinationResults(), NOW).locks).toMatchObject({status: 'unsupported', message: 'this system exposes no locks'});
		expect(planQueries(noLocks, 300_000).has('locks')).toBe(false);
	});
});

describe('mergeSystem', () => {
	it('keeps the last good data of a failed pane, marked stale, while other panes update', () => {
		const first = shapeSystem(coordinationServer, coordinationResults(), NOW);
		const failed = shapeSystem(coordinationServer, coordinationResults({locks: refused, queue: {ok: true, data: [{labels: {priority: 'high'}, value: 9}], warnings: []}}), NOW + 2000);
		const merged = mergeSystem(first, failed);
		expect(merged.locks).toMatchObject({status: 'error', stale: true, message: 'connection refused', total: 4, updatedAt: NOW});
		expect(merged.queue).toMatchObject({status: 'ok', depth: 9});
		const again = mergeSystem(merged, shapeSystem(coordinationServer, coordinationResults({locks: badData}), NOW + 4000));
		expect(again.locks).toMatchObject({status: 'error', stale: true, message: 'HTTP 400 bad_data: parse error', total: 4});
		const recovered = mergeSystem(again, shapeSystem(coordinationServer, coordinationResults(), NOW + 6000));
		expect(recovered.locks.stale).toBeUndefined();
		expect(recovered.locks.status).toBe('ok');
	});

	it('shows an error with no data when nothing good was ever read', () => {
		const merged = mergeSystem(undefined, shapeSystem(coordinationServer, coordinationResults({agents: refused}), NOW));
		expect(merged.agents).toMatchObject({status: 'error', message: 'connection refused', items: []});
	});
});
