import http from 'node:http';
import type {Registry} from 'prom-client';

/** What a JSON endpoint of a simulator answers: the HTTP status code and the value sent as JSON. */
export type SimAnswer = {status: number; body: unknown};

/** A health endpoint of a simulator: `GET path` answers `answer()` as JSON. */
export type SimHealth = {path: string; answer(): SimAnswer};

/** Options of {@link startSimServer}. */
export type SimServerOptions<Scenario extends string> = {
	/** The prom-client registry served on {@link SimServerOptions.metricsPath}. */
	registry: Registry;
	/** TCP port on 127.0.0.1; 0 picks an ephemeral port. */
	port: number;
	/** Path of the Prometheus export (`GET` only); `/metrics` by default. */
	metricsPath?: string;
	/** The health endpoint; without one, its path answers 404 like any unknown path. */
	health?: SimHealth;
	/** Every scenario name: `GET /_sim/scenario` lists them, `POST /_sim/scenario?name=` accepts only them (400 otherwise). */
	scenarios: readonly Scenario[];
	/** The scenario currently served. */
	getScenario(): Scenario;
	/** Switches scenario, as `POST /_sim/scenario?name=NAME` asks. */
	setScenario(name: Scenario): void;
	/** True while the metrics path must answer 503 (the `down` scenario). */
	isDown(): boolean;
	/** The simulated system as the 503 body names it: `<describeDown> unavailable (scenario: down)`. */
	describeDown: string;
	/** Called at each scrape the metrics path answers with 200, before the registry is read. */
	onScrape?(): void;
	/** Interval of the traffic timer in milliseconds. */
	tickMs: number;
	/** Advances the traffic once; called every {@link SimServerOptions.tickMs} from listening until close (the timer is unref'd). */
	tick(): void;
	/** Answers a request before the standard routes and returns true, or returns false to let them answer (the coding-team stream). */
	route?(req: http.IncomingMessage, res: http.ServerResponse): boolean;
	/** Releases the simulator's own resources: called by close(), and when listening fails. */
	onClose?(): void;
};

/** A simulator's HTTP server, listening on 127.0.0.1. */
export type SimServer = {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:3456`. */
	url: string;
	/** The TCP port the server listens on. */
	port: number;
	/** Stops the tick timer and the server, dropping open (keep-alive) connections; later calls return the same promise. */
	close(): Promise<void>;
};

/**
 * The health answer of the Node.js systems: `{status: 'ok', uptime, scenario}` with 200; with `unavailable`,
 * 503 while `isDown()` is true (a server that is down for Prometheus is down for its health check too).
 * `uptime` is in seconds since `startedAt` (epoch milliseconds).
 */
export function uptimeHealth(startedAt: number, getScenario: () => string, isDown: () => boolean = () => false): SimHealth {
	return {
		path: '/health',
		answer() {
			const down = isDown();
			return {status: down ? 503 : 200, body: {status: down ? 'unavailable' : 'ok', uptime: (Date.now() - startedAt) / 1000, scenario: getScenario()}};
		},
	};
}

/**
 * Starts the HTTP server every simulator shares on 127.0.0.1: `GET <metricsPath>` (503 while `isDown()`),
 * the optional health endpoint, `GET|POST /_sim/scenario?name=NAME` to read or switch the scenario, 404 for
 * anything else and 500 with the message when a handler throws. Once listening, it calls `tick` every `tickMs`.
 */
export async function startSimServer<Scenario extends string>(options: SimServerOptions<Scenario>): Promise<SimServer> {
	const {registry, port, metricsPath = '/metrics', health, scenarios, getScenario, isDown, tickMs} = options;
	const send = (res: http.ServerResponse, code: number, type: string, body: string) => {
		res.writeHead(code, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)}).end(body);
	};
	const json = (res: http.ServerResponse, code: number, value: unknown) => send(res, code, 'application/json', `${JSON.stringify(value)}\n`);
	const isScenario = (name: string): name is Scenario => (scenarios as readonly string[]).includes(name);
	const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
		if (options.route?.(req, res)) return;
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === metricsPath && req.method === 'GET') {
			if (isDown()) return send(res, 503, 'text/plain', `${options.describeDown} unavailable (scenario: down)\n`);
			options.onScrape?.();
			return send(res, 200, registry.contentType, await registry.metrics());
		}
		if (health && url.pathname === health.path && req.method === 'GET') {
			const {status, body} = health.answer();
			return json(res, status, body);
		}
		if (url.pathname === '/_sim/scenario' && req.method === 'GET') return json(res, 200, {scenario: getScenario(), scenarios});
		if (url.pathname === '/_sim/scenario' && req.method === 'POST') {
			const name = url.searchParams.get('name') ?? '';
			if (!isScenario(name)) return json(res, 400, {error: `unknown scenario "${name}"`, scenarios});
			options.setScenario(name);
			return json(res, 200, {scenario: getScenario()});
		}
		return json(res, 404, {error: 'not found'});
	};
	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) send(res, 500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
			else res.destroy();
		});
	});
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		options.onClose?.();
		throw error;
	}
	const timer = setInterval(options.tick, tickMs);
	timer.unref();
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		close: () => {
			closing ??= new Promise<void>(resolve => {
				clearInterval(timer);
				options.onClose?.();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
