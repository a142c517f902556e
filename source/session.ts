import type {Config} from './config/config.js';
import {Store} from './model/store.js';
import type {AlertItem, AppState} from './model/types.js';
import type {Profile} from './profiles/types.js';
import type {SourceRequests, SourceSetup} from './source-setup.js';
import type {RequestOptions} from './sources/http-options.js';
import {initialState} from './model/initial-state.js';
import {Monitor} from './sources/monitor.js';
import type {Result} from './sources/prometheus-client.js';
import type {StreamFeed} from './sources/stream-feed.js';
import {queryRange, queryRangeBatched} from './sources/range-query.js';
import type {Runbook} from './runbooks/types.js';
import {EvidenceFeed} from './triage/evidence-feed.js';
import {originRequests, RunbookFeed, trustedOrigins} from './triage/runbook-feed.js';

/** Everything that feeds the store, started and stopped together, and what the keys ask of it. */
export type Session = {
	readonly store: Store<AppState>;
	start(): void;
	stop(): void;
	/** `r`: poll now, detect systems again, and give a stopped stream another chance. */
	refresh(): void;
	/** `p`: returns whether it is now paused. */
	togglePause(): boolean;
	/** `[` / `]`: the next shorter or longer of the windows 1m, 5m, 15m, 1h, 6h. */
	setWindow(direction: -1 | 1): void;
	/** For `--once`: fills the store with one complete picture; `ok` false when nothing could be read. */
	readOnce(): Promise<{ok: boolean}>;
	/** The PromQL of the runbook on screen: evaluated with every refresh into `state.checks`. */
	watchChecks(queries: readonly string[]): void;
	/** For `--once --format markdown`: reads the firing alerts' runbook_urls and evaluates their runbooks' checks. */
	prepareTriage(): Promise<void>;
	/**
	 * The alert view opened on `alert` (or closed: `undefined`): its rule and trend are read into
	 * `state.evidence` now and with every refresh while it stays open; nothing is read otherwise.
	 */
	watchAlert(alert: AlertItem | undefined): void;
};

export type SessionOptions = {
	readonly source: SourceSetup;
	readonly config: Config;
	readonly profiles: readonly Profile[];
	readonly autoDetect: boolean;
	/** The shared connection; `requests` has each source's own, where it has one. */
	readonly request: RequestOptions;
	readonly requests?: SourceRequests;
	readonly alertmanager?: {alerts(): Promise<Result<AlertItem[]>>};
	/** Profiles whose runbooks the views use (defaults to `profiles`), and the `--runbooks` directory's. */
	readonly runbookProfiles?: readonly Profile[];
	readonly runbookDirectory?: Readonly<Record<string, Runbook>>;
	/** The store to fill: one the dashboard already draws while the data side loads; a new one by default. */
	readonly store?: Store<AppState>;
	/**
	 * The stream feed class, needed when the source has a stream (`--sse`, the demo). Passed in rather
	 * than imported: it brings the SSE client and its schema (zod), which a run without a stream never
	 * loads. {@link openSession} loads it when needed.
	 */
	readonly streamFeed?: typeof StreamFeed;
};

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The windows `[` and `]` step through. */
export const WINDOWS_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000] as const;

/** Waits until `ready` holds, or the time is up. */
async function until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > deadline) return false;
		await sleep(50);
	}
	return true;
}

