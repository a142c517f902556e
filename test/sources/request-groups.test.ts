import {describe, expect, it} from 'vitest';
import {ALONE_REFRESHES, askInGroups, RequestGroups, type RequestGroup} from '../../source/sources/request-groups.js';
import {BATCH_LABEL, unbatchPromql} from '../../source/sources/query-batch.js';
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
const pane = (name: string) => `coordination-server\u0000${name}`;
const queriesOf = (groups: readonly RequestGroup[]) => groups.map(group => group.queries);
const together = [['up{job="coord"}', 'max by (agent, state) (agent_state)', 'sum by (agent) (locks_held)', 'histogram_quantile(0.95, lock_wait)', 'sum by (queue) (queue_depth)'], ['up{job="team"}', 'sum(cost)']];

describe('RequestGroups', () => {
	it('sends each system in one request, a query two systems share once, each query with its pane', () => {
		const groups = new RequestGroups().groups(ids, [coordination, team]);
		expect(queriesOf(groups)).toEqual(together);
		expect(groups[0]!.paneOf).toEqual(['up', 'agents', 'locks', 'locks', 'queue'].map(pane));
	});

	it('sends a troubled pane alone for ALONE_REFRESHES refreshes, then with its system again', () => {
		const requests = new RequestGroups();
		requests.groups(ids, [coordination, team]);
		requests.troubled([pane('locks')]);
		for (let refresh = 1; refresh <= ALONE_REFRESHES; refresh++) {
			expect(queriesOf(requests.groups(ids, [coordination, team]))).toEqual([
				['up{job="coord"}', 'max by (agent, state) (agent_state)', 'sum by (queue) (queue_depth)'],
				['sum by (agent) (locks_held)', 'histogram_quantile(0.95, lock_wait)'],
				['up{job="team"}', 'sum(cost)'],
			]);
		}
		expect(queriesOf(requests.groups(ids, [coordination, team]))).toEqual(together);
	});

	it('keeps a pane alone while it stays in trouble, and twice as long each time it is in trouble again after rejoining (up to 16×)', () => {
		const requests = new RequestGroups();
		requests.troubled([pane('locks')]);
		for (let refresh = 0; refresh < 100; refresh++) {
			requests.groups(ids, [coordination]);
			requests.troubled([pane('locks')]);
		}
		expect(requests.alone.get(pane('locks'))).toBe(ALONE_REFRESHES);
		const rejoinAndFail = () => {
			while (requests.alone.has(pane('locks'))) requests.groups(ids, [coordination]);
			requests.troubled([pane('locks')]);
			return requests.alone.get(pane('locks'));
		};
		expect([rejoinAndFail(), rejoinAndFail(), rejoinAndFail(), rejoinAndFail(), rejoinAndFail()]).toEqual([2, 4, 8, 16, 16].map(times => times * ALONE_REFRESHES));
	});
});

describe('askInGroups', () => {
	/** A Prometheus answering each part of a batch with its index, failing the parts `failing` names. */
	function prometheus(failing: (promql: string) => Result<Sample[]> | undefined = () => undefined) {
		const sent: string[] = [];
		const query = async (promql: string): Promise<Result<Sample[]>> => {
			sent.push(promql);
			const parts = promql.includes(BATCH_LABEL) ? unbatchPromql(promql).map((part, index) => ({promql: part, tag: String(index)})) : [{promql, tag: undefined}];
			for (const part of parts) {
				const failure = failing(part.promql);
				if (failure) return failure;
			}
			return {ok: true, warnings: [], data: parts.map(part => ({labels: part.tag === undefined ? {} : {[BATCH_LABEL]: part.tag}, value: 1}))};
		};
		return {sent, query};
	}
	const run = async (query: (promql: string) => Promise<Result<Sample[]>>, groups: RequestGroup[], late = () => false) => {
		const answers = new Map<string, Result<Sample[]>>();
		const troubled: string[] = [];
		await Promise.all(askInGroups(query, groups, (promql, result) => answers.set(promql, result), panes => troubled.push(...panes), late));
		return {answers, troubled};
	};
	const reset: Result<Sample[]> = {ok: false, error: {kind: 'network', message: 'connection reset', retryable: true}};

	it('answers every query from one request per group, and reports nothing when all is well', async () => {
		const {sent, query} = prometheus();
		const {answers, troubled} = await run(query, new RequestGroups().groups(ids, [coordination, team]));
		expect(sent).toHaveLength(2);
		expect([...answers.values()].every(result => result.ok && result.data.length === 1)).toBe(true);
		expect(troubled).toEqual([]);
	});

	it('reports every pane of a late group, and of a group that failed as a whole', async () => {
		const late = await run(prometheus().query, new RequestGroups().groups(ids, [coordination]), () => true);
		expect(new Set(late.troubled)).toEqual(new Set(['up', 'agents', 'locks', 'queue'].map(pane)));
		const failed = await run(prometheus(promql => (promql.includes('locks_held') ? reset : undefined)).query, new RequestGroups().groups(ids, [coordination, team]));
		expect(failed.answers.get('sum by (agent) (locks_held)')).toMatchObject({ok: false});
		expect(failed.answers.get('sum(cost)')).toMatchObject({ok: true});
		expect(new Set(failed.troubled)).toEqual(new Set(['up', 'agents', 'locks', 'queue'].map(pane)));
	});

	it('reports only the pane of the query a rejected batch was re-sent for', async () => {
		const bad: Result<Sample[]> = {ok: false, error: {kind: 'http', httpStatus: 400, message: 'HTTP 400 bad_data', retryable: false}};
		const {sent, query} = prometheus(promql => (promql.includes('lock_wait') ? bad : undefined));
		const {troubled} = await run(query, new RequestGroups().groups(ids, [coordination]));
		expect(sent).toHaveLength(1 + coordination.size);
		expect(troubled).toEqual([pane('locks')]);
	});

	it('reports nothing when every group failed (the source is down), or when the server asks to slow down', async () => {
		const down = await run(prometheus(() => reset).query, new RequestGroups().groups(ids, [coordination, team]));
		expect(down.troubled).toEqual([]);
		const busy: Result<Sample[]> = {ok: false, error: {kind: 'http', httpStatus: 429, message: 'HTTP 429 · Retry-After 5s', retryable: true}};
		const limited = await run(prometheus(promql => (promql.includes('locks_held') ? busy : undefined)).query, new RequestGroups().groups(ids, [coordination, team]));
		expect(limited.troubled).toEqual([]);
	});

	it('splits a lone system whose every query failed: one slow or failing pane is all it may take', async () => {
		const {troubled} = await run(prometheus(promql => (promql.includes('locks_held') ? reset : undefined)).query, new RequestGroups().groups(ids, [coordination]));
		expect(troubled).toHaveLength(4);
	});
});
