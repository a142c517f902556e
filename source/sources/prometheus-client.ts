import {PrometheusDriver} from 'prometheus-query';
import {sanitizeLabels, sanitizeText, safeHttpUrl} from '../model/sanitize.js';
import type {AlertItem, AlertState} from '../model/types.js';
import {agentFor, type RequestOptions} from './http-options.js';
import {proxyAuthRequired} from './proxy.js';
import {toSourceError, type SourceError} from './source-error.js';
import type {AlertRuleInfo} from '../model/evidence.js';
import {decodeRules} from './decode-rules.js';

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

/** A Retry-After header as milliseconds: seconds (digits only) or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (/^\d{1,6}$/.test(text)) return Number(text) * 1000;
	// An HTTP date names its weekday or month; anything else (a negative number, noise) is unreadable.
	const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Responses larger than this are refused instead of filling memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type PrometheusClientOptions = {
	readonly url: string;
	readonly timeoutMs: number;
	/** Auth headers and TLS settings of the connection. */
	readonly request?: RequestOptions;
};

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

/** Decodes one alert of `/api/v1/alerts` (or one built the same way), sanitising every string. */
export function decodeAlert(raw: unknown): AlertItem {
	const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const labels = sanitizeLabels(record.labels);
	const annotations = sanitizeLabels(record.annotations);
	const name = labels.alertname ?? '(unnamed alert)';
	const stateText = sanitizeText(record.state, {maxLength: 20});
	const state: AlertState = stateText === 'firing' || stateText === 'pending' ? stateText : 'inactive';
	const activeAt = record.activeAt instanceof Date ? record.activeAt.getTime() : undefined;
	const value = typeof record.value === 'number' ? record.value : undefined;
	const id = `${name}{${Object.keys(labels).sort().map(key => `${key}=${labels[key]}`).join(',')}}`;
	return {
		id,
		name,
		state,
		severity: labels.severity ?? 'none',
		summary: annotations.summary ?? annotations.message ?? '',
		description: annotations.description ?? '',
		activeAt: activeAt !== undefined && Number.isFinite(activeAt) ? activeAt : undefined,
		value,
		labels,
		annotations,
		runbookUrl: safeHttpUrl(record.annotations && (record.annotations as Record<string, unknown>).runbook_url),
	};
}

/**
 * Prometheus HTTP API client: prometheus-query underneath, with timeouts, a body cap,
 * warnings captured (its own warningHook never fires) and every answer decoded and sanitised here.
 */
export class PrometheusClient {
	/** GET for everything but queries, and for queries once a server refused POST. */
	readonly #driver: PrometheusDriver;
	readonly #postDriver: PrometheusDriver;
	#post = true;
	readonly #timeoutMs: number;
	/** Warnings by query text, filled by the response interceptor and taken by `query`. */
	readonly #warnings = new Map<string, string[]>();
	/** Status and Retry-After of the last failed answer, by request key (prometheus-query drops both for non-JSON bodies). */
	readonly #failures = new Map<string, {status?: number; retryAfterMs?: number}>();
	/** Requests not to send again before `until` (Retry-After, or backoff), with the failure to repeat meanwhile. */
	readonly #heldBack = new Map<string, {until: number; error: unknown}>();
	/** The Retry-After a failure was held back for, named in its message. */
	readonly #retryAfter = new WeakMap<object, number>();

