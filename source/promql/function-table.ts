import type {Expr, ValueType} from './ast.js';

/** A function's signature as Prometheus 2.42 declares it; `variadic` -1 means any number of extra arguments. */
export type FunctionSignature = {args: ValueType[]; variadic: number; returns: ValueType; supported: boolean};

const v = 'vector';
const m = 'matrix';
const s = 'scalar';
const str = 'string';

const sig = (args: ValueType[], returns: ValueType = v, variadic = 0, supported = true): FunctionSignature => ({args, variadic, returns, supported});
const unsupported = (args: ValueType[], variadic = 0): FunctionSignature => sig(args, v, variadic, false);

const simple = 'abs ceil exp floor ln log2 log10 sqrt sgn deg rad sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh sort sort_desc timestamp';
const overTime = 'avg_over_time count_over_time last_over_time max_over_time min_over_time sum_over_time stddev_over_time stdvar_over_time present_over_time absent_over_time changes resets delta deriv idelta increase irate rate';
const dateFunctions = 'days_in_month day_of_month day_of_week day_of_year hour minute month year';

/**
 * Every function Prometheus 2.42 knows: all parse and type-check; those not `supported` (the native-histogram
 * functions, which never apply to scraped classic histograms) are rejected as unsupported.
 */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>([
	...simple.split(' ').map((name): [string, FunctionSignature] => [name, sig([v])]),
	...overTime.split(' ').map((name): [string, FunctionSignature] => [name, sig([m])]),
	...dateFunctions.split(' ').map((name): [string, FunctionSignature] => [name, sig([v], v, 1)]),
	['absent', sig([v])],
	['clamp', sig([v, s, s])],
	['clamp_max', sig([v, s])],
	['clamp_min', sig([v, s])],
	['round', sig([v, s], v, 1)],
	['histogram_quantile', sig([s, v])],
	['histogram_count', unsupported([v])],
	['histogram_sum', unsupported([v])],
	['histogram_fraction', unsupported([s, s, v])],
	['holt_winters', sig([m, s, s])],
	['label_replace', sig([v, str, str, str, str])],
	['label_join', sig([v, str, str, str], v, -1)],
	['predict_linear', sig([m, s])],
	['quantile_over_time', sig([s, m])],
	['scalar', sig([v], s)],
	['vector', sig([s])],
	['time', sig([], s)],
	['pi', sig([], s)],
]);

/** The value type of an expression, as Prometheus' `Expr.Type()` computes it. */
export function typeOf(expr: Expr): ValueType {
	switch (expr.type) {
		case 'number':
			return 'scalar';
		case 'string':
			return 'string';
		case 'vector':
		case 'aggregate':
			return 'vector';
		case 'matrix':
		case 'subquery':
			return 'matrix';
		case 'call':
			return FUNCTIONS.get(expr.func)?.returns ?? 'vector';
		case 'paren':
		case 'unary':
			return typeOf(expr.expr);
		case 'binary':
			return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
	}
}

/** How Prometheus names value types in messages. */
export function documentedType(type: ValueType | 'none'): string {
	return type === 'vector' ? 'instant vector' : type === 'matrix' ? 'range vector' : type;
}
