import {describe, expect, it} from 'vitest';
import {evalAt, samplesOf, storeOf} from './store-fixtures.js';

const store = storeOf([{labels: {__name__: 'x'}, samples: samplesOf(0, 7200, 1, t => t)}]);

describe('subqueries', () => {
	it('evaluate at multiples of the step inside the closed window', () => {
		expect(evalAt('count_over_time(x[10s:3s])', store, 100)).toEqual({'{}': 4});
		expect(evalAt('min_over_time(x[10s:3s])', store, 100)).toEqual({'{}': 90});
		expect(evalAt('max_over_time(x[10s:3s])', store, 100)).toEqual({'{}': 99});
		expect(evalAt('min_over_time(x[9s:3s] offset 1s)', store, 100)).toEqual({'{}': 90});
		expect(evalAt('last_over_time(x[10s:3s])', store, 100)).toEqual({'{__name__="x"}': 99});
	});

	it('take the default step from the options (60 s unless given)', () => {
		expect(evalAt('count_over_time(x[1h:])', store, 7200)).toEqual({'{}': 61});
		expect(evalAt('count_over_time(x[10s:])', store, 100, {subqueryStepMs: 2000})).toEqual({'{}': 6});
	});

	it('nest, and evaluate range functions inside', () => {
		expect(evalAt('max_over_time(rate(x[1m])[5m:1m])', store, 7200)).toEqual({'{}': 1});
		expect(evalAt('sum(irate(x[2m])) > bool 0.5 * avg_over_time(sum(irate(x[2m]))[1h:])', store, 7200)).toEqual({'{}': 1});
		expect(evalAt('avg_over_time(max_over_time(x[10s:5s])[20s:10s])', store, 100)).toEqual({'{}': 90});
	});

	it('are refused when they would take too many steps', () => {
		expect(evalAt('count_over_time(x[1h:1s])', store, 7200, {maxSubquerySteps: 1000})).toEqual({error: 'query too expensive: its subqueries would take too many steps'});
	});
});
