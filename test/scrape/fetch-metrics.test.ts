import type http from 'node:http';
import zlib from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fetchMetrics} from '../../source/scrape/fetch-metrics.js';
import {freePort} from '../helpers/free-port.js';
import {serve, type LoopbackServer} from './loopback-server.js';

const EXPOSITION = '# HELP jobs_total Jobs\n# TYPE jobs_total counter\njobs_total{kind="a"} 3\njobs_total{kind="b"} 4\n';
const MiB = 1024 * 1024;

const send = (status: number, type: string, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => (_: http.IncomingMessage, response: http.ServerResponse) => {
	response.writeHead(status, {'content-type': type, ...headers}).end(body);
};

let server: LoopbackServer;
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
	server = await serve({
		'/metrics': send(200, 'text/plain; version=0.0.4; charset=utf-8', EXPOSITION),
		'/gzip': (request, response) => {
			const gzip = String(request.headers['accept-encoding']).includes('gzip');
			response.writeHead(200, {'content-type': 'text/plain', ...(gzip ? {'content-encoding': 'gzip'} : {})}).end(gzip ? zlib.gzipSync(EXPOSITION) : EXPOSITION);
		},
		'/deflate': send(200, 'text/plain', zlib.deflateSync(EXPOSITION), {'content-encoding': 'deflate'}),
		'/brotli': send(200, 'text/plain', zlib.brotliCompressSync(EXPOSITION), {'content-encoding': 'br'}),
		'/broken-gzip': send(200, 'text/plain', Buffer.from('not gzip at all'), {'content-encoding': 'gzip'}),
		'/html-503': send(503, 'text/html', '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>nginx</h1></body></html>'),
		'/plain-503': send(503, 'text/plain', '\n  simulator unavailable (scenario: down)\nsecond line\n', {'retry-after': '5'}),
		'/hostile-502': send(502, 'text/html', '<title>\u001B]52;c;cm0gLXJm\u0007bad \u001B[2J gateway\u202E</title>'),
		'/not-found-json': send(404, 'application/json', '{"error":"no such page"}'),
		'/html-200': send(200, 'text/html; charset=utf-8', '<html><body>Sign in</body></html>'),
		'/json-200': send(200, 'application/json', '{"status":"success","data":{}}'),
		'/html-as-text': send(200, 'text/plain', '\n<!DOCTYPE html><html><body>proxy login</body></html>'),
		'/no-type': (_, response) => response.end(EXPOSITION),
		'/openmetrics': send(200, 'application/openmetrics-text; version=1.0.0', '# TYPE jobs counter\njobs_total 1 # {trace_id="x"} 1\n# EOF\n'),
		'/bad-lines': send(200, 'text/plain', 'good 1\nbad{ 2\nalso_good 3\n'),
		'/big': (_, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			const line = `${'x'.repeat(1000)} 1\n`;
			for (let index = 0; index < 2048; index++) response.write(line);
			response.end();
		},
		'/big-declared': send(200, 'text/plain', Buffer.alloc(2 * MiB, 'a')),
		'/bomb': send(200, 'text/plain', zlib.gzipSync(Buffer.alloc(64 * MiB, '#')), {'content-encoding': 'gzip'}),
		'/trickle': (_, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			const timer = setInterval(() => response.write('#'), 100);
			timers.push(timer);
			response.on('close', () => clearInterval(timer));
		},
		'/hang': () => {},
		'/redirect': send(301, 'text/html', 'moved', {location: 'http://other.example/metrics?token=s3cret&x=1'}),
		'/login-redirect': send(302, 'text/html', 'login', {location: '/login?next=%2Fmetrics'}),
		'/reset': (_, response) => {
			response.writeHead(200, {'content-type': 'text/plain', 'content-length': '1000'});
			response.write('partial 1\n');
			setTimeout(() => response.socket?.destroy(), 20);
		},
		'/auth': (request, response) => {
			if (request.headers.authorization === 'Bearer t0k3n') send(200, 'text/plain', EXPOSITION)(request, response);
			else send(401, 'text/plain', 'unauthorized\n')(request, response);
		},
	});
});

