import type {AlertRuleInfo} from '../model/evidence.js';
import type {AlertItem} from '../model/types.js';
import {detectProfiles} from '../profiles/detect.js';
import type {Profile} from '../profiles/types.js';
import {evaluateInstant} from '../promql/evaluate.js';
import {retentionForQueries} from '../promql/retention.js';
import {SeriesStore} from '../promql/series-store.js';
import {planQueries} from '../model/queries.js';
import {fetchMetrics} from '../scrape/fetch-metrics.js';
import type {MetricsBackend} from '../sources/backend.js';
import type {RequestOptions} from '../sources/http-options.js';
import type {Result, Sample} from '../sources/prometheus-client.js';
import {RuleEngine} from './rule-engine.js';
import type {AlertRule} from './rule-files.js';

export type ScrapeBackendOptions = {
	/** The /metrics URLs to scrape, each a target as in a Prometheus scrape config. */
	readonly targets: readonly string[];
	readonly timeoutMs: number;
	/** `--window`: with the queries, how long samples are kept. */
	readonly windowMs: number;
	readonly request?: RequestOptions;
	/** Systems the targets may be: a target showing one's metrics gets that system's job name. */
	readonly profiles: readonly Profile[];
	/** Alerting rules evaluated after every scrape (the systems' own rule files). */
	readonly rules: readonly AlertRule[];
	/** Caps every rule's `for:` (the demo's story). */
	readonly maxForMs?: number;
	readonly now?: () => number;
};

/** How one target did at its last scrape, for the header and `up`. */
export type TargetStatus = {readonly url: string; readonly job: string; readonly instance: string; readonly up: boolean; readonly error?: string; readonly samples: number};

/** The job name a system's own scrape config uses, from its `up` selector (`up{job="agent-orchestrator"}`). */
export function jobOfProfile(profile: Profile): string | undefined {
	return /\bup\{job=~?"([A-Za-z0-9_:.-]+)/.exec(profile.up.promql)?.[1];
}

function instanceOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** Adds job and instance as Prometheus does (honor_labels false: the target's own become exported_*). */
function targetLabels(labels: Readonly<Record<string, string>>, job: string, instance: string): Record<string, string> {
	const result: Record<string, string> = {...labels};
	if ('job' in result) result.exported_job = result.job!;
	if ('instance' in result) result.exported_instance = result.instance!;
	result.job = job;
	result.instance = instance;
	return result;
}

/**
 * Prometheus in miniature for hosts without one: scrapes every target at each refresh, keeps
 * the samples in memory, evaluates the panes' PromQL and the alert rules locally.
 */
export class ScrapeBackend implements MetricsBackend {
	readonly #options: ScrapeBackendOptions;
	readonly #store: SeriesStore;
	readonly #rules: RuleEngine;
	readonly #jobs = new Map<string, string>();
	#statuses: TargetStatus[] = [];
	#evaluatedAt = 0;
	#alerts: Result<AlertItem[]> = {ok: true, data: [], warnings: []};

	constructor(options: ScrapeBackendOptions) {
		this.#options = options;
		// Keep each metric only as long as some query reads it back (most for the window, a few for an hour).
		// The runbooks' PromQL too: their live checks read `[5m]` and `[1h]` ranges whatever the window.
		const runbookQueries = options.profiles.flatMap(profile => profile.runbooks.flatMap(runbook => runbook.steps.flatMap(step => (step.commands ?? []).filter(command => command.lang === 'promql').map(command => command.code))));
		const queries = [...options.profiles.flatMap(profile => [...planQueries(profile, options.windowMs).values()]), ...options.rules.map(rule => rule.expr), ...runbookQueries];
		this.#store = new SeriesStore({retentionForMetric: retentionForQueries(queries)});
		this.#rules = new RuleEngine(options.rules, {evaluate: (promql, atMs) => this.#evaluate(promql, atMs), maxForMs: options.maxForMs});
	}

	/** How each target did at the last scrape. */
	get targets(): readonly TargetStatus[] {
		return this.#statuses;
	}

	async beginPoll(): Promise<{ok: true} | {ok: false; message: string}> {
		const {targets, timeoutMs, request} = this.#options;
		const now = this.#options.now ?? Date.now;
		const results = await Promise.all(targets.map(async url => ({url, started: now(), result: await fetchMetrics(url, {timeoutMs, request})})));
		const at = now();
		this.#statuses = results.map(({url, started, result}) => this.#ingest(url, started, at, result));
		this.#store.compact(at);
		this.#evaluatedAt = at;
		const {alerts, errors} = this.#rules.evaluate(at);
		this.#alerts = {ok: true, data: alerts, warnings: errors.slice(0, 10)};
		const down = this.#statuses.filter(status => !status.up);
		if (down.length === this.#statuses.length && down.length > 0) {
			return {ok: false, message: down.map(status => `cannot scrape ${status.url}: ${status.error ?? 'down'}`).join('; ')};
		}
		return {ok: true};
	}

	#ingest(url: string, started: number, at: number, result: Awaited<ReturnType<typeof fetchMetrics>>): TargetStatus {
		const instance = instanceOf(url);
		if (result.ok) {
			const samples = result.data.exposition.samples;
			if (!this.#jobs.has(url)) {
				const found = detectProfiles(this.#options.profiles, [...new Set(samples.map(sample => sample.labels.__name__ ?? ''))]);
				this.#jobs.set(url, (found[0] && jobOfProfile(found[0])) ?? 'scrape');
			}
		}
		const job = this.#jobs.get(url) ?? 'scrape';
		const meta = (name: string, value: number) => ({labels: {__name__: name, job, instance}, value});
		if (!result.ok) {
			this.#store.appendScrape(url, [meta('up', 0)], at);
			return {url, job, instance, up: false, error: result.error.message, samples: 0};
		}
		const samples = result.data.exposition.samples.map(sample => ({labels: targetLabels(sample.labels, job, instance), value: sample.value}));
		samples.push(meta('up', 1), meta('scrape_duration_seconds', (at - started) / 1000), meta('scrape_samples_scraped', samples.length));
		this.#store.appendScrape(url, samples, at);
		const parseErrors = result.data.exposition.errors;
		return {url, job, instance, up: true, samples: samples.length, error: parseErrors.length > 0 ? parseErrors[0] : undefined};
	}

	#evaluate(promql: string, atMs: number) {
		const result = evaluateInstant(promql, this.#store, atMs);
		return result.ok ? {ok: true as const, samples: result.samples} : result;
	}

	async query(promql: string): Promise<Result<Sample[]>> {
		const result = evaluateInstant(promql, this.#store, this.#evaluatedAt || Date.now());
		if (result.ok) return {ok: true, data: result.samples, warnings: []};
		return {ok: false, error: {kind: 'bad-response', message: `local evaluation: ${result.error}`, retryable: false}};
	}

	async metricNames(): Promise<Result<string[]>> {
		return {ok: true, data: this.#store.metricNames(this.#evaluatedAt || Date.now()), warnings: []};
	}

	async alerts(): Promise<Result<AlertItem[]>> {
		return this.#alerts;
	}

	/** The alerting rules evaluated here (the systems' rule files, `--rules`), with their last evaluation. */
	async rules(): Promise<Result<AlertRuleInfo[]>> {
		return {ok: true, data: this.#rules.rules(), warnings: []};
	}
}
