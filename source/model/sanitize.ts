/**
 * The one sanitiser for text that comes from a server (label values, alert names, annotations,
 * error bodies, SSE data, runbook text fetched from a URL). Call it where the text is decoded,
 * so nothing downstream (Ink included, which sanitises nothing) ever sees a raw control byte.
 *
 * It is a single linear pass over the input with no regular expressions, and it stops as soon
 * as the output limit is reached, so a huge hostile string costs no more than a short one.
 */

import {isKeycapBase, isNewerPictograph, isPresentationSelector, isRegionalIndicator, isSkinTone, judgePair} from './emoji-width.js';

/** Options of {@link sanitizeText}. */
export type SanitizeOptions = {
	/** Maximum length of the output in code points, including the trailing `…`. Default 4096. */
	readonly maxLength?: number;
	/** Show newlines as `\n` and tabs as a space (default true); false keeps TAB and LF as they are. */
	readonly singleLine?: boolean;
};

const DEFAULT_MAX_LENGTH = 4096;
const ELLIPSIS = '…';
const REPLACEMENT_CHARACTER = '\uFFFD';

const MAX_LABELS = 200;
const MAX_LABEL_KEY_LENGTH = 128;
const MAX_LABEL_VALUE_LENGTH = 1024;
const MAX_URL_LENGTH = 8192;

/** Visible form of each code unit below 0xA0 (only controls are used): `\xNN`, `\n` for LF, `\r` for CR. */
const CONTROL_ESCAPES: readonly string[] = Array.from({length: 0xa0}, (_, code) => {
	if (code === 0x0a) return '\\n';
	if (code === 0x0d) return '\\r';
	return `\\x${code.toString(16).padStart(2, '0')}`;
});

/**
 * Characters that are invisible or reorder text: bidi controls (Trojan Source, CVE-2021-42574),
 * zero-width characters, the soft hyphen, line/paragraph separators and invisible operators, and
 * the other default-ignorable and format characters (Unicode's Default_Ignorable_Code_Point and
 * Cf) but variation selectors, which are part of ordinary emoji. Besides hiding text, several are
 * blank yet take terminal cells that Ink counts as none (Hangul fillers: 2, Arabic number signs: 1),
 * so a row of them would overflow its pane and scroll the whole screen. `code` is a code point.
 */
function isInvisible(code: number): boolean {
	if (code < 0xad) return false;
	return (
		code === 0xad || // Soft hyphen
		code === 0x034f || // Combining grapheme joiner
		(code >= 0x0600 && code <= 0x0605) || // Arabic number signs (prepended format characters)
		code === 0x061c || // Arabic letter mark
		code === 0x06dd || // Arabic end of ayah
		code === 0x070f || // Syriac abbreviation mark
		code === 0x0890 || code === 0x0891 || code === 0x08e2 || // Arabic pound/piastre mark above, disputed end of ayah
		code === 0x115f || code === 0x1160 || // Hangul choseong/jungseong fillers
		code === 0x17b4 || code === 0x17b5 || // Khmer inherent vowels
		(code >= 0x180b && code <= 0x180f) || // Mongolian free variation selectors, vowel separator
		(code >= 0x200b && code <= 0x200f) || // ZWSP, ZWNJ, ZWJ, LRM, RLM
		(code >= 0x2028 && code <= 0x202e) || // Line/paragraph separator, LRE, RLE, PDF, LRO, RLO
		(code >= 0x2060 && code <= 0x206f) || // Word joiner, invisible operators, LRI, RLI, FSI, PDI, deprecated format characters
		code === 0x3164 || // Hangul filler
		code === 0xfeff || // Zero-width no-break space (BOM)
		code === 0xffa0 || // Halfwidth Hangul filler
		(code >= 0xfff0 && code <= 0xfffb) || // Reserved default-ignorables, interlinear annotation controls
		code === 0x110bd || code === 0x110cd || // Kaithi number signs
		(code >= 0x13430 && code <= 0x1343f) || // Egyptian hieroglyph format controls
		(code >= 0x1bca0 && code <= 0x1bca3) || // Shorthand format controls
		(code >= 0x1d173 && code <= 0x1d17a) || // Musical symbol format controls
		(code >= 0xe0000 && code <= 0xe00ff) || // Tag characters ("ASCII smuggling"), reserved
		(code >= 0xe01f0 && code <= 0xe0fff) // Reserved default-ignorables after the variation selectors supplement
	);
}

