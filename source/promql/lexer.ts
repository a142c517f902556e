/** Token kinds of PromQL, as Prometheus' lexer emits them. */
export type TokenKind =
	| '(' | ')' | '{' | '}' | '[' | ']' | ',' | ':' | '=' | '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>='
	| '+' | '-' | '*' | '/' | '%' | '^' | '@'
	| 'number' | 'duration' | 'string' | 'identifier' | 'metric identifier' | 'keyword' | 'end of input';

/** One token: `text` is the source text (keywords keep their case; `keyword` holds the lower-cased word). */
export type Token = {kind: TokenKind; text: string; pos: number; keyword?: string};

/** A lexing failure at a position, with Prometheus' wording. */
export type LexError = {error: string; pos: number};

/** Keywords are case-insensitive, like Prometheus' `key` table; `inf` and `nan` are numbers. */
export const KEYWORDS = new Set([
	'and', 'or', 'unless', 'atan2', 'sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk',
	'count_values', 'quantile', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'start', 'end',
]);

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && (c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlphaNumeric = (c: string | undefined) => isAlpha(c) || isDigit(c);

/** Splits a query into tokens, mirroring Prometheus' lexer states (inside braces, inside brackets). */
export function lex(input: string): Token[] | LexError {
	const tokens: Token[] = [];
	let pos = 0;
	let parenDepth = 0;
	let braceOpen = false;
	let bracketOpen = false;
	let gotColon = false;
	const push = (kind: TokenKind, start: number, keyword?: string) => tokens.push({kind, text: input.slice(start, pos), pos: start, ...(keyword ? {keyword} : {})});
	while (pos <= input.length) {
		const start = pos;
		const c = input[pos];
		if (c === undefined) {
			if (braceOpen) return {error: 'unexpected end of input inside braces', pos};
			if (parenDepth !== 0) return {error: 'unclosed left parenthesis', pos};
			if (bracketOpen) return {error: 'unclosed left bracket', pos};
			tokens.push({kind: 'end of input', text: '', pos});
			return tokens;
		}
		if (c === '#') {
			while (pos < input.length && input[pos] !== '\n' && input[pos] !== '\r') pos++;
			continue;
		}
		if (isSpace(c)) {
			pos++;
			continue;
		}
		if (c === '"' || c === "'" || c === '`') {
			const end = scanString(input, pos);
			if (typeof end !== 'number') return end;
			pos = end;
			push('string', start);
			continue;
		}
		if (braceOpen) {
			const two = input.slice(pos, pos + 2);
			if (isAlpha(c)) {
				while (isAlphaNumeric(input[pos])) pos++;
				push('identifier', start);
			} else if (c === ',' || c === '}') {
				pos++;
				push(c, start);
				if (c === '}') braceOpen = false;
			} else if (two === '=~' || two === '!~' || two === '!=') {
				pos += 2;
				push(two, start);
			} else if (c === '=') {
				pos++;
				push('=', start);
			} else if (c === '!') return {error: `unexpected character after '!' inside braces: ${quoteRune(input[pos + 1])}`, pos};
			else if (c === '{') return {error: `unexpected left brace '{'`, pos};
			else return {error: `unexpected character inside braces: ${quoteRune(c)}`, pos};
			continue;
		}
		if (isDigit(c) || (c === '.' && isDigit(input[pos + 1]))) {
			const number = scanNumber(input, pos);
			if (number !== undefined) {
				pos = number;
				push('number', start);
				continue;
			}
			const duration = scanDuration(input, pos);
			if (duration === undefined) return {error: `bad number or duration syntax: ${JSON.stringify(input.slice(start, pos + 1))}`, pos: start};
			pos = duration;
			push('duration', start);
			continue;
		}
		if (isAlpha(c) || c === ':') {
			if (bracketOpen) {
				if (c !== ':' || gotColon) return {error: `unexpected colon ${quoteRune(c)}`, pos};
				pos++;
				gotColon = true;
				push(':', start);
				continue;
			}
			while (isAlphaNumeric(input[pos]) || input[pos] === ':') pos++;
			const word = input.slice(start, pos);
			const lower = word.toLowerCase();
			if (lower === 'inf' || lower === 'nan') push('number', start);
			else if (KEYWORDS.has(lower)) push('keyword', start, lower);
			else push(word.includes(':') ? 'metric identifier' : 'identifier', start);
			continue;
		}
		const two = input.slice(pos, pos + 2);
		if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
			pos += 2;
			push(two, start);
			continue;
		}
		if (c === '=' && input[pos + 1] === '~') return {error: `unexpected character after '=': '~'`, pos};
		if (c === '!') return {error: `unexpected character after '!': ${quoteRune(input[pos + 1])}`, pos};
		if (!'(){[],=<>+-*/%^@'.includes(c)) return {error: `unexpected character: ${quoteRune(c)}`, pos};
		pos++;
		if (c === '(') parenDepth++;
		// Prometheus reports this one after the parenthesis (it emits the token first).
		if (c === ')' && --parenDepth < 0) return {error: `unexpected right parenthesis ')'`, pos};
		if (c === '{') braceOpen = true;
		if (c === ']') {
			if (!bracketOpen) return {error: `unexpected right bracket ']'`, pos: start};
			bracketOpen = false;
		}
		push(c as TokenKind, start);
		if (c === '[') {
			if (bracketOpen) return {error: `unexpected left bracket '['`, pos: start};
			bracketOpen = true;
			gotColon = false;
			while (isSpace(input[pos] ?? '')) pos++;
			const durationStart = pos;
			if (scanNumber(input, pos) !== undefined) return {error: 'missing unit character in duration', pos: durationStart};
			const end = scanDuration(input, pos);
			if (end === undefined) return {error: `bad duration syntax: ${JSON.stringify(input.slice(durationStart, pos + 1))}`, pos: durationStart};
			pos = end;
			push('duration', durationStart);
		}
	}
	return {error: 'unexpected end of input', pos};
}

