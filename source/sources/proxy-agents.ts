import http from 'node:http';
import type tls from 'node:tls';
import type {ProxyEndpoint} from './proxy.js';

/** TLS settings of the connection (`--ca-file`, `--cert-file`/`--key-file`, `--insecure-skip-verify`). */
export type ProxyTls = Pick<tls.ConnectionOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>;

/** What Node's ClientRequest calls on its agent (not in @types/node). */
type RequestAdder = {addRequest(req: http.ClientRequest, options: unknown): void};

/**
 * Stands in for the library-backed agent of proxy-tunnel.ts and imports it when the first request
 * arrives, so that a run whose requests never use a proxy never loads http-proxy-agent and
 * https-proxy-agent (they cost start-up time). Node's ClientRequest only asks an agent for its
 * `protocol` and `defaultPort` (set here) and calls `addRequest`, which hands the request on once the
 * agent is loaded; the request waits for its socket meanwhile, as it does for any agent that connects
 * asynchronously (headers already stored are rewritten by the libraries).
 */
class LazyProxyAgent extends http.Agent {
	readonly #load: () => Promise<http.Agent>;
	#pending: Promise<http.Agent> | undefined;
	#agent: http.Agent | undefined;

	constructor(secureTarget: boolean, load: () => Promise<http.Agent>) {
		super();
		Object.assign(this, {protocol: secureTarget ? 'https:' : 'http:', defaultPort: secureTarget ? 443 : 80});
		this.#load = load;
	}

	addRequest(req: http.ClientRequest, options: unknown): void {
		if (this.#agent) return void (this.#agent as unknown as RequestAdder).addRequest(req, options);
		this.#pending ??= this.#load().then(agent => (this.#agent = agent));
		this.#pending.then(
			agent => {
				// Given up meanwhile (a timeout, a quit): no connection to open.
				if (!req.destroyed) (agent as unknown as RequestAdder).addRequest(req, options);
			},
			(error: unknown) => req.destroy(error instanceof Error ? error : new Error(String(error))),
		);
	}

	override destroy(): void {
		super.destroy();
		void this.#pending?.then(agent => agent.destroy(), () => undefined);
	}
}

/**
 * The agent for requests through `proxy`: a CONNECT tunnel for https servers (the TLS to the server
 * uses `tlsOptions`, as it would without a proxy; an https proxy gets them too, as in Go), an
 * absolute-form forwarder for http ones. Credentials of the proxy URL go as Proxy-Authorization
 * (basic). No keep-alive: each request opens its own connection, closed with it. The proxy libraries
 * are imported by the first request that uses the agent ({@link LazyProxyAgent}).
 */
export function proxyAgent(proxy: ProxyEndpoint, secureTarget: boolean, tlsOptions: ProxyTls): http.Agent {
	return new LazyProxyAgent(secureTarget, async () => (await import('./proxy-tunnel.js')).loadedProxyAgent(proxy, secureTarget, tlsOptions));
}
