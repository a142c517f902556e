import {evaluateInstant} from '../../source/promql/evaluate.js';
import {SeriesStore, type Labels} from '../../source/promql/series-store.js';
import {labelText} from './compare-results.js';

/** One series of a hand-built store: samples as [seconds, value] (`'stale'` for a staleness marker). */
export type SeriesFixture = {labels: Labels; samples: Array<[number, number | 'stale']>};

/** A store holding exactly these samples. */
export function storeOf(series: readonly SeriesFixture[], options: ConstructorParameters<typeof SeriesStore>[0] = {}): SeriesStore {
	const store = new SeriesStore(options);
	for (const {labels, samples} of series) {
		for (const [seconds, value] of samples) {
			if (value === 'stale') store.appendStaleMarker(labels, seconds * 1000);
			else store.append(labels, seconds * 1000, value);
		}
	}
	return store;
}

/** Samples every `step` seconds from `from` to `to` of `value(t)`. */
export function samplesOf(from: number, to: number, step: number, value: (seconds: number) => number): Array<[number, number]> {
	const samples: Array<[number, number]> = [];
	for (let t = from; t <= to; t += step) samples.push([t, value(t)]);
	return samples;
}

/** Evaluates at `seconds`: label text → value, or `{error}`. */
export function evalAt(query: string, store: SeriesStore, seconds: number, options?: Parameters<typeof evaluateInstant>[3]): Record<string, number> | {error: string} {
	const result = evaluateInstant(query, store, seconds * 1000, options);
	if (!result.ok) return {error: result.error};
	return Object.fromEntries(result.samples.map(sample => [labelText(sample.labels), sample.value]));
}
