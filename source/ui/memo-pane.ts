import {memo, type ComponentType} from 'react';

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
};

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every(key => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
}

/**
 * Whether two props of a pane draw the same: each prop the same value, or a plain object (a pane
 * rebuilt from shared parts, a record of trends) with the same values. The data's parts keep their
 * identity while unchanged (see shown-state.ts), so this is cheap.
 */
export function samePaneProps<P extends object>(a: Readonly<P>, b: Readonly<P>): boolean {
	const before = a as Record<string, unknown>;
	const after = b as Record<string, unknown>;
	const keys = Object.keys(before);
	if (keys.length !== Object.keys(after).length) return false;
	return keys.every(key => {
		const x = before[key];
		const y = after[key];
		return Object.is(x, y) || (isPlainObject(x) && isPlainObject(y) && shallowEqual(x, y));
	});
}

/** A pane that renders again only when its props draw something else ({@link samePaneProps}). */
export function memoPane<P extends object>(component: ComponentType<P>) {
	return memo(component, samePaneProps);
}
