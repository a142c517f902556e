import type {Token, TokenKind} from './lexer.js';
import {parseDurationMs} from './literals.js';

/** A parse failure at `pos` (0-based offset); `unsupported` marks valid PromQL this evaluator does not implement. */
export class PromqlSyntaxError extends Error {
	constructor(
		message: string,
		readonly pos: number,
		readonly unsupported = false,
	) {
		super(message);
	}
}

const AGGREGATORS = new Set(['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile']);
const OPERATOR_KEYWORDS = new Set(['and', 'or', 'unless', 'atan2']);
/** Tokens Prometheus counts as operators (`=` is not one). */
const OPERATORS = new Set<TokenKind>(['==', '!=', '=~', '!~', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '^', '@']);

/** How Prometheus describes a token in "unexpected …" messages (`Item.desc()`). */
export function describe(token: Token): string {
	if (token.kind === 'end of input') return 'end of input';
	if (token.kind === 'keyword') {
		const word = token.keyword!;
		if (AGGREGATORS.has(word)) return `<aggr:${token.text}>`;
		if (OPERATOR_KEYWORDS.has(word)) return `<op:${token.text}>`;
		return `<${token.text}>`;
	}
	if (OPERATORS.has(token.kind)) return `<op:${token.text}>`;
	if (token.kind === 'identifier' || token.kind === 'metric identifier' || token.kind === 'number' || token.kind === 'duration') {
		return `${token.kind} ${JSON.stringify(token.text)}`;
	}
	if (token.kind === 'string') return `string ${JSON.stringify(token.text.length > 10 ? `${token.text.slice(0, 10)}...` : token.text)}`;
	return JSON.stringify(token.text);
}

/** A read position in the token list, with Prometheus-style error helpers. */
export class TokenCursor {
	private index = 0;

	constructor(private readonly tokens: readonly Token[]) {}

	/** The current token (the end-of-input token once exhausted). */
	peek(offset = 0): Token {
		return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
	}

	/** Consumes and returns the current token. */
	next(): Token {
		const token = this.peek();
		if (this.index < this.tokens.length - 1) this.index++;
		return token;
	}

	/** Whether the current token is `kind` (or the keyword `keyword`). */
	is(kind: TokenKind, keyword?: string): boolean {
		const token = this.peek();
		return token.kind === kind && (keyword === undefined || token.keyword === keyword);
	}

	/** Consumes the current token if it is `kind` (or the keyword `keyword`). */
	accept(kind: TokenKind, keyword?: string): Token | undefined {
		return this.is(kind, keyword) ? this.next() : undefined;
	}

	/** Consumes a token of `kind` or fails with "unexpected X in `context`, expected `expected`". */
	expect(kind: TokenKind, context: string, expected: string): Token {
		return this.accept(kind) ?? this.unexpected(context, expected);
	}

	/** Throws Prometheus' "unexpected <token>[ in <context>][, expected <expected>]". */
	unexpected(context = '', expected = ''): never {
		const token = this.peek();
		throw new PromqlSyntaxError(`unexpected ${describe(token)}${context ? ` in ${context}` : ''}${expected ? `, expected ${expected}` : ''}`, token.pos);
	}

	/** Consumes a duration token and returns milliseconds. */
	duration(context: string, expected: string): number {
		const token = this.expect('duration', context, expected);
		const ms = parseDurationMs(token.text);
		if (typeof ms !== 'number') throw new PromqlSyntaxError(ms.error, token.pos);
		return ms;
	}
}

/** Whether a keyword names an aggregation operator. */
export function isAggregator(word: string | undefined): boolean {
	return word !== undefined && AGGREGATORS.has(word);
}
