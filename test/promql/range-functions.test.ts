import {describe, expect, it} from 'vitest';
import {evalAt, samplesOf, storeOf} from './store-fixtures.js';

const store = storeOf([
	// A counter sampled every 10 s from 5 s on, value = t: rate 1/s.
	{labels: {__name__: 'steady_total', job: 'a'}, samples: samplesOf(5, 295, 10, t => t)},
	// A counter from 0 that resets at 160 s (150 → 10): 300 in total over 300 s.
	{labels: {__name__: 'reset_total', job: 'a'}, samples: samplesOf(0, 300, 10, t => (t <= 150 ? t : t - 150))},
	// Three samples in the middle of a 5 minute window: extrapolation is limited to half an interval.
	{labels: {__name__: 'sparse', job: 'a'}, samples: [[100, 10], [110, 20], [120, 30]]},
	{labels: {__name__: 'gauge', job: 'a'}, samples: [[10, 1], [20, 5], [30, 3]]},
	{labels: {__name__: 'single', job: 'a'}, samples: [[290, 5]]},
]);

const at = (query: string, seconds = 300) => evalAt(query, store, seconds);

describe('rate, increase and delta (extrapolatedRate)', () => {
	it('extrapolate to the window edges when samples come close to them', () => {
		expect(at('rate(steady_total[5m])')).toEqual({'{job="a"}': expect.closeTo(1, 12)});
		expect(at('increase(steady_total[5m])')).toEqual({'{job="a"}': expect.closeTo(300, 10)});
	});

	it('add counter resets back', () => {
		expect(at('increase(reset_total[5m])')).toEqual({'{job="a"}': 300});
		expect(at('rate(reset_total[5m])')).toEqual({'{job="a"}': 1});
		// delta() is for gauges: it ignores resets.
		expect(at('delta(reset_total[5m])')).toEqual({'{job="a"}': 150});
	});

	it('extrapolate by half an interval away from the edges, and not below a counter’s zero point', () => {
		expect(at('delta(sparse[5m])')).toEqual({'{job="a"}': 30});
		expect(at('increase(sparse[5m])')).toEqual({'{job="a"}': 35});
		expect(at('rate(sparse[5m])')).toEqual({'{job="a"}': 35 / 300});
	});

	it('need two samples', () => {
		expect(at('rate(single[5m])')).toEqual({});
		expect(at('irate(single[5m])')).toEqual({});
		expect(at('rate(missing[5m])')).toEqual({});
	});
});

describe('irate and idelta', () => {
	it('use the last two samples, a decrease counting as a reset for irate', () => {
		expect(at('irate(sparse[5m])')).toEqual({'{job="a"}': 1});
		expect(at('idelta(sparse[5m])')).toEqual({'{job="a"}': 10});
		expect(at('irate(reset_total[15s])', 165)).toEqual({'{job="a"}': 1});
		expect(at('idelta(reset_total[15s])', 165)).toEqual({'{job="a"}': -140});
	});
});

describe('*_over_time', () => {
	it('aggregate the points of the window', () => {
		expect(at('max_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 5});
		expect(at('min_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 1});
		expect(at('sum_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 9});
		expect(at('avg_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 3});
		expect(at('count_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 3});
		expect(at('stdvar_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 8 / 3});
		expect(at('stddev_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': Math.sqrt(8 / 3)});
		expect(at('quantile_over_time(0.5, gauge[1m])', 30)).toEqual({'{job="a"}': 3});
		expect(at('changes(gauge[1m])', 30)).toEqual({'{job="a"}': 2});
		expect(at('resets(gauge[1m])', 30)).toEqual({'{job="a"}': 1});
		expect(at('present_over_time(gauge[1m])', 30)).toEqual({'{job="a"}': 1});
	});

	it('keep the metric name only for last_over_time', () => {
		expect(at('last_over_time(gauge[1m])', 30)).toEqual({'{__name__="gauge", job="a"}': 3});
		expect(at('last_over_time(gauge[1m])', 100)).toEqual({});
	});

	it('report absence over time with the selector’s equality labels', () => {
		expect(at('absent_over_time(gauge[1m])', 30)).toEqual({});
		expect(at('absent_over_time(nothing{job="x", env=~"p.*"}[1m])', 30)).toEqual({'{job="x"}': 1});
	});

	it('fit a line for deriv and predict_linear', () => {
		expect(at('deriv(steady_total[1m])')).toEqual({'{job="a"}': 1});
		expect(at('predict_linear(steady_total[1m], 100)')).toEqual({'{job="a"}': 400});
	});
});
