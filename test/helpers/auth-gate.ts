import http from 'node:http';
import {listen} from '../scrape/loopback-server.js';

/** A gateway in front of a server: 401 unless the request carries `authorization`; else the request is forwarded, streamed both ways. */
export type AuthGate = {
	/** `http://127.0.0.1:<port>`: the target's paths, behind the gate. */
	readonly url: string;
	/** Headers of every request that reached the gate, oldest first. */
	readonly seen: http.IncomingHttpHeaders[];
	close(): Promise<void>;
};

/** Starts an {@link AuthGate} on loopback in front of `target` (a base URL), letting through only `authorization`. */
export async function startAuthGate(target: string, authorization: string): Promise<AuthGate> {
	const seen: http.IncomingHttpHeaders[] = [];
	const upstream = new URL(target);
	const listening = await listen((request, response) => {
		seen.push(request.headers);
		if (request.headers.authorization !== authorization) {
			response.writeHead(401, {'content-type': 'text/plain', 'www-authenticate': 'Basic realm="gate"'}).end('401 Unauthorized\n');
			return;
		}
		const headers = {...request.headers, host: upstream.host};
		delete headers.authorization;
		const forwarded = http.request({host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		forwarded.on('error', () => response.destroy());
		response.on('close', () => forwarded.destroy());
		request.pipe(forwarded);
	});
	return {...listening, seen};
}
