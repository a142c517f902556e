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
	/** The file (`directory`) or URL (`url`) it was read from, shown beside it. */
	readonly location?: string;
};

/** What became of a `runbook_url` agentmon tried to read as a runbook. */
export type UrlRunbookEntry =
	| {readonly state: 'loading'}
	| {readonly state: 'ok'; readonly runbook: Runbook}
	/** Not a runbook agentmon can step through (an HTML page, no numbered steps …): the link stays. */
	| {readonly state: 'skipped'; readonly reason: string}
	| {readonly state: 'error'; readonly message: string};

/** Runbooks beyond the profiles' own, kept in the app state so every view and `--once` sees them. */
export type RunbookLibrary = {
	/** `--runbooks DIR`: one per alertname, keyed by the alertname in lower case (file names match case-insensitively). */
	readonly directory: Readonly<Record<string, Runbook>>;
	/** The directory, as the user named it. */
	readonly directoryPath?: string;
	/** Runbooks read from `runbook_url` annotations, by that URL (fragment included: it picks a section). */
	readonly urls: Readonly<Record<string, UrlRunbookEntry>>;
};

/** One series of a live check's answer: the labels that tell it apart from the others, and its value. */
export type CheckSample = {readonly labels: Readonly<Record<string, string>>; readonly value: number};

/** The latest answer to a runbook step's PromQL, evaluated with each refresh. */
export type CheckResult =
	| {readonly ok: true; readonly at: number; readonly samples: readonly CheckSample[]}
	| {readonly ok: false; readonly at: number; readonly error: string};
