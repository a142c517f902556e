/**
 * Sample values and timestamps of the Prometheus text format, read as Prometheus 2.42 reads them
 * (Go's `strconv.ParseFloat` without hex or underscores, `strconv.ParseInt` for timestamps).
 * Hand-written scanners: a regular expression with nested quantifiers would backtrack on a
 * megabyte of digits.
 */

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;

const isDigit = (code: number): boolean => code >= ZERO && code <= NINE;

/** The largest int64, the limit of a timestamp in Prometheus. */
const MAX_INT64 = '9223372036854775807';

/** `inf`/`infinity` (any case, optional sign) and `nan` (any case, no sign), as Go's ParseFloat accepts them. */
function special(token: string): number | undefined {
	const first = token.charCodeAt(0);
	const signed = first === PLUS || first === MINUS;
	const rest = (signed ? token.slice(1) : token).toLowerCase();
	if (rest === 'inf' || rest === 'infinity') return first === MINUS ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
	if (!signed && rest === 'nan') return Number.NaN;
	return undefined;
}

/** Whether `token` is `[+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?`. */
function isDecimal(token: string): boolean {
	let index = 0;
	const length = token.length;
	const first = token.charCodeAt(0);
	if (first === PLUS || first === MINUS) index++;
	let digits = 0;
	while (index < length && isDigit(token.charCodeAt(index))) (index++, digits++);
	if (index < length && token.charCodeAt(index) === DOT) {
		index++;
		while (index < length && isDigit(token.charCodeAt(index))) (index++, digits++);
	}
	if (digits === 0) return false;
	if (index < length && (token.charCodeAt(index) === LOWER_E || token.charCodeAt(index) === UPPER_E)) {
		index++;
		const sign = token.charCodeAt(index);
		if (sign === PLUS || sign === MINUS) index++;
		const start = index;
		while (index < length && isDigit(token.charCodeAt(index))) index++;
		if (index === start) return false;
	}
	return index === length;
}

/**
 * A sample value: decimal with optional exponent, `NaN`, `+Inf`, `-Inf`, `Inf` (any case, also
 * `infinity`). Undefined for anything else: hex, underscores, an empty token, or a finite-looking
 * number too large for a float64 (`1e400`, which Go rejects as out of range).
 */
export function parseSampleValue(token: string): number | undefined {
	if (token.length === 0) return undefined;
	if (!isDecimal(token)) return token.length <= 9 ? special(token) : undefined;
	const number = Number(token);
	return Number.isFinite(number) ? number : undefined;
}

/**
 * A timestamp between `start` and `end` of `text`: digits only (no sign), at most int64;
 * undefined otherwise. Milliseconds since the epoch. Read in place, without slicing.
 */
export function parseTimestamp(text: string, start: number, end: number): number | undefined {
	if (start >= end) return undefined;
	let value = 0;
	let significant = 0;
	for (let index = start; index < end; index++) {
		const code = text.charCodeAt(index);
		if (!isDigit(code)) return undefined;
		if (significant > 0 || code !== ZERO) significant++;
		value = value * 10 + (code - ZERO);
	}
	if (significant < 16) return value;
	// Beyond 2^53 the running product loses digits: let Number round once, and check the int64 range.
	const digits = text.slice(end - significant, end);
	if (significant > MAX_INT64.length || (significant === MAX_INT64.length && digits > MAX_INT64)) return undefined;
	return Number(digits);
}
