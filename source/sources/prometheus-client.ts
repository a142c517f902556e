import {PrometheusDriver} from 'prometheus-query';
import {sanitizeLabels, sanitizeText, safeHttpUrl} from '../model/sanitize.js';
import type {AlertItem, AlertState} from '../model/types.js';
import {DEFAULT_MAX_BODY_BYTES} from './body-limit.js';
import type {RequestOptions} from './http-options.js';
import {nodeHttpAdapter, type AdapterResponse} from './node-http-adapter.js';
import {promRequest, type HookConfig, type RequestHooks} from './prom-request.js';
import {parsePromValue} from './prom-value.js';
import {proxyAuthRequired, type ProxyEndpoint} from './proxy.js';
import {redactorOf} from './redact.js';
import {parseRetryAfter} from './retry-after.js';
import {toSourceError, type SourceError} from './source-error.js';
import type {AlertRuleInfo} from '../model/evidence.js';
import {decodeRules} from './decode-rules.js';

export {parseRetryAfter} from './retry-after.js';

/** One series of an instant vector, labels sanitised. */
export type Sample = {readonly labels: Readonly<Record<string, string>>; readonly value: number};

/** The outcome of one request: data (with any warnings) or a decoded error. */
export type Result<T> =
	| {readonly ok: true; readonly data: T; readonly warnings: readonly string[]}
	| {readonly ok: false; readonly error: SourceError};

/** Answers worth another try within the same refresh: rate limited, or a proxy in front is struggling. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** Attempts per request, and the longest wait between two of them (Retry-After included). */
const ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 5000;
/** Longest a request is held back for a server's Retry-After once retrying within the request gave up. */
const MAX_HOLD_MS = 60_000;

/** Warnings and infos kept per answer; a line says how many more there were. */
const MAX_NOTES = 10;
/** Alerts kept per answer. */
const MAX_ALERTS = 5000;
/** Series kept per instant query. */
const MAX_SERIES = 100_000;

export type PrometheusClientOptions = {
	readonly url: string;
	readonly timeoutMs: number;
	/** Auth headers and TLS settings of the connection. */
	readonly request?: RequestOptions;
	/** Largest answer accepted, in bytes (default 32 MiB); a larger one is refused with an error saying so. */
	readonly maxBodyBytes?: number;
};

/** The driver's generic request (it adds the base URL, the form body and the interceptors); resolves with the answer's `data`. */
type RawDriver = {request(method: 'GET' | 'POST', uri: string, params: Record<string, string | string[]> | null, body?: Record<string, string>): Promise<unknown>};

/**
 * The `warnings` and `infos` of an answer as one list (RELIABILITY 10): warnings as they are, infos
 * (newer Prometheus versions; 2.42 sends warnings only) starting with `info: `, each sanitised; past MAX_NOTES a last line says how many more.
 */
export function answerNotes(body: unknown): string[] {
	const record = typeof body === 'object' && body !== null ? (body as {warnings?: unknown; infos?: unknown}) : {};
	const list = (value: unknown) => (Array.isArray(value) ? value : []);
	const notes = [...list(record.warnings).map(note => ({prefix: '', note})), ...list(record.infos).map(note => ({prefix: 'info: ', note}))];
	const shown = notes.slice(0, MAX_NOTES).map(({prefix, note}) => `${prefix}${sanitizeText(note, {maxLength: 300})}`);
	return notes.length > MAX_NOTES ? [...shown, `${notes.length - MAX_NOTES} more warnings or infos not shown`] : shown;
}

/**
 * Decodes the `data` of an instant query (`/api/v1/query`): a vector's series (labels sanitised,
 * values as Prometheus writes them, `"+Inf"` included), or a scalar as one sample without labels.
 * Never throws; `warning` says why nothing came back for another result type or a malformed answer.
 */
