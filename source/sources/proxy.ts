import {createRequire} from 'node:module';
import net from 'node:net';
import {redactUrl, sanitizeText} from '../model/sanitize.js';
import {bypassesProxy, NO_BYPASS, parseNoProxy, type NoProxy} from './no-proxy.js';
import type {SourceError} from './source-error.js';

/**
 * The `debug` namespaces that print requests as they go out, headers included (Authorization,
 * Proxy-Authorization, the proxy's answer): the proxy agents, and follow-redirects under the
 * Prometheus client. `DEBUG=*` must not make agentmon print its secrets on stderr.
 */
export const SECRET_DEBUG_NAMESPACES = ['http-proxy-agent', 'https-proxy-agent', 'agent-base', 'follow-redirects'] as const;

/** The part of the `debug` package used here (it has no types of its own). */
type DebugControl = {enable(namespaces: string): void; disable(): string};

/**
 * Turns off the {@link SECRET_DEBUG_NAMESPACES} in the `debug` package, whatever `DEBUG` asks, and leaves
 * every other namespace as it was. Runs when this module loads, before any request: every client
 * imports it. A `debug` that cannot be loaded has nothing to print.
 */
export function silenceSecretDebug(): void {
	let control: DebugControl;
	try {
		control = createRequire(import.meta.url)('debug') as DebugControl;
	} catch {
		return;
	}
	const enabled = control.disable();
	// Nothing enabled: nothing to take away (and DEBUG is left unset for child processes).
	if (enabled.trim() === '') return;
	control.enable([enabled, ...SECRET_DEBUG_NAMESPACES.map(namespace => `-${namespace}*`)].join(','));
}

silenceSecretDebug();

/**
 * Where proxy settings come from besides the environment: the `proxy_url`, `no_proxy` and
 * `proxy_from_environment` of an HTTP config file (`--http-config-file`), as Prometheus has them.
 */
export type ProxySettings = {
	/** Every request goes through this proxy (but those `noProxy` names); the environment is not read. */
	readonly proxyUrl?: string;
	/** With `proxyUrl`: the hosts reached directly, in NO_PROXY's syntax. */
	readonly noProxy?: string;
	/** `false` ignores HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY. Default: they are read. */
	readonly proxyFromEnvironment?: boolean;
};

/** A proxy that requests go through. */
export type ProxyEndpoint = {
	/** The proxy's URL, credentials removed (they travel as {@link ProxyEndpoint.authorization}). */
	readonly url: URL;
	/** How it is shown: scheme, `***@` when it has credentials, host and port. Never a secret. */
	readonly shown: string;
	/** `Basic …` for a proxy URL with `user:password@`. */
	readonly authorization?: string;
	/** Where it was set: `HTTPS_PROXY`, `proxy_url` … */
	readonly from: string;
};

/** Which proxy, if any, each request goes through. */
export type ProxyRoutes = {
	readonly http?: ProxyEndpoint;
	readonly https?: ProxyEndpoint;
	readonly noProxy: NoProxy;
	/**
	 * `localhost` and loopback addresses are reached directly, whatever the list says: true for the
	 * environment and for `proxy_url` with `no_proxy` (Go's httpproxy rules), false for a lone `proxy_url`
	 * (Go's http.ProxyURL, which proxies everything). See {@link isLoopbackHost}.
	 */
	readonly loopbackDirect: boolean;
};

/** A proxy setting that cannot be used; names the setting, never the credentials in it. */
export class ProxyConfigError extends Error {
	override readonly name = 'ProxyConfigError';
}

/** A request that failed at the proxy (unreachable, or it refused the tunnel); `failure` says so, naming the proxy. */
export class ProxyError extends Error {
	override readonly name = 'ProxyError';
	constructor(readonly failure: SourceError) {
		super(failure.message);
	}
}

/** The value of the first variable set (and not blank): lowercase first, as curl reads them. */
function fromEnv(env: NodeJS.ProcessEnv, names: readonly string[]): {name: string; value: string} | undefined {
	for (const name of names) {
		const value = env[name]?.trim();
		if (value) return {name, value};
	}
	return undefined;
}

/**
 * A proxy URL as curl and Go read one: `proxy:3128` means `http://proxy:3128`; http and https
 * proxies only. Throws ProxyConfigError naming `from`.
 */