/** `<U+202E>` */
function invisibleMarker(code: number): string {
	return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** String() that never throws (objects with a throwing or missing toString become ''). */
function coerce(input: unknown): string {
	if (typeof input === 'string') return input;
	if (input === null || input === undefined) return '';
	try {
		return String(input);
	} catch {
		return '';
	}
}

function normaliseMaxLength(maxLength: number | undefined): number {
	if (typeof maxLength !== 'number' || Number.isNaN(maxLength)) return DEFAULT_MAX_LENGTH;
	return maxLength <= 0 ? 0 : Math.floor(maxLength);
}

/** The output cut at a token boundary, plus the ellipsis. */
function truncated(output: string, cut: number): string {
	return output.slice(0, cut) + ELLIPSIS;
}

/**
 * Makes untrusted text safe to print in a terminal.
 *
 * - Non-strings are coerced with `String()`; `null`/`undefined` become `''`.
 * - C0 controls, DEL and 8-bit C1 controls are shown visibly: ESC as `\x1b`, CR as `\r`,
 *   BS as `\x08`, 0x9B as `\x9b` … (escape sequences are not interpreted: every control
 *   character is made visible, so `ESC[31m` prints as the text `\x1b[31m`).
 * - Single-line mode (default): LF shows as `\n`, TAB becomes a space. Multi-line mode keeps
 *   LF and TAB, and turns CRLF into LF.
 * - Bidi controls and zero-width/invisible characters become markers such as `<U+202E>`.
 * - Lone surrogates become U+FFFD.
 * - Emoji are made as wide for Ink as for the terminal (see emoji-width.ts): VS15/VS16 and skin
 *   tones after a character are dropped; keycaps, regional indicators that are not a flag and
 *   pictographs newer than Unicode 14 become markers.
 * - The output is at most `maxLength` code points (default 4096); longer output is cut at a
 *   whole character or marker and ends with `…`.
 */
export function sanitizeText(input: unknown, options: SanitizeOptions = {}): string {
	const text = coerce(input);
	const singleLine = options.singleLine ?? true;
	const maxLength = normaliseMaxLength(options.maxLength);
	if (maxLength === 0) return '';

	const length = text.length;
	let out = '';
	/** Code points written so far (flushed output plus the pending run). */
	let count = 0;
	/** Offset in the (virtual) output of the last token boundary with room left for `…`. */
	let cut = 0;
	/** Start in `text` of the run of characters that pass through unchanged, not yet flushed. */
	let runStart = 0;
	let index = 0;
	/** The last code unit written (for a keycap's base). */
	let last = -1;
	/** The regional indicator now is the second of a pair already judged: a flag (kept) or not (a marker). */
	let pairSecond: 'flag' | 'marker' | undefined;

	while (index < length) {
		if (count < maxLength) cut = out.length + (index - runStart);

		const code = text.charCodeAt(index);
		let width = 1;
		let replacement: string | undefined;

		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
			if (code === 0x09) {
				if (singleLine) replacement = ' ';
			} else if (code === 0x0a) {
				if (singleLine) replacement = '\\n';
			} else if (code === 0x0d && !singleLine && text.charCodeAt(index + 1) === 0x0a) {
				replacement = '';
			} else {
				replacement = CONTROL_ESCAPES[code]!;
			}
		} else if (code >= 0xd800 && code <= 0xdfff) {
			const next = text.charCodeAt(index + 1);
			if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
				width = 2;
				// Tag characters and other invisible characters beyond the BMP come as surrogate pairs.
				const codePoint = (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
				// The cheap tests first: a run of dropped skin tones must not cost a regular expression each.
				if (isSkinTone(codePoint)) {
					if (count > 0) replacement = '';
				} else if (isRegionalIndicator(codePoint)) {
					if (pairSecond === undefined) {
						pairSecond = judgePair(text, codePoint, index + 2);
						if (pairSecond === 'marker') replacement = invisibleMarker(codePoint);
					} else {
						if (pairSecond === 'marker') replacement = invisibleMarker(codePoint);
						pairSecond = undefined;
					}
				} else if (isInvisible(codePoint) || isNewerPictograph(codePoint)) replacement = invisibleMarker(codePoint);
			} else replacement = REPLACEMENT_CHARACTER;
		} else if (isInvisible(code)) {
			replacement = invisibleMarker(code);
		} else if (isPresentationSelector(code)) {
			replacement = '';
		} else if (code === 0x20e3 && isKeycapBase(last)) {
			replacement = invisibleMarker(code);
		}

		if (replacement === undefined) {
			if (count + 1 > maxLength) return truncated(out + text.slice(runStart, index), cut);
			count += 1;
			last = width === 1 ? code : -1;
			index += width;
			continue;
		}

		if (replacement === '') {
			// Dropped (a selector, a skin tone, the CR of CRLF): a long run of them costs no string building.
			if (index > runStart) out += text.slice(runStart, index);
			index += width;
			runStart = index;
			continue;
		}

		// Every replacement is ASCII or U+FFFD, so its length is its number of code points.
		if (count + replacement.length > maxLength) return truncated(out + text.slice(runStart, index), cut);

		out += text.slice(runStart, index) + replacement;
		count += replacement.length;
		last = replacement.charCodeAt(replacement.length - 1);
		index += width;
		runStart = index;
	}

	return out + text.slice(runStart);
}

