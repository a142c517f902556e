import {redactUrl} from '../model/sanitize.js';
import type {Store} from '../model/store.js';
import type {AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {httpGet, type HttpGetOptions, type HttpResponse} from '../sources/http-get.js';
import type {RequestOptions} from '../sources/http-options.js';
import type {Result} from '../sources/prometheus-client.js';
import {redactorOf} from '../sources/redact.js';
import {directoryRunbookFor, profileRunbookFor} from './match.js';
import {MAX_RUNBOOK_CHARS, parseRunbookMarkdown, RunbookParseError} from './parse-markdown.js';
import type {RunbookLibrary, UrlRunbookEntry} from './types.js';

/** Options of {@link UrlRunbooks}. */
export type UrlRunbooksOptions = {
	readonly store: Store<AppState>;
	/** The profiles whose runbooks win over a fetched one. */
	readonly profiles: readonly Profile[];
	readonly timeoutMs: number;
	/** The connection's TLS settings (CA, client certificate), proxies and headers. */
	readonly request?: RequestOptions;
	/**
	 * Origins that may receive the connection's headers (auth, `--header`s): the Prometheus and
	 * Alertmanager the user named. An annotation is server text, so a runbook_url elsewhere gets none.
	 */
	readonly trustedOrigins: readonly string[];
	/** A trusted origin's own connection (its server has one), used there instead of `request`. */
	readonly originRequests?: ReadonlyMap<string, RequestOptions>;
	/** Documents read at once, at most. */
	readonly concurrency?: number;
	/** For tests. */
	readonly get?: (url: string, options: HttpGetOptions) => Promise<Result<HttpResponse>>;
};

const MARKDOWN_TYPES = new Set(['text/markdown', 'text/x-markdown', 'text/plain']);

/** Why an answer is not a document to read as a runbook, or undefined when it is one. */
export function notARunbookDocument(url: URL, response: HttpResponse): string | undefined {
	const type = response.contentType.split(';')[0]!.trim().toLowerCase();
	const looksHtml = /^\s*<(!doctype|html|head|body)\b/i.test(response.body.slice(0, 512));
	if (type === 'text/html' || type === 'application/xhtml+xml' || looksHtml) return 'an HTML page, not markdown or plain text: open the link in a browser';
	if (MARKDOWN_TYPES.has(type)) return undefined;
	const byName = /\.(md|markdown|txt)$/i.test(url.pathname);
	if (byName && (type === '' || type === 'application/octet-stream' || type.startsWith('text/'))) return undefined;
	return `not markdown or plain text (${type || 'no content type'})`;
}

/**
 * `text` with the runs of blanks in heading-like lines (`#` within the first columns; lines end at LF,
 * as parse-markdown splits them) made single. parse-markdown's heading pattern backtracks on a long run
 * of blanks inside a heading line (`# a`, 1000 spaces, `b` takes 0.35 s, 4000 seconds, a 256 KiB line
 * far longer), and a document from a URL is server text. Only blanks change (also in a fenced line
 * starting with `#`, a shell comment), never what a line says.
 */
export function defuseHeadings(text: string): string {
	return text
		.split('\n')
		.map(line => (/^[ \t]{0,3}#/.test(line) ? line.replace(/\s{2,}/g, ' ') : line))
		.join('\n');
}

/**
 * A URL's `#fragment` as parse-markdown can decode it (its decodeURIComponent throws on `%zz`): one that
 * is not valid percent-encoding is taken literally.
 */
function decodableFragment(fragment: string): string {
	try {
		decodeURIComponent(fragment);
		return fragment;
	} catch {
		// encodeURIComponent throws on a lone surrogate: those become U+FFFD first.
		return encodeURIComponent(fragment.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
	}
}

/**
 * Reads a document fetched from a runbook_url as a runbook: `ok`, or `skipped` (with the reason) when it
 * is not one agentmon can step through. Never throws, whatever the server sent.
 */
export function readUrlRunbook(body: string, options: {readonly location: string; readonly alert: string; readonly fragment?: string}): UrlRunbookEntry {
	const {location, alert, fragment} = options;
	try {
		const runbook = parseRunbookMarkdown(defuseHeadings(body), {file: location, alert, source: 'url', location, fragment: fragment ? decodableFragment(fragment) : undefined});
		return {state: 'ok', runbook};
	} catch (error) {
		if (error instanceof RunbookParseError) return {state: 'skipped', reason: error.message};
		return {state: 'error', message: error instanceof Error ? error.message : String(error)};
	}
}

/** The empty library, for a state that has none yet. */
export const EMPTY_LIBRARY: RunbookLibrary = {directory: {}, urls: {}};

/**
 * Reads the `runbook_url` of alerts that have no runbook of their own (neither the user's nor a
 * profile's) as a markdown or plain-text runbook: each document once (a URL's `#fragment` picks a
 * section of it), with the connection's timeout, TLS and body limits, a few at a time. Results go
 * to `state.runbooks.urls`; the UI never fetches.
 */
export class UrlRunbooks {
	readonly #options: UrlRunbooksOptions;
	/** Documents by URL without the fragment: one request each, shared by every section. */
	readonly #documents = new Map<string, Promise<Result<HttpResponse>>>();
	readonly #started = new Set<string>();
	readonly #pending = new Set<Promise<void>>();
	#running = 0;
	readonly #queue: Array<() => void> = [];

	constructor(options: UrlRunbooksOptions) {
		this.#options = options;
	}

	/** Starts reading the runbook_url of every alert in the state that needs one and was not tried yet. */
	sync(): void {
		const state = this.#options.store.getSnapshot();
		for (const alert of state.alerts.items) {
			const url = alert.runbookUrl;
			if (url === undefined || this.#started.has(url)) continue;
			if (directoryRunbookFor(alert, state) || profileRunbookFor(alert, state, this.#options.profiles)) continue;
			this.#started.add(url);
			this.#set(url, {state: 'loading'});
			const task = this.#load(url, alert.name).then(entry => this.#set(url, entry));
			this.#pending.add(task);
			void task.finally(() => this.#pending.delete(task));
		}
	}

	/** Resolves once every document started so far has been read (or failed); for `--once`. */
	async settled(): Promise<void> {
		while (this.#pending.size > 0) await Promise.all([...this.#pending]);
	}

	/** Forgets failed reads so that the next `sync` tries them again (`r`). */
	retryFailed(): void {
		const urls = this.#options.store.getSnapshot().runbooks?.urls ?? {};
		for (const [url, entry] of Object.entries(urls)) {
			if (entry.state !== 'error') continue;
			this.#started.delete(url);
			this.#documents.delete(url.split('#')[0]!);
		}
	}

	#set(url: string, entry: UrlRunbookEntry): void {
		this.#options.store.update(state => {
			const library = state.runbooks ?? EMPTY_LIBRARY;
			return {...state, runbooks: {...library, urls: {...library.urls, [url]: entry}}};
		});
	}

	async #slot<T>(work: () => Promise<T>): Promise<T> {
		if (this.#running >= (this.#options.concurrency ?? 4)) await new Promise<void>(resolve => this.#queue.push(resolve));
		this.#running++;
		try {
			return await work();
		} finally {
			this.#running--;
			this.#queue.shift()?.();
		}
	}

	/** The connection of a request to `target`: its server's own when it is a trusted origin that has one. */
	#requestFor(target: URL): RequestOptions | undefined {
		const {trustedOrigins, originRequests, request} = this.#options;
		return (trustedOrigins.includes(target.origin) ? originRequests?.get(target.origin) : undefined) ?? request;
	}

	#document(target: URL): Promise<Result<HttpResponse>> {
		const key = `${target.origin}${target.pathname}${target.search}`;
		let document = this.#documents.get(key);
		if (!document) {
			const {timeoutMs, trustedOrigins, get = httpGet} = this.#options;
			const trusted = trustedOrigins.includes(target.origin);
			const request = this.#requestFor(target);
			const options: HttpGetOptions = {
				timeoutMs,
				maxBytes: MAX_RUNBOOK_CHARS,
				accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1',
				// Errors are redacted with the connection's secrets even where none were sent: a redirect could have.
				request: request ? {...request, headers: trusted ? request.headers : () => ({}), redact: redactorOf(request)} : undefined,
			};
			document = this.#slot(async () => get(key, options));
			this.#documents.set(key, document);
		}
		return document;
	}

	async #load(url: string, alert: string): Promise<UrlRunbookEntry> {
		const target = new URL(url);
		const shown = redactUrl(url);
		const redact = redactorOf(this.#requestFor(target));
		const answer = await this.#document(target);
		if (!answer.ok) return {state: 'error', message: redact(answer.error.message)};
		const reason = notARunbookDocument(target, answer.data);
		if (reason) return {state: 'skipped', reason};
		const entry = readUrlRunbook(answer.data.body, {location: shown, alert, fragment: target.hash.slice(1) || undefined});
		if (entry.state === 'skipped') return {state: 'skipped', reason: redact(entry.reason)};
		return entry.state === 'error' ? {state: 'error', message: redact(entry.message)} : entry;
	}
}
