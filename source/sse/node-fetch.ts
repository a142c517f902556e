import http from 'node:http';
import https from 'node:https';
import {pipeline, Readable, Transform} from 'node:stream';
import type {FetchLike, FetchLikeResponse} from 'eventsource';
import {sanitizeText} from '../model/sanitize.js';
import {agentFor, type RequestOptions} from '../sources/http-options.js';

/** What a stream request was answered, recorded so a stream eventsource closed can say why. */
export type ResponseInfo = {
	readonly status: number;
	/** The reason phrase, sanitised. */
	readonly statusText: string;
	/** The Content-Type header, sanitised ('' when absent). */
	readonly contentType: string;
};

/** The request in flight; `abort` fails it (or its body) with `error`, as a dropped connection would. */
export type StreamConnection = {abort(error: Error): void};

/** Options of {@link nodeFetch}. */
export type NodeFetchOptions = {
	/** Headers (re-read for every request, so a rotated token is picked up) and the TLS agent for https. */
	readonly request?: RequestOptions;
	/** A request started. */
	onConnection?(connection: StreamConnection): void;
	/** Response headers arrived (after redirects). */
	onResponse?(info: ResponseInfo): void;
	/** Body bytes arrived: every chunk, comments and pings included. */
	onBytes?(count: number): void;
};

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** eventsource types its signal loosely; this is the real one (or none). */
function signalOf(value: unknown): AbortSignal | undefined {
	return value instanceof AbortSignal ? value : undefined;
}

function headerOf(res: http.IncomingMessage, name: string): string {
	const value = res.headers[name];
	return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function send(url: URL, headers: Record<string, string>, options: NodeFetchOptions, signal: AbortSignal | undefined): Promise<{req: http.ClientRequest; res: http.IncomingMessage}> {
	return new Promise((resolve, reject) => {
		const secure = url.protocol === 'https:';
		if (!secure && url.protocol !== 'http:') return reject(new Error(`unsupported protocol ${sanitizeText(url.protocol, {maxLength: 20})}`));
		// agent false: a socket of our own, closed with the stream, never parked in a keep-alive pool
		// (the TLS agent and the proxy agents keep none either).
		const agent = agentFor(options.request, url) ?? false;
		const req = (secure ? https : http).request(url, {method: 'GET', headers, agent, signal});
		req.once('response', res => resolve({req, res}));
		req.once('error', reject);
		options.onConnection?.({abort: error => req.destroy(error)});
		req.end();
	});
}

/**
 * A `fetch` for eventsource that goes through node:http/https, so an `https.Agent` (custom CA, client
 * certificate, `--insecure-skip-verify`) and the connection's proxy apply, which undici's fetch cannot
 * take. It adds the configured headers, follows up to 5 redirects (dropping credentials when the origin changes),
 * reports the response and every body chunk, and closes the socket at once on a response eventsource
 * will refuse (not 200, or not `text/event-stream`) instead of reading its body.
 */
export function nodeFetch(options: NodeFetchOptions = {}): FetchLike {
	return async (input, init) => {
		const signal = signalOf(init.signal);
		let url = new URL(String(input));
		let headers: Record<string, string> = {...options.request?.headers(), ...init.headers, 'Cache-Control': 'no-cache'};
		for (let hop = 0; ; hop++) {
			const {req, res} = await send(url, headers, options, signal);
			const status = res.statusCode ?? 0;
			const location = headerOf(res, 'location');
			if (REDIRECTS.has(status) && location !== '' && hop < MAX_REDIRECTS) {
				res.destroy();
				const next = new URL(location, url);
				if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIALS.has(name.toLowerCase())));
				url = next;
				continue;
			}
			const contentType = headerOf(res, 'content-type');
			// 407 is the proxy's answer, not the server's: the reason shown names the proxy.
			const proxy = status === 407 ? options.request?.proxyFor?.(url) : undefined;
			const statusText = sanitizeText(res.statusMessage ?? '', {maxLength: 80}) + (proxy ? ` (from proxy ${proxy.shown})` : '');
			options.onResponse?.({status, statusText, contentType: sanitizeText(contentType, {maxLength: 100})});
			const response = {url: url.href, status, redirected: hop > 0, headers: {get: (name: string) => headerOf(res, name.toLowerCase()) || null}};
			// The same test eventsource applies: anything else it closes without reading the body.
			if (status !== 200 || !contentType.startsWith('text/event-stream')) {
				res.destroy();
				return {...response, body: null};
			}
			const tap = new Transform({
				transform(chunk: Buffer, _encoding, done) {
					options.onBytes?.(chunk.length);
					done(null, chunk);
				},
			});
			// A reset socket errors `res`; pipeline passes the error on to the body eventsource reads.
			pipeline(res, tap, () => undefined);
			options.onConnection?.({
				abort: error => {
					tap.destroy(error);
					req.destroy(error);
				},
			});
			return {...response, body: Readable.toWeb(tap) as FetchLikeResponse['body']};
		}
	};
}
