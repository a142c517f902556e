import {appendHistory, historyKey, trendValues} from '../model/history.js';
import {mergePane, mergeRefresh, paneOfKey} from '../model/merge.js';
import {clearWaiting, markWaiting, withRetryAt} from '../model/pane-progress.js';
import type {QueryPlan} from '../model/queries.js';
import {shapeSystem} from '../model/shape.js';
import {share} from '../model/share.js';
import type {AlertItem, AlertsPane, AppState, SystemSnapshot} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import type {CheckResult} from '../runbooks/types.js';
import type {Result, Sample} from './prometheus-client.js';

/** Whether `work` settles within `ms` (no timer left behind either way). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<false>(resolve => (timer = setTimeout(() => resolve(false), ms)));
	try {
		return await Promise.race([work.then(() => true), late]);
	} finally {
		clearTimeout(timer);
	}
}

export type RefreshRoundOptions = {
	readonly profiles: readonly Profile[];
	/** Each profile's queries, in the order of `profiles`. */
	readonly plans: readonly QueryPlan[];
	/** The clock: the refresh begins when the round is made, and a waiting pane counts from there. */
	readonly now: () => number;
	/** What a waiting pane waits for, as it says it (`Prometheus`). */
	readonly source: string;
	/** Adds what another source keeps live (the stream's extra panes) to every published picture. */
	readonly decorate: (systems: SystemSnapshot[]) => SystemSnapshot[];
};

/**
 * The answers of one refresh as they arrive, and what each publication of them makes of the state.
 * Published once when every answer came in time; otherwise once with what has arrived (the rest
 * marked waiting, their last data kept) and again as late answers come. Across publications a pane
 * is published once, and every sparkline series gets one value per refresh.
 */
export class RefreshRound {
	readonly #options: RefreshRoundOptions;
	readonly #answers = new Map<string, Result<Sample[]>>();
	#alerts: Result<AlertItem[]> | undefined;
	#checks: Record<string, CheckResult> | undefined;
	/** Panes already published in this refresh, by profile id; the alerts and checks as flags. */
	readonly #published = new Map<string, Set<string>>();
	#alertsPublished = false;
	#checksPublished = false;
	/** Sparkline series given this refresh's value already. */
	readonly #appended = new Set<string>();
	/** An answer that read something arrived since the last publication. */
	#freshOk = false;
	readonly #since: number;
	/** Something arrived since the last publication; `#wake` ends the wait for it. */
	#news = false;
	#wake: (() => void) | undefined;

	constructor(options: RefreshRoundOptions) {
		this.#options = options;
		this.#since = options.now();
		for (const profile of options.profiles) this.#published.set(profile.id, new Set());
	}

	answer(promql: string, result: Result<Sample[]>): void {
		this.#answers.set(promql, result);
		if (result.ok) this.#freshOk = true;
		this.#arrived();
	}

	answerAlerts(result: Result<AlertItem[]>): void {
		this.#alerts = result;
		if (result.ok) this.#freshOk = true;
		this.#arrived();
	}

	answerChecks(checks: Record<string, CheckResult>): void {
		this.#checks = checks;
		this.#arrived();
	}

