import {EventSource, type ErrorEvent, type FetchLike} from 'eventsource';
import type {StreamStatus} from '../model/types.js';
import type {RequestOptions} from '../sources/http-options.js';
import {redactorOf} from '../sources/redact.js';
import {reconnectDelay} from './backoff.js';
import {abortError, sleep, withLastEventId} from './fetch-helpers.js';
import {nodeFetch, type ResponseInfo, type StreamConnection} from './node-fetch.js';
import {decodeJobEvent, decodeSnapshot, type JobEvent, type StreamSnapshot} from './snapshot.js';
import {closedReason, failureReason, staleReason, type StreamState} from './stream-state.js';

export type {StreamState} from './stream-state.js';

/** Options of {@link StreamClient}. */
export type StreamClientOptions = {
	/** The stream, e.g. `http://localhost:3000/api/metrics/stream`. */
	readonly url: string;
	/** Headers (re-read for each connection) and the https agent (CA, client certificate, insecure). */
	readonly request?: RequestOptions;
	/** The server's heartbeat interval; the stream is stale after 3× this with no byte at all. Default 5000. */
	readonly heartbeatMs?: number;
	/** A decoded `event: snapshot`. */
	onSnapshot?(snapshot: StreamSnapshot): void;
	/** A decoded `event: jobs`. */
	onJob?(event: JobEvent): void;
	/** The state changed (transitions at once; `live` updates at most once a second). */
	onState?(state: StreamState): void;
	/** Clock for timestamps and timing; `Date.now` by default. */
	readonly now?: () => number;
	/** Jitter source in [0, 1); `Math.random` by default. */
	readonly random?: () => number;
};

const DEFAULT_HEARTBEAT_MS = 5000;
/** eventsource's reconnection interval until the server sends `retry:`. */
const EVENTSOURCE_DEFAULT_RETRY_MS = 3000;
const STALE_AFTER_HEARTBEATS = 3;
const LIVE_UPDATE_MS = 1000;
/** Bytes a stream may send without completing an event before it is cut; bounds the parser's buffer. */
export const MAX_BYTES_WITHOUT_EVENT = 1 << 20;

/** Calls a consumer's callback; a throwing consumer must not break the stream. */
function safely(callback: () => void): void {
	try {
		callback();
	} catch {
		// The consumer's bug, not the stream's: keep reading.
	}
}

/**
 * Subscribes to the coding-team metrics stream with eventsource and keeps it alive (RELIABILITY 12).
 * eventsource reconnects after a drop by itself, with `Last-Event-ID`, after the server's `retry:`;
 * this adds growing, jittered delays for repeated failures (reset by any event), stale detection
 * (no byte for 3× the heartbeat forces a reconnection), and reasons for a stream eventsource closed
 * for good. Plain TypeScript: the UI subscribes through `onState`/`onSnapshot`/`onJob`.
 */
export class StreamClient {
	readonly #options: StreamClientOptions;
	readonly #now: () => number;
	readonly #random: () => number;
	readonly #heartbeatMs: number;
	/** Redacts the connection's secrets from reasons: a reason phrase or an event is server text. */
	readonly #redact: (text: string) => string;
	#source: EventSource | undefined;
	/** Bumped for every EventSource and at stop(), so callbacks of an old one are ignored. */
	#generation = 0;
	#watchdog: NodeJS.Timeout | undefined;
	#state: StreamState = {state: 'connecting', badEvents: 0};
	#emittedAt = 0;
	#dirty = false;
	#connection: StreamConnection | undefined;
	#response: ResponseInfo | undefined;
	/** A request or an open body is being watched for bytes. */
	#watching = false;
	#lastByteAt = 0;
	#bytesSinceEvent = 0;
	#lastEventId: string | undefined;
	/** Failed connections since the last event. */
	#failures = 0;
	/** The server's retry interval, learned from eventsource's own wait before reconnecting. */
	#retryMs = EVENTSOURCE_DEFAULT_RETRY_MS;
	/** When eventsource scheduled its reconnection, and when our backoff lets the attempt start. */
	#errorAt: number | undefined;
	#reconnectAt: number | undefined;
	#pendingReason: string | undefined;

