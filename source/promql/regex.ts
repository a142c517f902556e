import {caseFolded, literal, translateClass, translateEscape, type Translated} from './regex-escapes.js';

/** A compiled, fully anchored regex and the Go names of its capture groups (index 1 = first group). */
export type AnchoredRegex = {regex: RegExp; groupNames: Array<string | undefined>};

/** Why a pattern did not compile: `unsupported` when RE2 accepts it but this translator does not. */
export type RegexError = {error: string; unsupported: boolean};

const cache = new Map<string, AnchoredRegex | RegexError>();

/**
 * Compiles a Go RE2 pattern as Prometheus does, anchored as `^(?:pattern)$`, into a JS RegExp with only the `u`
 * flag (code points, like RE2). RE2's flags `i`, `m`, `s`, `U` — leading, `(?i)` mid-group or scoped `(?i:…)` — are
 * applied while translating: case folding expands literals and ASCII class ranges, `.` becomes `[^\n]` or
 * `[\s\S]`, `^`/`$` become lookarounds under `m`, and `U` swaps greediness. Also handled: ASCII `\s`, `\A`, `\z`,
 * `(?P<name>…)`, `\Q…\E`, octal and `\x{…}` escapes, `\pL`/`\p{Greek}`, POSIX classes, literal `{`, `}`, `]`.
 * RE2 rejects backreferences and lookarounds, so they are errors here too.
 */
export function compileAnchoredRegex(pattern: string): AnchoredRegex | RegexError {
	let compiled = cache.get(pattern);
	if (!compiled) {
		compiled = compile(pattern);
		if (cache.size > 2000) cache.clear();
		cache.set(pattern, compiled);
	}
	return compiled;
}

/** RE2 flags in effect inside a group. */
export type Flags = {i: boolean; m: boolean; s: boolean; U: boolean};

function compile(pattern: string): AnchoredRegex | RegexError {
	const body = translate(pattern);
	if ('error' in body) return body;
	try {
		return {regex: new RegExp(`^(?:${body.source})$`, 'u'), groupNames: body.groupNames};
	} catch (error) {
		return {error: `error parsing regexp: ${error instanceof Error ? error.message : String(error)}: \`${pattern}\``, unsupported: false};
	}
}

/** Applies a flag string like `i`, `-s` or `im-sU` to a copy of `flags`. */
function withFlags(flags: Flags, text: string): Flags {
	const next = {...flags};
	let on = true;
	for (const flag of text) {
		if (flag === '-') on = false;
		else next[flag as keyof Flags] = on;
	}
	return next;
}

/** Go's regexp error text: `error parsing regexp: <code>: \`<fragment>\``. */
function goError(code: string, fragment: string): RegexError {
	return {error: `error parsing regexp: ${code}: \`${fragment}\``, unsupported: false};
}

const ASSERTIONS = new Set(['^', '$', '(?<![^\\n])', '(?![^\\n])', '\\b', '\\B', '(?<![\\s\\S])', '(?![\\s\\S])']);