/**
 * Sanitises a Prometheus label or annotation object: keys (at most 128 code points) and values
 * (at most 1024, single-line). Anything that is not a plain object gives `{}`; at most 200
 * entries are kept. Keys such as `__proto__` become ordinary own properties. `omit` is a key left out
 * (as the server wrote it).
 */
export function sanitizeLabels(labels: unknown, omit?: string): Record<string, string> {
	const result: Record<string, string> = {};
	if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return result;

	let kept = 0;
	for (const key in labels) {
		if (kept >= MAX_LABELS) break;
		if (key === omit || !Object.prototype.hasOwnProperty.call(labels, key)) continue;
		let value: unknown;
		try {
			value = (labels as Record<string, unknown>)[key];
		} catch {
			value = '';
		}

		const safeKey = sanitizeText(key, {maxLength: MAX_LABEL_KEY_LENGTH});
		if (Object.prototype.hasOwnProperty.call(result, safeKey)) continue;
		Object.defineProperty(result, safeKey, {
			value: sanitizeText(value, {maxLength: MAX_LABEL_VALUE_LENGTH}),
			enumerable: true,
			writable: true,
			configurable: true,
		});
		kept++;
	}

	return result;
}

/** True for characters no link target may contain: controls, whitespace, bidi and invisible characters. */
function isForbiddenInUrl(code: number): boolean {
	return (
		code <= 0x20 ||
		(code >= 0x7f && code <= 0xa0) ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		isInvisible(code)
	);
}

/**
 * Returns the URL (as serialised by `new URL`, so ASCII only) if it is a valid http: or https:
 * URL whose text contains no control, whitespace, bidi or invisible characters, else undefined.
 * Use it before turning `runbook_url` or `generatorURL` into an OSC 8 link.
 */
export function safeHttpUrl(input: unknown): string | undefined {
	if (typeof input !== 'string' || input.length === 0 || input.length > MAX_URL_LENGTH) return undefined;
	for (let index = 0; index < input.length; index++) {
		const code = input.charCodeAt(index);
		if (isForbiddenInUrl(code)) return undefined;
		// A lone surrogate would be replaced silently by the parser.
		if (code >= 0xd800 && code <= 0xdfff) {
			const next = input.charCodeAt(index + 1);
			if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return undefined;
			index++;
		}
	}

	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return undefined;
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
	const {href} = url;
	for (let index = 0; index < href.length; index++) {
		const code = href.charCodeAt(index);
		if (code <= 0x20 || code >= 0x7f) return undefined;
	}

	return href;
}

/** Whole words (split at non-letters/digits and camelCase) that mark a parameter as secret. */
const SECRET_WORDS = new Set([
	'token',
	'password',
	'passwd',
	'pass',
	'pwd',
	'secret',
	'key',
	'apikey',
	'auth',
	'authorization',
	'credential',
	'credentials',
	'signature',
	'sig',
]);

