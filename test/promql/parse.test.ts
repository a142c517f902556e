import {describe, expect, it} from 'vitest';
import type {Expr} from '../../source/promql/ast.js';
import {longestRangeMs, parsePromql} from '../../source/promql/parse.js';
import {SeriesStore} from '../../source/promql/series-store.js';
import {evalAt} from './store-fixtures.js';
import {alertExpressions, profileQueries, runbookQueries} from './real-queries.js';

/** A compact rendering of the tree, to check how operators group. */
function shape(expr: Expr): string {
	switch (expr.type) {
		case 'binary':
			return `(${shape(expr.lhs)} ${expr.op}${expr.returnBool ? ' bool' : ''} ${shape(expr.rhs)})`;
		case 'unary':
			return `(${expr.op}${shape(expr.expr)})`;
		case 'paren':
			return shape(expr.expr);
		case 'number':
			return String(expr.value);
		case 'vector':
			return `${expr.name}${expr.offsetMs ? ` offset ${expr.offsetMs}` : ''}`;
		case 'matrix':
			return `${shape(expr.selector)}[${expr.rangeMs}]`;
		case 'subquery':
			return `${shape(expr.expr)}[${expr.rangeMs}:${expr.stepMs}]`;
		case 'call':
			return `${expr.func}(${expr.args.map(shape).join(', ')})`;
		case 'aggregate':
			return `${expr.op}${expr.without ? ' without' : ' by'}(${expr.grouping.join(',')})(${expr.param ? `${shape(expr.param)}, ` : ''}${shape(expr.expr)})`;
		case 'string':
			return JSON.stringify(expr.value);
	}
}

function parsed(text: string): string {
	const result = parsePromql(text);
	if (!result.ok) throw new Error(result.error);
	return shape(result.expr);
}

function error(text: string): string {
	const result = parsePromql(text);
	if (result.ok) throw new Error(`${text} parsed`);
	return result.error;
}

const scalar = (text: string) => (evalAt(text, new SeriesStore(), 0) as Record<string, number>)['{}'];

