/** Decoders of PromQL literals with Go's rules (strconv.ParseInt/ParseFloat, model.ParseDuration, strutil.Unquote). */

/** Parses a NUMBER token as Prometheus does: `strconv.ParseInt(s, 0, 64)` first (so `010` is octal 8), then `ParseFloat`. */
export function parseNumberLiteral(text: string): number | {error: string} {
	if (/^0[xX][0-9a-fA-F]+$/.test(text) || /^0[0-7]+$/.test(text)) {
		const value = BigInt(/^0[0-7]/.test(text) ? `0o${text.slice(1)}` : text);
		if (value <= 0x7fffffffffffffffn) return Number(value);
	}
	const value = parseGoFloat(text);
	if (value !== undefined) return value;
	const reason = Number.isFinite(Number(text)) || Number.isNaN(Number(text)) ? 'invalid syntax' : 'value out of range';
	return {error: `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: ${reason}`};
}

/**
 * Go's `strconv.ParseFloat(s, 64)`, or undefined where it fails: decimal (with `_` between digits), `inf`/`infinity`
 * with a sign, `nan`, and hexadecimal with a `p` exponent. Out-of-range values fail, as in Go.
 */
export function parseGoFloat(text: string): number | undefined {
	const special = /^([+-]?)(inf|infinity)$/i.exec(text);
	if (special) return special[1] === '-' ? -Infinity : Infinity;
	if (/^nan$/i.test(text)) return Number.NaN;
	const hex = /^([+-]?)0[xX]([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?\d+)$/.exec(text);
	let value: number;
	if (hex) {
		const [, sign, whole = '', fraction = ''] = hex;
		const digits = `${whole}${fraction}`.replaceAll('_', '');
		if (digits === '') return undefined;
		value = Number(BigInt(`0x${digits}`)) * 2 ** (Number(hex[4]) - 4 * fraction.replaceAll('_', '').length);
		if (sign === '-') value = -value;
	} else {
		if (!/^[+-]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][+-]?\d+)?$/.test(text)) return undefined;
		value = Number(text.replaceAll('_', ''));
	}
	return Number.isFinite(value) ? value : undefined;
}

const UNIT_MS: ReadonlyArray<[string, number]> = [['y', 365 * 86_400_000], ['w', 7 * 86_400_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a duration as `model.ParseDuration` does (units in descending order, integers only); zero is an error in PromQL. */
export function parseDurationMs(text: string): number | {error: string} {
	const match = DURATION.exec(text);
	if (!match || text === '') return {error: `not a valid duration string: ${JSON.stringify(text)}`};
	let ms = 0;
	for (const [index, [, unit]] of UNIT_MS.entries()) if (match[index + 1]) ms += Number(match[index + 1]) * unit;
	if (ms > Number.MAX_SAFE_INTEGER) return {error: 'duration out of range'};
	if (ms === 0) return {error: 'duration must be greater than 0'};
	return ms;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\'};

/** Decodes a string token (`"…"`, `'…'` or a raw `` `…` ``) with Go's escapes; returns an error for invalid ones. */
export function unquoteString(token: string): string | {error: string} {
	const quote = token[0];
	const body = token.slice(1, -1);
	if (quote === '`') return body;
	let out = '';
	for (let i = 0; i < body.length; i++) {
		const c = body[i]!;
		if (c !== '\\') {
			out += c;
			continue;
		}
		const e = body[i + 1] ?? '';
		const simple = SIMPLE_ESCAPES[e];
		if (simple !== undefined || e === quote) {
			out += simple ?? e;
			i++;
			continue;
		}
		const spec = /[0-7]/.test(e) ? {digits: 3, base: 8, from: i + 1} : e === 'x' ? {digits: 2, base: 16, from: i + 2} : e === 'u' ? {digits: 4, base: 16, from: i + 2} : e === 'U' ? {digits: 8, base: 16, from: i + 2} : undefined;
		const digits = spec ? body.slice(spec.from, spec.from + spec.digits) : '';
		const valid = spec && digits.length === spec.digits && (spec.base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/).test(digits);
		const code = valid ? Number.parseInt(digits, spec.base) : -1;
		if (!spec || code < 0 || (spec.digits <= 3 ? code > 255 : code > 0x10ffff || (code >= 0xd800 && code < 0xe000))) {
			return {error: `error unquoting string ${JSON.stringify(token)}: invalid syntax`};
		}
		out += String.fromCodePoint(code);
		i = spec.from + spec.digits - 1;
	}
	return out;
}
