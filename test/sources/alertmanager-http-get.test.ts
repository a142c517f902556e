import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {SecretFileError} from '../../source/sources/http-options.js';
import {httpGet} from '../../source/sources/http-get.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const hits = new Map<string, number>();
const seen: Array<http.IncomingHttpHeaders> = [];
let server: http.Server;
let url: string;
/** The same server under another origin (localhost instead of 127.0.0.1). */
let otherOrigin: string;
let secure: https.Server;
let secureUrl: string;
let ca: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-http-get-'));

function route(request: http.IncomingMessage, response: http.ServerResponse): void {
	const name = (request.url ?? '/').split('?')[0]!.slice(1);
	hits.set(name, (hits.get(name) ?? 0) + 1);
	seen.push(request.headers);
	switch (name) {
		case 'ok':
			return void response.writeHead(200, {'content-type': 'application/json\u009B31m'}).end('[1,2,3]');
		case 'proxy-503':
			return void response.writeHead(503, {'content-type': 'text/html'}).end('<html><head><title>503 Service Unavailable\u001B]52;c;ZXZpbA==\u0007</title></head><body>nginx</body></html>');
		case 'go-404':
			return void response.writeHead(404, {'content-type': 'text/plain; charset=utf-8'}).end('404 page not found\nsecond line');
		case 'prom-400':
			return void response.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'bad_data', error: 'parse error\u001B[2J'}));
		case 'am-400':
			return void response.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify('bad matcher format: \u202Eevil'));
		case 'empty-500':
			return void response.writeHead(500).end();
		case 'huge-error':
			return void response.writeHead(502, {'content-type': 'text/plain'}).end(`${'x'.repeat(500_000)}\n`);
		case 'big':
			return void response.writeHead(200, {'content-type': 'text/plain'}).end('y'.repeat(5000));
		case 'big-chunked':
			response.writeHead(200, {'content-type': 'text/plain'});
			for (let index = 0; index < 10; index++) response.write('z'.repeat(500));
			return void response.end();
		case 'trickle': {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('[');
			const timer = setInterval(() => response.write(' '), 100);
			return void request.on('close', () => clearInterval(timer));
		}
		case 'black-hole':
			return;
		case 'reset':
			return void request.socket.destroy();
		case 'reset-mid-body':
			response.writeHead(200, {'content-type': 'application/json', 'content-length': '100'});
			response.write('[1,');
			return void setTimeout(() => request.socket.destroy(), 50);
		case 'flaky':
			if (hits.get(name) === 1) return void response.writeHead(503, {'retry-after': '0'}).end('busy');
			return void response.writeHead(200).end('fine');
		case 'always-429':
			return void response.writeHead(429, {'retry-after': '0'}).end('slow down');
		case 'redirect-same':
			return void response.writeHead(302, {location: '/ok'}).end();
		case 'redirect-other':
			return void response.writeHead(307, {location: `${otherOrigin}/ok`}).end();
		case 'bounce-away':
			return void response.writeHead(302, {location: `${otherOrigin}/bounce-back`}).end();
		case 'bounce-back':
			return void response.writeHead(302, {location: `${url}/ok`}).end();
		case 'redirect-loop':
			return void response.writeHead(301, {location: '/redirect-loop'}).end();
		case 'redirect-file':
			return void response.writeHead(302, {location: 'file:///etc/passwd'}).end();
		default:
			return void response.writeHead(404).end();
	}
}

beforeAll(async () => {
	server = http.createServer(route);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	url = `http://127.0.0.1:${port}`;
	otherOrigin = `http://localhost:${port}`;
	const key = path.join(dir, 'key.pem');
	ca = path.join(dir, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', ca, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	secure = https.createServer({key: readFileSync(key), cert: readFileSync(ca)}, route);
	await new Promise<void>(resolve => secure.listen(0, '127.0.0.1', resolve));
	secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const each of [server, secure]) {
		each.closeAllConnections();
		await new Promise(resolve => each.close(resolve));
	}
	rmSync(dir, {recursive: true, force: true});
});

