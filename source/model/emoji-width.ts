/**
 * Emoji whose width Ink and the terminal disagree on, for the sanitiser (sanitize.ts), which drops
 * or marks them where server text is decoded, so every row is as wide on screen as Ink laid it out.
 * Ink measures with string-width (Unicode's emoji
 * rules); tmux and most terminals add up wcwidth() per code point. Measured in tmux 3.3a (glibc 2.36):
 * - VS16 (U+FE0F) turns a text-default symbol into a 2-cell emoji for Ink (`☁️`, `❤️`, `⚠️`) but
 *   not for the terminal (1 cell): variation selectors are dropped (VS15, U+FE0E, as well: same idea).
 * - A keycap (`1️⃣`: digit, VS16, U+20E3) is 2 cells for Ink, 1 for the terminal: U+20E3 after a
 *   digit, `#` or `*` becomes a marker.
 * - A skin-tone modifier (U+1F3FB–1F3FF) joins the character before it for Ink and takes 2 more cells
 *   in the terminal: dropped, unless it comes first.
 * - Two regional indicators that are not a flag are 1 cell for Ink, 2 for the terminal: both become
 *   markers (a real flag is 2 for both, unless a combining mark follows: markers too).
 * - Pictographs newer than the terminal's Unicode tables (Unicode 15 on: `🫨`, `🩵`) take no cell
 *   there and 1–2 for Ink: markers.
 * ZWJ sequences (`👩‍💻`) are split already: U+200D is an invisible character, shown as a marker.
 */

/** U+FE0E and U+FE0F, the text and emoji presentation selectors. */
export const isPresentationSelector = (code: number) => code === 0xfe0e || code === 0xfe0f;
/** Fitzpatrick skin-tone modifiers. */
export const isSkinTone = (code: number) => code >= 0x1f3fb && code <= 0x1f3ff;
export const isRegionalIndicator = (code: number) => code >= 0x1f1e6 && code <= 0x1f1ff;
/** A keycap's base: a digit, `#` or `*`. */
export const isKeycapBase = (code: number) => (code >= 0x30 && code <= 0x39) || code === 0x23 || code === 0x2a;
/** Built on first use: the pattern needs the `v` flag, which the TypeScript target does not accept in a literal. */
let flagPattern: RegExp | undefined;
const UNASSIGNED = /^\p{Cn}$/u;
/** Pictographs of Symbols and Pictographs Extended-A (U+1FA70–1FAFF) assigned by Unicode 14, which the terminals of 2022 know. */
const KNOWN_EXTENDED_A: ReadonlyArray<readonly [number, number]> = [
	[0x1fa70, 0x1fa74], [0x1fa78, 0x1fa7c], [0x1fa80, 0x1fa86], [0x1fa90, 0x1faac], [0x1fab0, 0x1faba],
	[0x1fac0, 0x1fac5], [0x1fad0, 0x1fad9], [0x1fae0, 0x1fae7], [0x1faf0, 0x1faf6],
];

/** Whether two regional indicators make a flag (RGI), which Ink and terminals both draw 2 cells wide. */
function isFlag(first: number, second: number): boolean {
	flagPattern ??= new RegExp('^\\p{RGI_Emoji_Flag_Sequence}$', 'v');
	return flagPattern.test(String.fromCodePoint(first, second));
}

/** A pictograph (U+1F000–1FAFF) newer than Unicode 14, or unassigned: terminals with older tables draw it in no cell. */
export function isNewerPictograph(code: number): boolean {
	if (code < 0x1f000 || code > 0x1faff) return false;
	if ((code >= 0x1f6d8 && code <= 0x1f6dc) || (code >= 0x1f8b2 && code <= 0x1f8bb) || code === 0x1f8c0 || code === 0x1f8c1) return true;
	if (code >= 0x1fa70) return !KNOWN_EXTENDED_A.some(([from, to]) => code >= from && code <= to);
	return UNASSIGNED.test(String.fromCodePoint(code));
}

/** The code point of the surrogate pair at `index`, or -1. */
function astralAt(text: string, index: number): number {
	const high = text.charCodeAt(index);
	const low = text.charCodeAt(index + 1);
	return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000 : -1;
}

/** The index of the first character at or after `index` that is not dropped (a presentation selector, or a skin tone after a character). */
function skipDropped(text: string, index: number): number {
	let at = index;
	while (at < text.length) {
		if (isPresentationSelector(text.charCodeAt(at))) at++;
		else if (isSkinTone(astralAt(text, at))) at += 2;
		else break;
	}
	return at;
}

const MARK = /^\p{M}$/u;

/**
 * How the regional indicator `first`, ending at `index`, pairs in the output: with the next one as a
 * flag (kept), as two that are no flag, or a flag a combining mark would join (markers: Ink would count
 * the cluster 1 cell, a terminal 2), or not at all (undefined: a lone one is 1 cell for both).
 */
export function judgePair(text: string, first: number, index: number): 'flag' | 'marker' | undefined {
	const at = skipDropped(text, index);
	const second = astralAt(text, at);
	if (!isRegionalIndicator(second)) return undefined;
	const after = skipDropped(text, at + 2);
	const joined = after < text.length && MARK.test(String.fromCodePoint(text.codePointAt(after)!));
	return isFlag(first, second) && !joined ? 'flag' : 'marker';
}
