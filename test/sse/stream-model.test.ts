import {describe, expect, it} from 'vitest';
import {reconnectDelay} from '../../source/sse/backoff.js';
import {decodeSnapshot, type JobEvent, type StreamSnapshot} from '../../source/sse/snapshot.js';
import {activityItem, formatTokens, streamInstance, streamSystem} from '../../source/sse/stream-model.js';

const AT = 1_700_000_000_000;

function snapshot(value: unknown): StreamSnapshot {
	const decoded = decodeSnapshot(JSON.stringify(value), AT);
	if (!decoded.ok) throw new Error(decoded.reason);
	return decoded.value;
}

const FULL = {
	jobs: {total: 200, byStatus: {queued: 120, running: 4, completed: 70, failed: 6}, byMode: {mechanic: 150, genius: 50}, avgDuration: 75_000, successRate: 0.75},
	agents: {totalEvents: 40, byAgent: {reviewer: 10, coder: 30}, toolCalls: 12, errorRate: 0.05},
	budget: {totalTokens: 1_234_567, avgTokensPerJob: 12_300, budgetExceeded: 2},
	system: {ledgerEntries: 500, entriesLast24h: 480, storageBytes: 192_000},
};

describe('streamSystem', () => {
	it('maps a full snapshot onto the coding-team panes with the profile thresholds', () => {
		const system = streamSystem(snapshot(FULL), AT, 'https://team.example/api/metrics/stream');
		expect(system).toMatchObject({profile: 'coding-team', title: 'AI Coding Team'});
		expect(system.up).toMatchObject({status: 'up', targets: [{job: 'sse', instance: 'team.example:443', up: true}]});
		expect(system.queue).toEqual({
			status: 'ok',
			depth: 120,
			depthLevel: 'warn',
			items: [{name: 'queued', value: 120, level: 'warn'}],
			active: [{name: 'running', value: 4, level: 'neutral'}],
			warnings: [],
			updatedAt: AT,
		});
		expect(system.agents.table).toMatchObject({
			title: 'Agents',
			columns: [
				{name: 'events', unit: 'count'},
				{name: 'share', unit: '%'},
			],
			rows: [
				{name: 'coder', values: [30, 75]},
				{name: 'reviewer', values: [10, 25]},
			],
		});
		expect(system.agents.items[0]).toMatchObject({name: 'coder', state: '30 events', level: 'ok'});
		expect(system.locks).toEqual({status: 'unsupported', message: 'this system exposes no locks', items: []});
		expect(system.latency.ratios).toEqual([
			{name: 'avg job', value: 75, unit: 's', level: 'warn'},
			{name: 'success', value: 75, unit: '%', level: 'crit'},
			{name: 'agent errors', value: 5, unit: '%', level: 'neutral'},
		]);
		const [budget, ledger] = system.extras;
		expect(budget).toMatchObject({title: 'Budget', status: 'ok', rows: [{name: 'budget', values: [1_234_567, 12_300, 2], levels: ['neutral', 'neutral', 'warn']}], warnings: []});
		expect(ledger).toMatchObject({title: 'Ledger', columns: [{unit: 'count'}, {unit: 'count'}, {unit: 'bytes'}], rows: [{values: [500, 480, 192_000]}]});
	});

	it('never invents a value: a missing field is no-data or a blank cell, with the field named', () => {
		const system = streamSystem(snapshot({jobs: {byStatus: {running: 2}, successRate: 1}, budget: {totalTokens: 5}}), AT);
		expect(system.queue).toMatchObject({status: 'no-data', message: 'no jobs.byStatus.queued in the snapshot', active: [{name: 'running', value: 2}]});
		expect(system.agents).toMatchObject({status: 'no-data', message: 'no agents.byAgent in the snapshot'});
		expect(system.latency.status).toBe('ok');
		expect(system.latency.ratios.map(ratio => ratio.value)).toEqual([Number.NaN, 100, Number.NaN]);
		expect(system.latency.warnings).toEqual(['no jobs.avgDuration in the snapshot', 'no agents.errorRate in the snapshot']);
		expect(system.extras[0]).toMatchObject({status: 'ok', rows: [{values: [5, Number.NaN, Number.NaN]}], warnings: ['no budget.avgTokensPerJob in the snapshot', 'no budget.budgetExceeded in the snapshot']});
		expect(system.extras[1]).toMatchObject({status: 'no-data', message: 'no system in the snapshot', rows: []});
		expect(system.up.targets[0]!.instance).toBe('stream');

		const bare = streamSystem(snapshot({timeseries: []}), AT);
		expect(bare.latency).toMatchObject({status: 'no-data', message: 'no jobs.avgDuration, jobs.successRate, agents.errorRate in the snapshot'});
		const noTotal = streamSystem(snapshot({agents: {byAgent: {coder: 1}}}), AT);
		expect(noTotal.agents.table?.rows[0]?.values).toEqual([1, Number.NaN]);
		expect(noTotal.agents.warnings).toEqual(['share: no agents.totalEvents in the snapshot']);
		expect(streamSystem(snapshot({agents: {byAgent: {}}}), AT).agents).toMatchObject({status: 'no-data', message: 'agents.byAgent is empty'});
	});
});

describe('activityItem', () => {
	const job = (fields: Partial<JobEvent>): JobEvent => ({type: 'completed', jobId: '1234', receivedAt: AT, ...fields});

	it('says what happened to which job, coloured by outcome', () => {
		expect(activityItem(job({mode: 'mechanic', agentType: 'coder', durationMs: 42_000, tokens: 12_345, at: AT - 5}))).toEqual({
			at: AT - 5,
			text: 'job 1234 completed (mechanic, coder) 42s 12.3k tokens',
			level: 'ok',
		});
		expect(activityItem(job({type: 'failed', durationMs: 1500, error: 'llm_api: 529'}))).toEqual({at: AT, text: 'job 1234 failed 1.5s: llm_api: 529', level: 'crit'});
		expect(activityItem(job({type: 'escalated', mode: 'genius'})).level).toBe('warn');
		expect(activityItem(job({type: 'budget_exceeded', tokens: 2_500_000}))).toMatchObject({text: 'job 1234 went over budget 2.5M tokens', level: 'warn'});
		expect(activityItem(job({type: 'claimed'})).level).toBe('neutral');
		expect(activityItem(job({type: 'rebased'})).text).toBe('job 1234 rebased');
	});

	it('formats tokens and instances', () => {
		expect([0, 999, 1000, 12_345, 999_499, 999_999, 1_234_567].map(formatTokens)).toEqual(['0', '999', '1k', '12.3k', '999k', '1M', '1.23M']);
		expect(streamInstance('http://localhost/api')).toBe('localhost:80');
		expect(streamInstance('http://[::1]:3000/api')).toBe('[::1]:3000');
	});
});

describe('reconnectDelay', () => {
	it('waits the server retry first, then doubles with jitter up to 30 s, never below the retry', () => {
		const middle = () => 0.5;
		expect([1, 2, 3, 4, 5].map(attempt => reconnectDelay(attempt, 1000, middle))).toEqual([1000, 2000, 4000, 8000, 16_000]);
		expect(reconnectDelay(12, 1000, middle)).toBe(30_000);
		expect(reconnectDelay(3, 1000, () => 0)).toBe(3000);
		expect(reconnectDelay(3, 1000, () => 0.999)).toBeLessThan(5000);
		expect(reconnectDelay(2, 0, middle)).toBe(200);
		expect(reconnectDelay(5, 60_000, middle)).toBe(60_000);
	});
});
