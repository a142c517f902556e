import {sanitizeText} from '../model/sanitize.js';
import {tooLargeMessage} from './body-limit.js';

/** A failed request, decoded from whatever the HTTP client threw, with a message safe to show. */
export type SourceError = {
	readonly kind: 'timeout' | 'network' | 'tls' | 'http' | 'bad-response';
	readonly message: string;
	readonly httpStatus?: number;
	/** Whether trying again later may help (a 400 or 422 will not). */
	readonly retryable: boolean;
};

const NETWORK_CODES: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	ECONNRESET: 'connection reset',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EPIPE: 'connection closed',
	ERR_BAD_RESPONSE: 'bad response',
};

/** A number from a field that should hold one; NaN for anything else (never throws). */
function numberOf(value: unknown): number {
	return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
}

function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Strips tags from an HTML error page so a proxy's 502 page reads as a short sentence. */
function htmlText(body: string): string {
	const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body.slice(0, 4096));
	if (title?.[1]) return title[1].trim();
	return body.slice(0, 400).replace(/<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A body that starts like JSON but does not parse: cut short on the way, or garbled. */
function brokenJson(body: string): boolean {
	if (!/^\s*[[{]/.test(body)) return false;
	try {
		JSON.parse(body);
		return false;
	} catch {
		return true;
	}
}

/**
 * Turns a prometheus-query rejection (a plain object, not an Error) or any other thrown value
 * into a SourceError. Every piece of server text passes the sanitiser here.
 */
export function toSourceError(thrown: unknown, timeoutMs: number): SourceError {
	const errorType = field(thrown, 'errorType');
	const code = sanitizeText(field(thrown, 'code') ?? '', {maxLength: 60});
	// prometheus-query's own catch re-wraps the client_error it throws for a 2xx body that is not API
	// JSON (cut short, a login page) as a network_error without a code ("unexpected network error").
	const original = field(thrown, 'original');
	if (errorType === 'network_error' && !code && field(original, 'errorType') === 'client_error') return toSourceError(original, timeoutMs);
	// axios refused a body over maxContentLength (streamed, or declared by Content-Length).
	const capped = /^maxContentLength size of (\d{1,16}) exceeded$/.exec(String(field(thrown, 'error') ?? ''));
	if (capped && (code === 'ERR_BAD_RESPONSE' || code === '')) return {kind: 'bad-response', message: tooLargeMessage(Number(capped[1])), retryable: true};
	// ERR_CANCELED: the request's abort signal fired, i.e. the whole-request time limit was reached.
	if (errorType === 'timeout_error' || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
		return {kind: 'timeout', message: `timed out after ${timeoutMs / 1000}s`, retryable: true};
	}
	if (errorType === 'ssl_error' || code.startsWith('ERR_SSL') || code.includes('CERT')) {
		return {kind: 'tls', message: `TLS error: ${sanitizeText(field(thrown, 'error') ?? code, {maxLength: 200})}`, retryable: true};
	}
	if (errorType === 'network_error') {
		const known = NETWORK_CODES[code];
		const text = known ?? sanitizeText(field(thrown, 'error') ?? 'network error', {maxLength: 200});
		return {kind: 'network', message: code && !known ? `${text} (${sanitizeText(code, {maxLength: 40})})` : text, retryable: true};
	}
	if (errorType === 'http_error') {
		const status = numberOf(field(thrown, 'httpStatus'));
		const prometheus = field(thrown, 'prometheus');
		const promType = field(prometheus, 'errorType');
		const detail = sanitizeText(field(thrown, 'error') ?? '', {maxLength: 300});
		const kind = promType ? `${sanitizeText(promType, {maxLength: 40})}: ` : '';
		return {
			kind: 'http',
			httpStatus: Number.isFinite(status) ? status : undefined,
			message: `HTTP ${Number.isFinite(status) ? status : '?'} ${kind}${detail}`.trim(),
			retryable: !(status === 400 || status === 422),
		};
	}
	if (errorType === 'client_error') {
		const data = field(thrown, 'data');
		const body = typeof data === 'string' ? data : '';
		const text = !body ? 'the answer was not Prometheus API JSON' : brokenJson(body) ? 'incomplete or invalid JSON' : sanitizeText(htmlText(body), {maxLength: 160});
		const status = numberOf(field(thrown, 'httpStatus'));
		if (Number.isFinite(status)) return {kind: 'http', httpStatus: status, message: `HTTP ${status}: ${text}`, retryable: !(status === 400 || status === 422)};
		return {kind: 'bad-response', message: `unexpected response: ${text}`, retryable: true};
	}
	// sanitizeText turns anything into text, even an object whose toString throws.
	const message = thrown instanceof Error ? thrown.message : (field(thrown, 'error') ?? field(thrown, 'message') ?? thrown);
	return {kind: 'bad-response', message: sanitizeText(message, {maxLength: 300}), retryable: true};
}
