import type {Config, ConnectionSource} from './config/config.js';
import type {Demo} from './demo/demo.js';
import {redactUrl} from './model/sanitize.js';
import type {SourceKind} from './model/types.js';
import {allProfiles} from './profiles/registry.js';
import type {Profile} from './profiles/types.js';
import type {MetricsBackend} from './sources/backend.js';
import type {RequestOptions} from './sources/http-options.js';
import type {PrometheusClient} from './sources/prometheus-client.js';

/** Each source's own request options, where it has its own connection; the shared ones otherwise. */
export type SourceRequests = Readonly<Partial<Record<ConnectionSource, RequestOptions>>>;

/** Longest `for:` of a rule in the demo: its incidents last half a minute. */
export const DEMO_MAX_FOR_MS = 10_000;

/** The metrics source the monitor polls, as chosen on the command line. */
export type SourceSetup = {
	/** What the monitor polls; absent when a stream is the only source. */
	readonly backend?: MetricsBackend;
	readonly kind: SourceKind;
	/** What the header and `--once` name as the source, secrets redacted. */
	readonly displayUrl: string;
	/** Set when the source is a Prometheus server (its reachability is checked before start). */
	readonly prometheus?: PrometheusClient;
	/** That server's base URL, for range queries. */
	readonly prometheusUrl?: string;
	/** The embedded demo, when running it. */
	readonly demo?: Demo;
	/** The coding-team stream to subscribe to (`--sse`, or the demo's). */
	readonly sseUrl?: string;
	/** Releases what the source started (the demo's simulators). */
	close(): Promise<void>;
};

/** A URL as the user typed it, with any secret in it redacted (URL parsing would add a trailing slash). */
export function displayUrl(url: string): string {
	const redacted = redactUrl(url);
	return redacted.endsWith('/') && !url.endsWith('/') ? redacted.slice(0, -1) : redacted;
}

const DEFAULT_PROMETHEUS_URL = 'http://localhost:9090';

/** What a run reads, as known from the command line alone: cheap, before anything is loaded or started. */
export type SourcePlan = {
	readonly kind: SourceKind;
	/** What the header and `--once` name as the source, secrets redacted. */
	readonly displayUrl: string;
	/** The URLs the source's requests go to: the Prometheus, the `--scrape` targets, or the `--sse` stream alone (none for the demo). */
	readonly urls: readonly string[];
};

/** The source the command line asks for; {@link setUpSource} then builds it. */
export function planSource(config: Config): SourcePlan {
	if (config.demo) return {kind: 'demo', displayUrl: 'embedded demo (5 simulators)', urls: []};
	const targets = config.scrapeUrls;
	if (targets.length > 0) return {kind: 'scrape', displayUrl: targets.length === 1 ? `scrape ${displayUrl(targets[0]!)}` : `scrape ${targets.length} targets`, urls: targets};
	if (config.prometheusUrl === undefined && config.sseUrl !== undefined) return {kind: 'sse', displayUrl: displayUrl(config.sseUrl), urls: [config.sseUrl]};
	const url = config.prometheusUrl ?? DEFAULT_PROMETHEUS_URL;
	return {kind: 'prometheus', displayUrl: displayUrl(url), urls: [url]};
}

async function localRules(profiles: readonly Profile[], extraFiles: readonly string[]) {
	const {builtInRuleFile, loadRuleFile} = await import('./local/rule-files.js');
	const builtIn = allProfiles().filter(profile => profiles.some(wanted => wanted.id === profile.id));
	return [...builtIn.map(profile => builtInRuleFile(profile.id)), ...extraFiles].flatMap(file => loadRuleFile(file));
}

/**
 * Builds the source: the demo's simulators scraped locally, `--scrape` targets, or a Prometheus.
 * Throws RuleFileError for a bad `--rules` file, and whatever starting the demo throws.
 */
export async function setUpSource(config: Config, profiles: readonly Profile[], request: RequestOptions, requests: SourceRequests = {}): Promise<SourceSetup> {
	const plan = planSource(config);
	if (plan.kind === 'demo' || plan.kind === 'scrape') {
		const {ScrapeBackend} = await import('./local/scrape-backend.js');
		const demo = config.demo ? await (await import('./demo/demo.js')).startDemo() : undefined;
		try {
			const targets = demo ? demo.targets : config.scrapeUrls;
			const backend = new ScrapeBackend({
				targets,
				timeoutMs: config.timeoutMs,
				windowMs: config.windowMs,
				request: demo ? undefined : (requests.scrape ?? request),
				profiles,
				rules: await localRules(profiles, config.ruleFiles),
				maxForMs: demo ? DEMO_MAX_FOR_MS : undefined,
			});
			return {backend, kind: plan.kind, displayUrl: plan.displayUrl, demo, sseUrl: demo?.sseUrl ?? config.sseUrl, close: async () => demo?.close()};
		} catch (error) {
			await demo?.close();
			throw error;
		}
	}
	if (plan.kind === 'sse') return {kind: 'sse', displayUrl: plan.displayUrl, sseUrl: config.sseUrl, close: async () => undefined};
	const url = config.prometheusUrl ?? DEFAULT_PROMETHEUS_URL;
	// prometheus-query and axios load here, not at start: the dashboard draws its first frame without them.
	const {PrometheusClient} = await import('./sources/prometheus-client.js');
	const prometheus = new PrometheusClient({url, timeoutMs: config.timeoutMs, request: requests.prometheus ?? request});
	return {backend: prometheus, kind: 'prometheus', displayUrl: plan.displayUrl, prometheus, prometheusUrl: url, sseUrl: config.sseUrl, close: async () => undefined};
}