export function parseProxyUrl(value: string, from: string): ProxyEndpoint {
	const text = /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new ProxyConfigError(`${from}: not a proxy URL: ${redactUrl(value)}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new ProxyConfigError(`${from}: ${sanitizeText(url.protocol.slice(0, -1), {maxLength: 20})} proxies are not supported (http:// and https:// are)`);
	}
	if (url.hostname === '') throw new ProxyConfigError(`${from}: not a proxy URL: ${redactUrl(value)}`);
	let authorization: string | undefined;
	if (url.username !== '' || url.password !== '') {
		let user: string;
		let password: string;
		try {
			user = decodeURIComponent(url.username);
			password = decodeURIComponent(url.password);
		} catch {
			throw new ProxyConfigError(`${from}: the proxy's user or password is not valid percent-encoding`);
		}
		authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	}
	const clean = new URL(`${url.protocol}//${url.host}`);
	const shown = `${clean.protocol}//${authorization ? '***@' : ''}${clean.host}`;
	return {url: clean, shown, authorization, from};
}

/**
 * The proxies of a connection. With `proxyUrl` every request goes through it but those in `noProxy`.
 * Otherwise (unless `proxyFromEnvironment` is false) the environment, as curl reads it: https URLs use
 * `https_proxy`/`HTTPS_PROXY`, http URLs `http_proxy`/`HTTP_PROXY`, both fall back to `all_proxy`/`ALL_PROXY`,
 * the lowercase name winning; `no_proxy`/`NO_PROXY` lists the hosts reached directly.
 * Loopback goes direct as in Go's ProxyFromEnvironment, which Prometheus' own tools use: a URL naming
 * `localhost` or a loopback address never uses the proxy of the environment ({@link isLoopbackHost}).
 * Prometheus' config does the same for `proxy_url` with `no_proxy`, but a lone `proxy_url` takes every
 * request, localhost too (Go's http.ProxyURL).
 * `HTTP_PROXY` is ignored under CGI (`REQUEST_METHOD` set), where a client could set it (httpoxy).
 * Undefined when no proxy is set. Throws ProxyConfigError for a value that is not an http(s) proxy URL.
 */
export function proxyRoutes(settings: ProxySettings, env: NodeJS.ProcessEnv): ProxyRoutes | undefined {
	if (settings.proxyUrl !== undefined) {
		const proxy = parseProxyUrl(settings.proxyUrl, 'proxy_url');
		// prometheus/common: an empty no_proxy means http.ProxyURL; any other goes through httpproxy's ProxyFunc.
		const withList = settings.noProxy !== undefined && settings.noProxy !== '';
		return {http: proxy, https: proxy, noProxy: parseNoProxy(settings.noProxy), loopbackDirect: withList};
	}
	if (settings.proxyFromEnvironment === false) return undefined;
	const cgi = env.REQUEST_METHOD !== undefined;
	const all = ['all_proxy', 'ALL_PROXY'];
	const http = fromEnv(env, cgi ? ['http_proxy', ...all] : ['http_proxy', 'HTTP_PROXY', ...all]);
	const https = fromEnv(env, ['https_proxy', 'HTTPS_PROXY', ...all]);
	if (!http && !https) return undefined;
	const noProxy = fromEnv(env, ['no_proxy', 'NO_PROXY']);
	return {
		http: http && parseProxyUrl(http.value, http.name),
		https: https && parseProxyUrl(https.value, https.name),
		noProxy: noProxy ? parseNoProxy(noProxy.value) : NO_BYPASS,
		loopbackDirect: true,
	};
}

/** 127.0.0.0/8, ::1, and 127.0.0.0/8 written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`), as Go's IP.IsLoopback. */
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/**
 * Whether the host of `url` is one Go's ProxyFromEnvironment never proxies (golang.org/x/net/http/httpproxy,
 * `useProxy`): the name `localhost` exactly (not `localhost.` nor `foo.localhost`), or an IP literal that is
 * a loopback address, on any port. Decided from the URL alone, as Go does: no DNS lookup, so a name that
 * resolves to 127.0.0.1 (say from /etc/hosts) is proxied. The WHATWG URL has already lowercased the name and
 * normalised the address (`127.1` is 127.0.0.1).
 */
export function isLoopbackHost(url: URL): boolean {
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (host === 'localhost') return true;
	const family = net.isIP(host);
	if (family === 0) return false;
	try {
		return LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
	} catch {
		return false;
	}
}

/**
 * The proxy a request to `url` goes through, or undefined to connect directly: no proxy for the
 * scheme, a loopback host (when `routes.loopbackDirect`, {@link isLoopbackHost}), or a NO_PROXY match.
 */
export function routeFor(routes: ProxyRoutes | undefined, url: URL): ProxyEndpoint | undefined {
	if (!routes) return undefined;
	const proxy = url.protocol === 'https:' ? routes.https : url.protocol === 'http:' ? routes.http : undefined;
	if (!proxy) return undefined;
	if (routes.loopbackDirect && isLoopbackHost(url)) return undefined;
	return bypassesProxy(url, routes.noProxy) ? undefined : proxy;
}

const CONNECTION_FAILURES: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'refused the connection',
	ENOTFOUND: 'cannot be resolved (host not found)',
	EAI_AGAIN: 'cannot be resolved (DNS lookup failed)',
	ECONNRESET: 'reset the connection',
	EPIPE: 'closed the connection',
	ETIMEDOUT: 'did not answer (connection timed out)',
	EHOSTUNREACH: 'is unreachable (host unreachable)',
	ENETUNREACH: 'is unreachable (network unreachable)',
};

