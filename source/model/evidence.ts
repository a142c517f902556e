/**
 * What agentmon knows about the alert on screen beyond the alert itself: the alerting rule behind it
 * (from `/api/v1/rules`, or agentmon's own rule engine with `--scrape`/`--demo`) and the trend of the
 * rule's series that is this alert. Filled by the evidence feed while an alert view is open.
 */

/** An alerting rule as Prometheus reports it, decoded and sanitised. */
export type AlertRuleInfo = {
	/** The alertname. */
	readonly name: string;
	readonly group: string;
	/** The rule file, when the server says. */
	readonly file?: string;
	readonly expr: string;
	/** `for:` in ms (0 when the rule has none). */
	readonly forMs: number;
	readonly health: 'ok' | 'err' | 'unknown';
	/** The last evaluation's error, when health is `err`. */
	readonly lastError?: string;
	/** When the rule was last evaluated (ms since epoch), and how long that took (ms). */
	readonly lastEvaluation?: number;
	readonly evaluationMs?: number;
	/** The rule's own labels (e.g. severity), added to every alert it makes. */
	readonly labels: Readonly<Record<string, string>>;
};

/** The rule of the alert on screen: found, being read, not found (and why), or unreadable. */
export type RuleLookup =
	| {readonly state: 'loading'}
	/** `refreshError`: the latest re-read failed, so this rule is as last read. */
	| {readonly state: 'ok'; readonly rule: AlertRuleInfo; readonly refreshError?: string}
	| {readonly state: 'missing'; readonly reason: string}
	| {readonly state: 'error'; readonly message: string};

/** The alert's series of the rule's expression over time, oldest first (NaN where the series was absent). */
export type EvidenceTrend =
	| {readonly state: 'loading'}
	/** `refreshError`: the latest value could not be read, so the values end before now. */
	| {readonly state: 'ok'; readonly values: readonly number[]; readonly stepMs: number; readonly from: number; readonly to: number; readonly refreshError?: string}
	| {readonly state: 'unavailable'; readonly reason: string}
	| {readonly state: 'error'; readonly message: string};

/** The evidence for one alert (`state.evidence`), replaced when another alert is opened. */
export type AlertEvidence = {
	readonly alertId: string;
	readonly rule: RuleLookup;
	readonly trend: EvidenceTrend;
	/** When this was last brought up to date (ms since epoch). */
	readonly updatedAt?: number;
};
