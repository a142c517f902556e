import type {Store} from '../model/store.js';
import type {AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookQueries} from '../runbooks/checks.js';
import {UrlRunbooks} from '../runbooks/load-url.js';
import {runbookFor} from '../runbooks/match.js';
import type {Runbook} from '../runbooks/types.js';
import type {RequestOptions} from '../sources/http-options.js';

/** The part of the Monitor that evaluates runbook checks. */
export type CheckRunner = {
	setChecks(queries: readonly string[]): void;
	evaluateChecks(queries?: readonly string[]): Promise<void>;
};

/** Options of {@link RunbookFeed}. */
export type RunbookFeedOptions = {
	readonly store: Store<AppState>;
	/** Absent when a stream is the only source: then there is nothing to evaluate checks with. */
	readonly checks?: CheckRunner;
	/** Every profile whose runbooks count (built-in and custom), as the views look them up. */
	readonly profiles: readonly Profile[];
	/** `--runbooks DIR`, read at start. */
	readonly directory?: Readonly<Record<string, Runbook>>;
	readonly directoryPath?: string;
	readonly timeoutMs: number;
	readonly request?: RequestOptions;
	/** Origins that get the connection's headers when a runbook_url points there (the Prometheus and Alertmanager named). */
	readonly trustedOrigins: readonly string[];
	/** A trusted origin's own connection, used instead of `request` there (see {@link originRequests}). */
	readonly originRequests?: ReadonlyMap<string, RequestOptions>;
};

function origin(url: string | undefined): string[] {
	if (url === undefined) return [];
	try {
		return [new URL(url).origin];
	} catch {
		return [];
	}
}

/** The origins of the servers the user named, which may see the connection's credentials. */
export function trustedOrigins(...urls: Array<string | undefined>): string[] {
	return urls.flatMap(origin);
}

/** The origins of servers with their own connection, each with it: `[url, request]` pairs, either may be absent. */
export function originRequests(...servers: Array<[string | undefined, RequestOptions | undefined]>): Map<string, RequestOptions> {
	const result = new Map<string, RequestOptions>();
	for (const [url, request] of servers) for (const at of origin(url)) if (request && !result.has(at)) result.set(at, request);
	return result;
}

/** The PromQL of the runbooks of every firing alert: what `--once --format markdown` evaluates for its Triage section. */
export function firingAlertQueries(state: AppState, profiles: readonly Profile[]): string[] {
	const firing = state.alerts.items.filter(alert => alert.state === 'firing');
	return [...new Set(firing.flatMap(alert => runbookQueries(runbookFor(alert, state, profiles))))];
}

/**
 * Keeps the runbooks beyond the profiles' current in the store: the user's directory from the start,
 * the documents of new alerts' runbook_urls as alerts appear; and passes the checks of the
 * runbook on screen to the monitor.
 */
export class RunbookFeed {
	readonly #options: RunbookFeedOptions;
	readonly #urls: UrlRunbooks;
	#unsubscribe?: () => void;
	#lastAlerts: unknown;

	constructor(options: RunbookFeedOptions) {
		this.#options = options;
		this.#urls = new UrlRunbooks({store: options.store, profiles: options.profiles, timeoutMs: options.timeoutMs, request: options.request, trustedOrigins: options.trustedOrigins, originRequests: options.originRequests});
		const {directory = {}, directoryPath} = options;
		options.store.update(state => ({...state, runbooks: {directory, directoryPath, urls: state.runbooks?.urls ?? {}}}));
	}

	/** Watches the alerts for runbook_urls to read. */
	start(): void {
		if (this.#unsubscribe) return;
		// Only when the alerts change, and after the store's other listeners ran.
		this.#unsubscribe = this.#options.store.subscribe(() => {
			const {alerts} = this.#options.store.getSnapshot();
			if (alerts === this.#lastAlerts) return;
			this.#lastAlerts = alerts;
			queueMicrotask(() => this.#urls.sync());
		});
		this.#urls.sync();
	}

	stop(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
	}

	/** `r`: runbook_urls that could not be read are tried again. */
	retry(): void {
		this.#urls.retryFailed();
		this.#urls.sync();
	}

	/** The PromQL of the runbook on screen, evaluated with every refresh from now on. */
	watchChecks(queries: readonly string[]): void {
		if (this.#options.checks) return this.#options.checks.setChecks(queries);
		// A stream alone has no PromQL to ask: say so rather than wait for a value that never comes.
		const at = Date.now();
		const error = 'no Prometheus (or --scrape) to evaluate PromQL with';
		if (queries.length > 0) this.#options.store.update(state => ({...state, checks: {...state.checks, ...Object.fromEntries(queries.map(query => [query, {ok: false as const, at, error}]))}}));
	}

	/** For `--once`: reads the firing alerts' runbook_urls, then evaluates their runbooks' checks once. */
	async prepareOnce(): Promise<void> {
		this.#urls.sync();
		await this.#urls.settled();
		const queries = firingAlertQueries(this.#options.store.getSnapshot(), this.#options.profiles);
		if (queries.length > 0) await this.#options.checks?.evaluateChecks(queries);
	}
}
