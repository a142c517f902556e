import type {Runbook} from '../runbooks/types.js';

/** Colour level of a value, from a threshold or a state. */
export type Level = 'ok' | 'warn' | 'crit' | 'neutral';

/** A value is `warn` at or above `warn`, `crit` at or above `crit` (taken from the system's alert rules). */
export type Threshold = {
	readonly warn?: number;
	readonly crit?: number;
	/** The alert rule this threshold comes from, shown in help and detail views. */
	readonly source?: string;
};

/** A pane a system cannot fill: the reason is shown instead of data. */
export type Unsupported = {readonly unsupported: string};

/** Agents pane: one series per agent and state, value > 0 for the current state (a state set). */
export type AgentsSpec = {
	readonly metric: string;
	readonly agentLabel: string;
	readonly stateLabel: string;
	/** How each state is coloured; states not listed are neutral. */
	readonly stateLevels: Readonly<Record<string, Level>>;
};

/** A gauge summed by one label, e.g. locks by agent or pending tasks by priority. */
export type GaugeBySpec = {
	readonly metric: string;
	/** Label that names each row. */
	readonly byLabel: string;
	/** Applied to each row's value. */
	readonly rowThreshold?: Threshold;
	/** Applied to the total. */
	readonly totalThreshold?: Threshold;
	/** Row order by name (e.g. priorities high, normal, low); without it the largest value comes first. */
	readonly order?: readonly string[];
};

/** A Prometheus classic histogram, named by its base name (without `_bucket`). */
export type HistogramSpec = {
	/** Short row name, e.g. `api`. */
	readonly name: string;
	readonly metric: string;
	readonly unit: 's' | 'bytes';
	/** Applied to p95. */
	readonly p95Threshold?: Threshold;
};

/** Locks pane: active locks by holder, optionally the lock acquisition latency. */
export type LocksSpec = GaugeBySpec & {readonly waitHistogram?: string};

/** Queue pane: waiting work by a label, optionally active work by another. */
export type QueueSpec = GaugeBySpec & {readonly active?: GaugeBySpec};

/** A ratio shown beside latency, e.g. the API error rate, as PromQL with `$window` for the range. */
export type RatioSpec = {
	readonly name: string;
	readonly promql: string;
	readonly unit: '%' | '/s';
	readonly threshold?: Threshold;
};

/**
 * A system agentmon understands: its vocabulary as data. No component branches on `id`;
 * everything system-specific lives here.
 */
export type Profile = {
	readonly id: string;
	readonly title: string;
	/** Metric names whose presence identifies the system. */
	readonly signature: readonly string[];
	/** PromQL returning the `up` series of the system's scrape targets. */
	readonly up: {readonly promql: string; readonly describe: string};
	readonly agents: AgentsSpec | Unsupported;
	readonly locks: LocksSpec | Unsupported;
	readonly queue: QueueSpec | Unsupported;
	readonly latency: {readonly histograms: readonly HistogramSpec[]; readonly ratios: readonly RatioSpec[]} | Unsupported;
	readonly runbooks: readonly Runbook[];
};

/** True when a pane spec says the system has no such data. */
export function isUnsupported(spec: unknown): spec is Unsupported {
	return typeof spec === 'object' && spec !== null && 'unsupported' in spec;
}
