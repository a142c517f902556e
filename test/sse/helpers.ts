import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {JobEvent, StreamSnapshot} from '../../source/sse/snapshot.js';
import {StreamClient, type StreamClientOptions, type StreamState} from '../../source/sse/stream-client.js';
import {waitFor} from '../helpers/wait-for.js';

/** Every state the client reported, with the wall-clock time it was reported. */
export type Seen = {
	states: Array<StreamState & {t: number}>;
	snapshots: StreamSnapshot[];
	jobs: JobEvent[];
};

/** A StreamClient whose callbacks record everything into `seen`. */
export function recordingClient(options: Omit<StreamClientOptions, 'onSnapshot' | 'onJob' | 'onState'>): {client: StreamClient; seen: Seen} {
	const seen: Seen = {states: [], snapshots: [], jobs: []};
	const client = new StreamClient({
		...options,
		onState: state => seen.states.push({...state, t: Date.now()}),
		onSnapshot: snapshot => seen.snapshots.push(snapshot),
		onJob: event => seen.jobs.push(event),
	});
	return {client, seen};
}

/** Waits until the client reported a state matching `match` after index `from`, and returns it. */
export async function waitForState(seen: Seen, match: (state: StreamState) => boolean, options: {from?: number; timeoutMs?: number} = {}): Promise<StreamState & {t: number}> {
	return waitFor(() => seen.states.slice(options.from ?? 0).find(match), {timeoutMs: options.timeoutMs ?? 5000, intervalMs: 10, description: 'stream state'});
}

/** A loopback HTTP server for one test; close() drops open connections. */
export type Loopback = {url: string; server: http.Server; requests: http.IncomingMessage[]; close(): Promise<void>};

/** Starts `handler` on 127.0.0.1 (ephemeral port), recording every request. */
export async function loopback(handler: http.RequestListener): Promise<Loopback> {
	const requests: http.IncomingMessage[] = [];
	const server = http.createServer((req, res) => {
		requests.push(req);
		handler(req, res);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		server,
		requests,
		close: async () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Answers an event stream: status 200, `text/event-stream`, headers flushed. */
export function openStream(res: http.ServerResponse): void {
	res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'});
	res.flushHeaders();
	res.socket?.setNoDelay(true);
}

/** Control characters, bidi controls and zero-width characters: none may survive decoding. */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F]/;

export const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
