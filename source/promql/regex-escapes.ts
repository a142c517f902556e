/** A translated piece of a pattern and the index after it, or why it cannot be translated. */
export type Translated = {text: string; next: number} | {error: string; unsupported?: boolean};

/** RE2's `\s` is ASCII only (JS' includes Unicode spaces). */
const SPACE = '\\t\\n\\f\\r ';

const POSIX: Readonly<Record<string, string>> = {
	alnum: '0-9A-Za-z',
	alpha: 'A-Za-z',
	ascii: '\\x00-\\x7F',
	blank: '\\t ',
	cntrl: '\\x00-\\x1F\\x7F',
	digit: '0-9',
	graph: '!-~',
	lower: 'a-z',
	print: ' -~',
	punct: '!-\\/:-@\\[-`{-~',
	space: '\\t\\n\\v\\f\\r ',
	upper: 'A-Z',
	word: '0-9A-Za-z_',
	xdigit: '0-9A-Fa-f',
};

const GENERAL_CATEGORIES = new Set('C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '));

/** A code point, or a class with its JS form inside brackets (`undefined`: not expressible there) and outside. */
type Atom = {kind: 'char'; code: number; next: number} | {kind: 'class'; inside: string | undefined; outside: string; next: number} | {error: string; unsupported?: boolean};

