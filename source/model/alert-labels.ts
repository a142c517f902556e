import type {AlertItem} from './types.js';

/**
 * For alerts that share an alertname, the labels that tell them apart (e.g. `agent=copilot`),
 * by alert id. An alert alone under its name gets an empty string.
 */
export function distinguishingLabels(alerts: readonly AlertItem[]): Map<string, string> {
	const groups = new Map<string, AlertItem[]>();
	for (const alert of alerts) groups.set(alert.name, [...(groups.get(alert.name) ?? []), alert]);
	const result = new Map<string, string>();
	for (const group of groups.values()) {
		const keys = [...new Set(group.flatMap(alert => Object.keys(alert.labels)))]
			.filter(key => key !== 'alertname' && new Set(group.map(alert => alert.labels[key])).size > 1)
			.sort();
		for (const alert of group) result.set(alert.id, keys.map(key => `${key}=${alert.labels[key] ?? ''}`).join(' '));
	}
	return result;
}