const get = async (name: string, options: Partial<Parameters<typeof httpGet>[1]> = {}) => httpGet(`${url}/${name}`, {timeoutMs: 2000, ...options});
const errorOf = (result: Awaited<ReturnType<typeof httpGet>>) => (result.ok ? undefined : result.error);

describe('httpGet', () => {
	it('returns status, sanitised content type and the raw body; sends Accept and the connection headers', async () => {
		let reads = 0;
		const result = await get('ok', {request: {headers: () => ({Authorization: `Bearer t${++reads}`})}});
		expect(result).toEqual({ok: true, data: {status: 200, contentType: 'application/json\\x9b31m', body: '[1,2,3]'}, warnings: []});
		await get('ok', {request: {headers: () => ({Authorization: `Bearer t${++reads}`})}, accept: 'text/plain'});
		expect(seen.at(-2)).toMatchObject({accept: 'application/json', authorization: 'Bearer t1'});
		// headers() is read again for every request: a rotated token is picked up.
		expect(seen.at(-1)).toMatchObject({accept: 'text/plain', authorization: 'Bearer t2'});
	});

	it('says "connection refused" for a closed port and names a host that does not resolve', async () => {
		const closed = http.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise(resolve => closed.close(resolve));
		expect(errorOf(await httpGet(`http://127.0.0.1:${port}/`, {timeoutMs: 2000}))).toEqual({kind: 'network', message: 'connection refused', retryable: true});
		const unknown = errorOf(await httpGet('http://agentmon-test.invalid/', {timeoutMs: 5000}));
		expect(unknown?.message).toMatch(/^(host not found|DNS lookup failed|timed out after 5s)$/);
	});

	it('says "connection reset" when the server drops the connection, before or during the body', async () => {
		expect(errorOf(await get('reset'))).toMatchObject({kind: 'network', message: 'connection reset'});
		expect(errorOf(await get('reset-mid-body'))).toMatchObject({kind: 'network', message: 'connection reset'});
	});

	it('times out the whole request: a silent server and one that trickles a byte every 100 ms', async () => {
		for (const name of ['black-hole', 'trickle']) {
			const started = Date.now();
			expect(errorOf(await get(name, {timeoutMs: 500}))).toEqual({kind: 'timeout', message: 'timed out after 0.5s', retryable: true});
			expect(Date.now() - started).toBeLessThan(1500);
		}
	});

	it('reports an untrusted certificate as a TLS error, and trusts it with the CA in the connection agent', async () => {
		const untrusted = errorOf(await httpGet(`${secureUrl}/ok`, {timeoutMs: 2000}));
		expect(untrusted).toMatchObject({kind: 'tls'});
		expect(untrusted?.message).toMatch(/^TLS error: .*certificate/);
		const agent = new https.Agent({ca: readFileSync(ca)});
		expect((await httpGet(`${secureUrl}/ok`, {timeoutMs: 2000, request: {headers: () => ({}), httpsAgent: agent}})).ok).toBe(true);
		agent.destroy();
		// Plain HTTP spoken to a TLS port, and TLS to a plain port.
		expect(errorOf(await httpGet(`${url.replace('http:', 'https:')}/ok`, {timeoutMs: 2000}))?.kind).toBe('tls');
	});

	it('turns error answers into "HTTP <status>: <title or first line>", sanitised', async () => {
		const proxy = errorOf(await get('proxy-503'));
		expect(proxy).toMatchObject({kind: 'http', httpStatus: 503, retryable: true});
		expect(proxy?.message).toMatch(/^HTTP 503: 503 Service Unavailable\\x1b\]52;c;ZXZpbA==\\x07$/);
		expect(errorOf(await get('go-404'))).toEqual({kind: 'http', httpStatus: 404, message: 'HTTP 404: 404 page not found', retryable: true});
		expect(errorOf(await get('prom-400'))).toEqual({kind: 'http', httpStatus: 400, message: 'HTTP 400 bad_data: parse error\\x1b[2J', retryable: false});
		expect(errorOf(await get('am-400'))).toEqual({kind: 'http', httpStatus: 400, message: 'HTTP 400: bad matcher format: <U+202E>evil', retryable: false});
		expect(errorOf(await get('empty-500'))?.message).toBe('HTTP 500: Internal Server Error');
		const huge = errorOf(await get('huge-error'));
		expect(huge?.message.length).toBeLessThan(200);
		for (const error of [proxy, huge]) expect(error?.message).not.toMatch(CONTROL);
	});

	it('refuses a body over the cap, with or without Content-Length', async () => {
		for (const name of ['big', 'big-chunked']) {
			expect(errorOf(await get(name, {maxBytes: 1000}))).toEqual({kind: 'bad-response', message: 'answer larger than 1000 bytes refused', retryable: true});
			expect((await get(name, {maxBytes: 5000})).ok).toBe(true);
		}
	});

	it('follows redirects, keeping credentials on the first origin only', async () => {
		const request = {headers: () => ({Authorization: 'Bearer secret', 'X-Scope-OrgID': 'team'})};
		expect((await get('redirect-same', {request})).ok).toBe(true);
		expect(seen.at(-1)).toMatchObject({authorization: 'Bearer secret', 'x-scope-orgid': 'team'});
		const other = await get('redirect-other', {request});
		expect(other.ok).toBe(true);
		expect(seen.at(-1)?.host).toMatch(/^localhost:/);
		expect(seen.at(-1)?.authorization).toBeUndefined();
		expect(seen.at(-1)?.['x-scope-orgid']).toBeUndefined();
		// Coming back to the first origin does not bring the credentials back.
		expect((await get('bounce-away', {request})).ok).toBe(true);
		expect(seen.at(-1)?.host).toMatch(/^127\.0\.0\.1:/);
		expect(seen.at(-1)?.authorization).toBeUndefined();
		expect(errorOf(await get('redirect-loop'))?.message).toBe('more than 5 redirects');
		expect(errorOf(await get('redirect-file'))?.message).toBe('redirected to a non-http(s) URL');
	});

	it('tries 429/502/503/504 again when asked to, honouring Retry-After', async () => {
		expect(await get('flaky', {attempts: 3})).toMatchObject({ok: true, data: {body: 'fine'}});
		expect(hits.get('flaky')).toBe(2);
		expect(errorOf(await get('always-429', {attempts: 3}))).toMatchObject({httpStatus: 429, message: 'HTTP 429: slow down'});
		expect(hits.get('always-429')).toBe(3);
		await get('go-404', {attempts: 3});
		expect(hits.get('go-404')).toBe(2);
	});

	it('never throws: a bad URL, an unreadable secret file, a cancelled request', async () => {
		expect(errorOf(await httpGet('ftp://user:pw@host/x', {timeoutMs: 1000}))).toEqual({kind: 'bad-response', message: 'not an http(s) URL: ftp://***@host/x', retryable: false});
		expect(errorOf(await httpGet('not a url', {timeoutMs: 1000}))?.kind).toBe('bad-response');
		const unreadable = {
			headers: () => {
				throw new SecretFileError('cannot read the bearer token file /run/token (ENOENT)');
			},
		};
		expect(errorOf(await get('ok', {request: unreadable}))?.message).toBe('cannot read the bearer token file /run/token (ENOENT)');
		const broken = errorOf(await get('ok', {request: {headers: () => ({Authorization: 'Bearer s3cret\nX-Evil: 1'})}}));
		expect(broken?.message).toMatch(/header/i);
		expect(broken?.message).not.toContain('s3cret');
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const started = Date.now();
		expect(errorOf(await get('black-hole', {signal: controller.signal, timeoutMs: 5000}))).toEqual({kind: 'network', message: 'cancelled', retryable: true});
		expect(Date.now() - started).toBeLessThan(1000);
	});
});
