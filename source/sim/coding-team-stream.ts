import type http from 'node:http';

/** The seed's SSE endpoint (`new EventSource("/api/metrics/stream")`). */
export const CODING_TEAM_STREAM_PATH = '/api/metrics/stream';
/** `POST /_sim/stream?fault=NAME` switches a stream fault; `GET` reads {@link StreamStats}. */
export const STREAM_FAULT_PATH = '/_sim/stream';
/** Every fault `fault=` accepts; `retry:N` takes a number of milliseconds. */
export const STREAM_FAULTS = ['drop', 'retry:N', '204', '500', 'content-type', 'silent', 'none'] as const;

/** Options of {@link CodingTeamStreamHub}. */
export type StreamHubOptions = {
	/** Interval of `event: snapshot` messages. */
	snapshotMs: number;
	/** Interval of `: ping` comments. */
	heartbeatMs: number;
	/** The `retry:` the first message of each stream carries. */
	retryMs: number;
	/** `jobs` events kept for clients that resume with `Last-Event-ID`. */
	bufferSize: number;
	/** The current snapshot (the `data` of `event: snapshot`). */
	snapshot(): unknown;
};

/** What the stream endpoint saw, for tests: open streams, the sticky fault, and the last requests. */
export type StreamStats = {
	open: number;
	/** `none`, or the fault new streams get (`204`, `500`, `content-type`, `silent`). */
	fault: string;
	retryMs: number;
	/** The id of the last event sent. */
	lastId: number;
	/** The last 100 stream requests, oldest first, with the `Last-Event-ID` they carried and the status answered. */
	requests: Array<{at: number; lastEventId?: string; status: number}>;
};

type Mode = 'none' | '204' | '500' | 'content-type' | 'silent';
type Client = {res: http.ServerResponse; muted: boolean};

/** A client that lets this much output pile up unread is dropped, so a stuck reader cannot grow the simulator. */
const MAX_BACKLOG_BYTES = 1 << 20;
const MAX_RETRY_MS = 3_600_000;

const frame = (id: number, event: string, data: unknown) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The server side of the coding-team metrics stream: `text/event-stream` with a snapshot every
 * `snapshotMs`, one `jobs` event per lifecycle change, increasing ids across all events, `: ping`
 * every `heartbeatMs`, resumption from `Last-Event-ID` out of a small buffer, and switchable faults.
 */
export class CodingTeamStreamHub {
	readonly #options: StreamHubOptions;
	readonly #clients = new Set<Client>();
	readonly #buffer: Array<{id: number; frame: string}> = [];
	readonly #requests: StreamStats['requests'] = [];
	readonly #timers: NodeJS.Timeout[];
	#lastId = 0;
	/** The id of the newest `jobs` event pushed out of the buffer. */
	#evictedId = 0;
	#mode: Mode = 'none';
	#retryMs: number;

