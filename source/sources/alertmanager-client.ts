import {sortMergedAlerts} from '../model/merge-alerts.js';
import {sanitizeText, safeHttpUrl} from '../model/sanitize.js';
import type {AlertItem} from '../model/types.js';
import {httpGet, type HttpResponse} from './http-get.js';
import type {RequestOptions} from './http-options.js';
import {decodeAlert, type Result} from './prometheus-client.js';
import {redactorOf} from './redact.js';

/** Options of {@link AlertmanagerClient}. */
export type AlertmanagerClientOptions = {
	/** Base URL of Alertmanager, e.g. `http://alertmanager:9093` (a path prefix is kept). */
	readonly url: string;
	readonly timeoutMs: number;
	/** Auth headers and TLS settings of the connection. */
	readonly request?: RequestOptions;
};

/** One silence of `/api/v2/silences`, sanitised. */
export type SilenceItem = {
	readonly id: string;
	readonly state: 'active' | 'pending' | 'expired';
	readonly createdBy: string;
	readonly comment: string;
	/** ms since epoch. */
	readonly startsAt?: number;
	readonly endsAt?: number;
	readonly matchers: ReadonlyArray<{readonly name: string; readonly value: string; readonly isRegex: boolean; readonly isEqual: boolean}>;
};

type AmStatus = NonNullable<AlertItem['silenced']>;

/** Alerts and silences kept per answer; more is noise in a terminal and memory we do not need. */
const MAX_ITEMS = 5000;
/** Silences or inhibitors named per alert, and matchers kept per silence. */
const MAX_REFERENCES = 50;
const ID_LENGTH = 64;

