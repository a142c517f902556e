/** A command a runbook step asks the user to run, fenced by language. */
export type RunbookCommand = {
	/** `sh` for a shell command, `promql` for a Prometheus query. */
	readonly lang: 'sh' | 'promql';
	readonly code: string;
};

/** One numbered, actionable step of a runbook. */
export type RunbookStep = {
	/** Imperative one-liner, e.g. "Check the server answers its health check". */
	readonly title: string;
	/** Why this step matters and how to read its result (plain text, may be several sentences). */
	readonly detail?: string;
	/** Commands for the step, in the order to run them. */
	readonly commands?: readonly RunbookCommand[];
};

/** Where a runbook came from, shown to the user beside it. */
export type RunbookSource = 'built-in' | 'profile' | 'directory' | 'url';

/** The runbook of one alert rule. */
export type Runbook = {
	/** The alertname it belongs to, spelled exactly as the alert rule. */
	readonly alert: string;
	readonly title: string;
	/** What the alert means, in one or two sentences. */
	readonly summary: string;
	readonly steps: readonly RunbookStep[];
	readonly source: RunbookSource;
};
