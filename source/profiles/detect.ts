import type {Profile} from './types.js';

/** Metric-name prefixes every Prometheus has, left out of the "what did we find" list. */
const COMMON_PREFIXES = new Set(['up', 'scrape', 'prometheus', 'go', 'process', 'promhttp', 'net', 'ALERTS', 'ALERTS_FOR_STATE', 'alertmanager', 'nodejs']);

/**
 * The profiles with at least one signature metric among the names (histograms count by their
 * `_bucket` series). Any, not all: a labelled counter has no series until its first event (a
 * freshly started system has no `git_merge_total` yet), and signature names are unique to their
 * system (a test checks), so one is proof enough.
 */
export function detectProfiles(candidates: readonly Profile[], names: readonly string[]): Profile[] {
	const present = new Set(names);
	const has = (name: string) => present.has(name) || present.has(`${name}_bucket`) || present.has(`${name}_total`);
	return candidates.filter(profile => profile.signature.some(has));
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
