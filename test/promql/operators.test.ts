import {describe, expect, it} from 'vitest';
import {evalAt, storeOf} from './store-fixtures.js';

const store = storeOf([
	{labels: {__name__: 'up', job: 'api', instance: 'a'}, samples: [[0, 1]]},
	{labels: {__name__: 'up', job: 'api', instance: 'b'}, samples: [[0, 0]]},
	{labels: {__name__: 'up', job: 'web', instance: 'c'}, samples: [[0, 1]]},
	{labels: {__name__: 'load', job: 'api', instance: 'a'}, samples: [[0, 4]]},
	{labels: {__name__: 'load', job: 'api', instance: 'b'}, samples: [[0, 2]]},
	{labels: {__name__: 'info', job: 'api', version: '1.2'}, samples: [[0, 1]]},
	{labels: {__name__: 'share', phase: 'build'}, samples: [[0, 30]]},
	{labels: {__name__: 'share', phase: 'test'}, samples: [[0, 10]]},
]);

const at = (query: string) => evalAt(query, store, 10);

describe('binary operators', () => {
	it('match vectors one-to-one on all labels but the name, which arithmetic drops', () => {
		expect(at('load / up')).toEqual({'{instance="a", job="api"}': 4, '{instance="b", job="api"}': Infinity});
		expect(at('load - on (instance) up')).toEqual({'{instance="a"}': 3, '{instance="b"}': 2});
		// One-to-one matching drops the ignored labels from the result too.
		expect(at('load * ignoring (job) up')).toEqual({'{instance="a"}': 4, '{instance="b"}': 0});
	});

	it('filter with comparisons (keeping the name) or return 0/1 with bool (dropping it)', () => {
		expect(at('up == 1')).toEqual({'{__name__="up", instance="a", job="api"}': 1, '{__name__="up", instance="c", job="web"}': 1});
		expect(at('up == bool 1')).toEqual({'{instance="a", job="api"}': 1, '{instance="b", job="api"}': 0, '{instance="c", job="web"}': 1});
		expect(at('3 < load')).toEqual({'{__name__="load", instance="a", job="api"}': 4});
		expect(at('load > up')).toEqual({'{__name__="load", instance="a", job="api"}': 4, '{__name__="load", instance="b", job="api"}': 2});
		expect(at('load % 3 + 2 ^ load')).toEqual({'{instance="a", job="api"}': 17, '{instance="b", job="api"}': 6});
	});

	it('combine sets with and, or, unless', () => {
		expect(Object.keys(at('up and load') as object)).toEqual(['{__name__="up", instance="a", job="api"}', '{__name__="up", instance="b", job="api"}']);
		expect(Object.keys(at('up unless on (job) info') as object)).toEqual(['{__name__="up", instance="c", job="web"}']);
		expect(Object.keys(at('load or up') as object)).toHaveLength(3);
		expect(at('nothing or vector(0)')).toEqual({'{}': 0});
	});

	it('match many-to-one with group_left/group_right, copying the listed labels from the one side', () => {
		expect(at('up * on (job) group_left (version) info')).toEqual({'{instance="a", job="api", version="1.2"}': 1, '{instance="b", job="api", version="1.2"}': 0});
		expect(at('info * on (job) group_right up')).toEqual({'{instance="a", job="api"}': 1, '{instance="b", job="api"}': 0});
		expect(at('100 * share / ignoring (phase) group_left () sum(share)')).toEqual({'{phase="build"}': 75, '{phase="test"}': 25});
	});

	it('refuses ambiguous matches and duplicate label sets with Prometheus’ errors', () => {
		expect(at('info + on (job) up')).toEqual({
			error: 'found duplicate series for the match group {job="api"} on the right hand-side of the operation: [{__name__="up", instance="b", job="api"}, {__name__="up", instance="a", job="api"}];many-to-many matching not allowed: matching labels must be unique on one side',
		});
		expect(at('up + on (job) group_left info')).toEqual({'{instance="a", job="api"}': 2, '{instance="b", job="api"}': 1});
		expect(at('up * on (instance) group_left load{instance="zzz"}')).toEqual({});
		expect(at('up - on (job) sum by (job) (up)')).toEqual({error: 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)'});
		expect(at('{__name__=~"up|load"} * 2')).toEqual({error: 'vector cannot contain metrics with the same labelset'});
		expect(at('-{__name__=~"up|load"}')).toEqual({error: 'vector cannot contain metrics with the same labelset'});
	});
});
