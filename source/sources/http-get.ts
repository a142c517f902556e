import http, {type IncomingMessage} from 'node:http';
import https from 'node:https';
import {redactUrl, sanitizeText} from '../model/sanitize.js';
import {DEFAULT_MAX_BODY_BYTES, tooLargeMessage} from './body-limit.js';
import {agentFor, type RequestOptions} from './http-options.js';
import type {Result} from './prometheus-client.js';
import {parseRetryAfter} from './retry-after.js';
import {proxyAuthRequired, ProxyError} from './proxy.js';
import {redactorOf} from './redact.js';
import {toSourceError, type SourceError} from './source-error.js';

/** Options of {@link httpGet}. */
export type HttpGetOptions = {
	/** Limit on the whole request, redirects and body included (a server trickling bytes still times out). */
	readonly timeoutMs: number;
	/** Auth headers (re-read for every call) and the TLS agent of the connection. */
	readonly request?: RequestOptions;
	/** Largest body accepted, in bytes (default 32 MiB); a larger one is refused with an error. */
	readonly maxBytes?: number;
	/** The Accept header (default `application/json`). */
	readonly accept?: string;
	/** Tries in all (default 1); 429/502/503/504 are tried again after Retry-After or a short jittered backoff. */
	readonly attempts?: number;
	/** Cancels the request, e.g. when the user quits. */
	readonly signal?: AbortSignal;
};

/** A 2xx answer. The body is decoded as UTF-8 and NOT sanitised: the caller decodes it, then sanitises what it keeps. */
export type HttpResponse = {readonly status: number; readonly contentType: string; readonly body: string};

/** Error pages are only read this far: enough for a title or a first line. */
const ERROR_BODY_BYTES = 64 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_RETRY_WAIT_MS = 5000;
/** Node's codes for certificate and handshake failures (some name neither CERT nor SSL). */
const TLS_CODE = /CERT|SSL|TLS|SIGNATURE|^EPROTO$/;

/** Raised inside a request (body over the cap, a bad redirect); turned into a SourceError by {@link requestError}. */
export class GetFailure extends Error {
	constructor(readonly failure: SourceError) {
		super(failure.message);
	}
}

const fail = (error: SourceError): Result<never> => ({ok: false, error});

/** One raw exchange: status, headers and as much of the body as was read. */
export type Exchange = {readonly response: IncomingMessage; readonly body: string};

/** What {@link sendFollowing} sends on the first hop. */
export type Outgoing = {
	readonly method: 'GET' | 'POST';
	/** Headers sent on every hop. */
	readonly headers: Readonly<Record<string, string>>;
	/** The connection's headers (auth, `--header`s): sent only while the redirects stay on the first origin. */
	readonly secrets: Readonly<Record<string, string>>;
	readonly body?: string;
};

/** How {@link sendFollowing} reaches the server and reads its answer. */
export type SendOptions = {
	/** The connection's agents (proxy, TLS): asked for every hop, so an agent made anew is used at once. */
	readonly request?: RequestOptions;
	/** Largest 2xx body read (default 32 MiB); past it the request fails with {@link tooLargeMessage}. */
	readonly maxBytes?: number;
};

/** Sends one request and reads its body (at most `maxBytes` for a 2xx, a little for anything else). */
async function exchange(target: URL, method: string, headers: Record<string, string>, body: string | undefined, options: SendOptions, signal: AbortSignal): Promise<Exchange> {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
	const secure = target.protocol === 'https:';
	return new Promise<Exchange>((resolve, reject) => {
		const agent = agentFor(options.request, target);
		const request = (secure ? https : http).request(target, {method, headers, ...(agent ? {agent} : {})});
		const abort = () => request.destroy(new Error('aborted'));
		signal.addEventListener('abort', abort, {once: true});
		const settle = () => signal.removeEventListener('abort', abort);
		// `on`, not `once`: a destroyed request or response may report more than one error.
		request.on('error', error => {
			settle();
			reject(error);
		});
		request.once('response', response => {
			const ok = response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300;
			const limit = ok ? maxBytes : Math.min(maxBytes, ERROR_BODY_BYTES);
			const chunks: Buffer[] = [];
			let size = 0;
			const finish = () => {
				settle();
				resolve({response, body: Buffer.concat(chunks, size).toString('utf8')});
			};
			const tooLarge = () => {
				settle();
				request.destroy();
				reject(new GetFailure({kind: 'bad-response', message: tooLargeMessage(maxBytes), retryable: true}));
			};
			if (ok && Number(response.headers['content-length']) > maxBytes) return tooLarge();
			response.on('data', (chunk: Buffer) => {
				if (size + chunk.length <= limit) {
					chunks.push(chunk);
					size += chunk.length;
				} else if (ok) {
					tooLarge();
				} else {
					chunks.push(chunk.subarray(0, limit - size));
					size = limit;
					finish();
					request.destroy();
				}
			});
			response.once('end', finish);
			response.on('error', error => {
				settle();
				reject(error);
			});
		});
		request.end(body);
	});
}

