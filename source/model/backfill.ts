import type {Profile} from '../profiles/types.js';
import type {RangeSeries} from '../sources/range-query.js';
import type {Result, Sample} from '../sources/prometheus-client.js';
import {appendHistory, historyKey, HISTORY_LENGTH, trendValues} from './history.js';
import type {QueryPlan} from './queries.js';
import {shapeSystem} from './shape.js';

/**
 * The sparklines of a system over past times, from range queries of its plan: at each time the
 * answers are shaped exactly as a live refresh's would be, so a backfilled trend is the trend the
 * dashboard would have drawn. Pure.
 */
export function backfillHistory(profile: Profile, plan: QueryPlan, ranges: ReadonlyMap<string, Result<RangeSeries[]>>, times: readonly number[]): Record<string, readonly number[]> {
	const history: Record<string, readonly number[]> = {};
	for (const at of times) {
		const results = new Map<string, Result<Sample[]>>();
		for (const [key, promql] of plan) {
			const range = ranges.get(promql);
			if (!range) continue;
			results.set(
				key,
				range.ok
					? {ok: true, warnings: [], data: range.data.flatMap(series => (series.values.has(at) ? [{labels: series.labels, value: series.values.get(at)!}] : []))}
					: range,
			);
		}
		for (const [series, value] of trendValues(shapeSystem(profile, results, at))) {
			const key = historyKey(profile.id, series);
			history[key] = appendHistory(history[key], value, HISTORY_LENGTH);
		}
	}
	return history;
}

/** Backfilled values before the live ones, the whole kept to the sparkline's length. */
export function mergeHistory(backfilled: Readonly<Record<string, readonly number[]>>, live: Readonly<Record<string, readonly number[]>>): Record<string, readonly number[]> {
	const merged: Record<string, readonly number[]> = {...backfilled};
	for (const [key, values] of Object.entries(live)) merged[key] = [...(backfilled[key] ?? []), ...values].slice(-HISTORY_LENGTH);
	return merged;
}
