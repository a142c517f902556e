import {
	BACKSLASH,
	BRACE_CLOSE,
	BRACE_OPEN,
	COMMA,
	EQUALS,
	HASH,
	MAX_LABEL_VALUE_LENGTH,
	MAX_NAME_LENGTH,
	QUOTE,
	isBlank,
	quote,
	safeText,
	scanName,
	setOwn,
	skipBlanks,
} from './exposition-chars.js';
import {parseSampleValue, parseTimestamp} from './exposition-numbers.js';
import type {ExpositionSample} from './exposition.js';
import {RecentStrings, detach} from './recent-strings.js';

/** A character the sanitiser must see: anything outside printable ASCII. */
const NON_PRINTABLE = /[^\x20-\x7e]/;

/** The end of the token at `index`: up to a space, tab or `{` (Prometheus' value token). */
function scanToken(text: string, index: number, end: number): number {
	while (index < end) {
		const code = text.charCodeAt(index);
		if (isBlank(code) || code === BRACE_OPEN) break;
		index++;
	}
	return index;
}

/**
 * Reads sample lines of one exposition: `name{labels} value [timestamp] [# exemplar]`.
 * One instance per exposition: it keeps a cursor (no result objects per token) and the
 * {@link RecentStrings} of the lines before, so repeated names and values are not sliced again.
 */
export class SampleLineReader {
	/** Why the last line was rejected. */
	error = '';
	readonly #text: string;
	readonly #recent = new RecentStrings();
	#index = 0;
	#end = 0;

	constructor(text: string) {
		this.#text = text;
	}

