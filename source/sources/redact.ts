import type {RequestOptions} from './http-options.js';

/** What a secret is replaced by. */
export const REDACTED = '***';

/**
 * Shortest value treated as a secret. Header values such as an `X-Scope-OrgID` of `1` are no
 * secret worth the name, and redacting them would blank every `1` of a message (`HTTP 40***`).
 */
export const MIN_SECRET_LENGTH = 4;

/** How many secrets a connection remembers beyond the current ones (a token rotated while a request was out). */
const REMEMBERED = 32;

/**
 * The strings the credentials of an `Authorization` or `Proxy-Authorization` value may be echoed as:
 * the value, the credentials after the scheme (`Bearer <token>`) and, for `Basic`, the decoded
 * `user:password` and the password alone.
 */
export function authorizationSecrets(value: string): string[] {
	const secrets = [value];
	const match = /^([A-Za-z][\w!#$%&'*+.^`|~-]*) +(\S.*)$/s.exec(value.trim());
	if (!match) return secrets;
	const credentials = match[2]!.trim();
	secrets.push(credentials);
	if (match[1]!.toLowerCase() === 'basic') {
		const decoded = Buffer.from(credentials, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon !== -1) secrets.push(decoded, decoded.slice(colon + 1));
	}
	return secrets;
}

/**
 * The secrets of a request's headers, i.e. of everything agentmon adds for the connection: each
 * value (and each of a comma-joined list), read as an authorization value as well.
 */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
	return Object.values(headers).flatMap(value => {
		const parts = value.includes(', ') ? [value, ...value.split(', ')] : [value];
		return parts.flatMap(authorizationSecrets);
	});
}

/** The secrets worth looking for: long enough, each once, with their URL-encoded forms, longest first. */
function prepare(secrets: Iterable<string>): string[] {
	const wanted = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		wanted.add(secret);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) wanted.add(encoded);
	}
	return [...wanted].sort((a, b) => b.length - a.length);
}

/** Cut points looked at, at most: a message has a `…` per truncated field, a handful. */
const MAX_CUT_POINTS = 64;

/**
 * Where a secret cut short by truncation may end: the end of the text, and before each `…` that
 * sanitizeText puts where it cut (the last MAX_CUT_POINTS of them).
 */
function cutPoints(text: string): number[] {
	const points = [text.length];
	for (let index = text.lastIndexOf('…'); index !== -1 && points.length <= MAX_CUT_POINTS; index = index === 0 ? -1 : text.lastIndexOf('…', index - 1)) points.push(index);
	return points;
}

/** Knuth–Morris–Pratt failure function of `secret`: for each prefix, the longest proper prefix that is also its suffix. */
function failureOf(secret: string): Int32Array {
	const table = new Int32Array(secret.length);
	for (let index = 1, length = 0; index < secret.length; index++) {
		while (length > 0 && secret.charCodeAt(index) !== secret.charCodeAt(length)) length = table[length - 1]!;
		if (secret.charCodeAt(index) === secret.charCodeAt(length)) length++;
		table[index] = length;
	}
	return table;
}

/**
 * How many characters before `point` are the start of `secret` (not all of it): the longest such
 * cut-off piece, found in one pass over the few characters before `point`.
 */
function cutLength(text: string, point: number, secret: string, table: Int32Array): number {
	let length = 0;
	for (let index = Math.max(0, point - secret.length + 1); index < point; index++) {
		const code = text.charCodeAt(index);
		while (length > 0 && (length === secret.length || secret.charCodeAt(length) !== code)) length = table[length - 1]!;
		if (secret.charCodeAt(length) === code) length++;
	}
	return length;
}

/**
 * `text` with every occurrence of each secret replaced by `***`, the longest secret first (so a
 * token containing another is replaced whole). A secret cut short where a message was truncated
 * (its first {@link MIN_SECRET_LENGTH} characters or more, at the end of the text or before `…`) is
 * replaced too (for secrets without blanks). Secrets shorter than MIN_SECRET_LENGTH are left alone.
 * Linear in the text and the secrets' length.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
	const list = prepare(secrets);
	if (list.length === 0 || text === '') return text;
	let out = text;
	for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
	// `Bearer <token>` and the like are looked for cut short as their credentials alone (also in the
	// list): a message ending in the word `Bearer` is no leak.
	const cuttable = list.filter(secret => !/\s/.test(secret)).map(secret => ({secret, table: failureOf(secret)}));
	// From the last point to the first, so that a replacement leaves the points before it in place.
	for (const point of cutPoints(out)) {
		let longest = 0;
		for (const {secret, table} of cuttable) longest = Math.max(longest, cutLength(out, point, secret, table));
		if (longest >= MIN_SECRET_LENGTH) out = `${out.slice(0, point - longest)}${REDACTED}${out.slice(point)}`;
	}
	return out;
}

/**
 * The secrets of a connection's requests: those of the latest request, all of them, and those of
 * earlier ones (the latest {@link REMEMBERED} that differ), so a value rotated away while a request
 * was out is still hidden in that request's error.
 */
export class SecretMemory {
	#current: readonly string[] = [];
	readonly #earlier = new Set<string>();

	/** The secrets of a new request. */
	remember(secrets: Iterable<string>): void {
		const next = [...new Set(secrets)].filter(secret => secret.length >= MIN_SECRET_LENGTH);
		const kept = new Set(next);
		for (const secret of this.#current) {
			if (kept.has(secret)) continue;
			this.#earlier.delete(secret);
			this.#earlier.add(secret);
		}
		for (const secret of next) this.#earlier.delete(secret);
		while (this.#earlier.size > REMEMBERED) this.#earlier.delete(this.#earlier.values().next().value!);
		this.#current = next;
	}

	get secrets(): readonly string[] {
		return [...this.#current, ...this.#earlier];
	}
}

/**
 * The redaction of a connection's errors: its own `redact` (requestOptions builds one that knows the
 * proxy credentials too), else one that reads the secrets of its headers at the time of the error.
 * Never throws: headers that cannot be read (a secret file gone) leave what could be read.
 */
export function redactorOf(request: RequestOptions | undefined): (text: string) => string {
	if (!request) return text => text;
	if (request.redact) return request.redact;
	return text => {
		let secrets: string[] = [];
		try {
			secrets = headerSecrets(request.headers());
		} catch {
			// An unreadable secret file: nothing of it can be in an answer either.
		}
		return redactSecrets(text, secrets);
	};
}