describe('parsePromql', () => {
	it('groups operators by Prometheus precedence, left to right except ^', () => {
		expect(parsed('a + b * c')).toBe('(a + (b * c))');
		expect(parsed('a - b - c')).toBe('((a - b) - c)');
		expect(parsed('a ^ b ^ c')).toBe('(a ^ (b ^ c))');
		expect(parsed('a or b and c unless d')).toBe('(a or ((b and c) unless d))');
		expect(parsed('a > b + c')).toBe('(a > (b + c))');
		expect(parsed('a * b atan2 c % d')).toBe('(((a * b) atan2 c) % d)');
		expect(parsed('-a ^ b')).toBe('(-(a ^ b))');
		expect(parsed('-a * b')).toBe('((-a) * b)');
		expect(parsed('a == bool b')).toBe('(a == bool b)');
		expect(parsed('a + b offset 5m')).toBe('(a + b offset 300000)');
		expect(parsed('sum(x) by (a) [5m:]')).toBe('sum by(a)(x)[300000:0]');
	});

	it('computes scalar arithmetic with that grouping', () => {
		expect(scalar('2 ^ 3 ^ 2')).toBe(512);
		expect(scalar('-2 ^ 2')).toBe(-4);
		expect(scalar('1 + 2 * 3 - 4 / 2 % 3')).toBe(5);
		expect(scalar('(1 + 2) * 3')).toBe(9);
		expect(scalar('1 < bool 2')).toBe(1);
		expect(scalar('- - 3')).toBe(3);
		expect(scalar('1 ^ NaN')).toBe(1);
	});

	it('reads literals with Go rules', () => {
		expect(parsed('0x1F')).toBe('31');
		expect(parsed('010')).toBe('8');
		expect(parsed('09')).toBe('9');
		expect(parsed('1e3 + .5')).toBe('(1000 + 0.5)');
		expect(parsed('Inf')).toBe('Infinity');
		expect(parsed('-inf')).toBe('-Infinity');
		expect(parsed('NaN')).toBe('NaN');
		expect(parsed(`"a\\nb\\x41\\u00e9"`)).toBe(JSON.stringify('a\nbAé'));
		expect(parsed("'it\\'s'")).toBe(JSON.stringify("it's"));
		expect(parsed('`raw\\n`')).toBe(JSON.stringify('raw\\n'));
		expect(parsed('x[1h30m]')).toBe('x[5400000]');
		expect(parsed('x[100ms]')).toBe('x[100]');
		expect(parsed('x[1y]')).toBe('x[31536000000]');
	});

	it('accepts keywords as metric names and in any case', () => {
		expect(parsed('sum')).toBe('sum');
		expect(parsed('by{a="b"}')).toBe('by');
		expect(parsed('SUM(x) BY (on, le)')).toBe('sum by(on,le)(x)');
		expect(parsed('count_values("v", x)')).toBe('count_values by()("v", x)');
		expect(parsed('topk by (a) (3, x)')).toBe('topk by(a)(3, x)');
		expect(parsed('sum without (a) (x)')).toBe('sum without(a)(x)');
		expect(parsed('x # a comment\n + y')).toBe('(x + y)');
	});

	it('reports errors with Prometheus wording and the position (char from 1)', () => {
		expect(error('sum(rate(x[5m])')).toBe('parse error at char 16: unclosed left parenthesis');
		expect(error('rate(x)')).toBe('parse error at char 6: expected type range vector in call to function "rate", got instant vector');
		expect(error('x{a="b"')).toBe('parse error at char 8: unexpected end of input inside braces');
		expect(error('1 > 2')).toBe('parse error at char 3: comparisons between scalars must use BOOL modifier');
		expect(error('x +')).toBe('parse error at char 4: unexpected end of input');
		expect(error('foo(x)')).toBe('parse error at char 1: unknown function with name "foo"');
		expect(error('x[5]')).toBe('parse error at char 3: missing unit character in duration');
		expect(error('x[1.5m]')).toBe('parse error at char 3: not a valid duration string: "1.5m"');
		expect(error('x[0s]')).toBe('parse error at char 3: duration must be greater than 0');
		expect(error('{}')).toBe('parse error at char 1: vector selector must contain at least one non-empty matcher');
		expect(error('{a=~".*"}')).toBe('parse error at char 1: vector selector must contain at least one non-empty matcher');
		expect(error('x offset 5m [5m]')).toBe('parse error at char 13: no offset modifiers allowed before range');
		expect(error('sum(x)[5m]')).toBe('parse error at char 7: ranges only allowed for vector selectors');
		expect(error('x and 1')).toBe('parse error at char 1: set operator "and" not allowed in binary scalar expression');
		expect(error('x + on(a) group_left(a) y')).toMatch(/label "a" must not occur in ON and GROUP clause at once/);
		expect(error('rate(x[5m],)')).toBe('parse error at char 11: trailing commas not allowed in function call args');
		expect(error('x{a=~"("}')).toBe('parse error at char 3: error parsing regexp: missing closing ): `^(?:()$`');
		expect(error('"abc')).toBe('parse error at char 1: unterminated quoted string');
		// Prometheus reports an extra `)` just after it.
		expect(error('x\n  + )')).toBe('parse error at line 2, char 6: unexpected right parenthesis \')\'');
		expect(error('')).toBe('parse error at char 1: no expression found in input');
		expect(error('x{__name__="y"}')).toBe('parse error at char 1: metric name must not be set twice: "x" or "y"');
	});

	it('names what local evaluation does not implement', () => {
		expect(error('histogram_count(x)')).toBe('unsupported in local evaluation: histogram_count()');
		expect(error('sum(histogram_fraction(0, 1, x))')).toBe('unsupported in local evaluation: histogram_fraction()');
		expect(error('x{a=~"[[:^alpha:]]"}')).toBe('unsupported in local evaluation: negated POSIX class [:^alpha:]');
	});

	it('caches by text', () => {
		expect(parsePromql('rate(x[5m])')).toBe(parsePromql('rate(x[5m])'));
	});

	it('measures how far back an expression reads', () => {
		const range = (text: string) => {
			const result = parsePromql(text);
			return result.ok ? longestRangeMs(result.expr) : Number.NaN;
		};
		expect(range('x')).toBe(0);
		expect(range('rate(x[5m])')).toBe(300_000);
		expect(range('rate(x[5m] offset 1m) + y offset 10m')).toBe(600_000);
		expect(range('avg_over_time(sum(irate(x[2m]))[1h:])')).toBe(3_720_000);
		expect(range('max_over_time(rate(x[1m])[10m:1m] offset 5m)')).toBe(960_000);
	});

	it('parses every query the app and its rules use', () => {
		const queries = [...profileQueries(), ...alertExpressions(), ...runbookQueries()];
		expect(queries.length).toBeGreaterThan(150);
		const failures = queries.map(query => [query, parsePromql(query)] as const).filter(([, result]) => !result.ok);
		expect(failures.map(([query, result]) => `${query}: ${result.ok ? '' : result.error}`)).toEqual([]);
	});
});
