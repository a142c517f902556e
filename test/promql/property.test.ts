import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {parsePromql} from '../../source/promql/parse.js';
import {samplesOf, storeOf} from './store-fixtures.js';

const store = storeOf([
	{labels: {__name__: 'up', job: 'a', instance: 'x'}, samples: samplesOf(0, 600, 15, () => 1)},
	{labels: {__name__: 'up', job: 'b', instance: 'y'}, samples: [...samplesOf(0, 300, 15, () => 0), [315, 'stale']]},
	{labels: {__name__: 'requests_total', job: 'a', code: '200'}, samples: samplesOf(0, 600, 15, t => (t % 240) * 3)},
	{labels: {__name__: 'requests_total', job: 'a', code: '500'}, samples: samplesOf(0, 600, 15, t => t / 15)},
	{labels: {__name__: 'load', job: 'b'}, samples: samplesOf(0, 600, 15, t => Math.sin(t) * 5)},
	...['0.1', '1', '+Inf'].map((le, i) => ({labels: {__name__: 'lat_bucket', job: 'a', le}, samples: samplesOf(0, 600, 15, t => t * (i + 1))})),
]);

/** Errors a valid expression may legitimately raise at evaluation; anything else would be an evaluator bug. */
const RUNTIME_ERRORS = /^(vector cannot contain metrics with the same labelset|found duplicate series|multiple matches for labels|invalid |Scalar value .* overflows int64|query too expensive|unsupported in local evaluation|parse error)/;

/** Evaluates at 10 minutes and checks the contract: no throw, a well-formed result, bounded time. */
function checkEvaluation(query: string): void {
	const started = performance.now();
	const result = evaluateInstant(query, store, 600_000, {subqueryStepMs: 15_000});
	expect(performance.now() - started, query).toBeLessThan(500);
	if (result.ok) for (const sample of result.samples) expect(typeof sample.value, query).toBe('number');
	else expect(result.error, query).toMatch(RUNTIME_ERRORS);
}

const number = fc.double().map(value => (Number.isFinite(value) ? String(value) : value > 0 ? 'Inf' : value < 0 ? '-Inf' : 'NaN'));
const name = fc.constantFrom('up', 'requests_total', 'load', 'lat_bucket', 'missing');
const matcher = fc
	.tuple(fc.constantFrom('job', 'code', 'le', 'instance', 'nope'), fc.constantFrom('=', '!=', '=~', '!~'), fc.constantFrom('a', 'b', '.*', 'a|b', '(?i)A', '2..', '+Inf', ''))
	.map(([label, op, value]) => `${label}${op}${JSON.stringify(value)}`);
const modifier = fc.constantFrom('', '', ' offset 1m', ' offset -30s', ' @ 300', ' @ end()');
const selector = fc.tuple(name, fc.array(matcher, {maxLength: 2})).map(([metric, matchers]) => (matchers.length > 0 ? `${metric}{${matchers.join(', ')}}` : metric));
const grouping = fc.constantFrom('', ' by (job)', ' without (code)', ' by (le)', ' by ()');

/** Type-directed random expressions: every one parses unless a type rule of PromQL forbids it. */
const {vector} = fc.letrec<{vector: string; scalar: string; range: string}>(tie => ({
	range: fc.oneof(
		fc.tuple(selector, fc.constantFrom('30s', '1m', '5m'), modifier).map(([s, r, m]) => `${s}[${r}]${m}`),
		fc.tuple(tie('vector'), fc.constantFrom('5m:1m', '1m:15s', '2m:')).map(([v, r]) => `(${v})[${r}]`),
	),
	scalar: fc.oneof(
		{depthSize: 'small', maxDepth: 3, depthIdentifier: 'expr'},
		number,
		fc.constant('time()'),
		tie('vector').map(v => `scalar(${v})`),
		fc.tuple(tie('scalar'), fc.constantFrom('+', '-', '*', '/', '%', '^', '> bool', '== bool'), tie('scalar')).map(([a, op, b]) => `(${a} ${op} ${b})`),
	),
	vector: fc.oneof(
		{depthSize: 'small', maxDepth: 3, depthIdentifier: 'expr'},
		fc.tuple(selector, modifier).map(([s, m]) => `${s}${m}`),
		fc.tuple(fc.constantFrom('rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'avg_over_time', 'max_over_time', 'last_over_time', 'stddev_over_time', 'absent_over_time'), tie('range')).map(([f, r]) => `${f}(${r})`),
		fc.tuple(fc.constantFrom('abs', 'ceil', 'sqrt', 'ln', 'sgn', 'sort_desc', 'timestamp', 'absent', 'hour'), tie('vector')).map(([f, v]) => `${f}(${v})`),
		fc.tuple(fc.constantFrom('sum', 'avg', 'min', 'max', 'count', 'group', 'stddev'), grouping, tie('vector')).map(([op, g, v]) => `${op}${g} (${v})`),
		fc.tuple(fc.constantFrom('topk', 'bottomk', 'quantile'), tie('scalar'), tie('vector')).map(([op, k, v]) => `${op}(${k}, ${v})`),
		fc.tuple(tie('scalar'), tie('vector')).map(([q, v]) => `histogram_quantile(${q}, ${v})`),
		fc.tuple(tie('vector'), tie('scalar')).map(([v, s]) => `clamp_max(${v}, ${s})`),
		tie('vector').map(v => `label_replace(${v}, "dst", "$1-\${2}", "job", "(.)(.*)")`),
		tie('vector').map(v => `count_values("v", ${v})`),
		tie('scalar').map(s => `vector(${s})`),
		fc.tuple(tie('vector'), fc.constantFrom('+', '-', '*', '/', '^', '>', '<=', '== bool', 'and', 'or', 'unless'), fc.constantFrom('', ' on (job)', ' ignoring (code)', ' on (job) group_left', ' ignoring (le) group_right (code)'), tie('vector')).map(([a, op, m, b]) => `(${a} ${op}${m} ${b})`),
		fc.tuple(tie('vector'), fc.constantFrom('+', '*', '>', '!= bool', '%', 'atan2'), tie('scalar')).map(([v, op, s]) => `(${v} ${op} ${s})`),
		tie('vector').map(v => `-${v}`),
	),
}));

describe('properties', () => {
	it('never throws on arbitrary text, and returns quickly', () => {
		const alphabet = fc.constantFrom(...'abcxyz_:{}[]()",=~!<>+-*/%^@ 0123456789.e#\n\\`\'|'.split(''), 'sum', 'rate', 'by', 'offset', 'on', 'group_left', 'bool', 'and', '5m', '[1h:]', '{job="a"}');
		fc.assert(
			fc.property(fc.oneof(fc.string({unit: alphabet, maxLength: 40}), fc.string({unit: 'binary', maxLength: 30})), text => {
				expect(() => parsePromql(text)).not.toThrow();
				checkEvaluation(text);
			}),
			{numRuns: 600},
		);
	});

	it('evaluates random well-typed expressions without throwing, within bounded time', () => {
		fc.assert(
			fc.property(vector, query => {
				checkEvaluation(query);
			}),
			{numRuns: 400},
		);
	});
});
