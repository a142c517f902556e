import type {Level, Unit} from '../profiles/types.js';
import type {CheckResult, RunbookLibrary} from '../runbooks/types.js';
import type {AlertEvidence} from './evidence.js';

/** What a pane can say about its data; also the `status` field of the JSON contract. */
export type PaneStatus = 'ok' | 'no-data' | 'unsupported' | 'error';

/** Fields every pane has. */
export type PaneBase = {
	readonly status: PaneStatus;
	/** For no-data: the metric looked for; for unsupported: why; for error: the error. */
	readonly message?: string;
	/** The data shown is the last good data, kept after a failed refresh. */
	readonly stale?: boolean;
	/** When the data shown was read (ms since epoch). */
	readonly updatedAt?: number;
	/** Warnings Prometheus returned with the data, or failures of secondary queries. */
	readonly warnings?: readonly string[];
};

/** A named value, e.g. locks held by one agent. */
export type Row = {readonly name: string; readonly value: number; readonly level: Level};

/** One scrape target of a system and whether Prometheus could scrape it. */
export type Target = {readonly job: string; readonly instance: string; readonly up: boolean};

/** Whether the system's own scrape targets are up. */
export type UpState = {
	readonly status: 'up' | 'down' | 'partial' | 'missing' | 'unknown';
	readonly targets: readonly Target[];
	/** The selector looked for, shown when no target is found. */
	readonly describe: string;
};

export type Agent = {
	readonly name: string;
	readonly state: string;
	readonly level: Level;
	/** For table-shaped agents panes: every column's value, by column name. */
	readonly values?: Readonly<Record<string, number>>;
};
export type AgentsPane = PaneBase & {
	readonly items: readonly Agent[];
	/** For table-shaped agents panes: the whole table, shown with its column headers. */
	readonly table?: TablePane;
};
export type LocksPane = PaneBase & {
	readonly total?: number;
	readonly totalLevel?: Level;
	readonly items: readonly Row[];
	/** p95 of the lock acquisition time in seconds; NaN when no lock was acquired in the window. */
	readonly waitP95?: number;
};
export type QueuePane = PaneBase & {readonly depth?: number; readonly depthLevel?: Level; readonly items: readonly Row[]; readonly active: readonly Row[]};

/** p50/p95/p99 of one histogram; NaN when nothing was observed in the window. */
export type LatencyRow = {
	readonly name: string;
	readonly metric: string;
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly unit: 's' | 'bytes';
	readonly level: Level;
};
export type Ratio = {readonly name: string; readonly value: number; readonly unit: Unit; readonly level: Level};
export type LatencyPane = PaneBase & {readonly items: readonly LatencyRow[]; readonly ratios: readonly Ratio[]};

/** One row of a table pane: a value (NaN when the row has none) and a level per column. */
export type TableRow = {readonly name: string; readonly values: readonly number[]; readonly levels: readonly Level[]};

/** A table pane: columns from the profile, rows named by one label. */
export type TablePane = PaneBase & {
	readonly title: string;
	readonly columns: ReadonlyArray<{readonly name: string; readonly unit: Unit}>;
	readonly rows: readonly TableRow[];
};

/** Everything agentmon knows about one monitored system at one moment. */
export type SystemSnapshot = {
	readonly profile: string;
	readonly title: string;
	readonly up: UpState;
	readonly agents: AgentsPane;
	readonly locks: LocksPane;
	readonly queue: QueuePane;
	readonly latency: LatencyPane;
	/** The profile's extra panes, in its order. */
	readonly extras: readonly TablePane[];
};

export type AlertState = 'firing' | 'pending' | 'inactive';

