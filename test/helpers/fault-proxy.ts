import http, {type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * What the proxy does to a request its scope matches. `chunks` re-sends the body one byte per
 * HTTP chunk with `gapMs` between writes (0: one event-loop turn); `truncate` sends the first half
 * of the body and ends the answer cleanly; `blackhole` reads the request and never answers.
 * Bodies are sliced as the server encoded them (gzip when the client asked for it).
 */
export type Fault =
	| {readonly kind: 'none'}
	| {readonly kind: 'delay'; readonly ms: number}
	| {readonly kind: 'blackhole'}
	| {readonly kind: 'reset'}
	| {readonly kind: 'chunks'; readonly gapMs: number}
	| {readonly kind: 'truncate'}
	| {readonly kind: 'http500html'}
	| {readonly kind: 'http429'; readonly retryAfterSeconds: number};

/** Builders for every {@link Fault}, so a test reads `faults.delay(500)`. */
export const faults = {
	none: (): Fault => ({kind: 'none'}),
	delay: (ms: number): Fault => ({kind: 'delay', ms}),
	blackhole: (): Fault => ({kind: 'blackhole'}),
	reset: (): Fault => ({kind: 'reset'}),
	chunks: (gapMs = 0): Fault => ({kind: 'chunks', gapMs}),
	truncate: (): Fault => ({kind: 'truncate'}),
	http500html: (): Fault => ({kind: 'http500html'}),
	http429: (retryAfterSeconds: number): Fault => ({kind: 'http429', retryAfterSeconds}),
} as const;

/**
 * Which requests a fault applies to: every request, `/api/v1/alerts`, or queries (`/api/v1/query`
 * and `/api/v1/query_range`, GET parameter or POST form field) whose PromQL contains the string
 * or matches the expression.
 */
export type FaultScope = 'all' | 'alerts' | {readonly query: string | RegExp};

/** One request as the proxy saw it. */
export type ProxiedRequest = {
	/** `Date.now()` when the request had been read. */
	readonly at: number;
	readonly method: string;
	/** The URL path without its query string, e.g. `/api/v1/query`. */
	readonly path: string;
	/** The PromQL of a query request, else undefined. */
	readonly query?: string;
	/** The fault applied (`none` when the request went through untouched). */
	readonly fault: Fault['kind'];
	/** The status sent back; undefined when none was (blackhole, reset, or the client gave up first). */
	status?: number;
	/** Body bytes written back (each one a separate write under `chunks`). */
	bytes: number;
	/** `Date.now()` when the answer was complete; undefined while it is not (or never will be). */
	doneAt?: number;
};

/** Options of {@link FaultProxy.setFault}. */
export type FaultOptions = {
	/** Apply the fault to this many matching requests only, then let the rest through (default: all). */
	readonly times?: number;
};

/** A loopback HTTP proxy in front of `target` whose faults are switched while it runs. */
export type FaultProxy = {
	/** Base URL of the proxy, e.g. `http://127.0.0.1:41234`. */
	readonly url: string;
	/** Replaces the active fault; `none` (or {@link clearFault}) lets everything through. */
	setFault(fault: Fault, scope?: FaultScope, options?: FaultOptions): void;
	/** Lets everything through again (requests already held by a black hole stay held, as behind a real one). */
	clearFault(): void;
	/** Every request so far, oldest first. */
	requests(): readonly ProxiedRequest[];
	/** Stops listening and destroys every open connection. */
	close(): Promise<void>;
};

const HTML_500 = '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTML_429 = '<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** The PromQL of a request: the `query` URL parameter, or the `query` field of a form body. */
function promqlOf(url: URL, method: string, body: string): string | undefined {
	if (!/^\/api\/v1\/query(_range)?$/.test(url.pathname)) return undefined;
	const fromUrl = url.searchParams.get('query');
	if (fromUrl !== null) return fromUrl;
	return method === 'POST' ? (new URLSearchParams(body).get('query') ?? undefined) : undefined;
}

function matches(scope: FaultScope, path: string, query: string | undefined): boolean {
	if (scope === 'all') return true;
	if (scope === 'alerts') return path === '/api/v1/alerts';
	if (query === undefined) return false;
	return typeof scope.query === 'string' ? query.includes(scope.query) : scope.query.test(query);
}

/** Headers to pass on: hop-by-hop ones dropped, and Content-Length when the body is re-framed. */
function passHeaders(headers: IncomingHttpHeaders, reframed: boolean): IncomingHttpHeaders {
	const copy = {...headers};
	for (const name of ['connection', 'keep-alive', 'transfer-encoding', ...(reframed ? ['content-length'] : [])]) delete copy[name];
	return copy;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

const pause = async (ms: number) =>
	new Promise<void>(resolve => {
		if (ms > 0) setTimeout(resolve, ms);
		else setImmediate(resolve);
	});

/**
 * Starts a proxy on 127.0.0.1 that forwards every request to `target` (e.g. a real Prometheus),
 * applying the fault set with `setFault` to the requests its scope matches.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
	const upstream = new URL(target);
	const agent = new http.Agent({keepAlive: true});
	const log: ProxiedRequest[] = [];
	let rule: {fault: Fault; scope: FaultScope; left: number} = {fault: faults.none(), scope: 'all', left: Infinity};

	/** Forwards the request and resolves with the upstream answer, its body not yet read. */
	const forward = async (request: IncomingMessage, body: Buffer) =>
		new Promise<IncomingMessage>((resolve, reject) => {
			const outgoing = http.request(
				{host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: {...passHeaders(request.headers, false), host: upstream.host}, agent},
				resolve,
			);
			outgoing.on('error', reject);
			outgoing.end(body);
		});

	const answer = async (fault: Fault, request: IncomingMessage, response: ServerResponse, body: Buffer, record: ProxiedRequest) => {
		const send = (status: number, headers: http.OutgoingHttpHeaders, text: string) => {
			record.status = status;
			record.bytes = Buffer.byteLength(text);
			response.writeHead(status, headers).end(text, () => (record.doneAt = Date.now()));
		};
		switch (fault.kind) {
			case 'blackhole':
				// Read, never answered: only the client's own time limit (or close()) ends it.
				return;
			case 'reset':
				request.socket.resetAndDestroy();
				return;
			case 'http500html':
				return send(500, {'content-type': 'text/html'}, HTML_500);
			case 'http429':
				return send(429, {'content-type': 'text/html', 'retry-after': String(fault.retryAfterSeconds)}, HTML_429);
			case 'delay':
				await pause(fault.ms);
				if (response.destroyed) return;
				break;
			default:
				break;
		}
		const upstreamAnswer = await forward(request, body);
		const status = upstreamAnswer.statusCode ?? 502;
		if (fault.kind !== 'chunks' && fault.kind !== 'truncate') {
			record.status = status;
			response.writeHead(status, passHeaders(upstreamAnswer.headers, false));
			upstreamAnswer.on('data', (chunk: Buffer) => (record.bytes += chunk.length));
			response.once('finish', () => (record.doneAt = Date.now()));
			upstreamAnswer.pipe(response);
			return;
		}
		const content = await readAll(upstreamAnswer);
		record.status = status;
		// Without Content-Length Node frames the body in HTTP chunks: one per write below.
		response.writeHead(status, passHeaders(upstreamAnswer.headers, true));
		if (fault.kind === 'truncate') {
			record.bytes = Math.floor(content.length / 2);
			response.end(content.subarray(0, record.bytes), () => (record.doneAt = Date.now()));
			return;
		}
		for (let index = 0; index < content.length && !response.destroyed; index++) {
			response.write(content.subarray(index, index + 1));
			record.bytes++;
			await pause(fault.gapMs);
		}
		response.end(() => (record.doneAt = Date.now()));
	};

	const server = http.createServer((request, response) => {
		void (async () => {
			const body = await readAll(request);
			const url = new URL(request.url ?? '/', 'http://proxy');
			const method = request.method ?? 'GET';
			const query = promqlOf(url, method, body.toString('utf8'));
			const applies = rule.left > 0 && matches(rule.scope, url.pathname, query);
			if (applies) rule.left--;
			const fault = applies ? rule.fault : faults.none();
			const record: ProxiedRequest = {at: Date.now(), method, path: url.pathname, ...(query === undefined ? {} : {query}), fault: fault.kind, bytes: 0};
			log.push(record);
			await answer(fault, request, response, body, record);
		})().catch(() => {
			// The client gave up or upstream failed: a proxy in trouble drops the connection, as a real one would.
			request.socket.destroy();
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		setFault(fault, scope = 'all', options = {}) {
			rule = {fault, scope, left: options.times ?? Infinity};
		},
		clearFault() {
			rule = {fault: faults.none(), scope: 'all', left: Infinity};
		},
		requests: () => log,
		async close() {
			// Black-holed requests included.
			server.closeAllConnections();
			agent.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
