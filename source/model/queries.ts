import {formatPromDuration} from '../config/duration.js';
import {isAgentsTable, isUnsupported, type GaugeBySpec, type Profile, type TableSpec} from '../profiles/types.js';

/** The PromQL a profile needs each refresh, by a key the shaping step reads back. */
export type QueryPlan = ReadonlyMap<string, string>;

/** The three quantiles of every latency row, in one query (a `quantile` label tells them apart). */
export const QUANTILES = ['0.5', '0.95', '0.99'] as const;

/** PromQL for p50/p95/p99 of a classic histogram over the window, as one query. */
export function quantilesQuery(metric: string, window: string): string {
	return QUANTILES.map(
		q => `label_replace(histogram_quantile(${q}, sum by (le) (rate(${metric}_bucket[${window}]))), "quantile", "${q}", "", "")`,
	).join(' or ');
}

/** PromQL for one quantile of a classic histogram over the window. */
export function quantileQuery(metric: string, q: string, window: string): string {
	return `histogram_quantile(${q}, sum by (le) (rate(${metric}_bucket[${window}])))`;
}

/** The query of a gauge-by spec: its own PromQL, or the metric summed by the row label. */
export function gaugeQuery(spec: GaugeBySpec, window: string): string {
	return spec.promql ? spec.promql.replaceAll('$window', window) : `sum by (${spec.byLabel}) (${spec.metric})`;
}

function planTable(plan: Map<string, string>, prefix: string, table: TableSpec, window: string): void {
	for (const column of table.columns) plan.set(`${prefix}.${column.name}`, column.promql.replaceAll('$window', window));
}

/** Every query of one profile, keyed `pane.part`. Pure. */
export function planQueries(profile: Profile, windowMs: number): QueryPlan {
	const window = formatPromDuration(windowMs);
	const plan = new Map<string, string>();
	plan.set('up', profile.up.promql);
	if (!isUnsupported(profile.agents)) {
		if (isAgentsTable(profile.agents)) planTable(plan, 'agents', profile.agents, window);
		else plan.set('agents', `max by (${profile.agents.agentLabel}, ${profile.agents.stateLabel}) (${profile.agents.metric})`);
	}
	if (!isUnsupported(profile.locks)) {
		plan.set('locks', gaugeQuery(profile.locks, window));
		if (profile.locks.waitHistogram) plan.set('locks.wait', quantileQuery(profile.locks.waitHistogram, '0.95', window));
	}
	if (!isUnsupported(profile.queue)) {
		plan.set('queue', gaugeQuery(profile.queue, window));
		if (profile.queue.active) plan.set('queue.active', gaugeQuery(profile.queue.active, window));
	}
	if (!isUnsupported(profile.latency)) {
		for (const histogram of profile.latency.histograms) plan.set(`latency.${histogram.name}`, quantilesQuery(histogram.metric, window));
		for (const ratio of profile.latency.ratios) plan.set(`ratio.${ratio.name}`, ratio.promql.replaceAll('$window', window));
	}
	for (const [index, table] of (profile.extraPanes ?? []).entries()) planTable(plan, `extra.${index}`, table, window);
	return plan;
}
