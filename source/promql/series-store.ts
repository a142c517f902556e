import {compareLabels, labelsKey, METRIC_NAME, normalizeLabels, type Labels} from './labels.js';
import type {LabelMatcher} from './matcher.js';
import {SampleBuffer} from './sample-buffer.js';

export type {Labels} from './labels.js';

/** Options of {@link SeriesStore}. */
export type StoreOptions = {
	/** How long samples are kept (default 65 minutes): at least the longest range or subquery window queried, plus the lookback. */
	retentionMs?: number;
	/** How far back an instant selector looks for a sample (default 5 minutes, Prometheus' `--query.lookback-delta`). */
	lookbackMs?: number;
	/**
	 * Per-metric retention overriding {@link StoreOptions.retentionMs} when it returns a number: lets metrics that
	 * only rate over 5 minutes keep 5 minutes instead of an hour (see `retentionForQueries` in retention.ts).
	 */
	retentionForMetric?: (metricName: string) => number | undefined;
};

/** One stored series. The evaluator reads its buffer directly. */
export type StoredSeries = {
	readonly labels: Labels;
	readonly key: string;
	readonly name: string;
	readonly buffer: SampleBuffer;
};

const DEFAULT_RETENTION_MS = 65 * 60_000;
const DEFAULT_LOOKBACK_MS = 5 * 60_000;

/** An in-memory time-series store with Prometheus' staleness handling, indexed by metric name. */
export class SeriesStore {
	/** Lookback of instant selectors in milliseconds. */
	readonly lookbackMs: number;
	private readonly retentionMs: number;
	private readonly retentionForMetric: ((metricName: string) => number | undefined) | undefined;
	private readonly byKey = new Map<string, StoredSeries>();
	/** Series of each metric name, sorted as Prometheus' storage returns them. */
	private readonly byName = new Map<string, StoredSeries[]>();
	/** Series each target exposed at its last successful scrape. */
	private readonly targets = new Map<string, Set<StoredSeries>>();
	private samples = 0;

	constructor(options: StoreOptions = {}) {
		this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
		this.lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
		this.retentionForMetric = options.retentionForMetric;
	}

	/** Number of series. */
	get seriesCount(): number {
		return this.byKey.size;
	}

	/** Number of stored samples, staleness markers included. */
	get sampleCount(): number {
		return this.samples;
	}

	/** Appends one raw sample (tests, differential tests). Timestamps per series must be increasing; older/equal ones are ignored. Not tracked per target. */
	append(labels: Labels, tMs: number, value: number): void {
		if (this.series(labels).buffer.append(tMs, value)) this.samples++;
	}

	/** Appends a staleness marker to one series (tests that rebuild a store from Prometheus' API, which hides markers). */
	appendStaleMarker(labels: Labels, tMs: number): void {
		this.markStale(this.series(labels), tMs);
	}

	/**
	 * One scrape of a target: appends every sample at `tMs`; series this target exposed at its previous scrape but
	 * not now get a staleness marker at `tMs`, as Prometheus does. Append `up` and the other scrape report series with
	 * {@link append}, so that {@link markTargetStale} leaves them alone.
	 */
	appendScrape(target: string, samples: ReadonlyArray<{labels: Labels; value: number}>, tMs: number): void {
		const previous = this.targets.get(target);
		const current = new Set<StoredSeries>();
		for (const sample of samples) {
			const series = this.series(sample.labels);
			if (series.buffer.append(tMs, sample.value)) this.samples++;
			current.add(series);
		}
		if (previous) for (const series of previous) if (!current.has(series)) this.markStale(series, tMs);
		this.targets.set(target, current);
	}

	/** The target's scrape failed: every series of its last scrape gets a staleness marker at `tMs`. */
	markTargetStale(target: string, tMs: number): void {
		for (const series of this.targets.get(target) ?? []) this.markStale(series, tMs);
		this.targets.set(target, new Set());
	}

	/** Appends a staleness marker unless compaction already dropped the series. */
	private markStale(series: StoredSeries, tMs: number): void {
		if (this.byKey.get(series.key) === series && series.buffer.appendStale(tMs)) this.samples++;
	}

	/** Metric names with a non-stale sample in (atMs - lookback, atMs], sorted. */
	metricNames(atMs: number): string[] {
		const names: string[] = [];
		for (const [name, list] of this.byName) {
			if (name === '') continue;
			const live = list.some(({buffer}) => {
				const i = buffer.indexAfter(atMs) - 1;
				return i >= buffer.start && buffer.ts[i]! > atMs - this.lookbackMs && !buffer.isStale(i);
			});
			if (live) names.push(name);
		}
		return names.sort();
	}

	/** Drops samples older than the retention, and series left empty. Call after appending; O(series · log samples). */
	compact(nowMs: number): void {
		let emptiedAny = false;
		for (const [name, list] of this.byName) {
			const retention = this.retentionForMetric?.(name) ?? this.retentionMs;
			let emptied = false;
			for (const series of list) {
				this.samples -= series.buffer.dropBefore(nowMs - retention);
				if (series.buffer.length === 0) {
					this.byKey.delete(series.key);
					emptied = true;
				}
			}
			if (!emptied) continue;
			emptiedAny = true;
			const kept = list.filter(series => series.buffer.length > 0);
			if (kept.length > 0) this.byName.set(name, kept);
			else this.byName.delete(name);
		}
		if (emptiedAny) for (const exposed of this.targets.values()) for (const series of exposed) if (this.byKey.get(series.key) !== series) exposed.delete(series);
	}

	/** The series matching every matcher, in Prometheus' storage order (sorted by label set). */
	select(matchers: readonly LabelMatcher[]): StoredSeries[] {
		const nameMatcher = matchers.find(matcher => matcher.name === METRIC_NAME && matcher.type === '=');
		const candidates = nameMatcher ? (this.byName.get(nameMatcher.value) ?? []) : [...this.byKey.values()];
		const selected = candidates.filter(series => matchers.every(matcher => matcher.matches(series.labels[matcher.name] ?? '')));
		return nameMatcher ? selected : selected.sort((a, b) => compareLabels(a.labels, b.labels));
	}

	private series(raw: Labels): StoredSeries {
		const key = labelsKey(raw, true);
		let series = this.byKey.get(key);
		if (series) return series;
		const labels = normalizeLabels(raw);
		const name = labels[METRIC_NAME] ?? '';
		series = {labels, key, name, buffer: new SampleBuffer()};
		this.byKey.set(key, series);
		const list = this.byName.get(name) ?? [];
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (compareLabels(list[mid]!.labels, labels) < 0) lo = mid + 1;
			else hi = mid;
		}
		list.splice(lo, 0, series);
		this.byName.set(name, list);
		return series;
	}
}