	constructor(options: StreamClientOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
		this.#redact = redactorOf(options.request);
		const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
		this.#heartbeatMs = Number.isFinite(heartbeatMs) && heartbeatMs > 0 ? heartbeatMs : DEFAULT_HEARTBEAT_MS;
	}

	/** The current state. */
	get state(): StreamState {
		return this.#state;
	}

	/** The id of the last event received (sent back as `Last-Event-ID`). */
	get lastEventId(): string | undefined {
		return this.#lastEventId;
	}

	/** Connects; a second call does nothing while the stream is running. */
	start(): void {
		if (this.#source === undefined) this.reconnect();
	}

	/** Drops the current connection (if any) and connects again now, with a fresh failure count (the `r` key). */
	reconnect(): void {
		this.#close();
		this.#failures = 0;
		const protocol = URL.canParse(this.#options.url) ? new URL(this.#options.url).protocol : undefined;
		if (protocol !== 'http:' && protocol !== 'https:') {
			this.#set({state: 'stopped', reason: protocol === undefined ? 'invalid stream URL' : 'the stream URL must be http or https'});
			return;
		}
		this.#set({state: 'connecting'});
		const source = new EventSource(this.#options.url, {fetch: this.#fetchFor(this.#generation)});
		this.#source = source;
		source.addEventListener('open', () => {
			if (this.#current(source)) this.#set({state: 'live', since: this.#now(), lastEventAt: this.#now()});
		});
		source.addEventListener('snapshot', event => this.#onEvent(source, event, 'snapshot'));
		source.addEventListener('jobs', event => this.#onEvent(source, event, 'jobs'));
		source.addEventListener('error', event => this.#onError(source, event));
		const tick = Math.min(1000, Math.max(25, this.#heartbeatMs / 4));
		// Not unref'd: it lives exactly as long as the connection it watches, and stop() clears it.
		this.#watchdog = setInterval(() => this.#tick(), tick);
	}

	/** Closes the stream and clears every timer; the state becomes `stopped`. `start()` or `reconnect()` resumes. */
	stop(): void {
		this.#close();
		this.#set({state: 'stopped', reason: 'stopped'});
	}

	#close(): void {
		this.#generation++;
		this.#source?.close();
		this.#source = undefined;
		clearInterval(this.#watchdog);
		this.#watchdog = undefined;
		this.#connection = undefined;
		this.#watching = false;
		this.#errorAt = undefined;
		this.#reconnectAt = undefined;
		this.#pendingReason = undefined;
	}

	#current(source: EventSource): boolean {
		return source === this.#source;
	}

	/** The fetch of one EventSource: backoff first, then node:http with our headers, watched byte by byte. */
	#fetchFor(generation: number): FetchLike {
		const live = () => generation === this.#generation;
		const http = nodeFetch({
			request: this.#options.request,
			onConnection: connection => {
				if (live()) this.#connection = connection;
			},
			onResponse: info => {
				if (!live()) return;
				this.#response = info;
				this.#lastByteAt = this.#now();
			},
			onBytes: count => {
				if (!live()) return;
				this.#lastByteAt = this.#now();
				this.#bytesSinceEvent += count;
				if (this.#bytesSinceEvent > MAX_BYTES_WITHOUT_EVENT) this.#abort(`more than ${MAX_BYTES_WITHOUT_EVENT >> 20} MiB without a complete event`);
			},
		});
		return async (url, init) => {
			const signal = init.signal instanceof AbortSignal ? init.signal : undefined;
			if (!live()) throw abortError();
			// eventsource waited the server's retry since its error event: that is how long it is.
			if (this.#errorAt !== undefined) this.#retryMs = Math.max(0, this.#now() - this.#errorAt);
			const wait = (this.#reconnectAt ?? 0) - this.#now();
			this.#errorAt = undefined;
			this.#reconnectAt = undefined;
			if (wait > 0) await sleep(wait, signal);
			if (!live()) throw abortError();
			this.#set({state: 'connecting'});
			this.#response = undefined;
			this.#watching = true;
			this.#lastByteAt = this.#now();
			this.#bytesSinceEvent = 0;
			return http(url, {...init, headers: withLastEventId(init.headers, this.#lastEventId)});
		};
	}

	#onEvent(source: EventSource, event: MessageEvent, kind: 'snapshot' | 'jobs'): void {
		if (!this.#current(source)) return;
		const at = this.#now();
		this.#failures = 0;
		this.#bytesSinceEvent = 0;
		if (event.lastEventId) this.#lastEventId = event.lastEventId;
		const data = typeof event.data === 'string' ? event.data : '';
		if (kind === 'snapshot') {
			const decoded = decodeSnapshot(data, at);
			if (decoded.ok) safely(() => this.#options.onSnapshot?.(decoded.value));
			else this.#bad(decoded.reason);
		} else {
			const decoded = decodeJobEvent(data, at);
			if (decoded.ok) safely(() => this.#options.onJob?.(decoded.value));
			else this.#bad(decoded.reason);
		}
		if (this.#state.state === 'live') this.#state = {...this.#state, lastEventAt: at};
		this.#dirty = true;
		if (at - this.#emittedAt >= LIVE_UPDATE_MS) this.#emit();
	}

	#bad(reason: string): void {
		this.#state = {...this.#state, badEvents: this.#state.badEvents + 1, lastBadEvent: this.#redact(reason)};
	}

	#onError(source: EventSource, event: ErrorEvent): void {
		if (!this.#current(source)) return;
		this.#connection = undefined;
		this.#watching = false;
		if (source.readyState === EventSource.CLOSED) {
			const reason = closedReason(this.#response, event.message);
			this.#close();
			this.#set({state: 'stopped', reason});
			return;
		}
		// eventsource reconnects by itself after the server's retry; from the second failure on, our fetch waits longer.
		this.#failures++;
		const delay = reconnectDelay(this.#failures, this.#retryMs, this.#random);
		this.#errorAt = this.#now();
		this.#reconnectAt = this.#failures > 1 ? this.#errorAt + delay : undefined;
		const reason = this.#pendingReason ?? failureReason(event.message);
		this.#pendingReason = undefined;
		this.#set({state: 'reconnecting', retryInMs: delay, retryAt: this.#errorAt + delay, attempt: this.#failures, reason});
	}

	/** Fails the current connection as if it dropped, so eventsource reconnects. */
	#abort(reason: string): void {
		this.#watching = false;
		this.#pendingReason = reason;
		this.#connection?.abort(new Error(reason));
	}

	/** The watchdog: a stream silent for 3 heartbeats is stale and reconnected; throttled updates are flushed. */
	#tick(): void {
		const now = this.#now();
		const silent = now - this.#lastByteAt;
		if (this.#watching && silent > STALE_AFTER_HEARTBEATS * this.#heartbeatMs) {
			this.#set({state: 'stale', lastByteAt: this.#lastByteAt});
			this.#abort(staleReason(silent));
		}
		if (this.#dirty && now - this.#emittedAt >= LIVE_UPDATE_MS) this.#emit();
	}

	/** Moves to a new state, keeping the bad-event count, and emits it (a repeated `connecting` is not news). */
	#set(state: StreamStatus): void {
		if (state.state === 'connecting' && this.#state.state === 'connecting' && this.#emittedAt > 0) return;
		const {badEvents, lastBadEvent} = this.#state;
		const safe = 'reason' in state && typeof state.reason === 'string' ? {...state, reason: this.#redact(state.reason)} : state;
		this.#state = {...safe, badEvents, ...(lastBadEvent === undefined ? {} : {lastBadEvent})};
		this.#emit();
	}

	#emit(): void {
		this.#dirty = false;
		this.#emittedAt = this.#now();
		const state = this.#state;
		safely(() => this.#options.onState?.(state));
	}
}
