import type {Points} from './selectors.js';

/** The window a range function sees: evaluation time, the range and its closed bounds, all in milliseconds. */
export type RangeWindow = {t: number; rangeMs: number; start: number; end: number};

/** A function of a range vector's points; `undefined` drops the series. `scalars` are the other arguments, in order. */
export type RangeFunction = (points: Points, window: RangeWindow, scalars: readonly number[]) => number | undefined;

/** Neumaier-compensated summation step, as Prometheus' `kahanSumInc`. */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
	const t = sum + inc;
	if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
	else c += inc - t + sum;
	return [t, c];
}

/**
 * Prometheus' `extrapolatedRate` for rate, increase and delta: the increase between the first and last sample
 * (counter resets added back for counters), extrapolated towards the window's bounds when the samples come close to
 * them (within 1.1 average intervals; otherwise by half an interval), never below the counter's zero point.
 */
function extrapolatedRate(p: Points, w: RangeWindow, isCounter: boolean, isRate: boolean): number | undefined {
	const n = p.n;
	if (n < 2) return undefined;
	const first = p.vs[p.start]!;
	const last = p.vs[p.start + n - 1]!;
	let result = last - first;
	if (isCounter) {
		let previous = first;
		for (let i = 1; i < n; i++) {
			const current = p.vs[p.start + i]!;
			if (current < previous) result += previous;
			previous = current;
		}
	}
	let durationToStart = (p.ts[p.start]! - w.start) / 1000;
	const durationToEnd = (w.end - p.ts[p.start + n - 1]!) / 1000;
	const sampledInterval = (p.ts[p.start + n - 1]! - p.ts[p.start]!) / 1000;
	const averageInterval = sampledInterval / (n - 1);
	if (isCounter && result > 0 && first >= 0) {
		const durationToZero = sampledInterval * (first / result);
		if (durationToZero < durationToStart) durationToStart = durationToZero;
	}
	const threshold = averageInterval * 1.1;
	let extrapolateTo = sampledInterval;
	extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
	extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
	let factor = extrapolateTo / sampledInterval;
	if (isRate) factor /= w.rangeMs / 1000;
	return result * factor;
}

/** Prometheus' `instantValue` for irate and idelta: the last two samples only. */
function instantValue(p: Points, isRate: boolean): number | undefined {
	const n = p.n;
	if (n < 2) return undefined;
	const last = p.vs[p.start + n - 1]!;
	const previous = p.vs[p.start + n - 2]!;
	let result = isRate && last < previous ? last : last - previous;
	const interval = p.ts[p.start + n - 1]! - p.ts[p.start + n - 2]!;
	if (interval === 0) return undefined;
	if (isRate) result /= interval / 1000;
	return result;
}

function sumOverTime(p: Points): number {
	let sum = 0;
	let c = 0;
	for (let i = 0; i < p.n; i++) [sum, c] = kahanSumInc(p.vs[p.start + i]!, sum, c);
	return Number.isFinite(sum) ? sum + c : sum;
}

function avgOverTime(p: Points): number {
	let mean = 0;
	let c = 0;
	for (let i = 0; i < p.n; i++) {
		const v = p.vs[p.start + i]!;
		const count = i + 1;
		if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
			// An infinite mean stays as it is unless a NaN or an infinity of the other sign arrives.
			if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) continue;
			if (Number.isFinite(v)) continue;
		}
		[mean, c] = kahanSumInc(v / count - mean / count, mean, c);
	}
	return !Number.isFinite(mean) && !Number.isNaN(mean) ? mean : mean + c;
}

function extreme(p: Points, better: (candidate: number, current: number) => boolean): number {
	let result = p.vs[p.start]!;
	for (let i = 0; i < p.n; i++) if (better(p.vs[p.start + i]!, result) || Number.isNaN(result)) result = p.vs[p.start + i]!;
	return result;
}

function variance(p: Points): number {
	let mean = 0;
	let cMean = 0;
	let aux = 0;
	let cAux = 0;
	for (let i = 0; i < p.n; i++) {
		const v = p.vs[p.start + i]!;
		const delta = v - (mean + cMean);
		[mean, cMean] = kahanSumInc(delta / (i + 1), mean, cMean);
		[aux, cAux] = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux);
	}
	return (aux + cAux) / p.n;
}

function countChanges(p: Points, resets: boolean): number {
	let count = 0;
	for (let i = 1; i < p.n; i++) {
		const previous = p.vs[p.start + i - 1]!;
		const current = p.vs[p.start + i]!;
		if (resets ? current < previous : current !== previous && !(Number.isNaN(current) && Number.isNaN(previous))) count++;
	}
	return count;
}

/** Prometheus' `quantile` over plain values (NaN sorts first; linear interpolation between ranks). */
export function quantile(q: number, values: number[]): number {
	if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
	if (q < 0) return -Infinity;
	if (q > 1) return Infinity;
	values.sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b));
	const n = values.length;
	const rank = q * (n - 1);
	const lower = Math.max(0, Math.floor(rank));
	const upper = Math.min(n - 1, lower + 1);
	const weight = rank - Math.floor(rank);
	return values[lower]! * (1 - weight) + values[upper]! * weight;
}

/** The range-vector functions, by name. */
export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
	['rate', (p, w) => extrapolatedRate(p, w, true, true)],
	['increase', (p, w) => extrapolatedRate(p, w, true, false)],
	['delta', (p, w) => extrapolatedRate(p, w, false, false)],
	['irate', p => instantValue(p, true)],
	['idelta', p => instantValue(p, false)],
	['sum_over_time', sumOverTime],
	['avg_over_time', avgOverTime],
	['count_over_time', p => p.n],
	['last_over_time', p => p.vs[p.start + p.n - 1]],
	['max_over_time', p => extreme(p, (candidate, current) => candidate > current)],
	['min_over_time', p => extreme(p, (candidate, current) => candidate < current)],
	['stdvar_over_time', variance],
	['stddev_over_time', p => Math.sqrt(variance(p))],
	['present_over_time', () => 1],
	['absent_over_time', () => 1],
	['changes', p => countChanges(p, false)],
	['resets', p => countChanges(p, true)],
	['quantile_over_time', (p, _w, [q = Number.NaN]) => quantile(q, Array.from(p.vs.subarray(p.start, p.start + p.n)))],
]);