/** A failure to reach the proxy or to read its answer to CONNECT, naming the proxy. */
export function proxyConnectionError(proxy: ProxyEndpoint, error: unknown): ProxyError {
	const code = typeof (error as {code?: unknown})?.code === 'string' ? (error as {code: string}).code : '';
	const message = error instanceof Error ? error.message : String(error);
	const known = CONNECTION_FAILURES[code];
	if (known) return new ProxyError({kind: 'network', message: `proxy ${proxy.shown} ${known}`, retryable: true});
	if (/CERT|SSL|TLS|EPROTO/.test(code)) {
		return new ProxyError({kind: 'tls', message: `proxy ${proxy.shown}: TLS error: ${sanitizeText(message, {maxLength: 200})}`, retryable: true});
	}
	if (/ended before receiving CONNECT response/.test(message)) {
		return new ProxyError({kind: 'network', message: `proxy ${proxy.shown} closed the connection without answering CONNECT`, retryable: true});
	}
	return new ProxyError({kind: 'network', message: `proxy ${proxy.shown}: ${sanitizeText(message || code || 'connection failed', {maxLength: 200})}`, retryable: true});
}

/** Why a proxy refused: its status, and for 407 whether credentials were sent. */
function refusal(proxy: ProxyEndpoint, status: number): string {
	if (status === 407) return proxy.authorization ? ' (it rejected the user and password of the proxy URL)' : ' (put user:password@ in the proxy URL)';
	if (status === 403) return ' (the proxy does not allow this destination)';
	if (status === 502 || status === 504) return ' (the proxy could not reach the server)';
	return '';
}

/** The proxy answered CONNECT with something other than 200. */
export function proxyConnectRefused(proxy: ProxyEndpoint, status: number, statusText: string): ProxyError {
	const text = sanitizeText(statusText, {maxLength: 80});
	return new ProxyError({
		kind: 'http',
		httpStatus: status,
		message: `proxy ${proxy.shown} answered CONNECT with ${status}${text ? ` ${text}` : ''}${refusal(proxy, status)}`,
		retryable: status !== 403 && status !== 407,
	});
}

/** A request forwarded through an http proxy was answered 407 by the proxy. */
export function proxyAuthRequired(proxy: ProxyEndpoint): SourceError {
	return {kind: 'http', httpStatus: 407, message: `proxy ${proxy.shown} requires authentication (HTTP 407)${refusal(proxy, 407)}`, retryable: false};
}

/** What describes a connection's routing: its `proxyFor` (RequestOptions has it). */
type Routing = {readonly proxyFor?: (url: URL) => ProxyEndpoint | undefined} | undefined;

/** The proxy a request to `url` goes through, undefined when direct or not a URL. */
function proxyOf(url: string, request: Routing): ProxyEndpoint | undefined {
	return request?.proxyFor && URL.canParse(url) ? request.proxyFor(new URL(url)) : undefined;
}

/**
 * How a request to `url` is routed, for the header or a startup line: `via proxy http://proxy:3128`
 * (credentials shown as `***@`), or undefined when it connects directly.
 */
export function describeProxy(url: string, request: Routing): string | undefined {
	const proxy = proxyOf(url, request);
	return proxy ? `via proxy ${proxy.shown}` : undefined;
}

/** How the requests of a source are routed, for `--once`: set only when some go through a proxy. */
export type SourceProxy = {
	/** The proxy as shown (`http://***@proxy:3128`); several, comma-separated, when the URLs use different ones. */
	readonly proxy: string;
	/** For the source line: `via proxy http://proxy:3128`, `… for 2 of 3 targets` when only some use it. */
	readonly note: string;
};

/**
 * The proxy of a source's URLs (the Prometheus URL, the `--scrape` targets, or the `--sse` URL), or
 * undefined when they all connect directly. Credentials are never part of it.
 */
export function describeSourceProxy(urls: readonly string[], request: Routing): SourceProxy | undefined {
	const used = urls.map(url => proxyOf(url, request)?.shown).filter((shown): shown is string => shown !== undefined);
	if (used.length === 0) return undefined;
	const proxies = [...new Set(used)];
	const proxy = proxies.join(', ');
	const some = used.length < urls.length ? ` for ${used.length} of ${urls.length} targets` : '';
	return {proxy, note: `via ${proxies.length > 1 ? 'proxies' : 'proxy'} ${proxy}${some}`};
}