/** Endings of a parameter name, lower-cased with separators removed, that mark it as secret. */
const SECRET_SUFFIXES = ['token', 'secret', 'password', 'passwd', 'apikey', 'accesskey', 'privatekey'];

function decodeParameterName(raw: string): string {
	const spaced = raw.replaceAll('+', ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

/** Whether a query parameter name looks like it carries a secret (`token`, `api_key`, `X-Auth-Token`, `apiKey` …). */
function isSecretName(rawName: string): boolean {
	const name = decodeParameterName(rawName);
	let word = '';
	let collapsed = '';
	const words: string[] = [];
	for (let index = 0; index < name.length; index++) {
		const char = name[index]!;
		const isUpper = char >= 'A' && char <= 'Z';
		const isLower = char >= 'a' && char <= 'z';
		const isDigit = char >= '0' && char <= '9';
		if (!isUpper && !isLower && !isDigit) {
			if (word !== '') words.push(word);
			word = '';
			continue;
		}

		const previous = name[index - 1];
		if (isUpper && previous !== undefined && previous >= 'a' && previous <= 'z' && word !== '') {
			words.push(word);
			word = '';
		}

		word += char.toLowerCase();
		collapsed += char.toLowerCase();
	}

	if (word !== '') words.push(word);
	return words.some(candidate => SECRET_WORDS.has(candidate)) || SECRET_SUFFIXES.some(suffix => collapsed.endsWith(suffix));
}

/** Replaces the values of secret-looking `name=value` pairs in an `&`-separated query or fragment. */
function redactParameters(parameters: string): string {
	if (parameters === '') return parameters;
	return parameters
		.split('&')
		.map(pair => {
			const equals = pair.indexOf('=');
			if (equals === -1) return pair;
			return isSecretName(pair.slice(0, equals)) ? `${pair.slice(0, equals)}=***` : pair;
		})
		.join('&');
}

/** Redacts a string that `new URL` rejects: userinfo before the last `@` and secret parameters. */
function redactInvalidUrl(url: string): string {
	let text = url;
	const at = text.lastIndexOf('@');
	if (at !== -1) {
		const scheme = text.indexOf('://');
		text = scheme !== -1 && scheme < at ? `${text.slice(0, scheme + 3)}***${text.slice(at)}` : `***${text.slice(at)}`;
	}

	const hash = text.indexOf('#');
	const beforeHash = hash === -1 ? text : text.slice(0, hash);
	const fragment = hash === -1 ? undefined : text.slice(hash + 1);
	const question = beforeHash.indexOf('?');
	const redactedBeforeHash = question === -1 ? beforeHash : `${beforeHash.slice(0, question + 1)}${redactParameters(beforeHash.slice(question + 1))}`;
	return fragment === undefined ? redactedBeforeHash : `${redactedBeforeHash}#${redactParameters(fragment)}`;
}

/**
 * Makes a URL fit to show or log: userinfo becomes `***` (`https://user:pass@host/x` →
 * `https://***@host/x`) and the values of query (and fragment) parameters whose names look
 * secret (token, password, pass, secret, key, auth, apikey, api_key, access_token …) become
 * `***`. Other parameters keep their exact encoding. A string that is not a valid URL has
 * everything before its last `@` replaced. The result is always passed through
 * {@link sanitizeText}.
 */
export function redactUrl(url: string): string {
	const text = coerce(url);
	let parsed: URL;
	try {
		parsed = new URL(text);
	} catch {
		return sanitizeText(redactInvalidUrl(text));
	}

	// `user:pw@host` parses as scheme `user:` with an opaque path; treat such text as not a URL.
	if (parsed.host === '' && text.includes('@')) return sanitizeText(redactInvalidUrl(text));
	if (parsed.username !== '' || parsed.password !== '') {
		parsed.password = '';
		parsed.username = '***';
	}

	if (parsed.search.length > 1) parsed.search = redactParameters(parsed.search.slice(1));
	if (parsed.hash.length > 1) parsed.hash = redactParameters(parsed.hash.slice(1));
	return sanitizeText(parsed.href);
}