afterAll(async () => {
	for (const timer of timers) clearInterval(timer);
	await server?.close();
});

const scrape = async (path: string, options: Partial<Parameters<typeof fetchMetrics>[1]> = {}) => fetchMetrics(`${server.url}${path}`, {timeoutMs: 3000, ...options});
const errorOf = async (path: string, options: Partial<Parameters<typeof fetchMetrics>[1]> = {}) => {
	const result = await scrape(path, options);
	if (result.ok) throw new Error(`${path} succeeded`);
	return result.error;
};

describe('fetchMetrics: answers that are expositions', () => {
	it('parses the exposition and reports its size, duration and content type; asks for the text format with gzip', async () => {
		const result = await scrape('/metrics');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.exposition.samples.map(sample => [sample.labels.kind, sample.value])).toEqual([['a', 3], ['b', 4]]);
		expect(result.data.exposition.types).toEqual({jobs_total: 'counter'});
		expect(result.data.bytes).toBe(Buffer.byteLength(EXPOSITION));
		expect(result.data.durationMs).toBeGreaterThan(0);
		expect(result.data.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
		const headers = server.seen.at(-1)!;
		expect(headers.accept).toBe('text/plain;version=0.0.4;q=0.9,*/*;q=0.1');
		expect(headers['accept-encoding']).toBe('gzip');
	});

	it('decompresses gzip and deflate; bytes counts the decompressed body', async () => {
		for (const path of ['/gzip', '/deflate']) {
			const result = await scrape(path);
			expect(result.ok && result.data.exposition.samples.length, path).toBe(2);
			expect(result.ok && result.data.bytes).toBe(Buffer.byteLength(EXPOSITION));
		}
		expect(await errorOf('/brotli')).toMatchObject({kind: 'bad-response', message: 'unsupported content-encoding br'});
		expect((await errorOf('/broken-gzip')).message).toMatch(/^cannot decompress the response: /);
	});

	it('reads a body without content type, and OpenMetrics', async () => {
		expect((await scrape('/no-type')).ok).toBe(true);
		const open = await scrape('/openmetrics');
		expect(open.ok && open.data.exposition.samples).toEqual([{labels: {__name__: 'jobs_total'}, value: 1}]);
	});

	it('is ok with lines it could not parse, which it lists', async () => {
		const result = await scrape('/bad-lines');
		expect(result.ok && result.data.exposition.samples.length).toBe(2);
		expect(result.ok && result.data.exposition.errors).toEqual(['line 2: expected a label name, got "2"']);
	});

	it('sends the headers of RequestOptions, read again for every request', async () => {
		let reads = 0;
		const request = {headers: () => ({Authorization: reads++ === 0 ? 'Bearer t0k3n' : 'Bearer rotated'})};
		expect((await scrape('/auth', {request})).ok).toBe(true);
		expect(server.seen.at(-1)!.authorization).toBe('Bearer t0k3n');
		expect(await errorOf('/auth', {request})).toMatchObject({kind: 'http', httpStatus: 401, message: 'HTTP 401: unauthorized'});
		expect(server.seen.at(-1)!.authorization).toBe('Bearer rotated');
		const unreadable = {
			headers: () => {
				throw new Error('cannot read the bearer token file /run/secret (ENOENT)');
			},
		};
		expect((await errorOf('/auth', {request: unreadable})).message).toBe('cannot read the bearer token file /run/secret (ENOENT)');
		// A header value Node refuses (a line break): the error names the code, never the value.
		const broken = await errorOf('/auth', {request: {headers: () => ({Authorization: 'Bearer s3cret\r\nX-Injected: 1'})}});
		expect(broken).toEqual({kind: 'bad-response', message: 'invalid request header (ERR_INVALID_CHAR)', retryable: false});
	});
});

