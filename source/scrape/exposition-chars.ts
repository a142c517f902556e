/** Character codes, limits and small helpers the exposition parsers share. */

import {sanitizeText} from '../model/sanitize.js';

/** Character codes of the exposition's syntax (compared with `charCodeAt`, which allocates nothing). */
export const SPACE = 32, TAB = 9, HASH = 35, QUOTE = 34, BACKSLASH = 92, BRACE_OPEN = 123, BRACE_CLOSE = 125, EQUALS = 61, COMMA = 44;

/** Longest metric or label name accepted; a longer one is a bad line, never truncated into a collision. */
export const MAX_NAME_LENGTH = 1024;
/** Longest label value kept (code points, `…` included), as `sanitizeLabels` keeps. */
export const MAX_LABEL_VALUE_LENGTH = 1024;
/** Longest HELP text kept. */
export const MAX_HELP_LENGTH = 1024;
/** Longest piece of the input quoted in an error message. */
const MAX_QUOTE_LENGTH = 40;

/** Space or tab: the only blanks between tokens. */
export const isBlank = (code: number): boolean => code === SPACE || code === TAB;

/** `[a-zA-Z_]`, and `:` too for metric names. */
export function isNameStart(code: number, colon: boolean): boolean {
	return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (colon && code === 58);
}

/** `[a-zA-Z0-9_]`, and `:` too for metric names. */
export function isNameChar(code: number, colon: boolean): boolean {
	return isNameStart(code, colon) || (code >= 48 && code <= 57);
}

/** The index of the first character at or after `index` that is not a space or tab. */
export function skipBlanks(text: string, index: number, end: number): number {
	while (index < end && isBlank(text.charCodeAt(index))) index++;
	return index;
}

/** The end of the name starting at `index` (equal to `index` when no name starts there). */
export function scanName(text: string, index: number, end: number, colon: boolean): number {
	if (index >= end || !isNameStart(text.charCodeAt(index), colon)) return index;
	index++;
	while (index < end && isNameChar(text.charCodeAt(index), colon)) index++;
	return index;
}

/**
 * Server text made safe to keep: passed to the sanitiser only when it could need it (a character
 * outside printable ASCII, or longer than the limit), since almost every value is plain ASCII.
 */
export function safeText(text: string, maxLength: number, mayBeUnsafe: boolean): string {
	return mayBeUnsafe || text.length > maxLength ? sanitizeText(text, {maxLength}) : text;
}

/** Whether `text` has a character outside printable ASCII (so the sanitiser must see it). */
export function hasNonPrintable(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || code > 0x7e) return true;
	}
	return false;
}

/** A piece of the input for an error message: short, sanitised, quoted. */
export function quote(text: string): string {
	return `"${sanitizeText(text.slice(0, MAX_QUOTE_LENGTH * 2), {maxLength: MAX_QUOTE_LENGTH})}"`;
}

/** Sets an own property, also for the key `__proto__` (a valid metric and label name), which plain assignment would not. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
	if (key === '__proto__') Object.defineProperty(record, key, {value, enumerable: true, writable: true, configurable: true});
	else record[key] = value;
}