/** A code point as a JS escape, valid inside and outside classes under the `u` flag. */
function codePoint(code: number): string {
	return `\\u{${code.toString(16)}}`;
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');

/** A literal code point outside a class, escaped when JS would read it as syntax. */
export function literal(char: string): string {
	return SYNTAX.has(char) ? `\\${char}` : char;
}

/** Case variants JS' toUpperCase/toLowerCase do not reach from the lower-case letter (Unicode simple folding orbits). */
const EXTRA_FOLDS: Readonly<Record<string, string>> = {k: '\u212a', s: '\u017f', 'å': '\u212b', 'ß': '\u1e9e', 'μ': '\u00b5', 'σ': '\u03c2', 'θ': '\u03d1', 'β': '\u03d0', 'ε': '\u03f5', 'κ': '\u03f0', 'π': '\u03d6', 'ρ': '\u03f1', 'φ': '\u03d5', 'ι': '\u0345\u1fbe'};

/** The code points equal to `code` ignoring case, as RE2's `(?i)` folds them. */
function foldOrbit(code: number): number[] {
	const orbit = new Set([String.fromCodePoint(code)]);
	for (let round = 0; round < 3; round++) {
		for (const char of [...orbit]) {
			for (const variant of [char.toLowerCase(), char.toUpperCase(), ...(EXTRA_FOLDS[char] ?? '')]) if (Array.from(variant).length === 1) orbit.add(variant);
		}
	}
	return [...orbit].map(char => char.codePointAt(0)!);
}

/** A literal code point under `(?i)`: a class of its case variants. */
export function caseFolded(code: number): string {
	const orbit = foldOrbit(code);
	return orbit.length === 1 ? literal(String.fromCodePoint(code)) : `[${orbit.map(codePoint).join('')}]`;
}

/** Extra ranges making an ASCII letter range case-insensitive (non-ASCII ranges are left as they are). */
function foldedRange(low: number, high: number): string {
	let out = '';
	for (const [from, to, shift] of [[0x61, 0x7a, -32], [0x41, 0x5a, 32]] as const) {
		const a = Math.max(low, from);
		const b = Math.min(high, to);
		if (a <= b) out += `${codePoint(a + shift)}-${codePoint(b + shift)}`;
	}
	for (const [letter, extra] of [[0x6b, 0x212a], [0x4b, 0x212a], [0x73, 0x17f], [0x53, 0x17f]] as const) if (low <= letter && letter <= high) out += codePoint(extra);
	return out;
}

/** Reads the escape at `chars[i]` (a backslash) as RE2 does: a literal code point or a class like `\d` or `\pL`. */
function readEscape(chars: string[], i: number): Atom {
	const c = chars[i + 1];
	if (c === undefined) return {error: 'trailing backslash at end of expression: ``'};
	const simple: Readonly<Record<string, number>> = {a: 7, f: 12, t: 9, n: 10, r: 13, v: 11};
	if (c in simple) return {kind: 'char', code: simple[c]!, next: i + 2};
	if (c === 'd' || c === 'D' || c === 'w' || c === 'W') return {kind: 'class', inside: `\\${c}`, outside: `\\${c}`, next: i + 2};
	if (c === 's') return {kind: 'class', inside: SPACE, outside: `[${SPACE}]`, next: i + 2};
	if (c === 'S') return {kind: 'class', inside: undefined, outside: `[^${SPACE}]`, next: i + 2};
	if (c === 'p' || c === 'P') {
		let name = chars[i + 2] ?? '';
		let next = i + 3;
		if (name === '{') {
			const close = chars.indexOf('}', i + 3);
			if (close < 0) return {error: `invalid character class range: \`${chars.slice(i).join('')}\``};
			name = chars.slice(i + 3, close).join('');
			next = close + 1;
		}
		let negated = c === 'P';
		if (name.startsWith('^')) {
			negated = !negated;
			name = name.slice(1);
		}
		if (!/^[A-Za-z_]+$/.test(name)) return {error: `invalid character class range: \`${chars.slice(i, next).join('')}\``};
		const property = name === 'Any' || GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
		const text = `\\${negated ? 'P' : 'p'}{${property}}`;
		return {kind: 'class', inside: text, outside: text, next};
	}
	if (c === 'x') {
		if (chars[i + 2] === '{') {
			const close = chars.indexOf('}', i + 3);
			const hex = close < 0 ? '' : chars.slice(i + 3, close).join('');
			const code = Number.parseInt(hex, 16);
			if (!/^[0-9A-Fa-f]+$/.test(hex) || code > 0x10ffff) return {error: `invalid escape sequence: \`${chars.slice(i, close < 0 ? i + 3 : close + 1).join('')}\``};
			return {kind: 'char', code, next: close + 1};
		}
		const hex = chars.slice(i + 2, i + 4).join('');
		if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return {error: `invalid escape sequence: \`\\x${hex}\``};
		return {kind: 'char', code: Number.parseInt(hex, 16), next: i + 4};
	}
	if (/[0-7]/.test(c)) {
		// Octal: \0 plus up to two digits, or a non-zero digit followed by one or two (a lone \1 would be a backreference).
		const digits = /^[0-7]{1,3}/.exec(chars.slice(i + 1, i + 4).join(''))![0];
		if (c !== '0' && digits.length < 2) return {error: `invalid escape sequence: \`\\${c}\``};
		return {kind: 'char', code: Number.parseInt(digits, 8), next: i + 1 + digits.length};
	}
	if (c === 'C') return {error: 'unsupported in local evaluation: regex \\C', unsupported: true};
	if (c.codePointAt(0)! < 0x80 && !/[0-9A-Za-z]/.test(c)) return {kind: 'char', code: c.codePointAt(0)!, next: i + 2};
	return {error: `invalid escape sequence: \`\\${c}\``};
}

/** Translates an escape outside a class (`\A`, `\z`, `\b`, `\Q…\E` included); `fold` under `(?i)`. */
export function translateEscape(chars: string[], i: number, fold: boolean): Translated {
	const c = chars[i + 1];
	if (c === 'A') return {text: '(?<![\\s\\S])', next: i + 2};
	if (c === 'z') return {text: '(?![\\s\\S])', next: i + 2};
	if (c === 'b' || c === 'B') return {text: `\\${c}`, next: i + 2};
	if (c === 'Q') {
		let end = i + 2;
		while (end < chars.length && !(chars[end] === '\\' && chars[end + 1] === 'E')) end++;
		const text = chars.slice(i + 2, end).map(char => (fold ? caseFolded(char.codePointAt(0)!) : codePoint(char.codePointAt(0)!))).join('');
		return {text: text === '' ? '(?:)' : `(?:${text})`, next: Math.min(chars.length, end + 2)};
	}
	const atom = readEscape(chars, i);
	if ('error' in atom) return atom;
	if (atom.kind === 'char') return {text: fold ? caseFolded(atom.code) : codePoint(atom.code), next: atom.next};
	return {text: atom.outside, next: atom.next};
}

/** Reads one class member: a POSIX class, an escape, or a code point. */
function readClassAtom(chars: string[], i: number): Atom {
	if (chars[i] === '[' && chars[i + 1] === ':') {
		const close = chars.indexOf(']', i + 2);
		const name = close < 0 ? '' : chars.slice(i + 2, close).join('');
		const match = /^(\^?)([a-z]+):$/.exec(name);
		if (match && POSIX[match[2]!]) {
			if (match[1]) return {error: `unsupported in local evaluation: negated POSIX class [:${name}]`, unsupported: true};
			return {kind: 'class', inside: POSIX[match[2]!]!, outside: `[${POSIX[match[2]!]!}]`, next: close + 1};
		}
	}
	if (chars[i] === '\\') return readEscape(chars, i);
	return {kind: 'char', code: chars[i]!.codePointAt(0)!, next: i + 1};
}

/** Translates a bracketed class starting at `chars[i]` (`[`): `[]a]` and `[^]a]` start with a literal `]`; `fold` under `(?i)`. */
export function translateClass(chars: string[], i: number, fold: boolean): Translated {
	let j = i + 1;
	let out = '[';
	if (chars[j] === '^') {
		out += '^';
		j++;
	}
	let first = true;
	while (j < chars.length && (chars[j] !== ']' || first)) {
		first = false;
		const atomStart = j;
		const atom = readClassAtom(chars, j);
		if ('error' in atom) return atom;
		if (atom.kind === 'class') {
			if (atom.inside === undefined) return {error: 'unsupported in local evaluation: regex \\S inside a class', unsupported: true};
			out += atom.inside;
			j = atom.next;
			continue;
		}
		j = atom.next;
		if (chars[j] === '-' && chars[j + 1] !== undefined && chars[j + 1] !== ']') {
			const high = readClassAtom(chars, j + 1);
			if ('error' in high) return high;
			if (high.kind !== 'char' || high.code < atom.code) return {error: `invalid character class range: \`${chars.slice(atomStart, high.next).join('')}\``};
			out += `${codePoint(atom.code)}-${codePoint(high.code)}${fold ? foldedRange(atom.code, high.code) : ''}`;
			j = high.next;
		} else out += fold ? foldOrbit(atom.code).map(codePoint).join('') : codePoint(atom.code);
	}
	if (j >= chars.length) return {error: `missing closing ]: \`${chars.slice(i).join('')})$\``};
	return {text: `${out}]`, next: j + 1};
}
