import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';

/** A handler of the loopback server: one per path. */
export type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** An HTTP server on 127.0.0.1 serving `routes` by path (404 otherwise), remembering the headers of every request. */
export type LoopbackServer = {
	url: string;
	/** Headers of the requests received, oldest first. */
	seen: http.IncomingHttpHeaders[];
	close(): Promise<void>;
};

/** Starts `handler` on 127.0.0.1 on an ephemeral port (`server`: http or https, already created); close() drops open connections. */
export async function listen(handler: Route, server: http.Server | https.Server = http.createServer()): Promise<{url: string; close(): Promise<void>}> {
	server.on('request', handler);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const scheme = server instanceof https.Server ? 'https' : 'http';
	return {
		url: `${scheme}://127.0.0.1:${port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

/** Starts {@link LoopbackServer} on an ephemeral port, with `server` (http or https) already created. */
export async function serve(routes: Record<string, Route>, server: http.Server | https.Server = http.createServer()): Promise<LoopbackServer> {
	const seen: http.IncomingHttpHeaders[] = [];
	const listening = await listen((request, response) => {
		seen.push(request.headers);
		const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
		if (route) route(request, response);
		else response.writeHead(404, {'content-type': 'text/plain'}).end('not found\n');
	}, server);
	return {...listening, seen};
}
