import http from 'node:http';
import {GetFailure, requestDeadline, sendFollowing} from './http-get.js';
import type {RequestOptions} from './http-options.js';

/**
 * axios' own transport (its http adapter, follow-redirects and a zlib stream per answer) cost
 * 33–40 ms of CPU a refresh where node:http took 7–10 ms (issue 7). prometheus-query keeps its
 * axios instance, request building and error shapes; only the last step, sending the request and
 * reading the answer, goes through {@link sendFollowing}, the one node:http path every other client
 * uses: keep-alive sockets, the connection's agent asked for every hop (proxies, TLS), redirects that
 * leave the connection's headers on the first origin, a body cap, and a time limit on the whole request.
 */

/** The part of axios' request config an adapter reads (after axios' transformRequest). */
export type AdapterConfig = {
	readonly baseURL?: string;
	readonly url?: string;
	readonly method?: string;
	readonly params?: unknown;
	/** The body as transformRequest left it: a string (prometheus-query's form fields) or nothing. */
	readonly data?: unknown;
	readonly headers?: unknown;
	readonly validateStatus?: ((status: number) => boolean) | null;
};

/** What axios expects an adapter to resolve with (and a failed answer's error to carry). */
export type AdapterResponse = {
	data: string;
	readonly status: number;
	readonly statusText: string;
	headers: Record<string, unknown>;
	readonly config: AdapterConfig;
	readonly request: unknown;
};

/**
 * What the adapter rejects with: the fields of an AxiosError that axios and prometheus-query read
 * (`isAxiosError`, `code`, `message`, `response`), so the rejections keep the shapes source-error.ts decodes.
 */
export type AdapterError = {
	readonly isAxiosError: true;
	readonly name: 'AxiosError';
	readonly message: string;
	readonly code?: string;
	readonly config: AdapterConfig;
	readonly response?: AdapterResponse;
	readonly cause?: unknown;
};

/** How {@link nodeHttpAdapter} sends. */
export type NodeAdapterOptions = {
	/** The connection's agents; `agentFor` is asked for every request and hop. */
	readonly request?: RequestOptions;
	/** Limit on the whole request, redirects and body included (a server trickling bytes still times out). */
	readonly timeoutMs: number;
	/** Largest answer accepted, in bytes. */
	readonly maxBytes: number;
	/** Lower-case names of the headers that never follow a redirect to another origin. */
	readonly secretNames: ReadonlySet<string>;
};

/** baseURL + url + params, joined as axios' buildFullPath and buildURL do. */
function requestUrl(config: AdapterConfig): string {
	const path = config.url ?? '';
	const base = config.baseURL ?? '';
	let url = base && !/^([a-z][a-z\d+\-.]*:)?\/\//i.test(path) ? (path ? `${base.replace(/\/?\/$/, '')}/${path.replace(/^\/+/, '')}` : base) : path;
	const params = config.params instanceof URLSearchParams ? config.params.toString() : '';
	if (!params) return url;
	const hash = url.indexOf('#');
	if (hash !== -1) url = url.slice(0, hash);
	return `${url}${url.includes('?') ? '&' : '?'}${params}`;
}

/** The request's headers as plain strings, split into those kept on every hop and the connection's own. */
function splitHeaders(config: AdapterConfig, secretNames: ReadonlySet<string>): {headers: Record<string, string>; secrets: Record<string, string>} {
	const raw = config.headers as {toJSON?: (asStrings: boolean) => Record<string, unknown>} | Record<string, unknown> | undefined;
	const all = typeof raw?.toJSON === 'function' ? raw.toJSON(true) : ((raw ?? {}) as Record<string, unknown>);
	const headers: Record<string, string> = {'User-Agent': 'agentmon'};
	const secrets: Record<string, string> = {};
	for (const [name, value] of Object.entries(all)) {
		if (value === undefined || value === null || value === false) continue;
		const lower = name.toLowerCase();
		if (lower === 'user-agent') delete headers['User-Agent'];
		(secretNames.has(lower) ? secrets : headers)[name] = String(value);
	}
	return {headers, secrets};
}

function failure(config: AdapterConfig, message: string, code?: string, cause?: unknown, response?: AdapterResponse): AdapterError {
	return {isAxiosError: true, name: 'AxiosError', message, config, ...(code === undefined ? {} : {code}), ...(response ? {response} : {}), ...(cause === undefined ? {} : {cause})};
}

/**
 * An axios adapter on node:http/https (see the note at the top of this file). It resolves with a
 * 2xx answer (or whatever `validateStatus` accepts) and rejects as axios' own adapter does: a failed
 * status with its `response` (status, headers, body), a body over the cap as axios' maxContentLength
 * error, the time limit as ECONNABORTED, and a socket, TLS or proxy error with its code and message.
 */
export function nodeHttpAdapter(options: NodeAdapterOptions): (config: AdapterConfig) => Promise<AdapterResponse> {
	return async config => {
		const method = (config.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
		let url: URL;
		try {
			url = new URL(requestUrl(config));
			if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Unsupported protocol ${url.protocol}`);
		} catch (error) {
			throw failure(config, error instanceof Error ? error.message : 'Invalid URL', 'ERR_INVALID_URL', error);
		}
		const {headers, secrets} = splitHeaders(config, options.secretNames);
		const body = method === 'POST' && typeof config.data === 'string' && config.data ? config.data : undefined;
		const deadline = requestDeadline(options.timeoutMs);
		let answer;
		try {
			answer = await sendFollowing(url, {method, headers, secrets, body}, {request: options.request, maxBytes: options.maxBytes}, deadline.controller.signal);
		} catch (error) {
			if (deadline.passed()) throw failure(config, `timeout of ${options.timeoutMs}ms exceeded`, 'ECONNABORTED', error);
			// The words axios uses, which source-error.ts turns into "answer larger than … refused".
			if (error instanceof GetFailure && /^answer larger than/.test(error.message)) throw failure(config, `maxContentLength size of ${options.maxBytes} exceeded`, 'ERR_BAD_RESPONSE', error);
			const code = (error as {code?: unknown} | null)?.code;
			throw failure(config, error instanceof Error ? error.message : String(error), typeof code === 'string' ? code : undefined, error);
		} finally {
			deadline.clear();
		}
		const {response} = answer;
		const status = response.statusCode ?? 0;
		const result: AdapterResponse = {data: answer.body, status, statusText: response.statusMessage ?? http.STATUS_CODES[status] ?? '', headers: response.headers, config, request: null};
		const accept = typeof config.validateStatus === 'function' ? config.validateStatus : (code: number) => code >= 200 && code < 300;
		if (!status || config.validateStatus === null || accept(status)) return result;
		throw failure(config, `Request failed with status code ${status}`, status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE', undefined, result);
	};
}
