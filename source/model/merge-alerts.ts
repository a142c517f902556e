import {compareAlerts} from '../sources/prometheus-client.js';
import type {AlertItem} from './types.js';

const STATE_RANK: Readonly<Record<AlertItem['state'], number>> = {firing: 0, pending: 1, inactive: 2};

/** One alert per id; when a list names an id twice (two rules with one name and label set), the more advanced state wins. */
function byId(alerts: readonly AlertItem[]): Map<string, AlertItem> {
	const result = new Map<string, AlertItem>();
	for (const alert of alerts) {
		const seen = result.get(alert.id);
		if (!seen || STATE_RANK[alert.state] < STATE_RANK[seen.state]) result.set(alert.id, alert);
	}
	return result;
}

const isSuppressed = (alert: AlertItem): number => (alert.silenced?.state === 'suppressed' ? 1 : 0);

/**
 * Orders merged alerts for triage: as {@link compareAlerts} (severity, firing before pending, oldest
 * first), except that within one severity every alert Alertmanager suppresses (silenced or inhibited)
 * comes after the unsuppressed ones, pending included: someone already decided it needs no page,
 * so it matters less during an incident than one nobody has looked at. It still shows, so a silence
 * that hides too much can be noticed.
 */
export function sortMergedAlerts(alerts: AlertItem[]): AlertItem[] {
	// compareAlerts of two items that differ only in severity compares the severities alone, with its own ranking.
	const severityKey = new Map<AlertItem, AlertItem>();
	for (const alert of alerts) severityKey.set(alert, {id: '', name: '', state: 'firing', severity: alert.severity, summary: '', description: '', labels: {}, annotations: {}});
	return alerts.sort((a, b) => compareAlerts(severityKey.get(a)!, severityKey.get(b)!) || isSuppressed(a) - isSuppressed(b) || compareAlerts(a, b));
}

/**
 * Merges Prometheus' alerts (`/api/v1/alerts`) with Alertmanager's (`/api/v2/alerts`) into one item
 * per alert identity (`id`: alertname plus label set, the same for both sources since Alertmanager
 * receives Prometheus' labels as they are):
 * - an alert in both keeps Prometheus' state, time and value, and gains Alertmanager's `silenced`
 *   status and `generatorUrl`;
 * - an Alertmanager-only alert (sent by another Prometheus, or one Prometheus has just stopped
 *   reporting) is kept as Alertmanager shows it;
 * - a Prometheus-only alert (pending, or firing but not yet sent) is kept as it is.
 *
 * Pure and linear apart from the sort; ordered by {@link sortMergedAlerts}.
 */
export function mergeAlerts(prometheus: readonly AlertItem[], alertmanager: readonly AlertItem[]): AlertItem[] {
	const fromAm = byId(alertmanager);
	const merged: AlertItem[] = [];
	for (const alert of byId(prometheus).values()) {
		const am = fromAm.get(alert.id);
		if (!am) {
			merged.push(alert);
			continue;
		}
		fromAm.delete(alert.id);
		const generatorUrl = am.generatorUrl ?? alert.generatorUrl;
		merged.push({...alert, ...(am.silenced ? {silenced: am.silenced} : {}), ...(generatorUrl ? {generatorUrl} : {})});
	}
	merged.push(...fromAm.values());
	return sortMergedAlerts(merged);
}
