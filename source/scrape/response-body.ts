import type http from 'node:http';
import zlib from 'node:zlib';
import {sanitizeText} from '../model/sanitize.js';
import {tooLargeMessage} from '../sources/body-limit.js';
import type {SourceError} from '../sources/source-error.js';
import {badResponse} from './request-error.js';

export {formatBytes} from '../sources/body-limit.js';

/** A body read to its end (or to the cap, with `truncate`), or why it could not be. */
export type BodyResult = {ok: true; body: Buffer; truncated: boolean} | {ok: false; error: SourceError};

/** A decompressor for the response's Content-Encoding; null for none, undefined for one we cannot decode. */
function decoderFor(response: http.IncomingMessage): zlib.Gunzip | zlib.Inflate | null | undefined {
	const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
	if (encoding === '' || encoding === 'identity') return null;
	if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
	if (encoding === 'deflate') return zlib.createInflate();
	return undefined;
}

/**
 * Reads a response body, decompressing gzip (or deflate), and stops at `maxBytes` of compressed
 * or decompressed data: a gzip bomb costs no more memory than a plain body. Past the cap the
 * result is an error ("answer larger than 32 MB refused"), or with `truncate` the first `maxBytes`.
 * Never rejects.
 */
export async function readBody(response: http.IncomingMessage, maxBytes: number, truncate = false): Promise<BodyResult> {
	const decoder = decoderFor(response);
	if (decoder === undefined) {
		response.destroy();
		return {ok: false, error: badResponse(`unsupported content-encoding ${sanitizeText(response.headers['content-encoding'], {maxLength: 40})}`)};
	}
	const declared = Number(response.headers['content-length']);
	if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
		response.destroy();
		return {ok: false, error: badResponse(tooLargeMessage(maxBytes))};
	}
	return new Promise<BodyResult>(resolve => {
		const chunks: Buffer[] = [];
		let size = 0;
		let raw = 0;
		let done = false;
		const finish = (result: BodyResult) => {
			if (done) return;
			done = true;
			if (!result.ok || result.truncated) {
				response.destroy();
				decoder?.destroy();
			}
			resolve(result);
		};
		const tooLarge = () => (truncate ? finish({ok: true, body: Buffer.concat(chunks, size), truncated: true}) : finish({ok: false, error: badResponse(tooLargeMessage(maxBytes))}));
		const source = decoder ?? response;
		response.on('data', (chunk: Buffer) => {
			raw += chunk.length;
			if (raw > maxBytes) tooLarge();
		});
		source.on('data', (chunk: Buffer) => {
			if (done) return;
			const room = maxBytes - size;
			if (chunk.length > room) {
				if (truncate && room > 0) {
					chunks.push(chunk.subarray(0, room));
					size += room;
				}
				return tooLarge();
			}
			chunks.push(chunk);
			size += chunk.length;
		});
		source.on('end', () => finish({ok: true, body: Buffer.concat(chunks, size), truncated: false}));
		// The connection broke before the body was complete (the server reset it, or our timeout destroyed it).
		response.on('error', () => finish({ok: false, error: {kind: 'network', message: 'connection reset while reading the response', retryable: true}}));
		response.on('close', () => {
			if (!response.complete) finish({ok: false, error: {kind: 'network', message: 'connection closed before the response was complete', retryable: true}});
		});
		if (decoder) {
			decoder.on('error', error => finish({ok: false, error: badResponse(`cannot decompress the response: ${error.message}`)}));
			response.pipe(decoder);
		}
	});
}

/** The `<title>` of an HTML page, or its text without tags. */
function htmlSummary(html: string): string {
	const head = html.slice(0, 8192);
	const title = /<title[^>]{0,200}>([^<]{1,300})<\/title>/i.exec(head)?.[1]?.trim();
	return title || head.replace(/<[^>]{0,500}>/g, ' ');
}

/**
 * A short, safe description of an error page: the HTML title, or else the first non-blank
 * line (of the HTML text without tags); at most 160 characters, sanitised.
 */
export function describeErrorBody(body: string, contentType: string): string {
	const isHtml = /html/i.test(contentType) || /^\s*<(!doctype|html|head|body|title)/i.test(body.slice(0, 200));
	const text = isHtml ? htmlSummary(body) : body.slice(0, 8192);
	const line = text.split('\n').map(part => part.replace(/\s+/g, ' ').trim()).find(part => part !== '') ?? '';
	return sanitizeText(line, {maxLength: 160});
}