	#arrived(): void {
		this.#news = true;
		this.#wake?.();
	}

	/**
	 * Publishes the answers as `all` (every request of the refresh) brings them: once, complete, when
	 * all of them come within `graceMs`; otherwise what has come at the grace, then each late arrival
	 * (those landing together in one frame), then the complete picture. `update` applies a change to
	 * the store. Resolves when everything is in and published.
	 */
	async publish(all: Promise<unknown>, graceMs: number, update: (apply: (state: AppState) => AppState) => void): Promise<void> {
		let complete = false;
		const done = all.then(() => {
			complete = true;
		});
		const publish = () => {
			this.#news = false;
			update(state => this.apply(state, this.#options.now(), complete));
		};
		if (!(await settlesWithin(done, graceMs))) {
			publish();
			while (!complete) {
				await Promise.race([done, this.#news ? undefined : new Promise<void>(resolve => (this.#wake = resolve))]);
				this.#wake = undefined;
				// Answers read in one turn of the event loop make one frame.
				await new Promise(resolve => setImmediate(resolve));
				if (!complete && this.#news) publish();
			}
		}
		await done;
		publish();
	}

	/** Whether anything at all was read so far. */
	get anyOk(): boolean {
		return this.#alerts?.ok === true || [...this.#answers.values()].some(result => result.ok);
	}

	/** The panes of a plan still waiting for an answer. */
	#waiting(plan: QueryPlan): Set<string> {
		const waiting = new Set<string>();
		for (const [key, promql] of plan) if (!this.#answers.has(promql)) waiting.add(paneOfKey(key));
		return waiting;
	}

	/**
	 * The state with every answer so far, taken in at `at`. `final` when every answer is in: then the
	 * connection is an error when nothing at all could be read.
	 */
	apply(state: AppState, at: number, final: boolean): AppState {
		const {profiles, plans, source} = this.#options;
		const since = this.#since;
		const waitingBy = new Map<string, Set<string>>();
		const systems = this.#options.decorate(
			profiles.map((profile, index) => {
				const plan = plans[index]!;
				const waiting = this.#waiting(plan);
				waitingBy.set(profile.id, waiting);
				const results = new Map([...plan].flatMap(([key, promql]): Array<[string, Result<Sample[]>]> => (this.#answers.has(promql) ? [[key, this.#answers.get(promql)!]] : [])));
				const previous = state.systems.find(system => system.profile === profile.id);
				const published = this.#published.get(profile.id)!;
				const merged = mergeRefresh(previous, shapeSystem(profile, results, at), {waiting, published, since, source, at});
				for (const [key] of plan) if (!waiting.has(paneOfKey(key))) published.add(paneOfKey(key));
				return merged;
			}),
		);
		const history = this.#history(state.history, systems, waitingBy);
		const alerts = this.#alertsPane(state.alerts, at);
		const checks = this.#checks && !this.#checksPublished ? {checks: {...state.checks, ...this.#checks}} : {};
		if (this.#checks) this.#checksPublished = true;
		const updatedAt = this.#freshOk ? at : state.updatedAt;
		this.#freshOk = false;
		// What equals the state before keeps its identity (a refresh's copies die young, memoised panes
		// skip their render); the store emits nothing when nothing at all changed.
		return share(state, {...state, connection: this.#connection(state, final), updatedAt, systems, alerts, history, ...checks});
	}

	#connection(state: AppState, final: boolean): AppState['connection'] {
		if (this.anyOk) return {state: 'ok'};
		if (!final) return state.connection;
		const failed = [this.#alerts, ...this.#answers.values()].find(result => result !== undefined && !result.ok);
		return failed && !failed.ok ? {state: 'error', message: failed.error.message} : {state: 'ok'};
	}

	#alertsPane(previous: AlertsPane, at: number): AlertsPane {
		const alerts = this.#alerts;
		if (alerts === undefined) return markWaiting(previous, this.#since, this.#options.source);
		if (this.#alertsPublished) return previous;
		this.#alertsPublished = true;
		const next: AlertsPane = alerts.ok
			? {status: 'ok', items: alerts.data, updatedAt: at, ...(alerts.warnings.length > 0 ? {warnings: alerts.warnings} : {})}
			: {status: 'error', message: alerts.error.message, items: []};
		const before = clearWaiting(previous);
		return withRetryAt(before, mergePane(before, next), at);
	}

	/** The history with this refresh's value of every series read so far and not given one yet (a waiting pane's kept data is not a reading). */
	#history(history: AppState['history'], systems: readonly SystemSnapshot[], waitingBy: ReadonlyMap<string, ReadonlySet<string>>): AppState['history'] {
		let next: Record<string, readonly number[]> | undefined;
		for (const system of systems) {
			const waiting = waitingBy.get(system.profile) ?? new Set<string>();
			const unread = <T extends {stale?: boolean}>(name: string, pane: T): T => (waiting.has(name) ? {...pane, stale: true} : pane);
			const read = {...system, agents: unread('agents', system.agents), locks: unread('locks', system.locks), queue: unread('queue', system.queue), latency: unread('latency', system.latency)};
			for (const [series, value] of trendValues(read)) {
				const key = historyKey(system.profile, series);
				if (this.#appended.has(key)) continue;
				this.#appended.add(key);
				const appended = appendHistory((next ?? history)[key], value);
				if (appended === (next ?? history)[key]) continue;
				// One copy of the history per publication, not one per series; none when no series changed.
				next ??= {...history};
				next[key] = appended;
			}
		}
		return next ?? history;
	}
}
