import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {alertmanagerAnswer} from '../fixtures/hostile/alertmanager-api.js';
import {streamPreamble, streamTick} from '../fixtures/hostile/event-stream.js';
import {hostileExposition} from '../fixtures/hostile/exposition.js';
import {withInvalidUtf8} from '../fixtures/hostile/payloads.js';
import {prometheusAnswer, type Answer, type PrometheusMode} from '../fixtures/hostile/prometheus-api.js';
import {hostileRunbook, RUNBOOK_PATH} from '../fixtures/hostile/runbook.js';

/**
 * A loopback server speaking every protocol agentmon reads, with hostile text in every string
 * field. Each behaviour has its own path prefix, so tests running at once never share a switch:
 *
 * - `prometheus(mode)`: a Prometheus HTTP API (`/api/v1/…`, queries by GET or POST) in one of the
 *   {@link PrometheusMode}s: hostile data, huge data, or hostile errors;
 * - `alertmanager`: Alertmanager API v2 (`/api/v2/alerts`, `/silences`, `/status`);
 * - `metrics`: a `/metrics` text exposition for `--scrape`;
 * - `stream`: the coding-team SSE stream `/api/metrics/stream`;
 * - a markdown runbook at `RUNBOOK_PATH`, the `runbook_url` of one Prometheus alert.
 */
export type HostileServer = {
	/** Base URL of a fake Prometheus in this mode. */
	prometheus(mode: PrometheusMode): string;
	/** Base URL of the fake Alertmanager. */
	readonly alertmanager: string;
	/** URL of the `/metrics` exposition. */
	readonly metrics: string;
	/** URL of the SSE stream. */
	readonly stream: string;
	close(): Promise<void>;
};

/** The ways agentmon can read this server, as its command line names them. */
export type HostileSource = '--prometheus' | '--prometheus --alertmanager' | '--scrape' | '--sse';

/** The command-line arguments of each source against `server` (hostile data, no errors). */
export function sourceArgs(server: HostileServer): Record<HostileSource, string[]> {
	return {
		'--prometheus': ['--prometheus', server.prometheus('hostile')],
		'--prometheus --alertmanager': ['--prometheus', server.prometheus('hostile'), '--alertmanager', server.alertmanager],
		// --once scrapes twice, an interval apart, for rates.
		'--scrape': ['--scrape', server.metrics, '--interval', '1s'],
		'--sse': ['--sse', server.stream],
	};
}

const PROMETHEUS_MODES: readonly PrometheusMode[] = ['hostile', 'huge', 'bad-data', 'query-error', 'proxy-502'];
const STREAM_TICK_MS = 300;
/** Request bodies are PromQL forms: a few KB at most. */
const MAX_REQUEST_BYTES = 64 * 1024;

async function readRequest(request: http.IncomingMessage): Promise<string> {
	let body = '';
	for await (const chunk of request) {
		body += String(chunk);
		if (body.length > MAX_REQUEST_BYTES) break;
	}
	return body;
}

function send(response: http.ServerResponse, answer: Answer): void {
	const body = withInvalidUtf8(answer.body);
	response.writeHead(answer.status, {'Content-Type': answer.contentType, 'Content-Length': body.length}).end(body);
}

/** The PromQL of a query, from the URL (GET) or the form body (POST). */
async function queryOf(request: http.IncomingMessage, url: URL): Promise<string | null> {
	if (request.method === 'POST') return new URLSearchParams(await readRequest(request)).get('query');
	return url.searchParams.get('query');
}

/** Opens an event stream: the preamble at once, then a snapshot and a jobs event every tick, until the client goes. */
function openStream(response: http.ServerResponse): void {
	response.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache'});
	response.write(withInvalidUtf8(streamPreamble()));
	let tick = 0;
	const timer = setInterval(() => response.write(withInvalidUtf8(streamTick(++tick))), STREAM_TICK_MS);
	response.on('close', () => clearInterval(timer));
}

async function route(request: http.IncomingMessage, response: http.ServerResponse, url: URL, origin: string): Promise<void> {
	const path = url.pathname;
	const prometheus = /^\/prometheus\/([a-z0-9-]+)\/api\/v1\/(.+)$/.exec(path);
	if (prometheus && PROMETHEUS_MODES.includes(prometheus[1] as PrometheusMode)) {
		const apiPath = prometheus[2]!;
		const query = apiPath === 'query' ? await queryOf(request, url) : null;
		return send(response, prometheusAnswer(prometheus[1] as PrometheusMode, apiPath, query, origin));
	}
	const alertmanager = /^\/alertmanager\/api\/v2\/(.+)$/.exec(path);
	if (alertmanager) return send(response, alertmanagerAnswer(alertmanager[1]!));
	if (path === '/metrics') return send(response, {status: 200, contentType: 'text/plain; version=0.0.4; charset=utf-8', body: hostileExposition()});
	if (path === '/api/metrics/stream') return openStream(response);
	if (path === RUNBOOK_PATH) return send(response, {status: 200, contentType: 'text/markdown; charset=utf-8', body: hostileRunbook()});
	send(response, {status: 404, contentType: 'text/plain', body: 'not found\n'});
}

/** Starts {@link HostileServer} on an ephemeral port of 127.0.0.1. */
export async function startHostileServer(): Promise<HostileServer> {
	let base = '';
	const server = http.createServer((request, response) => {
		route(request, response, new URL(request.url ?? '/', base), base).catch(() => response.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		prometheus: mode => `${base}/prometheus/${mode}`,
		alertmanager: `${base}/alertmanager`,
		metrics: `${base}/metrics`,
		stream: `${base}/api/metrics/stream`,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
