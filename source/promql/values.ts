import type {AtModifier, VectorSelector} from './ast.js';
import {labelsKey, type Labels} from './labels.js';
import type {SeriesStore, StoredSeries} from './series-store.js';

/** One element of an instant vector; `t` is the sample's own timestamp where `timestamp()` needs it. */
export type Sample = {labels: Labels; value: number; t?: number};

/** One series of a range vector computed by a subquery: timestamps and values, oldest first. */
export type RangeSeries = {labels: Labels; ts: number[]; vs: number[]};

/** A value produced while evaluating. */
export type Value =
	| {type: 'scalar'; value: number}
	| {type: 'vector'; samples: Sample[]}
	| {type: 'matrix'; series: RangeSeries[]}
	| {type: 'string'; value: string};

/** An evaluation failure, reported as the result's error (never thrown out of `evaluateInstant`). */
export class EvalError extends Error {}

/** What one evaluation needs besides the expression and time. */
export type EvalContext = {
	readonly store: SeriesStore;
	/** The query's evaluation time: what `@ start()` and `@ end()` mean in an instant query. */
	readonly queryTimeMs: number;
	readonly lookbackMs: number;
	/** Step of subqueries written without one (`[1h:]`). */
	readonly subqueryStepMs: number;
	/** Selections by selector node, reused across the steps of subqueries. */
	readonly selections: Map<VectorSelector, StoredSeries[]>;
	/** Subquery steps left before the query is refused as too expensive. */
	stepsLeft: number;
};

/** Prometheus' check after every operation that may merge series. */
export function assertUniqueLabels(samples: readonly Sample[]): void {
	if (samples.length < 2) return;
	const seen = new Set<string>();
	for (const sample of samples) {
		const key = labelsKey(sample.labels);
		if (seen.has(key)) throw new EvalError('vector cannot contain metrics with the same labelset');
		seen.add(key);
	}
}

/** Wraps samples as a vector value after the duplicate check. */
export function checkedVector(samples: Sample[]): Value {
	assertUniqueLabels(samples);
	return {type: 'vector', samples};
}

/** The samples of a value known to be a vector. */
export function vectorOf(value: Value): Sample[] {
	if (value.type !== 'vector') throw new EvalError(`expected an instant vector, got ${value.type}`);
	return value.samples;
}

/** The number of a value known to be a scalar. */
export function scalarOf(value: Value): number {
	if (value.type !== 'scalar') throw new EvalError(`expected a scalar, got ${value.type}`);
	return value.value;
}

/** The time a selector or subquery is evaluated at: its `@` time if pinned, else the step's time `t`. */
export function pinnedTime(at: AtModifier | undefined, t: number, ctx: EvalContext): number {
	return at === undefined ? t : typeof at === 'number' ? at : ctx.queryTimeMs;
}