export function decodeInstant(data: unknown): {samples: Sample[]; warning?: string} {
	const record = typeof data === 'object' && data !== null ? (data as {resultType?: unknown; result?: unknown}) : {};
	const valueOf = (pair: unknown) => (Array.isArray(pair) ? (parsePromValue(pair[1]) ?? Number.NaN) : Number.NaN);
	if (record.resultType === 'scalar') return {samples: [{labels: {}, value: valueOf(record.result)}]};
	if (record.resultType !== 'vector' || !Array.isArray(record.result)) {
		return {samples: [], warning: `unexpected result type ${sanitizeText(record.resultType ?? 'none', {maxLength: 20})}`};
	}
	const samples = record.result.slice(0, MAX_SERIES).map((raw: unknown): Sample => {
		const series = typeof raw === 'object' && raw !== null ? (raw as {metric?: unknown; value?: unknown}) : {};
		const metric = typeof series.metric === 'object' && series.metric !== null && !Array.isArray(series.metric) ? (series.metric as Record<string, unknown>) : {};
		const name = Object.prototype.hasOwnProperty.call(metric, '__name__') ? metric.__name__ : undefined;
		// Built in place, not spread and deleted: on Node 20 each `{...labels, __name__}` got a map of its
		// own and `delete` left the copy slow (issue 7); the name still comes last.
		const labels = sanitizeLabels(metric, '__name__');
		if (name) labels.__name__ = sanitizeText(name, {maxLength: 200});
		return {labels, value: valueOf(series.value)};
	});
	return {samples};
}

/** Identifies a request across the interceptor and the retry loop: API path and query text. */
function requestKey(url: string | undefined, config: {params?: unknown; data?: unknown}): string {
	return `${url ?? ''}|${queryOf(config) ?? ''}`;
}

/** The PromQL of a request, from its URL parameters (GET) or its form body (POST). */
function queryOf(config: {params?: unknown; data?: unknown}): string | null {
	if (config.params instanceof URLSearchParams && config.params.has('query')) return config.params.get('query');
	if (config.data instanceof URLSearchParams) return config.data.get('query');
	return typeof config.data === 'string' ? new URLSearchParams(config.data).get('query') : null;
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];

/** Orders alerts for triage: severity, then firing before pending, then oldest first. */
export function compareAlerts(a: AlertItem, b: AlertItem): number {
	const rank = (severity: string) => {
		const index = SEVERITY_ORDER.indexOf(severity.toLowerCase());
		return index === -1 ? SEVERITY_ORDER.length : index;
	};
	const stateRank = (state: AlertState) => (state === 'firing' ? 0 : state === 'pending' ? 1 : 2);
	return rank(a.severity) - rank(b.severity) || stateRank(a.state) - stateRank(b.state) || (a.activeAt ?? 0) - (b.activeAt ?? 0) || a.id.localeCompare(b.id);
}