/**
 * Sends a request and follows up to 5 redirects: a 307/308 repeats the method and body, a 303 (and a
 * 301/302 of a POST) goes on with a GET without body, as browsers and follow-redirects do. Once a
 * redirect leaves the first origin (another host, port, or https to http), none of `secrets` is sent
 * again. Resolves with the last answer whatever its status; throws a GetFailure for a body over the
 * cap, too many redirects or a redirect to another scheme, and the socket's error for anything else.
 */
export async function sendFollowing(url: URL, outgoing: Outgoing, options: SendOptions, signal: AbortSignal): Promise<Exchange & {readonly url: URL}> {
	let target = url;
	let {method, body} = outgoing;
	let headers = outgoing.headers;
	let secrets = outgoing.secrets;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		if (target.origin !== url.origin) secrets = {};
		const answer = await exchange(target, method, {...headers, ...secrets}, body, options, signal);
		const status = answer.response.statusCode ?? 0;
		const location = answer.response.headers.location;
		if (!REDIRECTS.has(status) || !location) return {...answer, url: target};
		target = URL.canParse(location, target) ? new URL(location, target) : new URL('invalid:');
		if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new GetFailure({kind: 'bad-response', message: 'redirected to a non-http(s) URL', retryable: false});
		if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
			method = 'GET';
			body = undefined;
			headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
		}
	}
	throw new GetFailure({kind: 'bad-response', message: `more than ${MAX_REDIRECTS} redirects`, retryable: false});
}

/** A SourceError for whatever a request threw: TLS, network, non-HTTP answer, or anything else. */
function requestError(error: unknown, timeoutMs: number): SourceError {
	if (error instanceof GetFailure) return error.failure;
	// The proxy is unreachable or refused the tunnel: its message names the proxy.
	if (error instanceof ProxyError) return error.failure;
	const code = typeof (error as {code?: unknown})?.code === 'string' ? (error as {code: string}).code : '';
	const message = error instanceof Error ? error.message : '';
	if (code.startsWith('HPE_')) return {kind: 'bad-response', message: 'the server did not answer with HTTP', retryable: true};
	if (TLS_CODE.test(code)) return toSourceError({errorType: 'ssl_error', code, error: message || code}, timeoutMs);
	// Socket errors (ECONNREFUSED, EAI_AGAIN …); Node's own ERR_* codes are not network trouble.
	if (code && !code.startsWith('ERR_')) return toSourceError({errorType: 'network_error', code, error: message}, timeoutMs);
	return toSourceError(error, timeoutMs);
}

/** The readable part of an error body: a JSON API error, an HTML page's title, or the first line of text. */
function statusError(status: number, contentType: string, body: string, timeoutMs: number): SourceError {
	let json: unknown;
	try {
		json = /json/i.test(contentType) ? JSON.parse(body) : undefined;
	} catch {}
	const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
	if (typeof record.error === 'string' && typeof record.errorType === 'string') {
		return toSourceError({errorType: 'http_error', httpStatus: status, error: record.error, prometheus: {errorType: record.errorType}}, timeoutMs);
	}
	const detail = typeof json === 'string' ? json : typeof record.error === 'string' ? record.error : typeof record.message === 'string' ? record.message : undefined;
	const text = detail ?? (/<[a-z!]/i.test(body.slice(0, 512)) ? body : body.trim().split('\n', 1)[0] ?? '');
	// toSourceError keeps an HTML page's title (else its text), sanitised and shortened.
	return toSourceError({errorType: 'client_error', httpStatus: status, data: text.trim() || http.STATUS_CODES[status] || 'empty answer'}, timeoutMs);
}

