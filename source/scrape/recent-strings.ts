/**
 * Strings read from an exposition, without slicing the same text again line after line and
 * without keeping the input alive.
 *
 * V8 returns a slice of 13 or more characters as a view into the string it came from, so a label
 * value sliced from a 5 MB exposition would keep all 5 MB alive for as long as a store holds it.
 * Each string here is a flat copy instead. And since consecutive lines mostly repeat the metric
 * name, the label names and many label values at the same position, each position (a "slot")
 * remembers its last string and returns it again when the text matches, with no allocation.
 */

/** Shorter slices are copied by V8 already. */
const MIN_VIEW_LENGTH = 13;
/** Slots beyond this many are not remembered (a line with hundreds of labels is rare). */
const MAX_SLOTS = 128;

/** A copy of `value` that holds no reference to the string it was sliced or concatenated from. */
export function detach(value: string): string {
	// Slicing a concatenation flattens it into a new string first; the result views only that.
	return value.length < MIN_VIEW_LENGTH ? value : ` ${value}`.slice(1);
}

/** The last string read at each position of a line. */
export class RecentStrings {
	readonly #last: string[] = [];

	/** The slot's last string if `text` holds it between `start` and `end`. */
	match(slot: number, text: string, start: number, end: number): string | undefined {
		const last = this.#last[slot];
		return last !== undefined && last.length === end - start && text.startsWith(last, start) ? last : undefined;
	}

	/** Makes `value` the slot's last string, and returns it. */
	remember(slot: number, value: string): string {
		if (slot < MAX_SLOTS) this.#last[slot] = value;
		return value;
	}

	/** `text.slice(start, end)`, detached: the slot's last string when the text is the same. */
	get(slot: number, text: string, start: number, end: number): string {
		return this.match(slot, text, start, end) ?? this.remember(slot, detach(text.slice(start, end)));
	}
}
