import {describe, expect, it} from 'vitest';
import {ALONE_REFRESHES, askInGroups, RequestGroups} from '../../source/sources/request-groups.js';
import {BATCH_LABEL} from '../../source/sources/query-batch.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';

const coordination = new Map([
	['up', 'up{job="coord"}'],
	['agents', 'max by (agent, state) (agent_state)'],
	['locks', 'sum by (agent) (locks_held)'],
	['locks.wait', 'histogram_quantile(0.95, lock_wait)'],
	['queue', 'sum by (queue) (queue_depth)'],
]);
const team = new Map([
	['up', 'up{job="team"}'],
	['queue', 'sum by (queue) (queue_depth)'],
	['extra.0.cost', 'sum(cost)'],
]);
const ids = ['coordination-server', 'coding-team'];

describe('RequestGroups', () => {
	it('sends each system in one request, a query two systems share once', () => {
		const groups = new RequestGroups().groups(ids, [coordination, team]);
		expect(groups.map(group => group.queries)).toEqual([[...coordination.values()], ['up{job="team"}', 'sum(cost)']]);
		expect(groups[0]!.panes).toEqual(['up', 'agents', 'locks', 'queue'].map(pane => `coordination-server\u0000${pane}`));
	});

	it('sends the panes of a troubled request alone for ALONE_REFRESHES refreshes, then together again', () => {
		const requests = new RequestGroups();
		const [first] = requests.groups(ids, [coordination, team]);
		requests.troubled(first!);
		for (let refresh = 1; refresh <= ALONE_REFRESHES; refresh++) {
			const groups = requests.groups(ids, [coordination, team]);
			expect(groups.map(group => group.queries)).toEqual([['up{job="coord"}'], ['max by (agent, state) (agent_state)'], ['sum by (agent) (locks_held)', 'histogram_quantile(0.95, lock_wait)'], ['sum by (queue) (queue_depth)'], ['up{job="team"}', 'sum(cost)']]);
			// The locks pane stays in trouble; the others are on time.
			requests.troubled(groups[2]!);
		}
		const groups = requests.groups(ids, [coordination, team]);
		expect(groups.map(group => group.queries)).toEqual([['up{job="coord"}', 'max by (agent, state) (agent_state)', 'sum by (queue) (queue_depth)'], ['sum by (agent) (locks_held)', 'histogram_quantile(0.95, lock_wait)'], ['up{job="team"}', 'sum(cost)']]);
		expect(requests.alone).toEqual(['coordination-server\u0000locks']);
	});
});

describe('askInGroups', () => {
	const tagged = (promql: string): Result<Sample[]> => ({ok: true, warnings: [], data: [...promql.matchAll(/"(\d+)", "", ""\)/g)].map(match => ({labels: {[BATCH_LABEL]: match[1]!}, value: Number(match[1])}))});

	it('answers every query from one request per group and reports a failed or late group', async () => {
		const sent: string[] = [];
		const query = async (promql: string): Promise<Result<Sample[]>> => {
			sent.push(promql);
			return promql.includes('locks_held') ? {ok: false, error: {kind: 'network', message: 'connection reset', retryable: true}} : tagged(promql);
		};
		const requests = new RequestGroups();
		const answers = new Map<string, Result<Sample[]>>();
		let late = false;
		const troubled: string[][] = [];
		await Promise.all(askInGroups(query, requests.groups(ids, [coordination, team]), (promql, result) => answers.set(promql, result), group => troubled.push([...group.queries]), () => late));
		expect(sent).toHaveLength(2);
		expect(answers.get('sum(cost)')).toMatchObject({ok: true, data: [{value: 1}]});
		expect(answers.get('sum by (agent) (locks_held)')).toMatchObject({ok: false});
		expect(troubled).toEqual([[...coordination.values()]]);

		late = true;
		troubled.length = 0;
		await Promise.all(askInGroups(tagged as never, [{panes: ['x'], queries: ['sum(cost)']}], () => undefined, group => troubled.push([...group.queries]), () => late));
		expect(troubled).toEqual([['sum(cost)']]);
	});
});