/** An alert, decoded and sanitised. */
export type AlertItem = {
	/** Stable identity: alertname plus the sorted label set. */
	readonly id: string;
	readonly name: string;
	readonly state: AlertState;
	readonly severity: string;
	readonly summary: string;
	readonly description: string;
	/** ms since epoch, when the alert became active. */
	readonly activeAt?: number;
	/** The alert expression's value; may be NaN or ±Infinity. */
	readonly value?: number;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
	/** `runbook_url` when it is a safe http(s) URL. */
	readonly runbookUrl?: string;
	/** Where the alert was evaluated: Prometheus (absent), or agentmon itself from a rule file (`--scrape`, `--demo`). */
	readonly origin?: 'local-rule';
	/** Alertmanager's view (`--alertmanager`): active, suppressed by a silence or inhibition, or not yet processed. */
	readonly silenced?: {
		readonly state: 'active' | 'suppressed' | 'unprocessed';
		/** Silences muting the alert: id, who created it and why. */
		readonly silencedBy: ReadonlyArray<{readonly id: string; readonly createdBy?: string; readonly comment?: string; readonly endsAt?: number}>;
		/** Fingerprints of the alerts inhibiting this one. */
		readonly inhibitedBy: readonly string[];
		readonly fingerprint?: string;
	};
	/** `generatorURL`: the expression's page on the Prometheus that evaluated it (http(s) only). */
	readonly generatorUrl?: string;
};

export type AlertsPane = PaneBase & {readonly items: readonly AlertItem[]};

/** How the connection to the data source is doing. */
export type Connection =
	| {readonly state: 'connecting'}
	| {readonly state: 'ok'}
	/** `retryAt`: when the poller tries again after this failure (ms since epoch), for a countdown. */
	| {readonly state: 'error'; readonly message: string; readonly retryAt?: number};

/** Which systems agentmon found in the metric names (`--profile auto`), or that the user named. */
export type Detection =
	| {readonly status: 'pending'}
	| {readonly status: 'forced'; readonly profiles: readonly string[]}
	| {readonly status: 'detected'; readonly profiles: readonly string[]}
	| {readonly status: 'none'; readonly metricCount: number; readonly prefixes: ReadonlyArray<{readonly prefix: string; readonly count: number}>};

/** One line of a live activity feed (the coding-team stream's job events). */
export type ActivityItem = {readonly at: number; readonly text: string; readonly level: Level};

/** How a live event stream (`--sse`) is doing; shown in the header. */
export type StreamStatus =
	| {readonly state: 'connecting'}
	| {readonly state: 'live'; readonly since: number; readonly lastEventAt: number}
	| {readonly state: 'stale'; readonly lastByteAt: number}
	/** `retryInMs`: the wait chosen; `retryAt`: when it ends (ms since epoch), for a countdown. */
	| {readonly state: 'reconnecting'; readonly retryInMs: number; readonly retryAt: number; readonly attempt: number; readonly reason: string}
	| {readonly state: 'stopped'; readonly reason: string};

/** What agentmon reads: a Prometheus server, /metrics endpoints it scrapes itself, its embedded demo, or only a stream. */
export type SourceKind = 'prometheus' | 'scrape' | 'demo' | 'sse';

/** The whole picture the UI and `--once` render. */
export type AppState = {
	readonly detection: Detection;
	readonly source: {readonly kind: SourceKind; readonly url: string};
	readonly connection: Connection;
	readonly paused: boolean;
	/** ms since epoch of the last poll that read anything. */
	readonly updatedAt?: number;
	readonly systems: readonly SystemSnapshot[];
	readonly alerts: AlertsPane;
	/** The live stream (`--sse`, or the demo's): its state, the system it feeds, and its activity feed, newest first. */
	readonly stream?: {readonly url: string; readonly profile: string; readonly status: StreamStatus; readonly activity: readonly ActivityItem[]};
	/** The window of rates and percentiles now (`--window`, changed with `[` and `]`), as shown. */
	readonly window?: string;
	/** The embedded demo's story: the chapter playing now (`--demo` only). */
	readonly story?: {readonly index: number; readonly count: number; readonly title: string; readonly hint: string; readonly nextAt: number};
	/** Recent values for sparklines, by key (see `historyKey`). */
	readonly history: Readonly<Record<string, readonly number[]>>;
	/** Runbooks beyond the profiles' own: the user's `--runbooks` directory, and those read from `runbook_url`s. */
	readonly runbooks?: RunbookLibrary;
	/** Live values of the runbook checks on screen, by PromQL (evaluated with each refresh, see `Monitor.setChecks`). */
	readonly checks?: Readonly<Record<string, CheckResult>>;
	/** The rule and trend behind the alert on screen (see evidence.ts); absent when no alert view is open. */
	readonly evidence?: AlertEvidence;
};
