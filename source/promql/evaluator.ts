import {unwrapParens, type Aggregate, type Binary, type Call, type Expr, type VectorMatching} from './ast.js';
import {aggregate} from './aggregations.js';
import {scalarBinary, vectorScalarBinary} from './binary-ops.js';
import {absentLabels, INSTANT_FUNCTIONS} from './instant-functions.js';
import {dropMetricName, type Labels} from './labels.js';
import {RANGE_FUNCTIONS, type RangeFunction, type RangeWindow} from './range-functions.js';
import {deriv, holtWinters, predictLinear} from './trend-functions.js';
import {forEachRange, instantVector, type Points} from './selectors.js';
import {evaluateSubquery} from './subquery.js';
import {checkedVector, EvalError, pinnedTime, scalarOf, vectorOf, type EvalContext, type RangeSeries, type Sample, type Value} from './values.js';
import {vectorBinary} from './vector-matching.js';

const RANGE: ReadonlyMap<string, RangeFunction> = new Map([...RANGE_FUNCTIONS, ['deriv', deriv], ['predict_linear', predictLinear], ['holt_winters', holtWinters]]);
const NO_MATCHING: VectorMatching = {card: 'one-to-one', on: false, labels: [], include: []};

/** Evaluates `expr` at `t` (milliseconds) as one step of Prometheus' engine would; throws {@link EvalError}. */
export function evaluateAt(expr: Expr, t: number, ctx: EvalContext): Value {
	switch (expr.type) {
		case 'number':
			return {type: 'scalar', value: expr.value};
		case 'string':
			return {type: 'string', value: expr.value};
		case 'paren':
			return evaluateAt(expr.expr, t, ctx);
		case 'vector':
			return {type: 'vector', samples: instantVector(expr, t, ctx)};
		case 'matrix':
		case 'subquery':
			return {type: 'matrix', series: rangeSeries(expr, t, ctx)};
		case 'unary': {
			const value = evaluateAt(expr.expr, t, ctx);
			if (expr.op === '+') return value;
			if (value.type === 'scalar') return {type: 'scalar', value: -value.value};
			return checkedVector(vectorOf(value).map(sample => ({labels: dropMetricName(sample.labels), value: -sample.value})));
		}
		case 'call':
			return evaluateCall(expr, t, ctx);
		case 'aggregate':
			return evaluateAggregate(expr, t, ctx);
		case 'binary':
			return evaluateBinary(expr, t, ctx);
	}
}

/** Calls `visit` with the points of every series of a range argument (a range selector or a subquery). */
function forEachRangeArgument(arg: Expr, t: number, ctx: EvalContext, visit: (labels: Labels, points: Points, window: RangeWindow) => void): void {
	if (arg.type === 'matrix') {
		const end = pinnedTime(arg.selector.at, t, ctx) - arg.selector.offsetMs;
		const window = {t, rangeMs: arg.rangeMs, start: end - arg.rangeMs, end};
		forEachRange(arg, t, ctx, (labels, points) => visit(labels, points, window));
	} else if (arg.type === 'subquery') {
		const end = pinnedTime(arg.at, t, ctx) - arg.offsetMs;
		const window = {t, rangeMs: arg.rangeMs, start: end - arg.rangeMs, end};
		for (const series of evaluateSubquery(arg, t, ctx, evaluateAt)) visit(series.labels, {ts: Float64Array.from(series.ts), vs: Float64Array.from(series.vs), start: 0, n: series.ts.length}, window);
	} else throw new EvalError(`expected a range vector, got ${arg.type}`);
}

function rangeSeries(arg: Expr, t: number, ctx: EvalContext): RangeSeries[] {
	const out: RangeSeries[] = [];
	forEachRangeArgument(arg, t, ctx, (labels, {ts, vs, start, n}) => out.push({labels, ts: Array.from(ts.subarray(start, start + n)), vs: Array.from(vs.subarray(start, start + n))}));
	return out;
}

function evaluateCall(expr: Call, t: number, ctx: EvalContext): Value {
	const rangeFunction = RANGE.get(expr.func);
	if (rangeFunction) {
		const matrixIndex = expr.func === 'quantile_over_time' ? 1 : 0;
		const scalars = expr.args.filter((_, index) => index !== matrixIndex).map(arg => scalarOf(evaluateAt(arg, t, ctx)));
		const arg = unwrapParens(expr.args[matrixIndex]!);
		const keepName = expr.func === 'last_over_time';
		const out: Sample[] = [];
		forEachRangeArgument(arg, t, ctx, (labels, points, window) => {
			const value = rangeFunction(points, window, scalars);
			if (value !== undefined) out.push({labels: keepName ? labels : dropMetricName(labels), value});
		});
		if (expr.func === 'absent_over_time') return {type: 'vector', samples: out.length > 0 ? [] : [{labels: absentLabels(arg), value: 1}]};
		return checkedVector(out);
	}
	const instantFunction = INSTANT_FUNCTIONS.get(expr.func);
	if (!instantFunction) throw new EvalError(`unsupported in local evaluation: ${expr.func}()`);
	const result = instantFunction(expr.args.map(arg => evaluateAt(arg, t, ctx)), expr.args, t);
	return result.type === 'vector' ? checkedVector(result.samples) : result;
}

function evaluateAggregate(expr: Aggregate, t: number, ctx: EvalContext): Value {
	const param = expr.param ? evaluateAt(expr.param, t, ctx) : undefined;
	const paramValue = param?.type === 'string' ? param.value : param ? scalarOf(param) : undefined;
	const samples = vectorOf(evaluateAt(expr.expr, t, ctx));
	return checkedVector(aggregate(expr.op, [...expr.grouping].sort(), expr.without, paramValue, samples));
}

function evaluateBinary(expr: Binary, t: number, ctx: EvalContext): Value {
	const lhs = evaluateAt(expr.lhs, t, ctx);
	const rhs = evaluateAt(expr.rhs, t, ctx);
	if (lhs.type === 'scalar' && rhs.type === 'scalar') return {type: 'scalar', value: scalarBinary(expr.op, lhs.value, rhs.value)};
	if (lhs.type === 'vector' && rhs.type === 'vector') return checkedVector(vectorBinary(expr.op, lhs.samples, rhs.samples, expr.matching ?? NO_MATCHING, expr.returnBool));
	if (lhs.type === 'vector' && rhs.type === 'scalar') return checkedVector(vectorScalarBinary(expr.op, lhs.samples, rhs.value, false, expr.returnBool));
	if (lhs.type === 'scalar' && rhs.type === 'vector') return checkedVector(vectorScalarBinary(expr.op, rhs.samples, lhs.value, true, expr.returnBool));
	throw new EvalError('binary expression must contain only scalar and instant vector types');
}
