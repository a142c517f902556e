import http from 'node:http';
import net, {type AddressInfo} from 'node:net';

/** What the proxy was asked: `CONNECT host:port`, or a forwarded request's method and absolute URL. */
export type ProxiedRequest = {readonly method: string; readonly target: string; readonly proxyAuthorization?: string};

export type ForwardProxy = {
	/** `http://127.0.0.1:<port>` */
	readonly url: string;
	readonly port: number;
	/** Everything asked so far, in order. */
	readonly requests: ProxiedRequest[];
	close(): Promise<void>;
};

/**
 * A name for a test server that only the test proxy can reach: `.invalid` never resolves (RFC 6761),
 * and the proxy maps it to 127.0.0.1. Tests name their servers by it because a request to `localhost`
 * or 127.0.0.1 never uses a proxy of the environment (Go's rule, see isLoopbackHost).
 */
export const PROXIED_HOST = 'prometheus.invalid';
/** An address for the same purpose (TEST-NET-1, RFC 5737: routed nowhere); the proxy maps it to 127.0.0.1. */
export const PROXIED_ADDRESS = '192.0.2.10';

/** The test proxy's default resolver: `*.invalid` names and TEST-NET-1 addresses are this machine, the rest themselves. */
export function testResolve(host: string): string {
	return host.endsWith('.invalid') || host.startsWith('192.0.2.') ? '127.0.0.1' : host;
}

export type ForwardProxyOptions = {
	/** `user:password` the proxy requires as Proxy-Authorization (basic); none by default. */
	readonly credentials?: string;
	/** Answer every CONNECT with this status instead of tunnelling (403, 502 …). */
	readonly connectStatus?: number;
	/** Where a host is really reached (so a test can name a host that does not resolve); default: {@link testResolve}. */
	readonly resolve?: (host: string) => string;
};

/**
 * A small forward proxy on 127.0.0.1, as squid or tinyproxy would be: CONNECT is tunnelled by piping
 * sockets, absolute-form requests (`GET http://host/path`) are forwarded. It records every request,
 * and answers 407 when `credentials` are required and missing or wrong. It reaches {@link PROXIED_HOST}
 * (any `.invalid` name) and {@link PROXIED_ADDRESS} on 127.0.0.1.
 */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
	const requests: ProxiedRequest[] = [];
	const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
	const resolve = options.resolve ?? testResolve;
	const sockets = new Set<net.Socket>();
	const server = http.createServer((request, response) => {
		const proxyAuthorization = request.headers['proxy-authorization'];
		requests.push({method: request.method ?? '', target: request.url ?? '', proxyAuthorization});
		if (expected && proxyAuthorization !== expected) {
			return void response.writeHead(407, {'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/html'}).end('<html><title>407 Proxy Authentication Required</title></html>');
		}
		let target: URL;
		try {
			target = new URL(request.url ?? '');
		} catch {
			return void response.writeHead(400).end('not absolute-form');
		}
		const {'proxy-authorization': _, 'proxy-connection': __, ...headers} = request.headers;
		const upstream = http.request({host: resolve(target.hostname.replace(/^\[|\]$/g, '')), port: target.port || 80, path: `${target.pathname}${target.search}`, method: request.method, headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', () => response.headersSent ? response.destroy() : response.writeHead(502).end('bad gateway'));
		request.pipe(upstream);
	});
	server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		const proxyAuthorization = request.headers['proxy-authorization'];
		requests.push({method: 'CONNECT', target: request.url ?? '', proxyAuthorization});
		client.on('error', () => undefined);
		if (expected && proxyAuthorization !== expected) {
			return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
		}
		if (options.connectStatus !== undefined) {
			return void client.end(`HTTP/1.1 ${options.connectStatus} ${http.STATUS_CODES[options.connectStatus] ?? 'Refused'}\r\nContent-Length: 0\r\n\r\n`);
		}
		const at = (request.url ?? '').lastIndexOf(':');
		const host = (request.url ?? '').slice(0, at).replace(/^\[|\]$/g, '');
		const upstream = net.connect(Number((request.url ?? '').slice(at + 1)), resolve(host), () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise(done => server.close(done));
		},
	};
}
