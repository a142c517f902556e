import {readFileSync, statSync} from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import {createSecureContext} from 'node:tls';
import type {ConnectionConfig} from '../config/config.js';
import {headerProblem} from '../config/header-check.js';
import {proxyAgent} from './proxy-agents.js';
import {proxyRoutes, routeFor, type ProxyEndpoint, type ProxySettings} from './proxy.js';
import {authorizationSecrets, headerSecrets, redactSecrets, SecretMemory} from './redact.js';

/** What every request to a source carries: headers (secrets re-read each time), a TLS agent and the proxies. */
export type RequestOptions = {
	/** Headers for the next request; reads token and password files anew so a rotated secret is picked up. */
	readonly headers: () => Record<string, string>;
	/** The agent of a direct https request (`--ca-file`, client certificate, `--insecure-skip-verify`). */
	readonly httpsAgent?: https.Agent;
	/** The proxy a request to this URL goes through (HTTPS_PROXY, NO_PROXY …), or undefined to connect directly. */
	readonly proxyFor?: (url: URL) => ProxyEndpoint | undefined;
	/** The agent of a request that goes through a proxy (tunnel or forwarder), with the TLS settings above; undefined when direct. */
	readonly proxyAgentFor?: (url: URL) => http.Agent | undefined;
	/**
	 * `text` with the connection's secrets replaced by `***`: the token and password (as read now, and
	 * as sent lately), every header value, the proxies' credentials. Every client runs its error
	 * messages through it (via redactorOf in redact.ts), so a server echoing what it was sent shows none.
	 */
	readonly redact?: (text: string) => string;
};

/**
 * The agent a request to `url` uses: the proxy's when one applies, else for https the connection's TLS
 * agent; undefined for Node's default. Every client asks this, so all route alike.
 */
export function agentFor(request: RequestOptions | undefined, url: URL): http.Agent | undefined {
	return request?.proxyAgentFor?.(url) ?? (url.protocol === 'https:' ? request?.httpsAgent : undefined);
}

/** A secret file that cannot be read; the message names the file, never its content. */
export class SecretFileError extends Error {
	override readonly name = 'SecretFileError';
}