/** An RFC 3339 time (as `/api/v1/alerts` sends it) or a Date, as ms since epoch; undefined when unreadable. */
function timeOf(value: unknown): number | undefined {
	const ms = value instanceof Date ? value.getTime() : typeof value === 'string' && value.length <= 64 ? Date.parse(value) : Number.NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Decodes one alert of `/api/v1/alerts` as the server sent it (or one built the same way, with a Date
 * and a number), sanitising every string. `value` is read as Prometheus writes floats: `"+Inf"`,
 * `"-Inf"`, `"NaN"` and `"1e-01"` keep their meaning ({@link parsePromValue}); anything else is absent.
 */
export function decodeAlert(raw: unknown): AlertItem {
	const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const labels = sanitizeLabels(record.labels);
	const annotations = sanitizeLabels(record.annotations);
	const name = labels.alertname ?? '(unnamed alert)';
	const stateText = sanitizeText(record.state, {maxLength: 20});
	const state: AlertState = stateText === 'firing' || stateText === 'pending' ? stateText : 'inactive';
	const activeAt = timeOf(record.activeAt);
	const value = parsePromValue(record.value);
	const id = `${name}{${Object.keys(labels).sort().map(key => `${key}=${labels[key]}`).join(',')}}`;
	return {
		id,
		name,
		state,
		severity: labels.severity ?? 'none',
		summary: annotations.summary ?? annotations.message ?? '',
		description: annotations.description ?? '',
		activeAt,
		value,
		labels,
		annotations,
		runbookUrl: safeHttpUrl(typeof record.annotations === 'object' && record.annotations !== null ? (record.annotations as Record<string, unknown>).runbook_url : undefined),
	};
}

/**
 * Prometheus HTTP API client: prometheus-query's request plumbing (axios) underneath, sent over node:http
 * (node-http-adapter.ts, the path httpGet uses); the instant queries of every refresh skip axios' request
 * pipeline and reach the same adapter and hooks directly (prom-request.ts), with the same requests and
 * errors. With timeouts,
 * a body cap, redirects that keep the connection's headers on the first origin, warnings and infos
 * captured (its own warningHook never fires), secrets redacted from errors, and every answer decoded
 * and sanitised here from the raw JSON (prometheus-query's own decoding turns `"+Inf"` into NaN).
 */
export class PrometheusClient {
	/** Everything but the instant queries (prom-request.ts sends those, as the driver would). */
	readonly #driver: PrometheusDriver;
	/** The driver's base URL: the endpoint without its trailing slash, then `/api/v1/`. */
	readonly #baseURL: string;
	/** Queries are sent as POST until a server refuses it, then as GET. */
	#post = true;
	readonly #options: PrometheusClientOptions;
	/** The proxy in front of the endpoint, if any (a 407 names it). */
	readonly #proxy: ProxyEndpoint | undefined;
	readonly #timeoutMs: number;
	/** Redacts the connection's secrets from a message (RELIABILITY 16). */
	readonly #redact: (text: string) => string;
	/** Warnings and infos by request key, filled by the response interceptor and taken by the method that sent it. */
	readonly #notes = new Map<string, string[]>();
	/** Status and Retry-After of the last failed answer, by request key (prometheus-query drops both for non-JSON bodies). */
	readonly #failures = new Map<string, {status?: number; retryAfterMs?: number}>();
	/** Requests not to send again before `until` (Retry-After, or backoff), with the failure to repeat meanwhile. */
	readonly #heldBack = new Map<string, {until: number; error: unknown}>();
	/** The Retry-After a failure was held back for, named in its message. */
	readonly #retryAfter = new WeakMap<object, number>();

	constructor(options: PrometheusClientOptions) {
		this.#timeoutMs = options.timeoutMs;
		this.#redact = redactorOf(options.request);
		this.#options = options;
		const endpoint = URL.canParse(options.url) ? new URL(options.url) : undefined;
		this.#proxy = endpoint && options.request?.proxyFor?.(endpoint);
		this.#baseURL = `${options.url.replace(/\/$/, '')}/api/v1/`;
		this.#driver = new PrometheusDriver({
			endpoint: options.url,
			baseURL: '/api/v1/',
			timeout: options.timeoutMs,
			requestInterceptor: {onFulfilled: config => this.#hooks.prepare(config as unknown as HookConfig) as unknown as typeof config},
			responseInterceptor: {onFulfilled: response => this.#hooks.answered(response as unknown as AdapterResponse) as unknown as typeof response, onRejected: this.#hooks.failed},
		});
	}

	/** The driver's interceptors; the instant queries, sent past axios (prom-request.ts), run them too. */
	readonly #hooks: RequestHooks = {
		prepare: config => {
			const {request, timeoutMs} = this.#options;
			// Read per request: a rotated token file is picked up at the next refresh.
			const added = request ? request.headers() : {};
			for (const [name, value] of Object.entries(added)) config.headers.set(name, value);
			// Every header the connection adds (`--header`, http_headers: X-Scope-OrgID, X-API-Key …) may
			// be a secret: as in httpGet, once a redirect leaves the first origin none of them is sent again.
			const secretNames = new Set([...Object.keys(added), 'authorization', 'cookie', 'proxy-authorization'].map(name => name.toLowerCase()));
			// Sent on node:http (node-http-adapter.ts), not axios' transport: the agents every other
			// client uses (TLS settings, the proxy with our NO_PROXY rules, never axios' env proxy),
			// asked per request; the time limit covers the whole request, body included (a server
			// trickling a byte a second would never hit an idle timeout); the body cap; redirects.
			config.adapter = nodeHttpAdapter({request, timeoutMs, maxBytes: this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, secretNames});
			return config;
		},
		answered: response => {
			const notes = answerNotes(response.data);
			if (notes.length > 0) this.#notes.set(requestKey(response.config.url, response.config), notes);
			return response;
		},
		failed: async (thrown: unknown) => {
			const error = thrown as {config?: {url?: string; params?: unknown; data?: unknown}; response?: {status?: number; headers?: Record<string, unknown>}} | undefined;
			// 407 is the answer of the proxy in front, not of Prometheus: say which proxy wants credentials.
			if (this.#proxy && error?.response?.status === 407) throw new Error(proxyAuthRequired(this.#proxy).message);
			if (error?.config && error.response) {
				this.#failures.set(requestKey(error.config.url, error.config), {
					status: error.response.status,
					retryAfterMs: parseRetryAfter(error.response.headers?.['retry-after']),
				});
			}
			throw thrown;
		},
	};

	/**
	 * Runs a request, trying again (at most ATTEMPTS times in all) on 429/502/503/504 after the
	 * server's Retry-After or a short jittered backoff, both capped; 400, 422 and the rest fail at once.
	 * Retrying takes no longer than the request's time limit: the refresh waits for every query, so one
	 * rate-limited query must not hold every pane longer than a slow one would. A wait that does not fit
	 * fails now, and the request is not sent again until the wait is over (its failure is repeated), so
	 * Retry-After is still honoured across refreshes.
	 */
	async #withRetry<T>(key: string, call: () => Promise<T>): Promise<T> {
		const held = this.#heldBack.get(key);
		if (held && Date.now() < held.until) throw held.error;
		this.#heldBack.delete(key);
		const started = Date.now();
		for (let attempt = 1; ; attempt++) {
			try {
				return await call();
			} catch (error) {
				const failure = this.#failures.get(key);
				this.#failures.delete(key);
				// A proxy's HTML error page reaches us without its status: put it back for the message.
				if (failure?.status !== undefined && typeof error === 'object' && error !== null && !('httpStatus' in error)) Object.assign(error, {httpStatus: failure.status});
				const status = toSourceError(error, this.#timeoutMs).httpStatus;
				if (status === undefined || !RETRY_STATUSES.has(status)) throw error;
				const wait = Math.min(MAX_RETRY_WAIT_MS, failure?.retryAfterMs ?? 250 * 2 ** attempt * (0.8 + 0.4 * Math.random()));
				if (attempt >= ATTEMPTS || Date.now() - started + wait > this.#timeoutMs) {
					const hold = Math.min(MAX_HOLD_MS, Math.max(wait, failure?.retryAfterMs ?? 0));
					if (hold >= 1000) this.#heldBack.set(key, {until: Date.now() + hold, error});
					if (failure?.retryAfterMs !== undefined && hold >= 1000 && typeof error === 'object' && error !== null) this.#retryAfter.set(error, failure.retryAfterMs);
					throw error;
				}
				await new Promise(resolve => setTimeout(resolve, wait));
			}
		}
	}

	/**
	 * A SourceError for what a request threw, the connection's secrets redacted (a server or proxy may
	 * echo them); one held back for the server's Retry-After says how long it asked for.
	 */
	#error(thrown: unknown): SourceError {
		const decoded = toSourceError(thrown, this.#timeoutMs);
		const error = {...decoded, message: this.#redact(decoded.message)};
		const retryAfterMs = typeof thrown === 'object' && thrown !== null ? this.#retryAfter.get(thrown) : undefined;
		return retryAfterMs === undefined ? error : {...error, message: `${error.message} · Retry-After ${Math.round(retryAfterMs / 1000)}s`};
	}

	/** The warnings and infos of the answer to `key`, taken (redacted: server text like any other). */
	#takeNotes(key: string): string[] {
		const notes = this.#notes.get(key) ?? [];
		this.#notes.delete(key);
		return notes.map(note => this.#redact(note));
	}

	/** The driver's raw request, which both drivers have; the answer's `data` comes back undecoded. */
	#raw(driver: PrometheusDriver): RawDriver {
		return driver as unknown as RawDriver;
	}

	/** Evaluates an instant query; a scalar becomes one sample with no labels. */
	async query(promql: string): Promise<Result<Sample[]>> {
		const key = requestKey('query', {params: new URLSearchParams({query: promql})});
		// Sent as prometheus-query's instantQuery sends it: the evaluation time is now, in seconds.
		const params = () => ({query: promql, time: String(Date.now() / 1000)});
		try {
			let data: unknown;
			try {
				data = await this.#withRetry(key, async () => promRequest(this.#hooks, this.#baseURL, this.#post ? 'POST' : 'GET', 'query', params()));
			} catch (error) {
				// POST keeps long PromQL out of URLs; a proxy that refuses it (405) gets GET from now on.
				if (!this.#post || toSourceError(error, this.#timeoutMs).httpStatus !== 405) throw error;
				this.#post = false;
				data = await this.#withRetry(key, async () => promRequest(this.#hooks, this.#baseURL, 'GET', 'query', params()));
			}
			const {samples, warning} = decodeInstant(data);
			const warnings = this.#takeNotes(key);
			return {ok: true, data: samples, warnings: warning ? [...warnings, warning] : warnings};
		} catch (error) {
			this.#notes.delete(key);
			return {ok: false, error: this.#error(error)};
		}
	}

	/** Reads every metric name (`/api/v1/label/__name__/values`), for detecting systems. */
	async metricNames(): Promise<Result<string[]>> {
		const key = requestKey('label/__name__/values', {});
		try {
			const names = (await this.#withRetry(key, async () => this.#driver.labelValues('__name__'))) as unknown;
			const list = Array.isArray(names) ? names.slice(0, 200_000).map(name => sanitizeText(name, {maxLength: 300})) : [];
			return {ok: true, data: list, warnings: this.#takeNotes(key)};
		} catch (error) {
			this.#notes.delete(key);
			return {ok: false, error: this.#error(error)};
		}
	}

	/**
	 * Reads `/api/v1/alerts`: firing and pending alerts, sorted for triage. Read raw (prometheus-query's
	 * `alerts()` parses values with parseFloat, `"+Inf"` becoming NaN, and throws on an odd field).
	 */
	async alerts(): Promise<Result<AlertItem[]>> {
		const key = requestKey('alerts', {});
		try {
			const data = await this.#withRetry(key, async () => this.#raw(this.#driver).request('GET', 'alerts', null));
			const list = (data as {alerts?: unknown} | null)?.alerts;
			const raw = Array.isArray(list) ? list : [];
			const warnings = this.#takeNotes(key);
			if (raw.length > MAX_ALERTS) warnings.push(`showing ${MAX_ALERTS} of ${raw.length} alerts`);
			return {ok: true, data: raw.slice(0, MAX_ALERTS).map(decodeAlert).sort(compareAlerts), warnings};
		} catch (error) {
			this.#notes.delete(key);
			return {ok: false, error: this.#error(error)};
		}
	}

	/**
	 * Reads the alerting rules (`/api/v1/rules?type=alert`): expression, `for:`, health and last
	 * evaluation of each. `alertNames` become `rule_name[]`, which newer Prometheus versions and Mimir
	 * filter by (2.42 ignores it and sends every rule; the caller matches names anyway). prometheus-query's
	 * own `rules()` can pass neither and drops the evaluation fields, so this goes through its request
	 * method: same headers, TLS, timeout and retries as every other call.
	 */
	async rules(alertNames?: readonly string[]): Promise<Result<AlertRuleInfo[]>> {
		const key = requestKey('rules', {});
		try {
			const params = {type: 'alert', ...(alertNames?.length ? {rule_name: [...alertNames]} : {})};
			const data = await this.#withRetry(key, async () => this.#raw(this.#driver).request('GET', 'rules', params));
			const {rules, dropped} = decodeRules(data);
			const warnings = this.#takeNotes(key);
			return {ok: true, data: rules, warnings: dropped > 0 ? [...warnings, `${dropped} more alerting rules not read (at most ${rules.length})`] : warnings};
		} catch (error) {
			this.#notes.delete(key);
			return {ok: false, error: this.#error(error)};
		}
	}

	/** Reads `/api/v1/status/buildinfo`, to check the server is reachable and speaks the API. */
	async buildInfo(): Promise<Result<{version: string}>> {
		try {
			const info = (await this.#driver.statusBuildinfo()) as {version?: unknown};
			this.#notes.delete(requestKey('status/buildinfo', {}));
			return {ok: true, data: {version: sanitizeText(info?.version ?? 'unknown', {maxLength: 40})}, warnings: []};
		} catch (error) {
			return {ok: false, error: this.#error(error)};
		}
	}
}
