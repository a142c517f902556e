import {sanitizeText} from '../model/sanitize.js';
import {ProxyError} from '../sources/proxy.js';
import {toSourceError, type SourceError} from '../sources/source-error.js';

/** TLS failures whose codes do not say so: an unverifiable leaf certificate, and EPROTO (a handshake with something that is not TLS). */
const TLS_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'EPROTO']);

/** A timeout of the whole request (connect, headers and body). */
export function timeoutError(timeoutMs: number): SourceError {
	return toSourceError({errorType: 'timeout_error'}, timeoutMs);
}

/** An answer that is not what a scrape needs; `retryable` false when only a change of configuration helps. */
export function badResponse(message: string, retryable = true): SourceError {
	return {kind: 'bad-response', message: sanitizeText(message, {maxLength: 300}), retryable};
}

/** An HTTP status that is not 2xx, with a short detail (already sanitised or plain). */
export function httpError(status: number, detail: string): SourceError {
	return {kind: 'http', httpStatus: status, message: detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`, retryable: !(status === 400 || status === 422)};
}

/**
 * The reason of an OpenSSL error line (`write EPROTO 80FC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…`),
 * with a hint for the usual cause; other messages as they are.
 */
function tlsMessage(message: string): string {
	const parts = message.split(':');
	const at = parts.indexOf('error');
	const reason = at !== -1 && parts[at + 4] ? parts[at + 4]! : message;
	return reason === 'wrong version number' ? 'wrong version number (is the server plain http?)' : reason;
}

/**
 * Decodes what node:http or node:https emitted as an error: connection refused, host not found,
 * reset, TLS failures (`TLS error: self-signed certificate`) … with messages from the one
 * decoder the Prometheus client uses too, so every source words them alike.
 */
export function requestError(error: unknown, timeoutMs: number): SourceError {
	// The proxy is unreachable or refused the tunnel: its message names the proxy.
	if (error instanceof ProxyError) return error.failure;
	const code = typeof error === 'object' && error !== null && typeof (error as {code?: unknown}).code === 'string' ? (error as {code: string}).code : '';
	const message = error instanceof Error ? error.message : String(error);
	if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT') || TLS_CODES.has(code)) {
		return toSourceError({errorType: 'ssl_error', code, error: tlsMessage(message)}, timeoutMs);
	}
	if (code === 'ETIMEDOUT') return timeoutError(timeoutMs);
	return toSourceError({errorType: 'network_error', code, error: message}, timeoutMs);
}
