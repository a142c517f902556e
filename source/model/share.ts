/** No key is ignored: parts are shared only when equal in every field. */
const NONE: ReadonlySet<string> = new Set();

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
};

function shareArray(previous: readonly unknown[], next: readonly unknown[], ignored: ReadonlySet<string>): readonly unknown[] {
	let out: unknown[] | undefined;
	for (let index = 0; index < next.length; index++) {
		const value = index < previous.length ? share(previous[index], next[index], ignored) : next[index];
		if (out === undefined && (index >= previous.length || !Object.is(value, previous[index]))) out = previous.slice(0, index);
		out?.push(value);
	}
	if (out === undefined) return next.length === previous.length ? previous : previous.slice(0, next.length);
	return out;
}

/** Own enumerable keys of a plain object, counted without making an array of them. */
function keyCount(object: Record<string, unknown>): number {
	let count = 0;
	// eslint-disable-next-line guard-for-in -- plain objects only: every enumerable key is their own
	for (const _ in object) count++;
	return count;
}

function shareObject(previous: Record<string, unknown>, next: Record<string, unknown>, ignored: ReadonlySet<string>): Record<string, unknown> {
	// No allocation while everything is equal (the common case): `out` is made at the first difference.
	let out: Record<string, unknown> | undefined;
	let common = 0;
	for (const key in next) {
		const had = Object.hasOwn(previous, key);
		if (had) common++;
		const skip = ignored.has(key);
		const value = skip ? next[key] : share(previous[key], next[key], ignored);
		if (out === undefined && (!had || (!skip && !Object.is(value, previous[key])))) {
			// The first difference: everything before it is the previous values (ignored keys: the new ones).
			out = {};
			for (const earlier in next) {
				if (earlier === key) break;
				out[earlier] = ignored.has(earlier) ? next[earlier] : previous[earlier];
			}
		}
		if (out !== undefined) out[key] = value;
	}
	if (out !== undefined) return out;
	if (common === keyCount(previous)) return previous;
	// The same values, but a key of `previous` is gone.
	const kept: Record<string, unknown> = {};
	for (const key in next) kept[key] = ignored.has(key) ? next[key] : previous[key];
	return kept;
}

/**
 * `next`, with every part that deeply equals the same part of `previous` replaced by that part of
 * `previous` (structural sharing); `previous` itself when nothing differs. Arrays and plain objects
 * are compared deeply, anything else (numbers with `Object.is`, so NaN equals NaN) by identity.
 * Keys in `ignored` (e.g. `updatedAt`) do not count as a difference: an object equal but for them
 * stays the previous one, old values included. Pure.
 *
 * Unchanged data then keeps its identity from one refresh to the next: memoised panes skip their
 * render, and the copies a refresh made die young instead of replacing what the heap holds.
 */
export function share<T>(previous: T, next: T, ignored: ReadonlySet<string> = NONE): T {
	if (Object.is(previous, next)) return previous;
	if (Array.isArray(previous) && Array.isArray(next)) return shareArray(previous, next, ignored) as T;
	if (isPlainObject(previous) && isPlainObject(next)) return shareObject(previous, next, ignored) as T;
	return next;
}