/** Go's `%q` of a rune, near enough for error messages. */
function quoteRune(c: string | undefined): string {
	return c === undefined ? 'U+FFFFFFFF' : `'${c}'`;
}

/** Consumes what Prometheus' `scanNumber` consumes: digits (hex after `0x`), a fraction, an exponent. */
function consumeNumber(input: string, pos: number): number {
	let digits = '0123456789';
	if (input[pos] === '0' && (input[pos + 1] === 'x' || input[pos + 1] === 'X')) {
		digits = '0123456789abcdefABCDEF';
		pos += 2;
	}
	while (pos < input.length && digits.includes(input[pos]!)) pos++;
	if (input[pos] === '.') {
		pos++;
		while (pos < input.length && digits.includes(input[pos]!)) pos++;
	}
	if (input[pos] === 'e' || input[pos] === 'E') {
		pos++;
		if (input[pos] === '+' || input[pos] === '-') pos++;
		while (isDigit(input[pos])) pos++;
	}
	return pos;
}

/** Scans a number and returns its end, or undefined when a letter or digit follows it (then it may be a duration). */
function scanNumber(input: string, pos: number): number | undefined {
	const end = consumeNumber(input, pos);
	return isAlphaNumeric(input[end]) ? undefined : end;
}

const isUnit = (c: string | undefined, units: string) => c !== undefined && units.includes(c);

/** Scans a duration like `5m`, `1h30m` or `100ms` as Prometheus' lexer does (validity is checked when parsing). */
function scanDuration(input: string, pos: number): number | undefined {
	pos = consumeNumber(input, pos);
	if (!isUnit(input[pos], 'smhdwy')) return undefined;
	pos++;
	if (input[pos] === 's') pos++;
	while (isDigit(input[pos])) {
		while (isDigit(input[pos])) pos++;
		if (!isUnit(input[pos], 'smhdw')) return undefined;
		pos++;
		if (input[pos] === 's') pos++;
	}
	return isAlphaNumeric(input[pos]) ? undefined : pos;
}

/** Scans a quoted or raw string starting at `pos`; returns its end, or the lexer's error. */
function scanString(input: string, pos: number): number | LexError {
	const quote = input[pos]!;
	for (let i = pos + 1; i < input.length; i++) {
		const c = input[i]!;
		if (quote !== '`' && c === '\\') i++;
		else if (c === quote) return i + 1;
		else if (quote !== '`' && c === '\n') return {error: 'unterminated quoted string', pos};
	}
	return {error: quote === '`' ? 'unterminated raw string' : 'unterminated quoted string', pos};
}
