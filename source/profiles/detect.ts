import type {Profile} from './types.js';

/** Metric-name prefixes every Prometheus has, left out of the "what did we find" list. */
const COMMON_PREFIXES = new Set(['up', 'scrape', 'prometheus', 'go', 'process', 'promhttp', 'net', 'ALERTS', 'ALERTS_FOR_STATE', 'alertmanager', 'nodejs']);

/** The profiles whose every signature metric is among the names (histograms count by their `_bucket` series). */
export function detectProfiles(candidates: readonly Profile[], names: readonly string[]): Profile[] {
	const present = new Set(names);
	const has = (name: string) => present.has(name) || present.has(`${name}_bucket`) || present.has(`${name}_total`);
	return candidates.filter(profile => profile.signature.length > 0 && profile.signature.every(has));
}

/** The most common metric-name prefixes (up to the first `_`), for the "nothing recognised" screen. */
export function metricPrefixes(names: readonly string[], limit = 12): Array<{prefix: string; count: number}> {
	const counts = new Map<string, number>();
	for (const name of names) {
		const prefix = name.split('_')[0] ?? name;
		if (COMMON_PREFIXES.has(prefix) || COMMON_PREFIXES.has(name)) continue;
		counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
	}
	return [...counts]
		.map(([prefix, count]) => ({prefix, count}))
		.sort((a, b) => b.count - a.count || a.prefix.localeCompare(b.prefix))
		.slice(0, limit);
}
