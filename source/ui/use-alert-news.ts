import {useEffect, useRef, useState} from 'react';
import type {AlertItem} from '../model/types.js';

/** Alerts that ring: firing and not held back by Alertmanager. */
function ringing(alerts: readonly AlertItem[]): Set<string> {
	return new Set(alerts.filter(alert => alert.state === 'firing' && alert.silenced?.state !== 'suppressed').map(alert => alert.id));
}

/**
 * New firing alerts: `bell` is called once for each refresh that brings any (an alert that
 * resolves and fires again counts again; those firing at start do not ring), and they stay in
 * the returned set, highlighted, until the user selects one (a key press that leaves the
 * selection on it, or opens it): an alert arriving under the cursor has not been seen yet.
 */
export function useAlertNews(alerts: readonly AlertItem[], loaded: boolean, selectedId: string | undefined, userMoved: unknown, bell: (() => void) | undefined): ReadonlySet<string> {
	const firing = useRef<Set<string> | undefined>(undefined);
	const [unseen, setUnseen] = useState<ReadonlySet<string>>(new Set());
	useEffect(() => {
		if (!loaded) return;
		const now = ringing(alerts);
		const before = firing.current;
		firing.current = now;
		if (before === undefined) return;
		const fresh = [...now].filter(id => !before.has(id));
		setUnseen(current => {
			const next = new Set([...current].filter(id => now.has(id)));
			for (const id of fresh) next.add(id);
			return next.size === current.size && [...next].every(id => current.has(id)) ? current : next;
		});
		if (fresh.length > 0) bell?.();
	}, [alerts, loaded, bell]);
	// Only the user's own moves count (`userMoved` changes with every key the navigation handles).
	useEffect(() => {
		if (selectedId === undefined) return;
		setUnseen(current => (current.has(selectedId) ? new Set([...current].filter(id => id !== selectedId)) : current));
		// eslint-disable-next-line react-hooks/exhaustive-deps -- a refresh moving the selection is not the user's doing
	}, [userMoved]);
	return unseen;
}
