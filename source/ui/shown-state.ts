import {useMemo, useRef, useSyncExternalStore} from 'react';
import {share} from '../model/share.js';
import type {Store} from '../model/store.js';

/**
 * Keys whose change alone is not a change of what the screen shows: when data was read. The store
 * keeps them exact (the evidence feed sees each refresh by them, the triage note prints them); the
 * header reads the exact time from the store itself (see Header's `lastRead`).
 */
const TIMESTAMPS: ReadonlySet<string> = new Set(['updatedAt']);

/**
 * The store's state as the screen shows it: the snapshot shared ({@link share}) with the one shown
 * before, timestamps aside. A store update that changes nothing on screen (a refresh with the same
 * answers) then re-renders nothing.
 */
export function useShownState<T>(store: Store<T>): T {
	const getShown = useMemo(() => {
		let raw: T | undefined;
		let shown: T | undefined;
		return (): T => {
			const snapshot = store.getSnapshot();
			if (raw === undefined || snapshot !== raw) {
				shown = raw === undefined ? snapshot : share(shown as T, snapshot, TIMESTAMPS);
				raw = snapshot;
			}
			return shown as T;
		};
	}, [store]);
	return useSyncExternalStore(store.subscribe, getShown);
}

/** `value`, or the earlier value it deeply equals ({@link share}): a memo key that changes only with its content. */
export function useShared<T>(value: T): T {
	const ref = useRef(value);
	ref.current = share(ref.current, value, TIMESTAMPS);
	return ref.current;
}
