import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseRetryAfter, PrometheusClient} from '../../source/sources/prometheus-client.js';

/** A loopback server with a few bad behaviours, chosen by path. */
let server: http.Server;
let url: string;
const hits = new Map<string, number>();
const methods: string[] = [];

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const prefix = request.url?.split('/')[1] ?? '';
		hits.set(prefix, (hits.get(prefix) ?? 0) + 1);
		if (request.url?.startsWith('/flaky') && hits.get(prefix) === 1) {
			response.writeHead(503, {'content-type': 'text/html', 'retry-after': '1'}).end('<html><title>503 Service Unavailable</title></html>');
			return;
		}
		if (request.url?.startsWith('/no-post')) {
			methods.push(request.method ?? '');
			if (request.method === 'POST') return void response.writeHead(405, {'content-type': 'text/plain'}).end('Method Not Allowed');
		}
		if (request.url?.startsWith('/limited')) {
			response.writeHead(429, {'content-type': 'application/json', 'retry-after': '0'}).end(JSON.stringify({status: 'error', errorType: 'too_many_requests', error: 'slow down'}));
			return;
		}
		if (request.url?.startsWith('/trickle')) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"status":"success","data":');
			const timer = setInterval(() => response.write(' '), 200);
			request.on('close', () => clearInterval(timer));
			return;
		}
		if (request.url?.startsWith('/proxy')) {
			response.writeHead(502, {'content-type': 'text/html'}).end('<html><head><title>502 Bad Gateway \u001B]52;c;ZXZpbA==\u0007</title></head><body>nginx</body></html>');
			return;
		}
		if (request.url?.startsWith('/bad')) {
			response.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'bad_data', error: 'parse error at char 3\u001B[2J'}));
			return;
		}
		response.writeHead(200, {'content-type': 'application/json'}).end(
			JSON.stringify({status: 'success', warnings: ['PromQL warning: x'], data: {resultType: 'vector', result: [{metric: {__name__: 'm', agent: 'evil\u001B[31m\u202E'}, value: [1, 'NaN']}]}}),
		);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

describe('PrometheusClient', () => {
	it('times out a server that trickles its body, not only an idle one', async () => {
		const client = new PrometheusClient({url: `${url}/trickle`, timeoutMs: 600});
		const result = await client.query('up');
		expect(result).toMatchObject({ok: false, error: {kind: 'timeout', message: 'timed out after 0.6s'}});
	});

	it('tries a 503 again after its Retry-After, within the same request', async () => {
		const started = Date.now();
		const result = await new PrometheusClient({url: `${url}/flaky`, timeoutMs: 3000}).query('m');
		expect(result.ok).toBe(true);
		expect(hits.get('flaky')).toBe(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('gives up on a 429 after three attempts, and never retries a 400', async () => {
		const limited = await new PrometheusClient({url: `${url}/limited`, timeoutMs: 2000}).query('m');
		expect(limited).toMatchObject({ok: false, error: {httpStatus: 429, message: 'HTTP 429 too_many_requests: slow down'}});
		expect(hits.get('limited')).toBe(3);
		await new PrometheusClient({url: `${url}/bad`, timeoutMs: 2000}).query('up');
		expect(hits.get('bad')).toBe(1);
	});

	it('queries with POST, and falls back to GET for good when a proxy refuses POST', async () => {
		const client = new PrometheusClient({url: `${url}/no-post`, timeoutMs: 2000});
		expect((await client.query('m')).ok).toBe(true);
		expect((await client.query('m')).ok).toBe(true);
		expect(methods).toEqual(['POST', 'GET', 'GET']);
	});

	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter('-1')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('turns a proxy HTML page into a short, sanitised message', async () => {
		const result = await new PrometheusClient({url: `${url}/proxy`, timeoutMs: 2000}).query('up');
		expect(result.ok).toBe(false);
		const message = result.ok ? '' : result.error.message;
		expect(message).toContain('502 Bad Gateway');
		// eslint-disable-next-line no-control-regex
		expect(message).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
	});

	it("shows Prometheus' errorType and error for a 400, not retryable", async () => {
		const result = await new PrometheusClient({url: `${url}/bad`, timeoutMs: 2000}).query('up');
		expect(result).toMatchObject({ok: false, error: {kind: 'http', httpStatus: 400, retryable: false}});
		expect(result.ok ? '' : result.error.message).toBe('HTTP 400 bad_data: parse error at char 3\\x1b[2J');
	});

	it('sanitises labels and keeps warnings and NaN values', async () => {
		const result = await new PrometheusClient({url, timeoutMs: 2000}).query('m');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.warnings).toEqual(['PromQL warning: x']);
		expect(result.data[0]!.labels.agent).toBe('evil\\x1b[31m<U+202E>');
		expect(Number.isNaN(result.data[0]!.value)).toBe(true);
	});
});