function readSecret(file: string, what: string): string {
	try {
		return readFileSync(file, 'utf8').trim();
	} catch (error) {
		throw new SecretFileError(`cannot read the ${what} file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
}

/** The TLS files of a connection as read last, and what they looked like on disk then. */
type TlsFiles = {readonly ca?: string; readonly cert?: string; readonly key?: string; readonly stamp: string};

function stampOf(files: ReadonlyArray<string | undefined>): string {
	return files
		.map(file => {
			if (file === undefined) return '';
			try {
				const stat = statSync(file);
				return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
			} catch {
				return 'missing';
			}
		})
		.join('|');
}

/**
 * The CA, certificate and key files, read now and again whenever they change on disk (looked at no
 * more than once a second): a certificate rotated by cert-manager or Vault is used from the next
 * connection on. A file missing or half-written during the rotation keeps the last good read.
 */
function tlsFileReader(caFile: string | undefined, certFile: string | undefined, keyFile: string | undefined): () => TlsFiles {
	const paths = [caFile, certFile, keyFile];
	const read = (): TlsFiles => ({
		stamp: stampOf(paths),
		ca: caFile ? readSecret(caFile, 'CA') : undefined,
		cert: certFile ? readSecret(certFile, 'client certificate') : undefined,
		key: keyFile ? readSecret(keyFile, 'client key') : undefined,
	});
	let current = read();
	let checkedAt = Date.now();
	return () => {
		if (Date.now() - checkedAt < 1000) return current;
		checkedAt = Date.now();
		if (stampOf(paths) === current.stamp) return current;
		try {
			const next = read();
			// A key that does not match its certificate yet (one file written, not the other) is not used.
			if (next.cert !== undefined) createSecureContext({cert: next.cert, key: next.key, ca: next.ca});
			current = next;
		} catch {
			// Keep the last good files; the next look may find the rotation finished.
		}
		return current;
	};
}

/** Choices of {@link requestOptions} beyond the connection itself. */
export type RequestOptionsChoices = {
	/** Use `$AGENTMON_BEARER_TOKEN` when the connection names no auth (default true; a source's own connection does not). */
	readonly environmentToken?: boolean;
};

/** A header value read from a file; a value with a line break in it is refused, naming the file. */
function headerFileValue(file: string, name: string): string {
	const value = readSecret(file, `${name} header`);
	if (headerProblem(name, value)) throw new SecretFileError(`the ${name} header file ${file} holds a control character (a line break?) after its first line`);
	return value;
}

/**
 * Builds the request options of a connection: `--header`s (and the HTTP config file's header files,
 * read for every request), then basic auth or a bearer token (from `--bearer-token-file`, else
 * `$AGENTMON_BEARER_TOKEN`), a TLS agent for `--ca-file`, `--cert-file`/`--key-file` and
 * `--insecure-skip-verify` (rebuilt when those files change), and the proxies: the HTTP config file's
 * `proxy_url`, else HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY of `env` ({@link proxyRoutes}).
 * Throws SecretFileError now for a file that cannot be read, ProxyConfigError for a proxy URL that cannot be used.
 */
export function requestOptions(connection: ConnectionConfig & ProxySettings, env: NodeJS.ProcessEnv, choices: RequestOptionsChoices = {}): RequestOptions {
	const {bearerTokenFile, bearerToken, basicAuthUser, basicAuthPasswordFile, basicAuthPassword, caFile, certFile, keyFile, insecureSkipVerify} = connection;
	const envToken = choices.environmentToken === false ? undefined : env.AGENTMON_BEARER_TOKEN?.trim();
	const memory = new SecretMemory();
	const headers = (): Record<string, string> => {
		const result: Record<string, string> = {...connection.headers};
		for (const [name, files] of Object.entries(connection.headerFiles ?? {})) {
			const values = [...(result[name] === undefined ? [] : [result[name]]), ...files.map(file => headerFileValue(file, name))];
			result[name] = values.join(', ');
		}
		if (basicAuthUser !== undefined) {
			const password = basicAuthPasswordFile ? readSecret(basicAuthPasswordFile, 'basic auth password') : (basicAuthPassword ?? '');
			result.Authorization = `Basic ${Buffer.from(`${basicAuthUser}:${password}`).toString('base64')}`;
		} else if (bearerTokenFile) {
			result.Authorization = `Bearer ${readSecret(bearerTokenFile, 'bearer token')}`;
		} else if (bearerToken) {
			result.Authorization = `Bearer ${bearerToken.trim()}`;
		} else if (envToken) {
			result.Authorization = `Bearer ${envToken}`;
		}
		memory.remember(headerSecrets(result));
		return result;
	};
	headers();
	const custom = caFile !== undefined || certFile !== undefined || insecureSkipVerify;
	const tls = custom ? tlsFileReader(caFile, certFile, keyFile) : undefined;
	const tlsOptions = (files: TlsFiles) => ({ca: files.ca, cert: files.cert, key: files.key, rejectUnauthorized: !insecureSkipVerify});
	let direct: {agent: https.Agent; files: TlsFiles} | undefined;
	/** The agent of a direct https request, made anew when the TLS files changed. */
	const httpsAgent = (): https.Agent | undefined => {
		if (!tls) return undefined;
		const files = tls();
		if (direct?.files !== files) direct = {agent: new https.Agent(tlsOptions(files)), files};
		return direct.agent;
	};
	httpsAgent();
	const routes = proxyRoutes(connection, env);
	const proxySecrets = [routes?.http, routes?.https].flatMap(proxy => (proxy?.authorization ? authorizationSecrets(proxy.authorization) : []));
	let readAt = Number.NEGATIVE_INFINITY;
	const redact = (text: string): string => {
		// Every request's secrets are remembered as it is sent; the files are read again too (at most once
		// a second: a flood of bad stream events must not become a flood of reads), for the values current now.
		if (Date.now() - readAt >= 1000) {
			readAt = Date.now();
			try {
				headers();
			} catch {
				// A file that cannot be read now: the values read before are still remembered.
			}
		}
		return redactSecrets(text, [...memory.secrets, ...proxySecrets]);
	};
	const options = {
		headers,
		get httpsAgent() {
			return httpsAgent();
		},
		redact,
	};
	if (!routes) return options;
	const proxyFor = (url: URL) => routeFor(routes, url);
	// One agent per proxy and kind of server, made when first needed (and anew when the TLS files changed).
	const agents = new Map<string, {agent: http.Agent; files?: TlsFiles}>();
	const proxyAgentFor = (url: URL) => {
		const proxy = proxyFor(url);
		if (!proxy) return undefined;
		const secure = url.protocol === 'https:';
		const slot = `${secure ? 'tunnel' : 'forward'} ${proxy.from}`;
		const files = secure ? tls?.() : undefined;
		let entry = agents.get(slot);
		if (!entry || entry.files !== files) {
			entry = {agent: proxyAgent(proxy, secure, files ? tlsOptions(files) : {}), files};
			agents.set(slot, entry);
		}
		return entry.agent;
	};
	return Object.assign(options, {proxyFor, proxyAgentFor});
}