	/**
	 * Parses the line between `start` and `end` (no line break, no trailing CR) into a sample whose
	 * labels include `__name__`; undefined, with {@link SampleLineReader.error} set, when the line is bad.
	 */
	read(start: number, end: number): ExpositionSample | undefined {
		const text = this.#text;
		this.#end = end;
		let index = skipBlanks(text, start, end);
		const nameEnd = scanName(text, index, end, true);
		if (nameEnd === index) return this.#fail(`expected a metric name, got ${quote(text.slice(index, end))}`);
		if (nameEnd - index > MAX_NAME_LENGTH) return this.#fail(`metric name longer than ${MAX_NAME_LENGTH} characters`);
		const labels: Record<string, string> = {__name__: this.#recent.get(0, text, index, nameEnd)};
		index = skipBlanks(text, nameEnd, end);
		if (text.charCodeAt(index) === BRACE_OPEN) {
			this.#index = index + 1;
			if (!this.#labels(labels)) return undefined;
			index = skipBlanks(text, this.#index, end);
		}
		const valueEnd = scanToken(text, index, end);
		if (valueEnd === index) return this.#fail(index < end ? `unexpected ${quote(text.slice(index, end))} before the value` : 'expected a value after the metric');
		const value = parseSampleValue(text.slice(index, valueEnd));
		if (value === undefined) return this.#fail(`invalid value ${quote(text.slice(index, valueEnd))}`);
		index = skipBlanks(text, valueEnd, end);
		// An OpenMetrics exemplar (` # {trace_id="…"} 1`) is ignored.
		if (index >= end || text.charCodeAt(index) === HASH) return {labels, value};
		const timestampEnd = scanToken(text, index, end);
		const timestampMs = parseTimestamp(text, index, timestampEnd);
		if (timestampMs === undefined) return this.#fail(`invalid timestamp ${quote(text.slice(index, timestampEnd))} (integer milliseconds expected)`);
		index = skipBlanks(text, timestampEnd, end);
		if (index < end && text.charCodeAt(index) !== HASH) return this.#fail(`unexpected ${quote(text.slice(index, end))} after the timestamp`);
		return {labels, value, timestampMs};
	}

	#fail(reason: string): undefined {
		this.error = reason;
		return undefined;
	}

	#reject(reason: string): false {
		this.error = reason;
		return false;
	}

	/**
	 * Parses the label set after `{` into `labels`. Whitespace may surround every token, the comma
	 * between two labels may be left out and a trailing comma is allowed (as in Prometheus 2.42).
	 * Labels with an empty value are dropped, as Prometheus drops them; a repeated name is an error.
	 */
	#labels(labels: Record<string, string>): boolean {
		const text = this.#text;
		const end = this.#end;
		let empty: string[] | undefined;
		for (let slot = 1; ; slot += 2) {
			let index = skipBlanks(text, this.#index, end);
			if (index >= end) return this.#reject('unterminated label set (missing "}")');
			if (text.charCodeAt(index) === BRACE_CLOSE) {
				this.#index = index + 1;
				return true;
			}
			const nameEnd = scanName(text, index, end, false);
			if (nameEnd === index) return this.#reject(`expected a label name, got ${quote(text.slice(index, end))}`);
			if (nameEnd - index > MAX_NAME_LENGTH) return this.#reject(`label name longer than ${MAX_NAME_LENGTH} characters`);
			const name = this.#recent.get(slot, text, index, nameEnd);
			index = skipBlanks(text, nameEnd, end);
			if (text.charCodeAt(index) !== EQUALS) return this.#reject(`expected "=" after label name ${name}`);
			index = skipBlanks(text, index + 1, end);
			if (text.charCodeAt(index) !== QUOTE) return this.#reject(`expected a quoted value for label ${name}`);
			this.#index = index + 1;
			const value = this.#labelValue(slot + 1);
			if (value === undefined) return this.#reject(`unterminated value of label ${name}`);
			if (Object.hasOwn(labels, name) || empty?.includes(name)) return this.#reject(`duplicate label name ${name}`);
			if (value === '') (empty ??= []).push(name);
			else if (name === '__proto__') setOwn(labels, name, value);
			else labels[name] = value;
			index = skipBlanks(text, this.#index, end);
			this.#index = text.charCodeAt(index) === COMMA ? index + 1 : index;
		}
	}

	/**
	 * Reads a label value from the cursor up to its closing quote. The usual value, with no
	 * backslash, is found with native string search and kept as it is when it is printable ASCII;
	 * anything else is sanitised, and a value with a backslash takes the escape-aware path.
	 */
	#labelValue(slot: number): string | undefined {
		const text = this.#text;
		const start = this.#index;
		// The first quote ends the value unless a backslash escapes it, which the slow path handles.
		const close = text.indexOf('"', start);
		if (close === -1 || close >= this.#end) return undefined;
		const recent = this.#recent.match(slot, text, start, close);
		if (recent !== undefined) {
			this.#index = close + 1;
			return recent;
		}
		const raw = text.slice(start, close);
		if (raw.includes('\\')) return this.#escapedLabelValue();
		this.#index = close + 1;
		if (raw.length > MAX_LABEL_VALUE_LENGTH || NON_PRINTABLE.test(raw)) return detach(safeText(raw, MAX_LABEL_VALUE_LENGTH, true));
		return this.#recent.remember(slot, detach(raw));
	}

	/**
	 * Reads a label value that has a backslash, unescaping `\\`, `\"` and `\n` as Prometheus does
	 * (any other backslash stays as it is), and sanitises the result.
	 */
	#escapedLabelValue(): string | undefined {
		const text = this.#text;
		const end = this.#end;
		let index = this.#index;
		let value = '';
		let runStart = index;
		while (index < end) {
			const code = text.charCodeAt(index);
			if (code === QUOTE) {
				this.#index = index + 1;
				return detach(safeText(value + text.slice(runStart, index), MAX_LABEL_VALUE_LENGTH, true));
			}
			if (code === BACKSLASH && index + 1 < end) {
				const next = text.charCodeAt(index + 1);
				if (next === BACKSLASH || next === QUOTE || next === 110) {
					value += text.slice(runStart, index) + (next === BACKSLASH ? '\\' : next === QUOTE ? '"' : '\n');
					runStart = index + 2;
				}
				index += 2;
				continue;
			}
			index++;
		}
		return undefined;
	}
}
