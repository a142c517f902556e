import type {EventSourceFetchInit} from 'eventsource';

/** Last-Event-ID values sent back: printable ASCII only (Node refuses other header bytes), at most 256. */
const SENDABLE_ID = /^[\u0020-\u007E]{1,256}$/;

/** The error eventsource ignores (it aborted the request itself). */
export function abortError(): Error {
	return Object.assign(new Error('aborted'), {name: 'AbortError'});
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` fires (the timer is cleared). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(abortError());
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/**
 * eventsource's request headers with `Last-Event-ID` set to `fallbackId` when eventsource has none (a new
 * EventSource after a forced or manual reconnection), and dropped when it is not sendable: a server's id
 * with a control byte would otherwise make every reconnection fail.
 */
export function withLastEventId(headers: EventSourceFetchInit['headers'], fallbackId: string | undefined): EventSourceFetchInit['headers'] {
	const {'Last-Event-ID': id = fallbackId, ...rest} = headers;
	return id !== undefined && SENDABLE_ID.test(id) ? {...rest, 'Last-Event-ID': id} : rest;
}
