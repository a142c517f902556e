import type http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import {HttpProxyAgent} from 'http-proxy-agent';
import {HttpsProxyAgent} from 'https-proxy-agent';
import {proxyConnectionError, proxyConnectRefused, ProxyError, type ProxyEndpoint} from './proxy.js';
import type {ProxyTls} from './proxy-agents.js';

/*
 * The proxy agents on top of http-proxy-agent and https-proxy-agent. Loaded only when a request goes
 * through a proxy (proxy-agents.ts imports it on first use): the libraries cost start-up time that a
 * run without a proxy should not pay. Their `debug` output, which prints headers, is off (proxy.ts).
 */

/** Longest wait for the proxy to accept the connection and answer CONNECT, whatever the request's own limit. */
const CONNECT_LIMIT_MS = 60_000;
/** How often a pending connection checks whether its request was given up (Node emits no event for that). */
const WATCH_MS = 200;

/** What the libraries' `connect` is given besides the request (agent-base's type, not a dependency of ours). */
type AgentConnectOpts = Parameters<HttpsProxyAgent<string>['connect']>[1];
type Connect = (req: http.ClientRequest, opts: AgentConnectOpts) => Promise<net.Socket>;
type ProxyAgent = {connectOpts: net.TcpNetConnectOpts & tls.ConnectionOptions};

/**
 * Runs the libraries' `connect` with an abort signal on the socket to the proxy, fired when the request
 * was destroyed (our timeouts, a quit) or after CONNECT_LIMIT_MS, so a black-holed proxy leaves no socket
 * behind; and turns every failure into a ProxyError that names the proxy.
 */
async function guarded(agent: ProxyAgent, proxy: ProxyEndpoint, req: http.ClientRequest, connect: () => Promise<net.Socket>): Promise<net.Socket> {
	const controller = new AbortController();
	const started = Date.now();
	const watch = setInterval(() => {
		if (req.destroyed || Date.now() - started > CONNECT_LIMIT_MS) controller.abort();
	}, WATCH_MS);
	watch.unref();
	let answer: {statusCode?: number; statusText?: string} | undefined;
	const onConnect = (connect: {statusCode?: number; statusText?: string}) => {
		answer = connect;
	};
	req.once('proxyConnect', onConnect);
	const base = agent.connectOpts;
	try {
		// The libraries open the socket to the proxy synchronously, before their first await: only that socket gets the signal.
		agent.connectOpts = {...base, signal: controller.signal};
		const pending = connect();
		agent.connectOpts = base;
		const socket = await pending;
		if (answer?.statusCode !== undefined && answer.statusCode !== 200) {
			// The library would replay the proxy's answer as if the server had sent it; say who refused instead.
			socket.destroy();
			throw proxyConnectRefused(proxy, answer.statusCode, answer.statusText ?? '');
		}
		return socket;
	} catch (error) {
		throw error instanceof ProxyError ? error : proxyConnectionError(proxy, error);
	} finally {
		agent.connectOpts = base;
		clearInterval(watch);
		req.off('proxyConnect', onConnect);
	}
}

/** https through an http(s) proxy: CONNECT, then TLS to the server with the connection's own TLS settings. */
class TunnelAgent extends HttpsProxyAgent<string> {
	readonly #endpoint: ProxyEndpoint;
	readonly #tls: ProxyTls;

	constructor(proxy: ProxyEndpoint, tlsOptions: ProxyTls) {
		super(proxy.url, {...tlsOptions, headers: proxy.authorization ? {'Proxy-Authorization': proxy.authorization} : {}});
		this.#endpoint = proxy;
		this.#tls = tlsOptions;
	}

	override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<net.Socket> {
		const connect: Connect = super.connect.bind(this);
		// The library resets the agent's `options`, so Node never merges them into the request's: the TLS
		// to the server gets the connection's settings here. It also leaves out the host, so a server named by
		// its IP address would be checked as "localhost": check the certificate against that address.
		const host = typeof opts.host === 'string' ? opts.host.replace(/^\[|\]$/g, '') : '';
		const identity = net.isIP(host) === 0 ? {} : {checkServerIdentity: (_name: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(host, cert)};
		return guarded(this, this.#endpoint, req, async () => connect(req, {...opts, ...this.#tls, ...identity}));
	}
}

/** http through an http(s) proxy: the request in absolute form (`GET http://host/path`), sent to the proxy. */
class ForwardAgent extends HttpProxyAgent<string> {
	readonly #endpoint: ProxyEndpoint;

	constructor(proxy: ProxyEndpoint, tlsOptions: ProxyTls) {
		super(proxy.url, {...tlsOptions, headers: proxy.authorization ? {'Proxy-Authorization': proxy.authorization} : {}});
		this.#endpoint = proxy;
	}

	override async connect(req: Parameters<HttpProxyAgent<string>['connect']>[0], opts: AgentConnectOpts): Promise<net.Socket> {
		const connect = super.connect.bind(this);
		return guarded(this, this.#endpoint, req, async () => connect(req, opts));
	}
}

/** The library-backed agent of {@link proxyAgent} in proxy-agents.ts. */
export function loadedProxyAgent(proxy: ProxyEndpoint, secureTarget: boolean, tlsOptions: ProxyTls): http.Agent {
	return secureTarget ? new TunnelAgent(proxy, tlsOptions) : new ForwardAgent(proxy, tlsOptions);
}
