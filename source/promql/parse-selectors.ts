import type {AtModifier, Expr, VectorSelector} from './ast.js';
import {METRIC_NAME} from './labels.js';
import {parseNumberLiteral, unquoteString} from './literals.js';
import {makeMatcher, type LabelMatcher, type MatchType} from './matcher.js';
import {PromqlSyntaxError, type TokenCursor} from './token-cursor.js';

/** Decodes a string token or fails at its position. */
export function stringValue(cursor: TokenCursor): string {
	const token = cursor.next();
	const value = unquoteString(token.text);
	if (typeof value !== 'string') throw new PromqlSyntaxError(value.error, token.pos);
	return value;
}

/** Parses `{name op "value", …}` (the cursor is on `{`); a trailing comma is allowed. */
export function parseLabelMatchers(cursor: TokenCursor): LabelMatcher[] {
	cursor.next();
	const matchers: LabelMatcher[] = [];
	while (!cursor.accept('}')) {
		const label = cursor.accept('identifier') ?? cursor.unexpected('label matching', 'identifier or "}"');
		const op = cursor.peek();
		if (op.kind !== '=' && op.kind !== '!=' && op.kind !== '=~' && op.kind !== '!~') cursor.unexpected('label matching', 'label matching operator');
		cursor.next();
		if (!cursor.is('string')) cursor.unexpected('label matching', 'string');
		const value = stringValue(cursor);
		const matcher = makeMatcher(label.text, op.kind as MatchType, value);
		if ('error' in matcher) throw new PromqlSyntaxError(matcher.error, label.pos, matcher.unsupported);
		matchers.push(matcher);
		if (!cursor.accept(',') && !cursor.is('}')) cursor.unexpected('label matching', '"," or "}"');
	}
	return matchers;
}

/** Builds a vector selector; the metric name, when given, becomes the last `__name__` matcher, as in Prometheus. */
export function vectorSelector(name: string, matchers: LabelMatcher[], pos: number): VectorSelector {
	if (name !== '') {
		const nameMatcher = makeMatcher(METRIC_NAME, '=', name);
		if (!('error' in nameMatcher)) matchers.push(nameMatcher);
	}
	return {type: 'vector', name, matchers, offsetMs: 0, at: undefined, pos};
}

/** Parses `(label, …)` of `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
export function parseGroupingLabels(cursor: TokenCursor): string[] {
	cursor.expect('(', 'grouping opts', '"("');
	const labels: string[] = [];
	while (!cursor.accept(')')) {
		const token = cursor.peek();
		const isWord = token.kind === 'identifier' || token.kind === 'metric identifier' || (token.kind === 'keyword' && token.keyword !== 'without');
		if (!isWord || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(token.text)) cursor.unexpected('grouping opts', 'label');
		labels.push(cursor.next().text);
		if (!cursor.accept(',') && !cursor.is(')')) cursor.unexpected('grouping opts', '"," or ")"');
	}
	return labels;
}

/** Applies `[range]`, `[range:step]`, `offset d` and `@ t` suffixes to `expr`, as often as they appear. */
export function parsePostfix(cursor: TokenCursor, expr: Expr): Expr {
	for (;;) {
		if (cursor.is('[')) expr = parseBrackets(cursor, expr);
		else if (cursor.is('keyword', 'offset')) {
			cursor.next();
			const sign = cursor.accept('-') ? -1 : 1;
			setOffset(expr, sign * cursor.duration('offset', 'duration'));
		} else if (cursor.is('@')) {
			cursor.next();
			setAt(expr, parseAt(cursor));
		} else return expr;
	}
}

function parseBrackets(cursor: TokenCursor, expr: Expr): Expr {
	const open = cursor.next();
	const rangeMs = cursor.duration('subquery selector', 'duration');
	if (cursor.accept(']')) {
		if (expr.type !== 'vector') throw new PromqlSyntaxError('ranges only allowed for vector selectors', open.pos);
		if (expr.offsetMs !== 0) throw new PromqlSyntaxError('no offset modifiers allowed before range', open.pos);
		if (expr.at !== undefined) throw new PromqlSyntaxError('no @ modifiers allowed before range', open.pos);
		return {type: 'matrix', selector: expr, rangeMs, pos: expr.pos};
	}
	if (!cursor.accept(':')) cursor.unexpected('subquery or range', '":" or "]"');
	const stepMs = cursor.is('duration') ? cursor.duration('subquery selector', 'duration or "]"') : 0;
	if (!cursor.accept(']')) cursor.unexpected('subquery selector', stepMs ? '"]"' : 'duration or "]"');
	return {type: 'subquery', expr, rangeMs, stepMs, offsetMs: 0, at: undefined, pos: expr.pos};
}

/** Errors point at the expression, as Prometheus' `addOffset`/`setTimestamp` report them. */
function setOffset(expr: Expr, offsetMs: number): void {
	const pos = expr.pos;
	const target = expr.type === 'matrix' ? expr.selector : expr;
	if (target.type !== 'vector' && target.type !== 'subquery') {
		throw new PromqlSyntaxError('offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', pos);
	}
	if (target.offsetMs !== 0) throw new PromqlSyntaxError('offset may not be set multiple times', pos);
	target.offsetMs = offsetMs;
}

/** The operand of `@`: `start()`, `end()`, or a (signed) number of seconds, rounded to milliseconds as Go rounds. */
function parseAt(cursor: TokenCursor): AtModifier {
	const keyword = cursor.accept('keyword', 'start') ?? cursor.accept('keyword', 'end');
	if (keyword) {
		cursor.expect('(', '@', '"("');
		cursor.expect(')', '@', '")"');
		return keyword.keyword === 'start' ? 'start' : 'end';
	}
	let sign = 1;
	if (cursor.accept('-')) sign = -1;
	else cursor.accept('+');
	const token = cursor.expect('number', '@', 'timestamp');
	const parsed = parseNumberLiteral(token.text);
	if (typeof parsed !== 'number') throw new PromqlSyntaxError(parsed.error, token.pos);
	const seconds = sign * parsed;
	if (!Number.isFinite(seconds) || Math.abs(seconds) >= 9223372036854775807) throw new PromqlSyntaxError(`timestamp out of bounds for @ modifier: ${seconds.toFixed(6)}`, token.pos);
	return Math.sign(seconds) * Math.round(Math.abs(seconds) * 1000);
}

function setAt(expr: Expr, at: AtModifier): void {
	const pos = expr.pos;
	const target = expr.type === 'matrix' ? expr.selector : expr;
	if (target.type !== 'vector' && target.type !== 'subquery') {
		throw new PromqlSyntaxError('@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', pos);
	}
	if (target.at !== undefined) throw new PromqlSyntaxError('@ <timestamp> may not be set multiple times', pos);
	target.at = at;
}
