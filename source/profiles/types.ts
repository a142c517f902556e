import type {Runbook} from '../runbooks/types.js';

/** Colour level of a value, from a threshold or a state. */
export type Level = 'ok' | 'warn' | 'crit' | 'neutral';

/**
 * A value is `warn` beyond `warn` and `crit` beyond `crit`, as the system's alert rules compare:
 * above by default, below with `below: true` (e.g. a success rate under 70 %).
 */
export type Threshold = {
	readonly warn?: number;
	readonly crit?: number;
	readonly below?: boolean;
	/** The alert rule this threshold comes from, shown in help and detail views. */
	readonly source?: string;
};

/** A pane a system cannot fill: the reason is shown instead of data. */
export type Unsupported = {readonly unsupported: string};

/** How a number is shown: `age` is seconds since (e.g. `time() - last_run_timestamp`), `$` dollars. */
export type Unit = 'count' | 's' | 'bytes' | '%' | '/s' | 'age' | '$';

/** One column of a table pane: PromQL returning one series per row (by the table's row label). */
export type ColumnSpec = {
	readonly name: string;
	/** PromQL; `$window` is replaced by the range of `--window`. */
	readonly promql: string;
	readonly unit: Unit;
	readonly threshold?: Threshold;
};

/**
 * A table of rows named by one label, each column from its own query (e.g. per agent: last run,
 * success rate, p95 duration). Used for table-shaped agents panes and for extra panes.
 */
export type TableSpec = {
	readonly title: string;
	/** The label whose values name the rows. */
	readonly rowLabel: string;
	readonly columns: readonly ColumnSpec[];
	/** Metric names behind the table, named in the no-data message. */
	readonly metrics: readonly string[];
};

/** Agents pane as a table; each agent's shown state is its `stateColumn` value. */
export type AgentsTableSpec = TableSpec & {readonly kind: 'table'; readonly stateColumn: string};

/** Agents pane: one series per agent and state, value > 0 for the current state (a state set). */
export type AgentsStateSetSpec = {
	readonly kind?: 'state-set';
	readonly metric: string;
	readonly agentLabel: string;
	readonly stateLabel: string;
	/** How each state is coloured; states not listed are neutral. */
	readonly stateLevels: Readonly<Record<string, Level>>;
};

export type AgentsSpec = AgentsStateSetSpec | AgentsTableSpec;

/** A gauge summed by one label, e.g. locks by agent or pending tasks by priority. */
export type GaugeBySpec = {
	/** The metric, named in the no-data message. */
	readonly metric: string;
	/** Label that names each row. */
	readonly byLabel: string;
	/** PromQL returning one series per row, when `sum by (byLabel) (metric)` is not the right query. */
	readonly promql?: string;
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
	readonly unit: Unit;
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
	/** Panes that matter to this system beyond the five (quotas, phases, LLM cost…). */
	readonly extraPanes?: readonly TableSpec[];
	readonly runbooks: readonly Runbook[];
	/** Where the metric names come from and how dotted names map to Prometheus names. */
	readonly notes?: string;
};

/** True when the agents pane is a table rather than a state set. */
export function isAgentsTable(spec: AgentsSpec): spec is AgentsTableSpec {
	return spec.kind === 'table';
}

/** True when a pane spec says the system has no such data. */
export function isUnsupported(spec: unknown): spec is Unsupported {
	return typeof spec === 'object' && spec !== null && 'unsupported' in spec;
}
