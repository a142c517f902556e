import {describe, expect, it} from 'vitest';
import {bucketQuantile} from '../../source/promql/histogram-quantile.js';
import {evalAt, storeOf, type SeriesFixture} from './store-fixtures.js';

const buckets = (entries: Array<[number, number]>) => entries.map(([upperBound, count]) => ({upperBound, count}));

describe('bucketQuantile (Prometheus 2.42 quantile.go)', () => {
	const normal = () => buckets([[0.1, 10], [0.5, 20], [1, 30], [Infinity, 30]]);

	it('interpolates linearly inside the bucket holding the rank', () => {
		expect(bucketQuantile(0.5, normal())).toBeCloseTo(0.3, 12);
		expect(bucketQuantile(0.99, normal())).toBeCloseTo(0.985, 12);
		expect(bucketQuantile(0.1, normal())).toBeCloseTo(0.03, 12);
	});

	it('answers the second-highest bound for the +Inf bucket', () => {
		expect(bucketQuantile(0.9, buckets([[0.1, 10], [Infinity, 20]]))).toBe(0.1);
	});

	it('needs a +Inf bucket, two buckets and observations', () => {
		expect(bucketQuantile(0.5, buckets([[0.1, 10], [1, 20]]))).toBeNaN();
		expect(bucketQuantile(0.5, buckets([[Infinity, 20]]))).toBeNaN();
		expect(bucketQuantile(0.5, buckets([[1, 0], [Infinity, 0]]))).toBeNaN();
	});

	it('maps q outside [0, 1] to ±Inf and NaN to NaN', () => {
		expect(bucketQuantile(-0.1, normal())).toBe(-Infinity);
		expect(bucketQuantile(1.1, normal())).toBe(Infinity);
		expect(bucketQuantile(Number.NaN, normal())).toBeNaN();
	});

	it('sorts by bound, merges equal bounds and fixes non-monotonic counts', () => {
		expect(bucketQuantile(0.5, buckets([[1, 30], [Infinity, 30], [0.5, 8], [0.1, 10]]))).toBeCloseTo(0.625, 12);
		expect(bucketQuantile(0.5, buckets([[0.5, 5], [0.5, 5], [1, 30], [Infinity, 30]]))).toBeCloseTo(0.625, 12);
	});

	it('returns the bound of a lowest bucket at or below zero instead of interpolating from 0', () => {
		expect(bucketQuantile(0.1, buckets([[-1, 5], [0, 10], [Infinity, 10]]))).toBe(-1);
	});
});

const histogram = (name: string, labels: Record<string, string>, counts: Record<string, number>): SeriesFixture[] =>
	Object.entries(counts).map(([le, count]) => ({labels: {__name__: name, ...labels, le}, samples: [[0, count]]}));

describe('histogram_quantile()', () => {
	const store = storeOf([
		...histogram('lat_bucket', {job: 'a'}, {'0.1': 10, '0.5': 20, '1': 30, '+Inf': 30}),
		...histogram('lat_bucket', {job: 'b'}, {'0.1': 0, '1.0': 4, '+Inf': 4, junk: 99}),
		...histogram('other_bucket', {job: 'a'}, {'1': 1, '+Inf': 1}),
	]);

	it('groups by every label but le and drops le and the metric name', () => {
		expect(evalAt('histogram_quantile(0.5, lat_bucket)', store, 10)).toEqual({'{job="a"}': expect.closeTo(0.3, 12), '{job="b"}': expect.closeTo(0.55, 12)});
		// le="1" and le="1.0" stay apart in the sum and merge in histogram_quantile: 0.1:10, 0.5:20, 1:34, +Inf:34.
		expect(evalAt('histogram_quantile(0.5, sum by (le) (lat_bucket))', store, 10)).toEqual({'{}': expect.closeTo(0.38, 12)});
	});

	it('refuses series that differ only by name, after dropping it', () => {
		expect(evalAt('histogram_quantile(0.5, {__name__=~"lat_bucket|other_bucket", job="a"})', store, 10)).toEqual({error: 'vector cannot contain metrics with the same labelset'});
	});
});
