import type {AggregateOp, BinaryOp, Expr, VectorMatching} from './ast.js';
import {FUNCTIONS} from './function-table.js';
import type {Token} from './lexer.js';
import {parseNumberLiteral} from './literals.js';
import {parseGroupingLabels, parseLabelMatchers, parsePostfix, stringValue, vectorSelector} from './parse-selectors.js';
import {isAggregator, PromqlSyntaxError, TokenCursor} from './token-cursor.js';

/** Precedence of binary operators (higher binds tighter), as in Prometheus' grammar. `^` is right-associative. */
const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
	or: 1,
	and: 2,
	unless: 2,
	'==': 3,
	'!=': 3,
	'>': 3,
	'<': 3,
	'>=': 3,
	'<=': 3,
	'+': 4,
	'-': 4,
	'*': 5,
	'/': 5,
	'%': 5,
	atan2: 5,
	'^': 6,
};
/** Unary minus binds like `*`: `-a ^ b` is `-(a ^ b)`, `-a * b` is `(-a) * b`. */
const UNARY_OPERAND_PRECEDENCE = 6;

/** Keywords that may name a metric where an expression starts (Prometheus' `metric_identifier`). */
const METRIC_KEYWORDS = new Set(['by', 'and', 'or', 'unless', 'offset', 'without', 'start', 'end']);

/** Parses a token list into an expression; throws {@link PromqlSyntaxError}. */
export function parseTokens(tokens: readonly Token[]): Expr {
	const cursor = new TokenCursor(tokens);
	if (cursor.is('end of input')) throw new PromqlSyntaxError('no expression found in input', 0);
	const expr = parseExpr(cursor, 1);
	if (!cursor.is('end of input')) cursor.unexpected();
	return expr;
}

function binaryOp(token: Token): BinaryOp | undefined {
	if (token.kind === 'keyword') return token.keyword === 'and' || token.keyword === 'or' || token.keyword === 'unless' || token.keyword === 'atan2' ? token.keyword : undefined;
	return token.kind in PRECEDENCE ? (token.kind as BinaryOp) : undefined;
}

function parseExpr(cursor: TokenCursor, minPrecedence: number): Expr {
	let lhs = parseUnary(cursor);
	for (;;) {
		const op = binaryOp(cursor.peek());
		if (!op || PRECEDENCE[op] < minPrecedence) return lhs;
		const opPos = cursor.next().pos;
		const {returnBool, matching} = parseBinaryModifiers(cursor);
		const rhs = parseExpr(cursor, op === '^' ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
		lhs = {type: 'binary', op, opPos, lhs, rhs, returnBool, matching, pos: lhs.pos};
	}
}

function parseBinaryModifiers(cursor: TokenCursor): {returnBool: boolean; matching: VectorMatching} {
	const returnBool = Boolean(cursor.accept('keyword', 'bool'));
	const matching: VectorMatching = {card: 'one-to-one', on: false, labels: [], include: []};
	const clause = cursor.accept('keyword', 'on') ?? cursor.accept('keyword', 'ignoring');
	if (clause) {
		matching.on = clause.keyword === 'on';
		matching.labels = parseGroupingLabels(cursor);
		const group = cursor.accept('keyword', 'group_left') ?? cursor.accept('keyword', 'group_right');
		if (group) {
			matching.card = group.keyword === 'group_left' ? 'many-to-one' : 'one-to-many';
			if (cursor.is('(')) matching.include = parseGroupingLabels(cursor);
		}
	}
	return {returnBool, matching};
}

function parseUnary(cursor: TokenCursor): Expr {
	const sign = cursor.accept('-') ?? cursor.accept('+');
	if (!sign) return parsePostfix(cursor, parsePrimary(cursor));
	const operand = parseExpr(cursor, UNARY_OPERAND_PRECEDENCE);
	if (operand.type === 'number') return {...operand, value: sign.kind === '-' ? -operand.value : operand.value, pos: sign.pos};
	return {type: 'unary', op: sign.kind === '-' ? '-' : '+', expr: operand, pos: sign.pos};
}

function parsePrimary(cursor: TokenCursor): Expr {
	const token = cursor.peek();
	switch (token.kind) {
		case 'number': {
			cursor.next();
			const value = parseNumberLiteral(token.text);
			if (typeof value !== 'number') throw new PromqlSyntaxError(value.error, token.pos);
			return {type: 'number', value, pos: token.pos};
		}
		case 'string':
			return {type: 'string', value: stringValue(cursor), pos: token.pos};
		case '(': {
			cursor.next();
			const expr = parseExpr(cursor, 1);
			cursor.expect(')', 'paren expression', '")"');
			return {type: 'paren', expr, pos: token.pos};
		}
		case '{':
			return vectorSelector('', parseLabelMatchers(cursor), token.pos);
		case 'identifier':
			if (cursor.peek(1).kind === '(') return parseCall(cursor);
			return parseMetric(cursor);
		case 'metric identifier':
			return parseMetric(cursor);
		case 'keyword': {
			const next = cursor.peek(1);
			if (isAggregator(token.keyword) && (next.kind === '(' || next.keyword === 'by' || next.keyword === 'without')) return parseAggregate(cursor);
			if (isAggregator(token.keyword) || METRIC_KEYWORDS.has(token.keyword!)) return parseMetric(cursor);
			return cursor.unexpected();
		}
		default:
			return cursor.unexpected();
	}
}

function parseMetric(cursor: TokenCursor): Expr {
	const token = cursor.next();
	return vectorSelector(token.text, cursor.is('{') ? parseLabelMatchers(cursor) : [], token.pos);
}

function parseArguments(cursor: TokenCursor): Expr[] {
	cursor.expect('(', '', '"("');
	const args: Expr[] = [];
	if (cursor.accept(')')) return args;
	for (;;) {
		args.push(parseExpr(cursor, 1));
		if (cursor.accept(')')) return args;
		const comma = cursor.expect(',', 'function call arguments', '"," or ")"');
		if (cursor.is(')')) throw new PromqlSyntaxError('trailing commas not allowed in function call args', comma.pos);
	}
}

function parseCall(cursor: TokenCursor): Expr {
	const name = cursor.next();
	if (!FUNCTIONS.has(name.text)) throw new PromqlSyntaxError(`unknown function with name ${JSON.stringify(name.text)}`, name.pos);
	return {type: 'call', func: name.text, args: parseArguments(cursor), pos: name.pos};
}

function parseAggregate(cursor: TokenCursor): Expr {
	const opToken = cursor.next();
	const op = opToken.keyword as AggregateOp;
	let grouping: string[] = [];
	let without = false;
	const modifier = () => {
		const clause = cursor.accept('keyword', 'by') ?? cursor.accept('keyword', 'without');
		if (!clause) return false;
		without = clause.keyword === 'without';
		grouping = parseGroupingLabels(cursor);
		return true;
	};
	const before = modifier();
	if (!cursor.is('(')) cursor.unexpected('aggregation');
	const args = parseArguments(cursor);
	if (!before) modifier();
	if (args.length === 0) throw new PromqlSyntaxError('no arguments for aggregate expression provided', opToken.pos);
	const wanted = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values' ? 2 : 1;
	if (args.length !== wanted) throw new PromqlSyntaxError(`wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`, opToken.pos);
	return {type: 'aggregate', op, expr: args[wanted - 1]!, param: wanted === 2 ? args[0] : undefined, grouping, without, pos: opToken.pos};
}
