import type {AlertItem} from '../model/types.js';

/** How many alerts no longer firing are remembered, at least (a storm's worth more are kept while it lasts). */
export const SEEN_ALERTS = 1000;

/**
 * Remembers the alerts of a refresh in `seen` (by id, newest last), so a view stays open on an
 * alert that resolved meanwhile. Bounded: beyond twice the alerts firing now (and at least
 * SEEN_ALERTS), the alerts seen longest ago are forgotten, except those named in `keep` (the
 * views open). Without the bound an alert storm with changing labels would grow it forever.
 */
export function rememberAlerts(seen: Map<string, AlertItem>, items: readonly AlertItem[], keep: readonly string[] = []): void {
	for (const alert of items) {
		// Re-inserted, so the order is by when an alert was last seen.
		seen.delete(alert.id);
		seen.set(alert.id, alert);
	}
	const limit = Math.max(SEEN_ALERTS, 2 * items.length);
	if (seen.size <= limit) return;
	const kept = new Set(keep);
	for (const id of seen.keys()) {
		if (seen.size <= limit) break;
		if (!kept.has(id)) seen.delete(id);
	}
}
