import {mergeSystem} from '../model/merge.js';
import type {Store} from '../model/store.js';
import type {ActivityItem, AppState, SystemSnapshot} from '../model/types.js';
import {StreamClient} from '../sse/stream-client.js';
import {activityItem, streamSystem} from '../sse/stream-model.js';
import type {RequestOptions} from './http-options.js';

/** Job events kept in the activity feed. */
const MAX_ACTIVITY = 200;
/** The system the coding-team stream describes. */
export const STREAM_PROFILE = 'coding-team';

export type StreamFeedOptions = {
	readonly url: string;
	/** The URL as shown (secrets redacted). */
	readonly displayUrl: string;
	readonly request?: RequestOptions;
	readonly store: Store<AppState>;
	/**
	 * True when the stream is the only source: its snapshots are the coding-team system. Otherwise a
	 * poll source owns the system's panes and the stream adds its live extras (budget, ledger) to it.
	 */
	readonly standalone: boolean;
	readonly now?: () => number;
};

/**
 * Adds the stream's extras to the polled system it describes (replacing those of an earlier snapshot),
 * so budget and ledger stay live between polls. Pure.
 */
export function decorateWithStream(systems: readonly SystemSnapshot[], streamed: SystemSnapshot | undefined): SystemSnapshot[] {
	if (!streamed) return [...systems];
	const titles = new Set(streamed.extras.map(extra => extra.title));
	return systems.map(system =>
		system.profile === streamed.profile ? {...system, extras: [...system.extras.filter(extra => !titles.has(extra.title)), ...streamed.extras]} : system,
	);
}

/**
 * Connects a coding-team metrics stream (`--sse`) to the store: its state goes to the header, its
 * job events to the activity feed, its snapshots to the coding-team system (alone) or to that
 * system's live extras (beside Prometheus or scraping).
 */
export class StreamFeed {
	readonly #options: StreamFeedOptions;
	readonly #client: StreamClient;
	/** The system as the latest snapshot shows it. */
	#latest: SystemSnapshot | undefined;
	/** Stopped on purpose (pause, the end of `--once`): the client's own "stopped" is no news then. */
	#halted = false;

	constructor(options: StreamFeedOptions) {
		this.#options = options;
		const now = options.now ?? Date.now;
		const {store} = options;
		store.update(state => ({...state, stream: {url: options.displayUrl, profile: STREAM_PROFILE, status: {state: 'connecting'}, activity: []}}));
		if (options.standalone) store.update(state => ({...state, detection: {status: 'forced', profiles: [STREAM_PROFILE]}}));
		this.#client = new StreamClient({
			url: options.url,
			request: options.request,
			now,
			onState: status => {
				if (this.#halted) return;
				store.update(state => (state.stream ? {...state, stream: {...state.stream, status}} : state));
				if (options.standalone) {
					store.update(state => ({
						...state,
						connection: status.state === 'stopped' || status.state === 'reconnecting' ? {state: 'error', message: `stream ${status.state === 'stopped' ? 'stopped' : 'reconnecting'}: ${status.reason}`} : state.connection.state === 'connecting' && status.state !== 'live' ? state.connection : {state: 'ok'},
					}));
				}
			},
			onJob: event => this.#addActivity(activityItem(event)),
			onSnapshot: snapshot => {
				const at = now();
				this.#latest = streamSystem(snapshot, at, options.url);
				const latest = this.#latest;
				store.update(state => {
					if (!options.standalone) return {...state, systems: decorateWithStream(state.systems, latest)};
					const previous = state.systems.find(system => system.profile === latest.profile);
					return {...state, updatedAt: at, connection: {state: 'ok'}, systems: [mergeSystem(previous, latest)]};
				});
			},
		});
	}

	/** Whether a snapshot has arrived yet. */
	get hasSnapshot(): boolean {
		return this.#latest !== undefined;
	}

	/** What to add to every poll's systems (not standalone): the latest snapshot's extras. */
	decorate(systems: readonly SystemSnapshot[]): SystemSnapshot[] {
		return decorateWithStream(systems, this.#latest);
	}

	start(): void {
		this.#halted = false;
		this.#client.start();
	}

	stop(): void {
		this.#halted = true;
		this.#client.stop();
	}

	/** Reconnects now (the `r` key): a stopped stream gets another chance. */
	reconnect(): void {
		this.#halted = false;
		this.#client.reconnect();
	}

	#addActivity(item: ActivityItem): void {
		this.#options.store.update(state => (state.stream ? {...state, stream: {...state.stream, activity: [item, ...state.stream.activity].slice(0, MAX_ACTIVITY)}} : state));
	}
}