function recordOf(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An RFC 3339 time as ms since epoch; undefined when missing or unreadable. */
function timeOf(value: unknown): number | undefined {
	const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

/** A list of ids (silences, inhibiting fingerprints), sanitised and capped. */
function idsOf(value: unknown): string[] {
	return Array.isArray(value) ? value.slice(0, MAX_REFERENCES).map(id => sanitizeText(id, {maxLength: ID_LENGTH})) : [];
}

/**
 * Decodes one alert of Alertmanager's `GET /api/v2/alerts`. Its identity, name, severity and
 * annotations are decoded exactly as a Prometheus alert's (same `id`, so the two merge); it is
 * always `firing` (Alertmanager only holds alerts Prometheus sent as firing), active since `startsAt`.
 */
export function decodeAmAlert(raw: unknown): AlertItem {
	const record = recordOf(raw);
	const startsAt = timeOf(record.startsAt);
	const base = decodeAlert({labels: record.labels, annotations: record.annotations, state: 'firing', activeAt: startsAt === undefined ? undefined : new Date(startsAt)});
	const status = recordOf(record.status);
	const silencedBy = idsOf(status.silencedBy).map(id => ({id}));
	const inhibitedBy = idsOf(status.inhibitedBy);
	const stateText = sanitizeText(status.state, {maxLength: 20});
	// An unknown state is shown as active: hiding an alert behind a state we do not understand is worse.
	const state: AmStatus['state'] = stateText === 'suppressed' || stateText === 'unprocessed' ? stateText : silencedBy.length + inhibitedBy.length > 0 ? 'suppressed' : 'active';
	const fingerprint = typeof record.fingerprint === 'string' ? sanitizeText(record.fingerprint, {maxLength: ID_LENGTH}) : undefined;
	const generatorUrl = safeHttpUrl(record.generatorURL);
	return {
		...base,
		silenced: {state, silencedBy, inhibitedBy, ...(fingerprint ? {fingerprint} : {})},
		...(generatorUrl ? {generatorUrl} : {}),
	};
}

/** Decodes one silence of `GET /api/v2/silences`, sanitising every string. */
export function decodeSilence(raw: unknown): SilenceItem {
	const record = recordOf(raw);
	const stateText = sanitizeText(recordOf(record.status).state, {maxLength: 20});
	const matchers = Array.isArray(record.matchers) ? record.matchers.slice(0, MAX_REFERENCES).map(recordOf) : [];
	return {
		id: sanitizeText(record.id, {maxLength: ID_LENGTH}),
		state: stateText === 'active' || stateText === 'pending' ? stateText : 'expired',
		createdBy: sanitizeText(record.createdBy, {maxLength: 200}),
		comment: sanitizeText(record.comment, {maxLength: 1000}),
		startsAt: timeOf(record.startsAt),
		endsAt: timeOf(record.endsAt),
		matchers: matchers.map(matcher => ({
			name: sanitizeText(matcher.name, {maxLength: 128}),
			value: sanitizeText(matcher.value, {maxLength: 1024}),
			isRegex: matcher.isRegex === true,
			// Absent before Alertmanager 0.22: equality was the only kind then.
			isEqual: matcher.isEqual !== false,
		})),
	};
}

/** The JSON array of an answer, or an error saying what came instead (quoting its start, secrets redacted). */
function jsonArray(result: Result<HttpResponse>, redact: (text: string) => string): Result<unknown[]> {
	if (!result.ok) return result;
	let parsed: unknown;
	try {
		parsed = JSON.parse(result.data.body);
	} catch {
		parsed = undefined;
	}
	if (Array.isArray(parsed)) return {ok: true, data: parsed, warnings: []};
	const start = redact(sanitizeText(result.data.body.trim().split('\n', 1)[0], {maxLength: 80}));
	return {ok: false, error: {kind: 'bad-response', message: `unexpected response (not Alertmanager API v2 JSON)${start ? `: ${start}` : ''}`, retryable: true}};
}

/**
 * Alertmanager API v2 client: alerts in every state (active, suppressed by a silence or an
 * inhibition, unprocessed) with the creator and comment of each silence muting them. Every
 * string is sanitised where it is decoded; nothing here throws.
 */
export class AlertmanagerClient {
	readonly #options: AlertmanagerClientOptions;

	constructor(options: AlertmanagerClientOptions) {
		this.#options = options;
	}

	/** `<base>/api/v2/<path>`, keeping a path prefix such as `/alertmanager`. */
	#url(path: string): string {
		return `${this.#options.url.replace(/[?#].*$/s, '').replace(/\/+$/, '')}/api/v2/${path}`;
	}

	async #getArray(path: string): Promise<Result<unknown[]>> {
		return jsonArray(await httpGet(this.#url(path), {timeoutMs: this.#options.timeoutMs, request: this.#options.request, attempts: 3}), redactorOf(this.#options.request));
	}

	/**
	 * Reads `GET /api/v2/alerts` (active, silenced, inhibited and unprocessed: the API's defaults),
	 * sorted for triage with suppressed alerts after the active ones of their severity
	 * ({@link sortMergedAlerts}). When some alert is silenced it also reads the silences, once, to
	 * name who muted it and why; if that fails the ids are kept and a warning says so.
	 */
	async alerts(): Promise<Result<AlertItem[]>> {
		// These are the API's defaults; spelled out in case a proxy or an Alertmanager-compatible server differs.
		const answer = await this.#getArray('alerts?active=true&silenced=true&inhibited=true&unprocessed=true');
		if (!answer.ok) return answer;
		const warnings = answer.data.length > MAX_ITEMS ? [`showing ${MAX_ITEMS} of ${answer.data.length} Alertmanager alerts`] : [];
		const alerts = answer.data.slice(0, MAX_ITEMS).map(decodeAmAlert);
		const wanted = new Set(alerts.flatMap(alert => alert.silenced?.silencedBy.map(silence => silence.id) ?? []));
		if (wanted.size === 0) return {ok: true, data: sortMergedAlerts(alerts), warnings};
		const silences = await this.#silencesById(wanted);
		if (!silences.ok) {
			return {ok: true, data: sortMergedAlerts(alerts), warnings: [...warnings, `silences unavailable: ${silences.error.message}`]};
		}
		const withSilences = alerts.map(alert => {
			const status = alert.silenced;
			if (!status || status.silencedBy.length === 0) return alert;
			const silencedBy = status.silencedBy.map(({id}) => {
				const silence = silences.data.get(id);
				return silence ? {id, createdBy: silence.createdBy, comment: silence.comment, endsAt: silence.endsAt} : {id};
			});
			return {...alert, silenced: {...status, silencedBy}};
		});
		return {ok: true, data: sortMergedAlerts(withSilences), warnings};
	}

	/** Reads `GET /api/v2/silences`: active, pending and recently expired silences (at most 5000). */
	async silences(): Promise<Result<SilenceItem[]>> {
		const answer = await this.#getArray('silences');
		if (!answer.ok) return answer;
		const warnings = answer.data.length > MAX_ITEMS ? [`showing ${MAX_ITEMS} of ${answer.data.length} silences`] : [];
		return {ok: true, data: answer.data.slice(0, MAX_ITEMS).map(decodeSilence), warnings};
	}

	/** The silences with the given ids; scans the whole answer (expired ones can be many) but decodes only those. */
	async #silencesById(ids: ReadonlySet<string>): Promise<Result<Map<string, SilenceItem>>> {
		const answer = await this.#getArray('silences');
		if (!answer.ok) return answer;
		const found = new Map<string, SilenceItem>();
		for (const raw of answer.data) {
			const id = sanitizeText(recordOf(raw).id, {maxLength: ID_LENGTH});
			if (ids.has(id)) found.set(id, decodeSilence(raw));
		}
		return {ok: true, data: found, warnings: []};
	}

	/** Reads `GET /api/v2/status` for the version, to check the server is reachable and speaks API v2. */
	async status(): Promise<Result<{version: string}>> {
		const answer = await httpGet(this.#url('status'), {timeoutMs: this.#options.timeoutMs, request: this.#options.request});
		if (!answer.ok) return answer;
		let parsed: unknown;
		try {
			parsed = JSON.parse(answer.data.body);
		} catch {}
		const version = recordOf(recordOf(parsed).versionInfo).version;
		if (typeof version !== 'string') return {ok: false, error: {kind: 'bad-response', message: 'unexpected response (not Alertmanager API v2 JSON)', retryable: true}};
		return {ok: true, data: {version: sanitizeText(version, {maxLength: 40})}, warnings: []};
	}
}
