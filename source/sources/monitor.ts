import {HISTORY_LENGTH} from '../model/history.js';
import {planQueries, type QueryPlan} from '../model/queries.js';
import {Store} from '../model/store.js';
import {initialState} from '../model/initial-state.js';
import {mergeAlerts} from '../model/merge-alerts.js';
import type {AlertItem, AppState, SourceKind, SystemSnapshot} from '../model/types.js';
import {detectProfiles, metricPrefixes} from '../profiles/detect.js';
import type {Profile} from '../profiles/types.js';
import {Poller} from './poller.js';
import {formatPromDuration} from '../config/duration.js';
import type {MetricsBackend} from './backend.js';
import {askInGroups, RequestGroups} from './request-groups.js';
import {rangeTimes, type RangeSeries} from './range-query.js';
import {RefreshRound} from './refresh-round.js';
import {backfillHistory, mergeHistory} from '../model/backfill.js';
import type {Result, Sample} from './prometheus-client.js';
import type {CheckResult} from '../runbooks/types.js';

export {initialState} from '../model/initial-state.js';

/** What a pane still waiting for its answer says it waits for, by source. */
const WAITING_FOR: Readonly<Record<SourceKind, string>> = {prometheus: 'Prometheus', scrape: 'the scrape', demo: 'the demo', sse: 'the stream'};

export type MonitorOptions = {
	readonly client: MetricsBackend;
	/** What the header names as the source: a URL, or the scrape targets. */
	readonly url: string;
	readonly sourceKind?: SourceKind;
	/** The profiles to monitor, or with `autoDetect` the candidates to detect among. */
	readonly profiles: readonly Profile[];
	/** Read the metric names at start (and on refresh) and monitor the profiles found there. */
	readonly autoDetect?: boolean;
	/** Alertmanager (`--alertmanager`): its alerts, silences and inhibitions are merged into Prometheus'. */
	readonly alertmanager?: {alerts(): Promise<Result<AlertItem[]>>};
	readonly intervalMs: number;
	readonly windowMs: number;
	/** Range queries of many PromQL over past times (a Prometheus), to backfill the sparklines at start. */
	readonly backfill?: (queries: readonly string[], times: readonly number[]) => Promise<Array<Result<RangeSeries[]>>>;
	/** Send a system's queries in one request (`or`-joined, see request-groups.ts): for a Prometheus over HTTP. */
	readonly batch?: boolean;
	/** How long a refresh waits for every answer before publishing those it has (default: 500 ms, or a quarter of a short interval). */
	readonly graceMs?: number;
	readonly now?: () => number;
	/**
	 * The store to keep current, e.g. one the dashboard already draws ("connecting…") while the data
	 * side loads; a new one by default. Either way it is set to this monitor's window and profiles.
	 */
	readonly store?: Store<AppState>;
};

/**
 * A gate that lets its callers through one per turn of the event loop, in the order they came:
 * work started by each then runs in a task of its own, and input (a key) waiting between two of
 * them is handled in between.
 */
export function oneTurnEach(): () => Promise<void> {
	let last = Promise.resolve();
	return async () => {
		// An immediate queued from an immediate runs in the next turn, after I/O has been polled.
		const next = last.then(async () => new Promise<void>(resolve => setImmediate(resolve)));
		last = next;
		return next;
	};
}

/**
 * Polls Prometheus for every profile and keeps the store current. Each distinct PromQL is sent
 * once per refresh, even when several panes or systems share it.
 */
export class Monitor {
	readonly store: Store<AppState>;
	readonly #options: MonitorOptions;
	readonly #poller: Poller;
	/** The profiles polled; with auto-detection, what the last detection found. */
	#active: readonly Profile[];
	#detectDue: boolean;
	#backfilled = false;
	/** How the refreshes' queries are cut into requests; it remembers which panes were late or failed. */
	readonly #groups = new RequestGroups();
	/** A refresh has been sent before. */
	#polled = false;
	#windowMs: number;
	#decorate: (systems: SystemSnapshot[]) => SystemSnapshot[] = systems => systems;
	/** The live checks of the runbook on screen: extra PromQL evaluated with every refresh (see setChecks). */
	#checks: readonly string[] = [];