/** Builds the monitor (when there is something to poll) and the stream feed (when there is a stream) on one store. */
export function createSession({source, config, profiles, autoDetect, request, requests = {}, alertmanager, runbookProfiles = profiles, runbookDirectory, store: given, streamFeed}: SessionOptions): Session {
	const prometheusRequest = requests.prometheus ?? request;
	const monitor = source.backend
		? new Monitor({store: given, client: source.backend, alertmanager, url: source.displayUrl, sourceKind: source.kind, profiles, autoDetect, intervalMs: config.intervalMs, windowMs: config.windowMs, batch: source.kind === 'prometheus', backfill: source.prometheus && source.prometheusUrl ? async (queries, times) => queryRangeBatched({url: source.prometheusUrl!, timeoutMs: config.timeoutMs, request: prometheusRequest}, queries, times) : undefined})
		: undefined;
	const store = monitor?.store ?? given ?? new Store(initialState(source.displayUrl, source.kind));
	const sseUrl = source.sseUrl;
	if (sseUrl && !streamFeed) throw new Error('a source with a stream needs the stream feed (openSession loads it)');
	const feed = sseUrl
		? new streamFeed!({url: sseUrl, displayUrl: source.kind === 'sse' ? source.displayUrl : sseUrl, request: source.demo ? undefined : (requests.sse ?? request), store, standalone: monitor === undefined})
		: undefined;
	if (monitor && feed) monitor.setDecorator(systems => feed.decorate(systems));
	const runbooks = new RunbookFeed({
		store,
		checks: monitor,
		profiles: runbookProfiles,
		directory: runbookDirectory,
		directoryPath: config.runbooksDir,
		timeoutMs: config.timeoutMs,
		request: source.demo ? undefined : request,
		trustedOrigins: trustedOrigins(config.prometheusUrl, config.alertmanagerUrl),
		// A runbook on the Prometheus or Alertmanager gets that server's own connection, if it has one.
		originRequests: originRequests([config.prometheusUrl, requests.prometheus], [config.alertmanagerUrl, requests.alertmanager]),
	});
	const prometheusUrl = source.prometheus ? source.prometheusUrl : undefined;
	const evidence = new EvidenceFeed({
		store,
		backend: source.backend,
		range: prometheusUrl ? async (promql, times) => queryRange({url: prometheusUrl, timeoutMs: config.timeoutMs, request: prometheusRequest}, promql, times) : undefined,
		intervalMs: config.intervalMs,
		rulesSource: source.kind === 'prometheus' ? '/api/v1/rules' : 'the rule files agentmon evaluates (the systems\' alerts.yml, --rules)',
	});
	let paused = false;
	return {
		store,
		start() {
			monitor?.start();
			feed?.start();
			runbooks.start();
			evidence.start();
		},
		stop() {
			monitor?.stop();
			feed?.stop();
			runbooks.stop();
			evidence.stop();
		},
		refresh() {
			monitor?.refresh();
			runbooks.retry();
			const stream = store.getSnapshot().stream?.status.state;
			if (feed && (stream === 'stopped' || stream === 'stale')) feed.reconnect();
		},
		setWindow(direction) {
			if (!monitor) return;
			const current = monitor.windowMs;
			const next = direction > 0 ? WINDOWS_MS.find(ms => ms > current) : [...WINDOWS_MS].reverse().find(ms => ms < current);
			if (next !== undefined) monitor.setWindow(next);
		},
		togglePause() {
			if (monitor) paused = monitor.togglePause();
			else {
				paused = !paused;
				store.update(state => ({...state, paused}));
			}
			if (feed) {
				if (paused) feed.stop();
				else feed.reconnect();
			}
			return paused;
		},
		async readOnce() {
			if (!monitor) {
				// A stream alone: wait for its first snapshot, or for it to stop.
				feed?.start();
				await until(() => feed?.hasSnapshot === true || store.getSnapshot().stream?.status.state === 'stopped', config.timeoutMs);
				feed?.stop();
				return {ok: store.getSnapshot().systems.length > 0};
			}
			if (source.kind !== 'prometheus') {
				// Rates and percentiles need two scrapes: take one, wait an interval, then the one printed.
				await monitor.pollOnce();
				await sleep(config.intervalMs);
			}
			feed?.start();
			const result = await monitor.pollOnce();
			if (feed) {
				await until(() => feed.hasSnapshot || store.getSnapshot().stream?.status.state === 'stopped', Math.min(config.timeoutMs, 5000));
				feed.stop();
			}
			return result;
		},
		watchChecks(queries) {
			runbooks.watchChecks(queries);
		},
		async prepareTriage() {
			await runbooks.prepareOnce();
		},
		watchAlert(alert) {
			evidence.watch(alert);
		},
	};
}

/** {@link createSession}, with the stream feed loaded first when the source has a stream. */
export async function openSession(options: Omit<SessionOptions, 'streamFeed'>): Promise<Session> {
	const streamFeed = options.source.sseUrl ? (await import('./sources/stream-feed.js')).StreamFeed : undefined;
	return createSession({...options, streamFeed});
}
