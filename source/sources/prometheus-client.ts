import {PrometheusDriver} from 'prometheus-query';
import {sanitizeLabels, sanitizeText, safeHttpUrl} from '../model/sanitize.js';
import type {AlertItem, AlertState} from '../model/types.js';
import type {RequestOptions} from './http-options.js';
import {toSourceError, type SourceError} from './source-error.js';

/** One series of an instant vector, labels sanitised. */
export type Sample = {readonly labels: Readonly<Record<string, string>>; readonly value: number};

/** The outcome of one request: data (with any warnings) or a decoded error. */
export type Result<T> =
	| {readonly ok: true; readonly data: T; readonly warnings: readonly string[]}
	| {readonly ok: false; readonly error: SourceError};

/** Responses larger than this are refused instead of filling memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type PrometheusClientOptions = {
	readonly url: string;
	readonly timeoutMs: number;
	/** Auth headers and TLS settings of the connection. */
	readonly request?: RequestOptions;
};

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

function decodeAlert(raw: unknown): AlertItem {
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
	readonly #driver: PrometheusDriver;
	readonly #timeoutMs: number;
	/** Warnings by query text, filled by the response interceptor and taken by `query`. */
	readonly #warnings = new Map<string, string[]>();

	constructor(options: PrometheusClientOptions) {
		this.#timeoutMs = options.timeoutMs;
		this.#driver = new PrometheusDriver({
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
						if (options.request.httpsAgent) config.httpsAgent = options.request.httpsAgent;
					}
					return config;
				},
			},
			responseInterceptor: {
				onFulfilled: response => {
					const body = response.data as {warnings?: unknown; infos?: unknown} | undefined;
					const notes = [body?.warnings, body?.infos].flatMap(list => (Array.isArray(list) ? list : []));
					const params = response.config.params as URLSearchParams | undefined;
					const query = params instanceof URLSearchParams ? params.get('query') : null;
					if (notes.length > 0 && query !== null) this.#warnings.set(query, notes.slice(0, 10).map(note => sanitizeText(note, {maxLength: 300})));
					return response;
				},
			},
		});
	}

	/** Evaluates an instant query; a scalar becomes one sample with no labels. */
	async query(promql: string): Promise<Result<Sample[]>> {
		try {
			const result = await this.#driver.instantQuery(promql);
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
			return {ok: false, error: toSourceError(error, this.#timeoutMs)};
		}
	}

	/** Reads every metric name (`/api/v1/label/__name__/values`), for detecting systems. */
	async metricNames(): Promise<Result<string[]>> {
		try {
			const names = (await this.#driver.labelValues('__name__')) as unknown;
			const list = Array.isArray(names) ? names.slice(0, 200_000).map(name => sanitizeText(name, {maxLength: 300})) : [];
			return {ok: true, data: list, warnings: []};
		} catch (error) {
			return {ok: false, error: toSourceError(error, this.#timeoutMs)};
		}
	}

	/** Reads `/api/v1/alerts`: firing and pending alerts, sorted for triage. */
	async alerts(): Promise<Result<AlertItem[]>> {
		try {
			const raw = await this.#driver.alerts();
			return {ok: true, data: raw.slice(0, 5000).map(decodeAlert).sort(compareAlerts), warnings: []};
		} catch (error) {
			return {ok: false, error: toSourceError(error, this.#timeoutMs)};
		}
	}

	/** Reads `/api/v1/status/buildinfo`, to check the server is reachable and speaks the API. */
	async buildInfo(): Promise<Result<{version: string}>> {
		try {
			const info = (await this.#driver.statusBuildinfo()) as {version?: unknown};
			return {ok: true, data: {version: sanitizeText(info?.version ?? 'unknown', {maxLength: 40})}, warnings: []};
		} catch (error) {
			return {ok: false, error: toSourceError(error, this.#timeoutMs)};
		}
	}
}
