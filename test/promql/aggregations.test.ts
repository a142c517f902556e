import {describe, expect, it} from 'vitest';
import {evalAt, storeOf} from './store-fixtures.js';

const store = storeOf([
	{labels: {__name__: 'tasks', state: 'ready', team: 'x'}, samples: [[0, 4]]},
	{labels: {__name__: 'tasks', state: 'active', team: 'x'}, samples: [[0, 1]]},
	{labels: {__name__: 'tasks', state: 'ready', team: 'y'}, samples: [[0, 4]]},
	{labels: {__name__: 'tasks', state: 'done', team: 'y'}, samples: [[0, 9]]},
]);

const at = (query: string) => evalAt(query, store, 10);

describe('aggregations', () => {
	it('sum, avg, min, max, count, group with by/without before or after the argument', () => {
		expect(at('sum(tasks)')).toEqual({'{}': 18});
		expect(at('sum by (team) (tasks)')).toEqual({'{team="x"}': 5, '{team="y"}': 13});
		expect(at('sum(tasks) by (team)')).toEqual({'{team="x"}': 5, '{team="y"}': 13});
		expect(at('avg without (state) (tasks)')).toEqual({'{team="x"}': 2.5, '{team="y"}': 6.5});
		expect(at('max by (state) (tasks)')).toEqual({'{state="ready"}': 4, '{state="active"}': 1, '{state="done"}': 9});
		expect(at('min(tasks)')).toEqual({'{}': 1});
		expect(at('count by (nope) (tasks)')).toEqual({'{}': 4});
		expect(at('group by (team) (tasks)')).toEqual({'{team="x"}': 1, '{team="y"}': 1});
		expect(at('sum by (__name__) (tasks)')).toEqual({'{__name__="tasks"}': 18});
	});

	it('stddev, stdvar and quantile', () => {
		expect(at('stdvar(tasks)')).toEqual({'{}': 8.25});
		expect(at('stddev(tasks)')).toEqual({'{}': Math.sqrt(8.25)});
		expect(at('quantile(0.5, tasks)')).toEqual({'{}': 4});
		expect(at('quantile(2, tasks)')).toEqual({'{}': Infinity});
	});

	it('topk and bottomk keep the original series, name included', () => {
		expect(at('topk(2, tasks)')).toEqual({'{__name__="tasks", state="done", team="y"}': 9, '{__name__="tasks", state="ready", team="x"}': 4});
		expect(Object.values(at('topk(3, tasks)') as object)).toEqual([9, 4, 4]);
		expect(at('bottomk by (team) (1, tasks)')).toEqual({'{__name__="tasks", state="active", team="x"}': 1, '{__name__="tasks", state="ready", team="y"}': 4});
		expect(at('topk(0, tasks)')).toEqual({});
		expect(at('topk(1e300, tasks)')).toEqual({error: 'Scalar value 1e+300 overflows int64'});
	});

	it('count_values labels each distinct value', () => {
		expect(at('count_values("n", tasks)')).toEqual({'{n="4"}': 2, '{n="1"}': 1, '{n="9"}': 1});
		expect(at('count_values by (team) ("n", tasks)')).toEqual({'{n="4", team="x"}': 1, '{n="1", team="x"}': 1, '{n="4", team="y"}': 1, '{n="9", team="y"}': 1});
		expect(at('count_values("a-b", tasks)')).toEqual({error: 'invalid label name "a-b"'});
	});
});
