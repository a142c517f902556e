import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {httpGet} from '../../source/sources/http-get.js';
import {fetchMetrics} from '../../source/scrape/fetch-metrics.js';

// RELIABILITY 8 (an oversized answer says so) and 18 (a redirect to another host takes none of the
// connection's headers along), for the Prometheus client: prometheus-query's axios, sending through
// node-http-adapter.ts on httpGet's node:http path.

const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(MiB);
const OK = JSON.stringify({status: 'success', data: {resultType: 'vector', result: []}});

/** Every request the servers received, with its headers. */
const seen: Array<{server: 'first' | 'second'; path: string; method?: string; headers: http.IncomingHttpHeaders}> = [];
let first: http.Server;
let second: http.Server;
let firstUrl: string;
/** The second server by name, so the redirect leaves the first origin (127.0.0.1 → localhost). */
let secondUrl: string;

/** Streams `mib` MiB of zeros, without Content-Length unless `declared`. */
function stream(response: http.ServerResponse, mib: number, declared: boolean, type = 'application/json'): void {
	response.writeHead(200, {'content-type': type, ...(declared ? {'content-length': String(mib * MiB)} : {})});
	let sent = 0;
	const more = () => {
		while (sent < mib) {
			sent++;
			if (!response.write(ZEROS)) return void response.once('drain', more);
		}
		response.end();
	};
	response.on('error', () => undefined);
	more();
}

async function listen(server: http.Server): Promise<number> {
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
	first = http.createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		seen.push({server: 'first', path, method: request.method, headers: request.headers});
		request.resume();
		if (path.startsWith('/huge/')) return stream(response, 33, false);
		if (path.startsWith('/huge-declared/')) return stream(response, 33, true);
		if (path.startsWith('/small-cap/')) return stream(response, 2, false, 'text/plain; version=0.0.4');
		if (path.startsWith('/away/')) return void response.writeHead(307, {location: `${secondUrl}/landed${path.slice('/away'.length)}`}).end();
		if (path.startsWith('/here/')) return void response.writeHead(307, {location: `/landed${path.slice('/here'.length)}`}).end();
		if (path.startsWith('/see-other/')) return void response.writeHead(303, {location: `/landed${path.slice('/see-other'.length)}`}).end();
		if (path.startsWith('/landed/')) return void response.writeHead(200, {'content-type': 'application/json'}).end(OK);
		response.writeHead(404).end();
	});
	second = http.createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		seen.push({server: 'second', path, headers: request.headers});
		request.resume();
		response.writeHead(200, {'content-type': 'application/json'}).end(OK);
	});
	firstUrl = `http://127.0.0.1:${await listen(first)}`;
	secondUrl = `http://localhost:${await listen(second)}`;
});

afterAll(async () => {
	for (const server of [first, second]) {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	}
});

describe('PrometheusClient: oversized answers', () => {
	it('refuses an answer over 32 MB with a sentence that says so, streamed or declared', async () => {
		const client = (path: string) => new PrometheusClient({url: `${firstUrl}${path}`, timeoutMs: 10_000});
		for (const path of ['/huge', '/huge-declared']) {
			const result = await client(path).query('up');
			expect(result).toMatchObject({ok: false, error: {kind: 'bad-response', message: 'answer larger than 32 MB refused'}});
		}
		expect(await client('/huge').alerts()).toMatchObject({ok: false, error: {message: 'answer larger than 32 MB refused'}});
	});

	it('takes a smaller cap when given one', async () => {
		const result = await new PrometheusClient({url: `${firstUrl}/small-cap`, timeoutMs: 5000, maxBodyBytes: MiB}).query('up');
		expect(result).toMatchObject({ok: false, error: {kind: 'bad-response', message: 'answer larger than 1 MB refused'}});
	});

	it('words the caps of the other clients alike', async () => {
		const get = await httpGet(`${firstUrl}/small-cap/x`, {timeoutMs: 5000, maxBytes: MiB});
		expect(get).toMatchObject({ok: false, error: {kind: 'bad-response', message: 'answer larger than 1 MB refused'}});
		const scrape = await fetchMetrics(`${firstUrl}/small-cap/metrics`, {timeoutMs: 5000, maxBytes: MiB});
		expect(scrape).toMatchObject({ok: false, error: {kind: 'bad-response', message: 'answer larger than 1 MB refused'}});
	});
});

describe('PrometheusClient: redirects', () => {
	const request = {
		headers: () => ({Authorization: 'Bearer SEKRET1', 'X-Scope-OrgID': 'tenant-7', 'X-API-Key': 'key-9'}),
	};

	it('sends none of the connection headers to another origin', async () => {
		const client = new PrometheusClient({url: `${firstUrl}/away`, timeoutMs: 5000, request});
		expect((await client.query('up')).ok).toBe(true);
		expect((await client.alerts()).ok).toBe(true);
		const hops = seen.filter(entry => entry.path.startsWith('/away/') || entry.path.startsWith('/landed/'));
		expect(hops.filter(entry => entry.server === 'first')).toHaveLength(2);
		for (const entry of hops.filter(hop => hop.server === 'first')) expect(entry.headers).toMatchObject({authorization: 'Bearer SEKRET1', 'x-scope-orgid': 'tenant-7', 'x-api-key': 'key-9'});
		const landed = hops.filter(entry => entry.server === 'second');
		expect(landed).toHaveLength(2);
		for (const entry of landed) {
			expect(entry.headers.host).toMatch(/^localhost:/);
			expect(entry.headers.authorization).toBeUndefined();
			expect(entry.headers['x-scope-orgid']).toBeUndefined();
			expect(entry.headers['x-api-key']).toBeUndefined();
		}
	});

	it('keeps them on a redirect within the same origin', async () => {
		const client = new PrometheusClient({url: `${firstUrl}/here`, timeoutMs: 5000, request});
		expect((await client.query('up')).ok).toBe(true);
		const landed = seen.filter(entry => entry.path.startsWith('/landed/') && entry.server === 'first').at(-1);
		expect(landed?.headers).toMatchObject({authorization: 'Bearer SEKRET1', 'x-scope-orgid': 'tenant-7', 'x-api-key': 'key-9'});
	});

	it('repeats a POST query on a 307, and goes on with GET after a 303, as follow-redirects did', async () => {
		for (const [path, method] of [['/here', 'POST'], ['/see-other', 'GET']] as const) {
			const client = new PrometheusClient({url: `${firstUrl}${path}`, timeoutMs: 5000, request});
			expect((await client.query('up')).ok).toBe(true);
			const landed = seen.filter(entry => entry.path === '/landed/api/v1/query').at(-1);
			expect(landed).toMatchObject({method, headers: {authorization: 'Bearer SEKRET1'}});
			if (method === 'GET') expect(landed?.headers['content-type']).toBeUndefined();
		}
	});
});
