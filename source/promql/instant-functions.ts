import {unwrapParens, type Expr} from './ast.js';
import {DATE_FUNCTIONS} from './date-functions.js';
import {histogramQuantile} from './histogram-quantile.js';
import {labelJoin, labelReplace} from './label-functions.js';
import {dropMetricName, METRIC_NAME, type Labels} from './labels.js';
import {scalarOf, vectorOf, type Sample, type Value} from './values.js';

/** A function without a range-vector argument: evaluated arguments, the argument expressions, the evaluation time. */
export type InstantFunction = (args: Value[], exprs: readonly Expr[], t: number) => Value;

const vector = (samples: Sample[]): Value => ({type: 'vector', samples});
const scalar = (value: number): Value => ({type: 'scalar', value});
const stringArg = (value: Value | undefined): string => (value?.type === 'string' ? value.value : '');

/** Applies `f` to every value, dropping `__name__` (Prometheus' `simpleFunc`). */
function simple(f: (value: number) => number): InstantFunction {
	return ([arg]) => vector(vectorOf(arg!).map(sample => ({labels: dropMetricName(sample.labels), value: f(sample.value)})));
}

/** NaN-propagating min/max, as Go's math.Min/math.Max (which JS' Math.min/max match). */
const clampBetween = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** The labels `absent()` reports: the equality matchers of a selector argument, except a label matched twice. */
export function absentLabels(expr: Expr): Labels {
	const arg = unwrapParens(expr);
	const matchers = arg.type === 'vector' ? arg.matchers : arg.type === 'matrix' ? arg.selector.matchers : [];
	const labels: Record<string, string> = {};
	const seen = new Set<string>();
	for (const matcher of matchers) {
		if (matcher.name === METRIC_NAME) continue;
		if (matcher.type === '=' && !seen.has(matcher.name) && matcher.value !== '') labels[matcher.name] = matcher.value;
		else delete labels[matcher.name];
		seen.add(matcher.name);
	}
	return labels;
}

/** NaN sorts to the end both ways, as Prometheus' `sort` and `sort_desc` do. */
function sortBy(descending: boolean): InstantFunction {
	return ([arg]) =>
		vector(
			[...vectorOf(arg!)].sort((a, b) => {
				if (Number.isNaN(a.value) || Number.isNaN(b.value)) return Number(Number.isNaN(a.value)) - Number(Number.isNaN(b.value));
				return descending ? b.value - a.value : a.value - b.value;
			}),
		);
}

const MATH: ReadonlyArray<[string, (value: number) => number]> = [
	['abs', Math.abs],
	['ceil', Math.ceil],
	['floor', Math.floor],
	['exp', Math.exp],
	['sqrt', Math.sqrt],
	['ln', Math.log],
	['log2', Math.log2],
	['log10', Math.log10],
	['sin', Math.sin],
	['cos', Math.cos],
	['tan', Math.tan],
	['asin', Math.asin],
	['acos', Math.acos],
	['atan', Math.atan],
	['sinh', Math.sinh],
	['cosh', Math.cosh],
	['tanh', Math.tanh],
	['asinh', Math.asinh],
	['acosh', Math.acosh],
	['atanh', Math.atanh],
	['rad', value => (value * Math.PI) / 180],
	['deg', value => (value * 180) / Math.PI],
	['sgn', value => (value < 0 ? -1 : value > 0 ? 1 : value)],
];

/** The functions without a range-vector argument, by name. */
export const INSTANT_FUNCTIONS: ReadonlyMap<string, InstantFunction> = new Map<string, InstantFunction>([
	...MATH.map(([name, f]): [string, InstantFunction] => [name, simple(f)]),
	...DATE_FUNCTIONS,
	['time', (_args, _exprs, t) => scalar(t / 1000)],
	['pi', () => scalar(Math.PI)],
	['vector', ([arg]) => vector([{labels: {}, value: scalarOf(arg!)}])],
	['scalar', ([arg]) => {
		const samples = vectorOf(arg!);
		return scalar(samples.length === 1 ? samples[0]!.value : Number.NaN);
	}],
	['absent', ([arg], [expr]) => vector(vectorOf(arg!).length > 0 ? [] : [{labels: absentLabels(expr!), value: 1}])],
	['clamp', ([arg, min, max]) => {
		const low = scalarOf(min!);
		const high = scalarOf(max!);
		if (high < low) return vector([]);
		return simple(value => clampBetween(value, low, high))([arg!], [], 0);
	}],
	['clamp_min', ([arg, min]) => simple(value => Math.max(scalarOf(min!), value))([arg!], [], 0)],
	['clamp_max', ([arg, max]) => simple(value => Math.min(scalarOf(max!), value))([arg!], [], 0)],
	['round', ([arg, nearest]) => {
		const inverse = 1 / (nearest ? scalarOf(nearest) : 1);
		return simple(value => Math.floor(value * inverse + 0.5) / inverse)([arg!], [], 0);
	}],
	// Only a selector argument gives the samples' own timestamps; anything computed is stamped with the evaluation time.
	['timestamp', ([arg], [expr], t) => {
		const own = unwrapParens(expr!).type === 'vector';
		return vector(vectorOf(arg!).map(sample => ({labels: dropMetricName(sample.labels), value: ((own ? sample.t : undefined) ?? t) / 1000})));
	}],
	['sort', sortBy(false)],
	['sort_desc', sortBy(true)],
	['histogram_quantile', ([q, arg]) => vector(histogramQuantile(scalarOf(q!), vectorOf(arg!)))],
	['label_replace', ([arg, dst, replacement, src, regex]) => vector(labelReplace(vectorOf(arg!), stringArg(dst), stringArg(replacement), stringArg(src), stringArg(regex)))],
	['label_join', ([arg, dst, separator, ...sources]) => vector(labelJoin(vectorOf(arg!), stringArg(dst), stringArg(separator), sources.map(stringArg)))],
]);
