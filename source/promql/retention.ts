import type {Expr} from './ast.js';
import {METRIC_NAME} from './labels.js';
import {parsePromql} from './parse.js';

/** How far back each metric is read: by metric name, and `all` for selectors without a fixed name. */
export type MetricWindows = {byName: Map<string, number>; all: number};

function widen(windows: MetricWindows, name: string | undefined, ms: number): void {
	if (name === undefined) windows.all = Math.max(windows.all, ms);
	else windows.byName.set(name, Math.max(windows.byName.get(name) ?? 0, ms));
}

function visit(expr: Expr, outerMs: number, lookbackMs: number, windows: MetricWindows): void {
	switch (expr.type) {
		case 'vector': {
			const name = expr.matchers.find(matcher => matcher.name === METRIC_NAME && matcher.type === '=')?.value;
			widen(windows, name, outerMs + Math.max(0, expr.offsetMs) + lookbackMs);
			return;
		}
		case 'matrix': {
			const name = expr.selector.matchers.find(matcher => matcher.name === METRIC_NAME && matcher.type === '=')?.value;
			widen(windows, name, outerMs + Math.max(0, expr.selector.offsetMs) + expr.rangeMs);
			return;
		}
		case 'subquery':
			visit(expr.expr, outerMs + expr.rangeMs + Math.max(0, expr.offsetMs), lookbackMs, windows);
			return;
		case 'call':
			for (const arg of expr.args) visit(arg, outerMs, lookbackMs, windows);
			return;
		case 'aggregate':
			visit(expr.expr, outerMs, lookbackMs, windows);
			if (expr.param) visit(expr.param, outerMs, lookbackMs, windows);
			return;
		case 'binary':
			visit(expr.lhs, outerMs, lookbackMs, windows);
			visit(expr.rhs, outerMs, lookbackMs, windows);
			return;
		case 'unary':
		case 'paren':
			visit(expr.expr, outerMs, lookbackMs, windows);
			return;
		default:
			return;
	}
}

/** How far back (ms before the evaluation time) `exprs` read each metric: ranges, offsets, enclosing subqueries, lookback. */
export function metricWindows(exprs: readonly Expr[], lookbackMs: number): MetricWindows {
	const windows: MetricWindows = {byName: new Map(), all: 0};
	for (const expr of exprs) visit(expr, 0, lookbackMs, windows);
	return windows;
}

/**
 * A `retentionForMetric` for `SeriesStore` that keeps each metric only as long as `queries` need it (plus
 * `slackMs` for compaction running between evaluations), and metrics no query names for the lookback, so that
 * instant queries and metric-name listing keep working. With the profiles' queries most metrics then keep about
 * 10 minutes instead of an hour. Queries that do not parse are ignored.
 */
export function retentionForQueries(queries: Iterable<string>, lookbackMs = 5 * 60_000, slackMs = 60_000): (metricName: string) => number {
	const exprs: Expr[] = [];
	for (const query of queries) {
		const parsed = parsePromql(query);
		if (parsed.ok) exprs.push(parsed.expr);
	}
	const windows = metricWindows(exprs, lookbackMs);
	return name => Math.max(windows.byName.get(name) ?? lookbackMs, windows.all) + slackMs;
}
