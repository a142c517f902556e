import http from 'node:http';
import https from 'node:https';
import {performance} from 'node:perf_hooks';
import {redactUrl, sanitizeText} from '../model/sanitize.js';
import {DEFAULT_MAX_BODY_BYTES} from '../sources/body-limit.js';
import {agentFor, type RequestOptions} from '../sources/http-options.js';
import type {Result} from '../sources/prometheus-client.js';
import {proxyAuthRequired, type ProxyEndpoint} from '../sources/proxy.js';
import {redactorOf} from '../sources/redact.js';
import type {SourceError} from '../sources/source-error.js';
import {parseExposition, type Exposition} from './exposition.js';
import {badResponse, httpError, requestError, timeoutError} from './request-error.js';
import {describeErrorBody, readBody} from './response-body.js';

/** One successful scrape: the parsed exposition, the body size (decompressed), how long it took and the Content-Type sent. */
export type ScrapeOk = {exposition: Exposition; bytes: number; durationMs: number; contentType: string};

/** Options of {@link fetchMetrics}. */
export type FetchMetricsOptions = {
	/** Limit of the whole request: connect, headers and body (a server trickling bytes times out too). */
	timeoutMs: number;
	/** Headers (re-read for every request, so a rotated token is picked up) and the TLS agent. */
	request?: RequestOptions;
	/** Largest body accepted, compressed and decompressed. Default 32 MiB. */
	maxBytes?: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
/** How much of an error page is read for its message. */
const ERROR_BODY_BYTES = 64 * 1024;
/** What Prometheus 2.42 asks for, minus protobuf and OpenMetrics (which we also read if sent). */
const ACCEPT = 'text/plain;version=0.0.4;q=0.9,*/*;q=0.1';
/** Media types of answers that are certainly not an exposition: a login page, an API's JSON, protobuf. */
const NOT_EXPOSITION = /^(text\/html|application\/xhtml\+xml|application\/json|application\/[\w.+-]*\+json|application\/vnd\.google\.protobuf)$/;

const fail = (error: SourceError): Result<ScrapeOk> => ({ok: false, error});

/** Headers of one request: ours, then the connection's (which may replace Accept), and always our Accept-Encoding. */
function requestHeaders(timeoutMs: number, request: RequestOptions | undefined): Record<string, string> {
	return {
		Accept: ACCEPT,
		'User-Agent': 'agentmon',
		'X-Prometheus-Scrape-Timeout-Seconds': String(timeoutMs / 1000),
		...request?.headers(),
		'Accept-Encoding': 'gzip',
	};
}

/** Why a 200 answer is not worth parsing, judged by its media type and its first bytes. */
function notExposition(contentType: string, body: Buffer | undefined): string | undefined {
	const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
	if (NOT_EXPOSITION.test(mediaType)) return `content-type ${sanitizeText(mediaType, {maxLength: 80})}`;
	if (body === undefined) return undefined;
	// No exposition line starts with `<` or `{`: an HTML page or JSON served as text/plain.
	const first = body.subarray(0, 512).toString('latin1').trimStart()[0];
	if (first === '<') return 'the body is HTML';
	if (first === '{' || first === '[') return 'the body is JSON';
	return undefined;
}

/** Where a redirect points, absolute, without secrets, sanitised. */
function redirectTarget(location: string | undefined, base: URL): string {
	if (!location) return '(no Location)';
	let absolute = location;
	try {
		absolute = new URL(location, base).href;
	} catch {
		// Shown as sent.
	}
	return sanitizeText(redactUrl(absolute), {maxLength: 200});
}

/**
 * Turns the response into the scrape result: redirects and other statuses into errors, a 2xx body into an
 * exposition. `proxy` is the proxy the request went through: a 407 is its answer, not the target's.
 */
async function handleResponse(response: http.IncomingMessage, target: URL, maxBytes: number, started: number, proxy: ProxyEndpoint | undefined): Promise<Result<ScrapeOk>> {
	const status = response.statusCode ?? 0;
	if (status === 407 && proxy) {
		response.destroy();
		return fail(proxyAuthRequired(proxy));
	}
	const contentType = sanitizeText(response.headers['content-type'] ?? '', {maxLength: 200});
	if (status >= 300 && status < 400) {
		response.destroy();
		const location = redirectTarget(response.headers.location, target);
		return fail({kind: 'http', httpStatus: status, message: `HTTP ${status} → ${location} (redirects are not followed: scrape that URL)`, retryable: false});
	}
	if (status < 200 || status >= 300) {
		const read = await readBody(response, ERROR_BODY_BYTES, true);
		return fail(httpError(status, read.ok ? describeErrorBody(read.body.toString('utf8'), contentType) : ''));
	}
	const byType = notExposition(contentType, undefined);
	if (byType !== undefined) {
		response.destroy();
		return fail(badResponse(`not a Prometheus text exposition (${byType})`, false));
	}
	const read = await readBody(response, maxBytes);
	if (!read.ok) return read;
	const bySniff = notExposition(contentType, read.body);
	if (bySniff !== undefined) return fail(badResponse(`not a Prometheus text exposition (${bySniff})`, false));
	const exposition = parseExposition(read.body.toString('utf8'));
	return {ok: true, data: {exposition, bytes: read.body.length, durationMs: performance.now() - started, contentType}, warnings: []};
}

/**
 * Scrapes one Prometheus text-format endpoint with node:http/https (the https.Agent of
 * `options.request` carries CA, client certificate and verification settings; its proxy, if one
 * applies to the URL, is used). Asks for the
 * 0.0.4 text format with gzip, limits the whole request to `timeoutMs` and the body to
 * `maxBytes`, and never follows redirects. Never rejects: failures are SourceErrors with
 * sanitised messages (connection refused, timed out, TLS error, `HTTP 503: <title>`, not a
 * Prometheus text exposition …), the connection's secrets redacted (an error page may echo them).
 * A 2xx body that parses with errors is still ok: the bad lines are in `exposition.errors`.
 */
export async function fetchMetrics(url: string, options: FetchMetricsOptions): Promise<Result<ScrapeOk>> {
	const result = await scrape(url, options);
	return result.ok ? result : {ok: false, error: {...result.error, message: redactorOf(options.request)(result.error.message)}};
}

/** {@link fetchMetrics}, its failures not yet redacted. */
async function scrape(url: string, options: FetchMetricsOptions): Promise<Result<ScrapeOk>> {
	const started = performance.now();
	const timeoutMs = Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
	const maxBytes = options.maxBytes !== undefined && Number.isFinite(options.maxBytes) && options.maxBytes > 0 ? options.maxBytes : DEFAULT_MAX_BODY_BYTES;
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return fail(badResponse(`invalid URL ${redactUrl(url)}`, false));
	}
	if (target.protocol !== 'http:' && target.protocol !== 'https:') return fail(badResponse(`unsupported URL scheme ${target.protocol} (http or https expected)`, false));
	let headers: Record<string, string>;
	try {
		headers = requestHeaders(timeoutMs, options.request);
	} catch (error) {
		// A secret file that cannot be read: its message names the file, never the content.
		return fail(badResponse(error instanceof Error ? error.message : 'cannot build the request headers'));
	}

	const transport = target.protocol === 'https:' ? https : http;
	const agent = agentFor(options.request, target);
	const proxy = options.request?.proxyFor?.(target);
	let request: http.ClientRequest;
	try {
		request = transport.request(target, {method: 'GET', headers, agent});
	} catch (error) {
		// Node refuses a header holding a line break or another invalid character. Its message may quote
		// the value, which may be a secret: only the code is shown.
		return fail(badResponse(`invalid request header (${sanitizeText((error as NodeJS.ErrnoException).code ?? 'error', {maxLength: 40})})`, false));
	}

	return new Promise<Result<ScrapeOk>>(resolve => {
		let settled = false;
		const timer = setTimeout(() => settle(fail(timeoutError(timeoutMs))), timeoutMs);
		const settle = (result: Result<ScrapeOk>) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (!result.ok) request.destroy();
			resolve(result);
		};
		request.on('response', response => {
			handleResponse(response, target, maxBytes, started, proxy).then(settle, (error: unknown) => settle(fail(requestError(error, timeoutMs))));
		});
		request.on('error', error => settle(fail(requestError(error, timeoutMs))));
		request.end();
	});
}