	constructor(options: StreamHubOptions) {
		this.#options = options;
		this.#retryMs = options.retryMs;
		this.#timers = [setInterval(() => this.#broadcastSnapshot(), options.snapshotMs), setInterval(() => this.#write(': ping\n\n'), options.heartbeatMs)];
		for (const timer of this.#timers) timer.unref();
	}

	/** Answers the stream and fault routes; false for any other request. */
	handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === CODING_TEAM_STREAM_PATH && req.method === 'GET') {
			this.#open(req, res);
			return true;
		}
		if (url.pathname !== STREAM_FAULT_PATH) return false;
		const json = (code: number, value: unknown) => res.writeHead(code, {'Content-Type': 'application/json'}).end(`${JSON.stringify(value)}\n`);
		if (req.method !== 'POST') {
			json(200, this.stats());
			return true;
		}
		try {
			this.setFault(url.searchParams.get('fault') ?? '');
			json(200, {fault: this.#mode, retryMs: this.#retryMs});
		} catch (error) {
			json(400, {error: (error as Error).message, faults: STREAM_FAULTS});
		}
		return true;
	}

	/** Sends a `jobs` event to every open stream and keeps it for resumption. */
	publish(data: unknown): void {
		const id = ++this.#lastId;
		const text = frame(id, 'jobs', data);
		this.#buffer.push({id, frame: text});
		if (this.#buffer.length > this.#options.bufferSize) this.#evictedId = this.#buffer.shift()!.id;
		this.#write(text);
	}

	/**
	 * `drop` destroys the open streams; `retry:N` sends `retry: N` on them and to new ones; `204`, `500`,
	 * `content-type` change how new streams are answered; `silent` stops all output (pings included) on
	 * open and new streams; `none` undoes all of it. Throws on an unknown name.
	 */
	setFault(name: string): void {
		const retry = /^retry:(\d{1,7})$/.exec(name);
		if (retry && Number(retry[1]) <= MAX_RETRY_MS) {
			this.#retryMs = Number(retry[1]);
			this.#write(`retry: ${this.#retryMs}\n\n`);
		} else if (name === 'drop') {
			for (const client of this.#clients) client.res.destroy();
		} else if (name === '204' || name === '500' || name === 'content-type' || name === 'silent' || name === 'none') {
			this.#mode = name;
			if (name === 'none') this.#retryMs = this.#options.retryMs;
			for (const client of this.#clients) client.muted = name === 'silent';
		} else {
			throw new Error(`unknown stream fault "${name}"; valid faults: ${STREAM_FAULTS.join(', ')}`);
		}
	}

	/** See {@link StreamStats}. */
	stats(): StreamStats {
		return {open: this.#clients.size, fault: this.#mode, retryMs: this.#retryMs, lastId: this.#lastId, requests: this.#requests.map(request => ({...request}))};
	}

	/** Stops the timers and ends every open stream. */
	close(): void {
		for (const timer of this.#timers) clearInterval(timer);
		for (const client of this.#clients) client.res.end();
		this.#clients.clear();
	}

	#open(req: http.IncomingMessage, res: http.ServerResponse): void {
		const header = req.headers['last-event-id'];
		const lastEventId = typeof header === 'string' ? header.slice(0, 100) : undefined;
		const status = this.#mode === '204' ? 204 : this.#mode === '500' ? 500 : 200;
		this.#requests.push({at: Date.now(), lastEventId, status});
		if (this.#requests.length > 100) this.#requests.shift();
		const text = (code: number, body: string) => res.writeHead(code, {'Content-Type': 'text/plain'}).end(body);
		if (this.#mode === '204') return void res.writeHead(204).end();
		if (this.#mode === '500') return void text(500, 'stream failed (simulated fault 500)\n');
		if (this.#mode === 'content-type') return void text(200, 'this is not an event stream\n');
		res.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no'});
		res.flushHeaders();
		const client: Client = {res, muted: this.#mode === 'silent'};
		this.#clients.add(client);
		res.on('close', () => this.#clients.delete(client));
		if (client.muted) return;
		res.write(`retry: ${this.#retryMs}\n${this.#missed(lastEventId)}${frame(++this.#lastId, 'snapshot', this.#options.snapshot())}`);
	}

	/** The buffered `jobs` events after `lastEventId`, preceded by a comment when older ones are gone. */
	#missed(lastEventId: string | undefined): string {
		if (lastEventId === undefined || !/^\d+$/.test(lastEventId)) return '';
		const last = Number(lastEventId);
		const missed = this.#buffer.filter(event => event.id > last);
		const lost = last < this.#evictedId ? `: jobs events ${last + 1} to ${this.#evictedId} are no longer buffered\n` : '';
		return lost + missed.map(event => event.frame).join('');
	}

	#broadcastSnapshot(): void {
		if ([...this.#clients].some(client => !client.muted)) this.#write(frame(++this.#lastId, 'snapshot', this.#options.snapshot()));
	}

	#write(text: string): void {
		for (const client of this.#clients) {
			if (client.muted) continue;
			if (client.res.writableLength > MAX_BACKLOG_BYTES) client.res.destroy();
			else client.res.write(text);
		}
	}
}