describe('fetchMetrics: failures, each a clear SourceError', () => {
	it('connection refused, host not found, invalid URLs', async () => {
		const port = await freePort();
		expect(await fetchMetrics(`http://127.0.0.1:${port}/metrics`, {timeoutMs: 2000})).toEqual({ok: false, error: {kind: 'network', message: 'connection refused', retryable: true}});
		const unknown = await fetchMetrics('http://no-such-host.invalid/metrics', {timeoutMs: 5000});
		expect(unknown.ok ? '' : unknown.error.message).toMatch(/^(host not found|DNS lookup failed)$/);
		expect(await fetchMetrics('not a url', {timeoutMs: 1000})).toMatchObject({ok: false, error: {kind: 'bad-response', message: 'invalid URL not a url', retryable: false}});
		expect(await fetchMetrics('ftp://127.0.0.1/metrics', {timeoutMs: 1000})).toMatchObject({ok: false, error: {message: 'unsupported URL scheme ftp: (http or https expected)'}});
	});

	it('HTTP errors carry the status and the page title or first line, sanitised', async () => {
		expect(await errorOf('/html-503')).toEqual({kind: 'http', httpStatus: 503, message: 'HTTP 503: 503 Service Temporarily Unavailable', retryable: true});
		expect(await errorOf('/plain-503')).toMatchObject({httpStatus: 503, message: 'HTTP 503: simulator unavailable (scenario: down)'});
		expect(await errorOf('/not-found-json')).toMatchObject({httpStatus: 404, message: 'HTTP 404: {"error":"no such page"}'});
		const hostile = await errorOf('/hostile-502');
		expect(hostile.message).toBe('HTTP 502: \\x1b]52;c;cm0gLXJm\\x07bad \\x1b[2J gateway<U+202E>');
	});

	it('a 200 that is HTML or JSON is not an exposition', async () => {
		expect(await errorOf('/html-200')).toEqual({kind: 'bad-response', message: 'not a Prometheus text exposition (content-type text/html)', retryable: false});
		expect((await errorOf('/json-200')).message).toBe('not a Prometheus text exposition (content-type application/json)');
		expect((await errorOf('/html-as-text')).message).toBe('not a Prometheus text exposition (the body is HTML)');
	});

	it('does not follow redirects, and names the target without its secrets', async () => {
		expect(await errorOf('/redirect')).toEqual({
			kind: 'http',
			httpStatus: 301,
			message: 'HTTP 301 → http://other.example/metrics?token=***&x=1 (redirects are not followed: scrape that URL)',
			retryable: false,
		});
		expect((await errorOf('/login-redirect')).message).toBe(`HTTP 302 → ${server.url}/login?next=%2Fmetrics (redirects are not followed: scrape that URL)`);
	});

	it('refuses bodies over maxBytes: streamed, declared, or a gzip bomb', async () => {
		expect(await errorOf('/big', {maxBytes: MiB})).toEqual({kind: 'bad-response', message: 'answer larger than 1 MB refused', retryable: true});
		expect((await errorOf('/big-declared', {maxBytes: MiB})).message).toBe('answer larger than 1 MB refused');
		expect((await errorOf('/bomb', {maxBytes: MiB})).message).toBe('answer larger than 1 MB refused');
		expect((await errorOf('/bomb')).message).toBe('answer larger than 32 MB refused');
		expect((await scrape('/big', {maxBytes: 4 * MiB})).ok).toBe(true);
	});

	it('times out the whole request: a server that trickles a byte every 100 ms, and one that never answers', async () => {
		for (const path of ['/trickle', '/hang']) {
			const started = Date.now();
			expect(await errorOf(path, {timeoutMs: 600})).toEqual({kind: 'timeout', message: 'timed out after 0.6s', retryable: true});
			expect(Date.now() - started).toBeGreaterThanOrEqual(550);
			expect(Date.now() - started).toBeLessThan(2000);
		}
	});

	it('a connection reset in the middle of the body', async () => {
		expect(await errorOf('/reset')).toEqual({kind: 'network', message: 'connection reset while reading the response', retryable: true});
	});
});
