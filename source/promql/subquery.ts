import type {Expr, Subquery} from './ast.js';
import {labelsKey} from './labels.js';
import {EvalError, pinnedTime, vectorOf, type EvalContext, type RangeSeries, type Value} from './values.js';

/** Evaluates an expression at one time; passed in to avoid an import cycle with the evaluator. */
export type EvaluateAt = (expr: Expr, t: number, ctx: EvalContext) => Value;

/**
 * A subquery at `t`: the inner expression evaluated at every multiple of the step within the closed window
 * [t - offset - range, t - offset] (Prometheus aligns the first step up to a multiple of the step), collected into
 * one series per label set.
 */
export function evaluateSubquery(expr: Subquery, t: number, ctx: EvalContext, evaluateAt: EvaluateAt): RangeSeries[] {
	const step = expr.stepMs || ctx.subqueryStepMs;
	const end = pinnedTime(expr.at, t, ctx) - expr.offsetMs;
	const lower = end - expr.rangeMs;
	const remainder = lower % step;
	const start = remainder > 0 ? lower - remainder + step : lower - remainder;
	const steps = Math.floor((end - start) / step) + 1;
	ctx.stepsLeft -= Math.max(0, steps);
	if (ctx.stepsLeft < 0) throw new EvalError('query too expensive: its subqueries would take too many steps');
	const series = new Map<string, RangeSeries>();
	for (let ts = start; ts <= end; ts += step) {
		for (const sample of vectorOf(evaluateAt(expr.expr, ts, ctx))) {
			const key = labelsKey(sample.labels);
			let entry = series.get(key);
			if (!entry) {
				entry = {labels: sample.labels, ts: [], vs: []};
				series.set(key, entry);
			}
			entry.ts.push(ts);
			entry.vs.push(sample.value);
		}
	}
	return [...series.values()];
}
