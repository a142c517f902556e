import {AxiosHeaders, type RawAxiosHeaders} from 'axios';
import type {AdapterConfig, AdapterResponse} from './node-http-adapter.js';

/**
 * prometheus-query's `request(method, uri, params, body)` for the instant queries of a refresh, sent
 * without axios' request pipeline (mergeConfig, the interceptor chain, transformData: about a point of
 * CPU at the default refresh, issue 7). What goes on the wire and every way it can fail stay exactly
 * as through the driver: the same headers (axios' defaults, then the client's request hook, then the
 * form's content type unless one was set), the same adapter, the client's response hooks, axios' JSON
 * decoding, and prometheus-query's rejections ({@link promOutcome}), which source-error.ts decodes.
 */

/** axios' default Accept header, which prometheus-query's requests carry. */
const ACCEPT = 'application/json, text/plain, */*';
/** The content type axios gives a URLSearchParams body. */
const FORM = 'application/x-www-form-urlencoded;charset=utf-8';

/** The config the client's hooks see: axios' fields that they and the adapter read. */
export type HookConfig = AdapterConfig & {
	headers: AxiosHeaders;
	/** The adapter the request hook chose (the client always sets one). */
	adapter?: unknown;
};

/** The client's interceptors, run where axios runs them. */
export type RequestHooks = {
	/** The request interceptor: adds the connection's headers and chooses the adapter; may throw. */
	readonly prepare: (config: HookConfig) => HookConfig;
	/** The response interceptor for an answer the adapter accepted. */
	readonly answered: (response: AdapterResponse) => AdapterResponse;
	/** The response interceptor for everything else (an adapter rejection, or what `prepare` threw). */
	readonly failed: (error: unknown) => Promise<never>;
};

/** axios' transformResponse: a non-empty text that parses as JSON becomes its value, anything else stays as it is. */
function decodeBody(data: unknown): unknown {
	if (typeof data !== 'string' || data === '') return data;
	try {
		return JSON.parse(data) as unknown;
	} catch {
		return data;
	}
}

type Thrown = {isAxiosError?: unknown; code?: unknown; message?: unknown; response?: {status?: unknown; statusText?: unknown; data?: unknown}};

/**
 * prometheus-query's handleResponse, word for word: an answer's `data`, or a thrown plain object
 * (`timeout_error`, `ssl_error`, `network_error`, `client_error` for a body that is not API JSON,
 * `http_error` with Prometheus' error for a failed status).
 */
function handleResponse(input: unknown, isError = false): unknown {
	const thrown = (input ?? undefined) as Thrown | undefined;
	const isAxiosError = thrown?.isAxiosError === true;
	const response = isAxiosError ? thrown.response : !(isError || isAxiosError) ? (thrown as Thrown['response']) : thrown?.response;
	if (!response) {
		const code = thrown?.code;
		const message = thrown?.message ?? 'unexpected network error';
		// Plain objects, not Errors: prometheus-query's shapes, which toSourceError decodes.
		throw {status: 'error', errorType: code === 'ECONNABORTED' ? 'timeout_error' : typeof code === 'string' && code.startsWith('ERR_SSL') ? 'ssl_error' : 'network_error', error: message, code, original: input};
	}
	const data = response.data as {status?: unknown; error?: unknown; data?: unknown} | undefined;
	if (!data || data.status === null || data.status === undefined) throw {status: 'error', errorType: 'client_error', error: 'unexpected client error', data};
	if (isError || isAxiosError) throw {status: 'error', errorType: 'http_error', httpStatus: response.status, error: data.error ?? response.statusText, prometheus: data};
	return data.data;
}

/** The answer's `data` as prometheus-query resolves it, or its rejection: `.then(handleResponse).catch(e => handleResponse(e, true))`. */
async function promOutcome(answer: Promise<unknown>): Promise<unknown> {
	let response: unknown;
	try {
		response = await answer;
	} catch (error) {
		return handleResponse(error, true);
	}
	try {
		return handleResponse(response);
	} catch (error) {
		return handleResponse(error, true);
	}
}

/** Runs the hooks and the adapter as axios' request chain and dispatchRequest do. */
async function dispatch(config: HookConfig, hooks: RequestHooks): Promise<AdapterResponse> {
	let response: AdapterResponse;
	try {
		const prepared = hooks.prepare(config);
		const form = prepared.data as URLSearchParams;
		const sent: HookConfig = {...prepared, data: form.toString()};
		// transformData's steps on the headers, in its order.
		sent.headers.normalize(false);
		sent.headers.setContentType(FORM, false);
		sent.headers.normalize(false);
		const adapter = prepared.adapter as (config: AdapterConfig) => Promise<AdapterResponse>;
		try {
			response = await adapter(sent);
		} catch (error) {
			const failed = (error as {response?: AdapterResponse} | null)?.response;
			if (failed) {
				failed.data = decodeBody(failed.data) as string;
				failed.headers = AxiosHeaders.from(failed.headers as Record<string, string>) as unknown as Record<string, unknown>;
			}
			throw error;
		}
		response.data = decodeBody(response.data) as string;
	} catch (error) {
		return hooks.failed(error);
	}
	return hooks.answered(response);
}

/**
 * Sends `fields` to `uri` (`query`) under `baseURL` as prometheus-query's request would, GET in the
 * URL or POST as a form, and resolves with the answer's `data` or rejects with the driver's shapes.
 */
export async function promRequest(hooks: RequestHooks, baseURL: string, method: 'GET' | 'POST', uri: string, fields: Readonly<Record<string, string>>): Promise<unknown> {
	const form = new URLSearchParams(fields);
	const config: HookConfig = {
		baseURL,
		url: uri,
		method: method.toLowerCase(),
		params: method === 'GET' ? form : new URLSearchParams(),
		data: method === 'POST' ? form : new URLSearchParams(),
		// axios' defaults.headers.common: the Content-Type slot is there, unset, so it keeps its place first.
		headers: new AxiosHeaders({Accept: ACCEPT, 'Content-Type': undefined} as unknown as RawAxiosHeaders),
	};
	return promOutcome(dispatch(config, hooks));
}
