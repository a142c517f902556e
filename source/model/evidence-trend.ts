/**
 * The evidence trend's points: fixed steps, oldest first, NaN where the alert's series was absent.
 * Pure; the evidence feed keeps one of these per watched alert.
 */

/** Points the trend keeps (a sparkline's width). */
export const TREND_POINTS = 60;

/** Values at `from`, `from + stepMs`, … `to`. */
export type TrendPoints = {readonly values: readonly number[]; readonly stepMs: number; readonly from: number; readonly to: number};

/** The trend of a range query: the value at each of `times` (evenly spaced), NaN where the series had none. */
export function trendFromRange(values: ReadonlyMap<number, number> | undefined, times: readonly number[]): TrendPoints {
	const stepMs = times.length > 1 ? times[1]! - times[0]! : 1000;
	return {values: times.map(at => values?.get(at) ?? Number.NaN), stepMs, from: times[0] ?? 0, to: times.at(-1) ?? 0};
}

/** An empty trend of `stepMs` steps, for sources that only answer instant queries. */
export function emptyTrend(stepMs: number): TrendPoints {
	return {values: [], stepMs: Math.max(1, stepMs), from: 0, to: 0};
}

/**
 * Adds the value at `at`. Points stay one step apart: a value less than a step (give or take a
 * quarter) after the newest point replaces it, so the newest point is always the latest value; steps
 * missed (a pause, failed refreshes) become NaN. At most `max` points are kept.
 */
export function appendTrend(trend: TrendPoints, value: number, at: number, max = TREND_POINTS): TrendPoints {
	const {stepMs} = trend;
	if (trend.values.length === 0) return {values: [value], stepMs, from: at, to: at};
	const steps = Math.floor((at - trend.to) / stepMs + 0.25);
	if (steps <= 0) return {...trend, values: [...trend.values.slice(0, -1), value]};
	const gap = Math.min(steps - 1, max);
	const values = [...trend.values, ...Array.from({length: gap}, () => Number.NaN), value].slice(-max);
	const to = trend.to + steps * stepMs;
	return {values, stepMs, from: to - (values.length - 1) * stepMs, to};
}
