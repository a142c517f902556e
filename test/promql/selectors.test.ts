import {describe, expect, it} from 'vitest';
import {evalAt, samplesOf, storeOf} from './store-fixtures.js';

const store = storeOf([
	{labels: {__name__: 'x', job: 'a'}, samples: [[0, 1], [60, 2], [120, 'stale'], [200, 3]]},
	{labels: {__name__: 'x', job: 'b'}, samples: [[100, 10]]},
	{labels: {__name__: 'y', job: 'a', path: '/api/tasks'}, samples: samplesOf(0, 600, 15, t => t)},
	{labels: {__name__: 'y', job: 'a', path: '/api/locks'}, samples: samplesOf(0, 600, 15, t => 2 * t)},
	{labels: {__name__: 'y', job: 'web', path: '/'}, samples: samplesOf(0, 600, 15, () => 1)},
]);

describe('instant selectors', () => {
	it('look back 5 minutes, the edge included', () => {
		expect(evalAt('x{job="b"}', store, 400)).toEqual({'{__name__="x", job="b"}': 10});
		expect(evalAt('x{job="b"}', store, 400.001)).toEqual({});
		expect(evalAt('x{job="b"}', store, 99)).toEqual({});
	});

	it('stop at a staleness marker and resume at the next sample', () => {
		expect(evalAt('x{job="a"}', store, 119)).toEqual({'{__name__="x", job="a"}': 2});
		expect(evalAt('x{job="a"}', store, 120)).toEqual({});
		expect(evalAt('x{job="a"}', store, 199)).toEqual({});
		expect(evalAt('x{job="a"}', store, 200)).toEqual({'{__name__="x", job="a"}': 3});
	});

	it('shift with offset and pin with @', () => {
		expect(evalAt('x{job="a"} offset 150s', store, 210)).toEqual({'{__name__="x", job="a"}': 2});
		expect(evalAt('x{job="a"} offset -140s', store, 60)).toEqual({'{__name__="x", job="a"}': 3});
		expect(evalAt('x{job="a"} @ 60', store, 1000)).toEqual({'{__name__="x", job="a"}': 2});
		expect(evalAt('x{job="a"} @ end()', store, 200)).toEqual({'{__name__="x", job="a"}': 3});
	});

	it('match labels with =, !=, =~ and !~ (regexes anchored, RE2 syntax)', () => {
		const jobs = (query: string) => Object.keys(evalAt(query, store, 600) as Record<string, number>).sort();
		expect(jobs('y{path=~"/api/.*"}')).toEqual(['{__name__="y", job="a", path="/api/locks"}', '{__name__="y", job="a", path="/api/tasks"}']);
		expect(jobs('y{path=~"api"}')).toEqual([]);
		expect(jobs('y{path!~"/api/.*", job!="x"}')).toEqual(['{__name__="y", job="web", path="/"}']);
		expect(jobs('y{job=~"(?i)WEB"}')).toEqual(['{__name__="y", job="web", path="/"}']);
		expect(jobs('{__name__=~"x|y", job="b"}')).toEqual([]);
		expect(jobs('{__name__=~"x|y", path=""}')).toEqual([]);
		expect(jobs('y{nope=""}')).toHaveLength(3);
	});
});

describe('range selectors', () => {
	it('cover the closed window [t - range, t] and skip staleness markers', () => {
		expect(evalAt('count_over_time(y{path="/"}[60s])', store, 600)).toEqual({'{job="web", path="/"}': 5});
		expect(evalAt('count_over_time(x{job="a"}[200s])', store, 200)).toEqual({'{job="a"}': 3});
		expect(evalAt('count_over_time(x{job="a"}[100s] offset 100s)', store, 220)).toEqual({'{job="a"}': 1});
		expect(evalAt('last_over_time(x{job="a"}[1h] @ 100)', store, 1000)).toEqual({'{__name__="x", job="a"}': 2});
	});
});
