import {describe, expect, it} from 'vitest';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {retentionForQueries} from '../../source/promql/retention.js';
import {SampleBuffer} from '../../source/promql/sample-buffer.js';
import {SeriesStore} from '../../source/promql/series-store.js';
import {evalAt} from './store-fixtures.js';

const up = (instance: string) => ({__name__: 'up', job: 'api', instance});

describe('SeriesStore', () => {
	it('keeps increasing timestamps per series and ignores older or equal ones', () => {
		const store = new SeriesStore();
		store.append(up('a'), 1000, 1);
		store.append(up('a'), 1000, 2);
		store.append(up('a'), 500, 3);
		store.append(up('a'), 2000, 4);
		expect(store.seriesCount).toBe(1);
		expect(store.sampleCount).toBe(2);
		expect(evalAt('up', store, 2)).toEqual({'{__name__="up", instance="a", job="api"}': 4});
		expect(evalAt('up', store, 1.5)).toEqual({'{__name__="up", instance="a", job="api"}': 1});
	});

	it('treats an empty label value as an absent label', () => {
		const store = new SeriesStore();
		store.append({__name__: 'x', a: ''}, 1000, 1);
		store.append({__name__: 'x'}, 2000, 2);
		expect(store.seriesCount).toBe(1);
		expect(evalAt('x{a=""}', store, 2)).toEqual({'{__name__="x"}': 2});
	});

	it('marks series a target stops exposing stale at that scrape, like Prometheus', () => {
		const store = new SeriesStore();
		store.appendScrape('t', [{labels: up('a'), value: 1}, {labels: up('b'), value: 1}], 10_000);
		store.appendScrape('t', [{labels: up('a'), value: 1}], 20_000);
		expect(Object.keys(evalAt('up', store, 15))).toHaveLength(2);
		expect(Object.keys(evalAt('up', store, 20))).toEqual(['{__name__="up", instance="a", job="api"}']);
		// A range still sees b's real sample; the marker itself is never a value.
		expect(evalAt('count_over_time(up{instance="b"}[1m])', store, 30)).toEqual({'{instance="b", job="api"}': 1});
		store.appendScrape('t', [{labels: up('a'), value: 1}, {labels: up('b'), value: 7}], 30_000);
		expect(evalAt('up{instance="b"}', store, 30)).toEqual({'{__name__="up", instance="b", job="api"}': 7});
	});

	it('marks every series of a failed target stale', () => {
		const store = new SeriesStore();
		store.appendScrape('t', [{labels: up('a'), value: 1}], 10_000);
		store.markTargetStale('t', 12_000);
		expect(evalAt('up', store, 12)).toEqual({});
		expect(store.metricNames(12_000)).toEqual([]);
		expect(store.metricNames(11_000)).toEqual(['up']);
		// The next successful scrape marks nothing again.
		store.appendScrape('t', [{labels: up('b'), value: 1}], 14_000);
		expect(store.sampleCount).toBe(3);
	});

	it('keeps a real NaN value apart from a staleness marker', () => {
		const store = new SeriesStore();
		store.append({__name__: 'x'}, 1000, Number.NaN);
		expect(evalAt('x', store, 2)).toEqual({'{__name__="x"}': Number.NaN});
		const buffer = new SampleBuffer();
		buffer.append(1, Number.NaN);
		buffer.appendStale(2);
		expect([buffer.isStale(0), buffer.isStale(1)]).toEqual([false, true]);
		expect(Number.isNaN(buffer.vs[1]!)).toBe(true);
	});

	it('lists metric names with a live sample in (t - lookback, t]', () => {
		const store = new SeriesStore({lookbackMs: 60_000});
		store.append({__name__: 'old'}, 0, 1);
		store.append({__name__: 'new'}, 50_000, 1);
		store.append({__name__: 'future'}, 200_000, 1);
		expect(store.metricNames(60_000)).toEqual(['new']);
		expect(store.metricNames(50_000)).toEqual(['new', 'old']);
	});

	it('compacts old samples and drops emptied series', () => {
		const store = new SeriesStore({retentionMs: 10_000});
		for (let t = 0; t <= 30_000; t += 1000) store.append({__name__: 'x'}, t, t);
		store.append({__name__: 'gone'}, 0, 1);
		store.compact(30_000);
		expect(store.seriesCount).toBe(1);
		expect(store.sampleCount).toBe(11);
		expect(evalAt('count_over_time(x[1h])', store, 30)).toEqual({'{}': 11});
	});

	it('keeps each metric as long as the queries need it, with a per-metric retention', () => {
		const retention = retentionForQueries(['rate(a[5m])', 'avg_over_time(sum(irate(b[2m]))[1h:])', 'c offset 10m'], 300_000, 0);
		expect([retention('a'), retention('b'), retention('c'), retention('other')]).toEqual([300_000, 3_720_000, 900_000, 300_000]);
		const store = new SeriesStore({retentionForMetric: retention});
		for (const name of ['a', 'b']) for (let t = 0; t <= 3_600_000; t += 60_000) store.append({__name__: name}, t, t);
		store.compact(3_600_000);
		expect(evalAt('count_over_time(a[2h])', store, 3600)).toEqual({'{}': 6});
		expect(evalAt('count_over_time(b[2h])', store, 3600)).toEqual({'{}': 61});
	});

	it('selects in label order, as Prometheus storage does', () => {
		const store = new SeriesStore();
		for (const instance of ['c', 'a', 'b']) store.append(up(instance), 1000, 1);
		const result = evaluateInstant('up', store, 1000);
		expect(result.ok && result.samples.map(sample => sample.labels.instance)).toEqual(['a', 'b', 'c']);
	});

	it('stays correct through growth, sliding and compaction of its buffers', () => {
		const store = new SeriesStore({retentionMs: 100_000});
		for (let t = 0; t < 1_000_000; t += 1000) {
			store.appendScrape('t', [{labels: {__name__: 'c'}, value: t / 1000}], t);
			if (t % 7000 === 0) store.compact(t);
		}
		store.compact(999_000);
		expect(store.sampleCount).toBe(101);
		expect(evalAt('c', store, 999)).toEqual({'{__name__="c"}': 999});
		expect(evalAt('sum_over_time(c[100s])', store, 999)).toEqual({'{}': ((899 + 999) * 101) / 2});
	});
});