/** One try, following redirects; also returns the Retry-After of a failed answer. */
async function attempt(url: string, options: HttpGetOptions): Promise<{result: Result<HttpResponse>; retryAfterMs?: number}> {
	let target: URL;
	try {
		target = new URL(url);
		if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http(s)');
	} catch {
		return {result: fail({kind: 'bad-response', message: `not an http(s) URL: ${redactUrl(url)}`, retryable: false})};
	}
	const base = {'User-Agent': 'agentmon', Accept: options.accept ?? 'application/json'};
	const deadline = requestDeadline(options.timeoutMs);
	const {controller} = deadline;
	const cancel = () => controller.abort();
	options.signal?.addEventListener('abort', cancel, {once: true});
	try {
		if (options.signal?.aborted) throw new GetFailure({kind: 'network', message: 'cancelled', retryable: true});
		const {response, body, url: last} = await sendFollowing(target, {method: 'GET', headers: base, secrets: {...options.request?.headers()}}, options, controller.signal);
		const status = response.statusCode ?? 0;
		const contentType = String(response.headers['content-type'] ?? '');
		// 407 comes from the proxy in front, never from the server: say which proxy wants credentials.
		const proxy = status === 407 ? options.request?.proxyFor?.(last) : undefined;
		if (proxy) return {result: fail(proxyAuthRequired(proxy))};
		if (status >= 200 && status < 300) return {result: {ok: true, data: {status, contentType: sanitizeText(contentType, {maxLength: 200}), body}, warnings: []}};
		return {result: fail(statusError(status, contentType, body, options.timeoutMs)), retryAfterMs: parseRetryAfter(response.headers['retry-after'])};
	} catch (error) {
		if (deadline.passed()) return {result: fail(toSourceError({errorType: 'timeout_error'}, options.timeoutMs))};
		if (options.signal?.aborted) return {result: fail({kind: 'network', message: 'cancelled', retryable: true})};
		return {result: fail(requestError(error, options.timeoutMs))};
	} finally {
		deadline.clear();
		options.signal?.removeEventListener('abort', cancel);
	}
}

/** A time limit on a whole request: its controller aborts when `ms` pass; `passed()` says whether that is why. */
export function requestDeadline(ms: number): {readonly controller: AbortController; passed(): boolean; clear(): void} {
	const controller = new AbortController();
	let passed = false;
	const timer = setTimeout(() => {
		passed = true;
		controller.abort();
	}, ms);
	return {controller, passed: () => passed, clear: () => clearTimeout(timer)};
}

/** Waits, or stops waiting as soon as the signal fires. */
async function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	await new Promise<void>(resolve => {
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, {once: true});
	});
}

/**
 * GETs a URL over node:http/https with the connection's headers and TLS agent, a time limit on the
 * whole request, a body cap and up to 5 redirects (credentials stay on the first origin). Never
 * throws: a non-2xx answer, a refused or reset connection, a TLS failure, a timeout or an oversized
 * body all come back as a SourceError whose message is short and sanitised, with the connection's
 * secrets redacted (a server or proxy may echo them in its error page).
 */
export async function httpGet(url: string, options: HttpGetOptions): Promise<Result<HttpResponse>> {
	const attempts = Math.max(1, Math.floor(options.attempts ?? 1));
	for (let count = 1; ; count++) {
		const {result, retryAfterMs} = await attempt(url, options);
		const status = result.ok ? undefined : result.error.httpStatus;
		if (result.ok || count >= attempts || status === undefined || !RETRY_STATUSES.has(status) || options.signal?.aborted) {
			return result.ok ? result : {ok: false, error: {...result.error, message: redactorOf(options.request)(result.error.message)}};
		}
		const wait = Math.min(MAX_RETRY_WAIT_MS, retryAfterMs ?? 250 * 2 ** count * (0.8 + 0.4 * Math.random()));
		await sleep(wait, options.signal);
	}
}
