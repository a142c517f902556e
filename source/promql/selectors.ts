import type {MatrixSelector, VectorSelector} from './ast.js';
import type {Labels} from './labels.js';
import type {StoredSeries} from './series-store.js';
import {pinnedTime, type EvalContext, type Sample} from './values.js';

/**
 * The points of one series inside a range window, oldest first: `n` entries from index `start` of `ts`/`vs`
 * (Float64Arrays, shared with the store without copying; the hot loops stay monomorphic).
 */
export type Points = {ts: Float64Array; vs: Float64Array; start: number; n: number};

/** The series a selector matches (memoized for the whole evaluation, so subquery steps select once). */
export function selectSeries(selector: VectorSelector, ctx: EvalContext): StoredSeries[] {
	let selected = ctx.selections.get(selector);
	if (!selected) {
		selected = ctx.store.select(selector.matchers);
		ctx.selections.set(selector, selected);
	}
	return selected;
}

/**
 * An instant selector at `t` (or its `@` time): per series, the newest sample at or before `t - offset`, if it is no older than the
 * lookback and not a staleness marker (Prometheus' `vectorSelectorSingle`).
 */
export function instantVector(selector: VectorSelector, t: number, ctx: EvalContext): Sample[] {
	const ref = pinnedTime(selector.at, t, ctx) - selector.offsetMs;
	const out: Sample[] = [];
	for (const series of selectSeries(selector, ctx)) {
		const buffer = series.buffer;
		const i = buffer.indexAfter(ref) - 1;
		if (i < buffer.start || buffer.ts[i]! < ref - ctx.lookbackMs || buffer.isStale(i)) continue;
		out.push({labels: series.labels, value: buffer.vs[i]!, t: buffer.ts[i]!});
	}
	return out;
}

let scratchTs = new Float64Array(256);
let scratchVs = new Float64Array(256);

/**
 * Calls `visit` for every selected series with its points in the closed window [t - offset - range, t - offset],
 * staleness markers left out (Prometheus' `matrixIterSlice`). Series without points are skipped. The points are
 * views of the store or a scratch buffer: valid during the call only.
 */
export function forEachRange(matrix: MatrixSelector, t: number, ctx: EvalContext, visit: (labels: Labels, points: Points) => void): void {
	const end = pinnedTime(matrix.selector.at, t, ctx) - matrix.selector.offsetMs;
	const start = end - matrix.rangeMs;
	for (const series of selectSeries(matrix.selector, ctx)) {
		const buffer = series.buffer;
		const from = buffer.indexAtOrAfter(start);
		const to = buffer.indexAfter(end);
		if (from === to) continue;
		if (buffer.staleCount === 0) {
			visit(series.labels, {ts: buffer.ts, vs: buffer.vs, start: from, n: to - from});
			continue;
		}
		if (to - from > scratchTs.length) {
			scratchTs = new Float64Array(2 * (to - from));
			scratchVs = new Float64Array(2 * (to - from));
		}
		let n = 0;
		for (let i = from; i < to; i++) {
			if (buffer.isStale(i)) continue;
			scratchTs[n] = buffer.ts[i]!;
			scratchVs[n] = buffer.vs[i]!;
			n++;
		}
		if (n > 0) visit(series.labels, {ts: scratchTs, vs: scratchVs, start: 0, n});
	}
}