	constructor(options: PrometheusClientOptions) {
		this.#timeoutMs = options.timeoutMs;
		// The agents every other client uses (TLS settings, and the proxy with our NO_PROXY rules) for the
		// server and for a redirect to the other scheme; axios' own proxy handling is turned off below.
		const endpoint = URL.canParse(options.url) ? new URL(options.url) : undefined;
		const agentOf = (protocol: string) => {
			if (!endpoint) return undefined;
			const url = new URL(endpoint);
			url.protocol = protocol;
			return agentFor(options.request, url);
		};
		const httpAgent = agentOf('http:');
		const httpsAgent = agentOf('https:');
		const proxy = endpoint && options.request?.proxyFor?.(endpoint);
		const make = (preferPost: boolean) =>
			new PrometheusDriver({
				preferPost,
				endpoint: options.url,
				baseURL: '/api/v1/',
				timeout: options.timeoutMs,
				requestInterceptor: {
					onFulfilled: config => {
						config.maxContentLength = MAX_BODY_BYTES;
						// axios' timeout only limits idle time: a server trickling a byte a second would never
						// time out. The abort signal caps the whole request, body included.
						config.signal = AbortSignal.timeout(options.timeoutMs);
						if (options.request) {
							// Read per request: a rotated token file is picked up at the next refresh.
							for (const [name, value] of Object.entries(options.request.headers())) config.headers.set(name, value);
						}
						// Never axios' env proxy (proxy-from-env): its NO_PROXY rules differ from ours, and
						// proxying goes through the agents, like every other request of agentmon.
						config.proxy = false;
						if (httpAgent) config.httpAgent = httpAgent;
						if (httpsAgent) config.httpsAgent = httpsAgent;
						return config;
					},
				},
				responseInterceptor: {
					onFulfilled: response => {
						const body = response.data as {warnings?: unknown; infos?: unknown} | undefined;
						const notes = [body?.warnings, body?.infos].flatMap(list => (Array.isArray(list) ? list : []));
						const query = queryOf(response.config);
						if (notes.length > 0 && query !== null) this.#warnings.set(query, notes.slice(0, 10).map(note => sanitizeText(note, {maxLength: 300})));
						return response;
					},
					onRejected: (error: {config?: {url?: string; params?: unknown; data?: unknown}; response?: {status?: number; headers?: Record<string, unknown>}}) => {
						// 407 is the answer of the proxy in front, not of Prometheus: say which proxy wants credentials.
						if (proxy && error?.response?.status === 407) return Promise.reject(new Error(proxyAuthRequired(proxy).message));
						if (error?.config && error.response) {
							this.#failures.set(requestKey(error.config.url, error.config), {
								status: error.response.status,
								retryAfterMs: parseRetryAfter(error.response.headers?.['retry-after']),
							});
						}
						return Promise.reject(error);
					},
				},
			});
		this.#driver = make(false);
		this.#postDriver = make(true);
	}

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

	/** A SourceError for what a request threw; one held back for the server's Retry-After says how long it asked for. */
	#error(thrown: unknown): SourceError {
		const error = toSourceError(thrown, this.#timeoutMs);
		const retryAfterMs = typeof thrown === 'object' && thrown !== null ? this.#retryAfter.get(thrown) : undefined;
		return retryAfterMs === undefined ? error : {...error, message: `${error.message} · Retry-After ${Math.round(retryAfterMs / 1000)}s`};
	}

	/** Evaluates an instant query; a scalar becomes one sample with no labels. */
	async query(promql: string): Promise<Result<Sample[]>> {
		try {
			const key = requestKey('query', {params: new URLSearchParams({query: promql})});
			let result;
			try {
				result = await this.#withRetry(key, async () => (this.#post ? this.#postDriver : this.#driver).instantQuery(promql));
			} catch (error) {
				// POST keeps long PromQL out of URLs; a proxy that refuses it (405) gets GET from now on.
				if (!this.#post || toSourceError(error, this.#timeoutMs).httpStatus !== 405) throw error;
				this.#post = false;
				result = await this.#withRetry(key, async () => this.#driver.instantQuery(promql));
			}
			const warnings = this.#warnings.get(promql) ?? [];
			this.#warnings.delete(promql);
			if (result.resultType === 'scalar') {
				const raw = result.result as unknown as [number, string];
				return {ok: true, data: [{labels: {}, value: Number.parseFloat(String(raw[1]))}], warnings};
			}
			if (result.resultType !== 'vector') return {ok: true, data: [], warnings: [...warnings, `unexpected result type ${sanitizeText(result.resultType, {maxLength: 20})}`]};
			const data = result.result.map((series: {metric?: {name?: unknown; labels?: unknown}; value?: {value?: unknown}}) => {
				const labels = sanitizeLabels(series.metric?.labels);
				const name = series.metric?.name ? sanitizeText(series.metric.name, {maxLength: 200}) : undefined;
				return {labels: name ? {...labels, __name__: name} : labels, value: Number(series.value?.value)};
			});
			return {ok: true, data, warnings};
		} catch (error) {
			this.#warnings.delete(promql);
			return {ok: false, error: this.#error(error)};
		}
	}

	/** Reads every metric name (`/api/v1/label/__name__/values`), for detecting systems. */
	async metricNames(): Promise<Result<string[]>> {
		try {
			const names = (await this.#withRetry(requestKey('label/__name__/values', {}), async () => this.#driver.labelValues('__name__'))) as unknown;
			const list = Array.isArray(names) ? names.slice(0, 200_000).map(name => sanitizeText(name, {maxLength: 300})) : [];
			return {ok: true, data: list, warnings: []};
		} catch (error) {
			return {ok: false, error: this.#error(error)};
		}
	}

	/** Reads `/api/v1/alerts`: firing and pending alerts, sorted for triage. */
	async alerts(): Promise<Result<AlertItem[]>> {
		try {
			const raw = await this.#withRetry(requestKey('alerts', {}), async () => this.#driver.alerts());
			return {ok: true, data: raw.slice(0, 5000).map(decodeAlert).sort(compareAlerts), warnings: []};
		} catch (error) {
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
		try {
			const driver = this.#driver as unknown as {request(method: 'GET', uri: string, params: Record<string, string | string[]>): Promise<unknown>};
			const params = {type: 'alert', ...(alertNames?.length ? {rule_name: [...alertNames]} : {})};
			const data = await this.#withRetry(requestKey('rules', {}), async () => driver.request('GET', 'rules', params));
			const {rules, dropped} = decodeRules(data);
			return {ok: true, data: rules, warnings: dropped > 0 ? [`${dropped} more alerting rules not read (at most ${rules.length})`] : []};
		} catch (error) {
			return {ok: false, error: this.#error(error)};
		}
	}

	/** Reads `/api/v1/status/buildinfo`, to check the server is reachable and speaks the API. */
	async buildInfo(): Promise<Result<{version: string}>> {
		try {
			const info = (await this.#driver.statusBuildinfo()) as {version?: unknown};
			return {ok: true, data: {version: sanitizeText(info?.version ?? 'unknown', {maxLength: 40})}, warnings: []};
		} catch (error) {
			return {ok: false, error: this.#error(error)};
		}
	}
}