function translate(pattern: string): {source: string; groupNames: Array<string | undefined>} | RegexError {
	const chars = Array.from(pattern);
	const wrapped = `^(?:${pattern})$`;
	const groupNames: Array<string | undefined> = [undefined];
	const stack: Flags[] = [{i: false, m: false, s: false, U: false}];
	const pieces: string[] = [];
	/** Whether the last piece can take a repetition operator, and whether it is one. */
	let operand = false;
	let lastRepeat = '';
	let i = 0;
	while (i < chars.length) {
		const flags = stack[stack.length - 1]!;
		const c = chars[i]!;
		let piece: Translated;
		let kind: 'operand' | 'open' | 'repeat' | 'none' = 'operand';
		if (c === '\\') piece = translateEscape(chars, i, flags.i);
		else if (c === '[') piece = translateClass(chars, i, flags.i);
		else if (c === '(') {
			const rest = chars.slice(i, i + 12).join('');
			const flagGroup = /^\(\?([imsU-]*)([):])/.exec(rest);
			kind = 'open';
			if (rest.startsWith('(?P<')) {
				const close = chars.indexOf('>', i);
				const name = chars.slice(i + 4, close).join('');
				if (close < 0 || !/^\w+$/.test(name)) return goError('invalid named capture', chars.slice(i, close < 0 ? chars.length : close + 1).join(''));
				if (groupNames.includes(name)) return goError('duplicate capture group name', name);
				groupNames.push(name);
				stack.push({...flags});
				piece = {text: '(', next: close + 1};
			} else if (flagGroup && flagGroup[1] !== '' && !/-.*-|-$/.test(flagGroup[1]!)) {
				const changed = withFlags(flags, flagGroup[1]!);
				if (flagGroup[2] === ')') {
					stack[stack.length - 1] = changed;
					kind = 'none';
				} else stack.push(changed);
				piece = {text: flagGroup[2] === ')' ? '' : '(?:', next: i + flagGroup[0].length};
			} else if (rest.startsWith('(?:')) {
				stack.push({...flags});
				piece = {text: '(?:', next: i + 3};
			} else if (rest.startsWith('(?')) return goError('invalid or unsupported Perl syntax', rest.slice(0, 3));
			else {
				groupNames.push(undefined);
				stack.push({...flags});
				piece = {text: '(', next: i + 1};
			}
		} else if (c === ')') {
			if (stack.length === 1) return goError('unexpected )', wrapped);
			stack.pop();
			piece = {text: ')', next: i + 1};
		} else if (c === '.') piece = {text: flags.s ? '[\\s\\S]' : '[^\\n]', next: i + 1};
		else if (c === '^') piece = {text: flags.m ? '(?<![^\\n])' : '^', next: i + 1};
		else if (c === '$') piece = {text: flags.m ? '(?![^\\n])' : '$', next: i + 1};
		else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(chars.slice(i, i + 24).join('')))) {
			const operator = c === '{' ? /^\{\d+(,\d*)?\}/.exec(chars.slice(i, i + 24).join(''))![0] : c;
			if (lastRepeat) return goError('invalid nested repetition operator', `${lastRepeat}${operator}`);
			if (!operand) return goError('missing argument to repetition operator', operator);
			const repeat = /^\{(\d+)(,(\d*))?\}/.exec(operator);
			if (repeat) {
				const min = Number(repeat[1]);
				const max = repeat[2] === undefined ? min : repeat[3] ? Number(repeat[3]) : Infinity;
				if (min > 1000 || (max !== Infinity && (max > 1000 || max < min))) return goError('invalid repeat count', operator);
			}
			// JS refuses to repeat an assertion; RE2 does not.
			if (ASSERTIONS.has(pieces[pieces.length - 1] ?? '')) pieces.push(`(?:${pieces.pop()!})`);
			piece = quantifier(chars, i + Array.from(operator).length - 1, operator, flags);
			kind = 'repeat';
			lastRepeat = operator;
		} else if (c === '{') piece = {text: '\\{', next: i + 1};
		else if (c === '|') {
			piece = {text: '|', next: i + 1};
			kind = 'open';
		} else piece = {text: flags.i ? caseFolded(c.codePointAt(0)!) : literal(c), next: i + 1};
		if ('error' in piece) return piece.unsupported ? {error: piece.error, unsupported: true} : {error: `error parsing regexp: ${piece.error}`, unsupported: false};
		if (kind !== 'none') {
			operand = kind === 'operand' || (kind === 'repeat' && operand);
			if (kind !== 'repeat') lastRepeat = '';
		}
		pieces.push(piece.text);
		i = piece.next;
	}
	if (stack.length > 1) return goError('missing closing )', wrapped);
	return {source: pieces.join(''), groupNames};
}

/** A repetition operator ending at index `last`, with its optional `?` (lazy; greedy under the `U` flag). */
function quantifier(chars: string[], last: number, operator: string, flags: Flags): Translated {
	const lazyMark = chars[last + 1] === '?';
	return {text: `${operator}${lazyMark !== flags.U ? '?' : ''}`, next: last + 1 + (lazyMark ? 1 : 0)};
}
