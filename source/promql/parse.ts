import type {Expr} from './ast.js';
import {FUNCTIONS} from './function-table.js';
import {lex} from './lexer.js';
import {parseTokens} from './parser.js';
import {PromqlSyntaxError} from './token-cursor.js';
import {checkTypes} from './type-check.js';

export type {Expr} from './ast.js';

/** The result of {@link parsePromql}. */
export type ParseResult = {ok: true; expr: Expr} | {ok: false; error: string};

const CACHE_LIMIT = 1000;
const cache = new Map<string, ParseResult>();

/**
 * Parses and type-checks a PromQL expression with Prometheus 2.42's grammar. Errors read like Prometheus'
 * (`parse error at char 5: unexpected …`, char counted from 1; `at line L, char C` past the first line). Valid
 * PromQL this evaluator cannot run yields `unsupported in local evaluation: <function or construct>`. Results are
 * cached by text; the returned expression is shared and must not be modified. Never throws.
 */
export function parsePromql(text: string): ParseResult {
	let result = cache.get(text);
	if (!result) {
		result = parseUncached(text);
		if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
		cache.set(text, result);
	}
	return result;
}

function parseUncached(text: string): ParseResult {
	try {
		const tokens = lex(text);
		if (!Array.isArray(tokens)) return {ok: false, error: formatError(text, tokens.pos, tokens.error)};
		const expr = parseTokens(tokens);
		checkTypes(expr);
		const unsupported = findUnsupported(expr);
		if (unsupported) return {ok: false, error: `unsupported in local evaluation: ${unsupported}`};
		return {ok: true, expr};
	} catch (error) {
		if (error instanceof PromqlSyntaxError) {
			return {ok: false, error: error.unsupported ? error.message : formatError(text, error.pos, error.message)};
		}
		// Deep nesting can overflow the stack: report it rather than throw.
		return {ok: false, error: formatError(text, 0, error instanceof Error ? error.message : String(error))};
	}
}

function formatError(text: string, pos: number, message: string): string {
	const before = text.slice(0, pos);
	const line = before.split('\n').length;
	const char = pos - (before.lastIndexOf('\n') + 1) + 1;
	return line === 1 ? `parse error at char ${char}: ${message}` : `parse error at line ${line}, char ${char}: ${message}`;
}

/** The first construct the evaluator does not implement, described for the error message. */
function findUnsupported(expr: Expr): string | undefined {
	switch (expr.type) {
		case 'matrix':
		case 'subquery':
			return findUnsupported(expr.type === 'matrix' ? expr.selector : expr.expr);
		case 'call':
			if (!FUNCTIONS.get(expr.func)?.supported) return `${expr.func}()`;
			for (const arg of expr.args) {
				const found = findUnsupported(arg);
				if (found) return found;
			}
			return undefined;
		case 'aggregate':
			return (expr.param && findUnsupported(expr.param)) ?? findUnsupported(expr.expr);
		case 'binary':
			return findUnsupported(expr.lhs) ?? findUnsupported(expr.rhs);
		case 'unary':
		case 'paren':
			return findUnsupported(expr.expr);
		default:
			return undefined;
	}
}

/**
 * How far before the evaluation time the expression reads samples, in milliseconds: the largest range of a range
 * selector or subquery, with the offsets and enclosing subquery windows added (nested windows add up). Instant
 * selectors count 0: add the lookback (5 minutes) to size a retention. Windows pinned with `@` are measured as if
 * they were not pinned (their absolute time is not a distance from now).
 */
export function longestRangeMs(expr: Expr): number {
	switch (expr.type) {
		case 'vector':
			return Math.max(0, expr.offsetMs);
		case 'matrix':
			return Math.max(0, expr.rangeMs + expr.selector.offsetMs);
		case 'subquery':
			return Math.max(0, expr.rangeMs + expr.offsetMs + longestRangeMs(expr.expr));
		case 'call':
			return Math.max(0, ...expr.args.map(longestRangeMs));
		case 'aggregate':
			return Math.max(longestRangeMs(expr.expr), expr.param ? longestRangeMs(expr.param) : 0);
		case 'binary':
			return Math.max(longestRangeMs(expr.lhs), longestRangeMs(expr.rhs));
		case 'unary':
		case 'paren':
			return longestRangeMs(expr.expr);
		default:
			return 0;
	}
}
