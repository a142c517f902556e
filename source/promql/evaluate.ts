import {evaluateAt} from './evaluator.js';
import {parsePromql} from './parse.js';
import type {SeriesStore} from './series-store.js';
import type {EvalContext} from './values.js';

/** One element of a query result; a scalar result is one sample without labels. */
export type InstantSample = {labels: Record<string, string>; value: number};

/** The result of {@link evaluateInstant}. */
export type EvalResult = {ok: true; samples: InstantSample[]} | {ok: false; error: string};

/** Options of {@link evaluateInstant}. */
export type EvaluateOptions = {
	/** Step of subqueries written without one (`expr[1h:]`); Prometheus uses its evaluation interval. Default 60 000. */
	subqueryStepMs?: number;
	/** Upper bound on subquery steps in one query, to bound the time a query can take. Default 200 000. */
	maxSubquerySteps?: number;
};

/**
 * Evaluates an instant query at `atMs` like Prometheus 2.42's `/api/v1/query?time=` over the samples in `store`
 * (its lookback, staleness markers, and semantics). A scalar result is one sample with no labels; range-vector and
 * string results are refused as unsupported. Never throws.
 */
export function evaluateInstant(promql: string, store: SeriesStore, atMs: number, options: EvaluateOptions = {}): EvalResult {
	const parsed = parsePromql(promql);
	if (!parsed.ok) return parsed;
	try {
		const ctx: EvalContext = {
			store,
			queryTimeMs: atMs,
			lookbackMs: store.lookbackMs,
			subqueryStepMs: Math.max(1, options.subqueryStepMs ?? 60_000),
			selections: new Map(),
			stepsLeft: options.maxSubquerySteps ?? 200_000,
		};
		const value = evaluateAt(parsed.expr, atMs, ctx);
		switch (value.type) {
			case 'scalar':
				return {ok: true, samples: [{labels: {}, value: value.value}]};
			case 'vector':
				return {ok: true, samples: value.samples.map(sample => ({labels: {...sample.labels}, value: sample.value}))};
			default:
				return {ok: false, error: `unsupported in local evaluation: ${value.type === 'matrix' ? 'range vector' : 'string'} result`};
		}
	} catch (error) {
		return {ok: false, error: error instanceof Error ? error.message : String(error)};
	}
}