	constructor(options: MonitorOptions) {
		this.#options = options;
		this.#windowMs = options.windowMs;
		this.#active = options.autoDetect ? [] : options.profiles;
		this.#detectDue = options.autoDetect === true;
		this.store = options.store ?? new Store(initialState(options.url, options.sourceKind));
		const window = formatPromDuration(options.windowMs);
		const forced = options.autoDetect ? undefined : ({status: 'forced', profiles: options.profiles.map(profile => profile.id)} as const);
		this.store.update(state => ({...state, window, ...(forced ? {detection: forced} : {})}));
		this.#poller = new Poller(async () => this.pollOnce(), {
			intervalMs: options.intervalMs,
			onSchedule: (delayMs, failures) => {
				if (failures === 0) return;
				const retryAt = (options.now ?? Date.now)() + delayMs;
				this.store.update(state => (state.connection.state === 'error' ? {...state, connection: {...state.connection, retryAt}} : state));
			},
		});
	}

	start(): void {
		this.#poller.start();
	}

	/** The window of rates and percentiles now. */
	get windowMs(): number {
		return this.#windowMs;
	}

	/** Changes the window of rates and percentiles (`[` / `]`) and refreshes at once. */
	setWindow(windowMs: number): void {
		this.#windowMs = windowMs;
		this.store.update(state => ({...state, window: formatPromDuration(windowMs)}));
		this.#poller.refreshNow();
	}

	/** Adds to every refresh's systems what another source keeps live (the stream's extra panes). */
	setDecorator(decorate: (systems: SystemSnapshot[]) => SystemSnapshot[]): void {
		this.#decorate = decorate;
	}

	stop(): void {
		this.#poller.stop();
	}

	/**
	 * Runbook checks: PromQL the monitor evaluates with every refresh, beside the panes' queries, into
	 * `state.checks` (by query). Queries not evaluated yet are run at once, so a runbook opened
	 * between refreshes shows its values without waiting for the next one.
	 */
	setChecks(queries: readonly string[]): void {
		const fresh = queries.filter(query => !this.#checks.includes(query) && this.store.getSnapshot().checks?.[query] === undefined);
		this.#checks = [...new Set(queries)];
		if (fresh.length > 0 && !this.#poller.paused) void this.evaluateChecks(fresh);
	}

	/** Evaluates checks now (default: all of them) and stores their answers; for `--once` and new checks. */
	async evaluateChecks(queries: readonly string[] = this.#checks): Promise<void> {
		const answers = await this.#queryChecks(queries);
		this.store.update(state => ({...state, checks: {...state.checks, ...answers}}));
	}

	async #queryChecks(queries: readonly string[]): Promise<Record<string, CheckResult>> {
		const now = this.#options.now ?? Date.now;
		const answers = await Promise.all(queries.map(async query => this.#options.client.query(query)));
		const at = now();
		return Object.fromEntries(
			queries.map((query, index): [string, CheckResult] => {
				const answer = answers[index]!;
				return [query, answer.ok ? {ok: true, at, samples: answer.data.map(({labels, value}) => ({labels, value}))} : {ok: false, at, error: answer.error.message}];
			}),
		);
	}

	/** Polls now; with auto-detection, also reads the metric names again (a system may have appeared). */
	refresh(): void {
		if (this.#options.autoDetect) this.#detectDue = true;
		this.#poller.refreshNow();
	}

	/** Pauses or resumes polling; returns whether it is now paused. */
	togglePause(): boolean {
		if (this.#poller.paused) this.#poller.resume();
		else this.#poller.pause();
		const paused = this.#poller.paused;
		this.store.update(state => ({...state, paused}));
		return paused;
	}

	/** Reads the metric names and picks the profiles with a signature metric there; false when unreadable. */
	async #detect(): Promise<boolean> {
		const names = await this.#options.client.metricNames();
		if (!names.ok) {
			this.store.update(state => ({...state, connection: {state: 'error', message: names.error.message}}));
			return false;
		}
		this.#detectDue = false;
		this.#active = detectProfiles(this.#options.profiles, names.data);
		const detection =
			this.#active.length > 0
				? ({status: 'detected', profiles: this.#active.map(profile => profile.id)} as const)
				: ({status: 'none', metricCount: names.data.length, prefixes: metricPrefixes(names.data)} as const);
		this.store.update(state => ({...state, detection}));
		return true;
	}

	/** The alerts of the source, merged with Alertmanager's when there is one; either failing is a warning while the other answers. */
	async #alerts(): Promise<Result<AlertItem[]>> {
		const {client, alertmanager} = this.#options;
		if (!alertmanager) return client.alerts();
		const [own, managed] = await Promise.all([client.alerts(), alertmanager.alerts()]);
		if (own.ok && managed.ok) return {ok: true, data: mergeAlerts(own.data, managed.data), warnings: [...own.warnings, ...managed.warnings]};
		if (own.ok && !managed.ok) return {ok: true, data: own.data, warnings: [...own.warnings, `Alertmanager: ${managed.error.message}`]};
		if (!own.ok && managed.ok) return {ok: true, data: managed.data, warnings: [...managed.warnings, `Prometheus alerts: ${own.error.message}`]};
		return own;
	}

	/**
	 * One refresh of every pane; `ok` is false when nothing at all could be read. Resolves when every
	 * answer is in (the poller never overlaps refreshes), so `--once` gets one complete picture.
	 *
	 * Every request goes out at once. When all answer within a short grace (`graceMs`) the picture is
	 * published once: one frame per refresh. Otherwise what has answered is published at the grace,
	 * the panes still waiting keep their last data and say they are waiting, and each late answer is
	 * published as it comes: one slow pane never holds back the others.
	 */
	async pollOnce(): Promise<{ok: boolean}> {
		const begun = await this.#options.client.beginPoll?.();
		if (begun && !begun.ok) {
			this.store.update(state => ({...state, connection: {state: 'error', message: begun.message}}));
			return {ok: false};
		}
		if (this.#detectDue && !(await this.#detect())) return {ok: false};
		const {client} = this.#options;
		const now = this.#options.now ?? Date.now;
		const profiles = this.#active;
		const plans = profiles.map(profile => planQueries(profile, this.#windowMs));
		const kind = this.#options.sourceKind ?? 'prometheus';
		const round = new RefreshRound({profiles, plans, now, source: WAITING_FOR[kind], decorate: systems => this.#decorate(systems)});
		// One request sent per turn of the event loop: sending some 35 at once through the HTTP client
		// takes tens of milliseconds (more at scale) that a key pressed meanwhile would wait behind.
		const turn = oneTurnEach();
		const ask = async (promql: string) => {
			await turn();
			return client.query(promql);
		};
		const answer = (promql: string, result: Result<Sample[]>) => round.answer(promql, result);
		const distinct = [...new Set(plans.flatMap(plan => [...plan.values()]))];
		// The first refresh runs cold (connections opened, code compiled): its slowness says nothing of a query.
		const sentAt = now();
		const first = !this.#polled;
		this.#polled = true;
		const late = () => !first && now() - sentAt > this.graceMs;
		const requests = this.#options.batch
			? askInGroups(ask, this.#groups.groups(profiles.map(profile => profile.id), plans), answer, panes => this.#groups.troubled(panes), late)
			: distinct.map(async promql => answer(promql, await ask(promql)));
		const checks = this.#checks.length > 0 ? [this.#queryChecks(this.#checks).then(answers => round.answerChecks(answers))] : [];
		const alerts = turn().then(async () => this.#alerts()).then(result => round.answerAlerts(result));
		await round.publish(Promise.all([...requests, alerts, ...checks]), this.graceMs, apply => this.store.update(apply));
		const at = now();
		if (round.anyOk && profiles.length > 0 && this.#options.backfill && !this.#backfilled) {
			this.#backfilled = true;
			void this.#backfill(profiles, plans, at);
		}
		return {ok: round.anyOk};
	}

	/** How long a refresh waits for every answer before publishing those it has: 500 ms, or a quarter of a short interval. */
	get graceMs(): number {
		return this.#options.graceMs ?? Math.min(500, this.#options.intervalMs / 4);
	}

	/**
	 * Fills the sparklines with the past, once, after the first refresh that found systems: the
	 * plan's queries over the last HISTORY_LENGTH intervals, shaped like live refreshes.
	 */
	async #backfill(profiles: readonly Profile[], plans: readonly QueryPlan[], at: number): Promise<void> {
		const times = rangeTimes(at - this.#options.intervalMs, this.#options.intervalMs, HISTORY_LENGTH);
		const distinct = [...new Set(plans.flatMap(plan => [...plan.values()]))];
		const answers = await this.#options.backfill!(distinct, times).catch(() => undefined);
		if (!answers) return;
		const ranges = new Map(distinct.map((promql, index) => [promql, answers[index]!]));
		const backfilled = Object.assign({}, ...profiles.map((profile, index) => backfillHistory(profile, plans[index]!, ranges, times))) as Record<string, readonly number[]>;
		this.store.update(state => ({...state, history: mergeHistory(backfilled, state.history)}));
	}
}
