import {formatAge} from '../model/format.js';
import {sanitizeText} from '../model/sanitize.js';
import type {StreamStatus} from '../model/types.js';
import type {ResponseInfo} from './node-fetch.js';

/**
 * The stream's state (the header's {@link StreamStatus}) plus the events it could not use: `badEvents`
 * counts `snapshot`/`jobs` data that was not JSON or not the expected shape, `lastBadEvent` says why
 * the last one was refused.
 *
 * - `connecting`: a request is out, no answer yet.
 * - `live`: the stream is open; `lastEventAt` is the open time until the first event arrives.
 * - `stale`: no byte at all (pings included) for 3× the heartbeat; a reconnection follows at once.
 * - `reconnecting`: attempt `attempt` starts in `retryInMs`. For the first attempt that is the server's
 *   `retry:` as last observed (eventsource keeps the value private and waits it itself); later attempts
 *   are agentmon's own growing delays.
 * - `stopped`: it will not reconnect by itself (`r` reconnects): the server answered something other
 *   than an event stream, ended it with 204, or `stop()` was called.
 */
export type StreamState = StreamStatus & {readonly badEvents: number; readonly lastBadEvent?: string};

/** Why eventsource closed the stream for good, from the response agentmon recorded. */
export function closedReason(response: ResponseInfo | undefined, message: string | undefined): string {
	if (response?.status === 204) return 'server ended the stream (204)';
	if (response && response.status !== 200) return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
	if (response && !response.contentType.startsWith('text/event-stream')) return `not an event stream (${response.contentType || 'no Content-Type'})`;
	return sanitizeText(message || 'the stream was closed', {maxLength: 200});
}

/** Why a connection failed or ended, from eventsource's error event. */
export function failureReason(message: string | undefined): string {
	return message ? sanitizeText(message, {maxLength: 200}) : 'the server closed the stream';
}

/** The reason given when no byte arrived for `silentMs`. */
export function staleReason(silentMs: number): string {
	return `stale: no bytes for ${silentMs < 10_000 ? `${(silentMs / 1000).toFixed(1)}s` : formatAge(silentMs)}`;
}
