import {mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {listen} from '../scrape/loopback-server.js';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {Store} from '../../source/model/store.js';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {UrlRunbooks} from '../../source/runbooks/load-url.js';
import {fetchMetrics} from '../../source/scrape/fetch-metrics.js';
import {AlertmanagerClient} from '../../source/sources/alertmanager-client.js';
import {httpGet} from '../../source/sources/http-get.js';
import {requestOptions, type RequestOptions} from '../../source/sources/http-options.js';
import {initialState} from '../../source/sources/monitor.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {queryRange} from '../../source/sources/range-query.js';
import {redactSecrets} from '../../source/sources/redact.js';
import {StreamClient} from '../../source/sse/stream-client.js';
import {waitFor} from '../helpers/wait-for.js';

// RELIABILITY 16: a server or proxy that echoes the credentials it was sent in an error must not get
// them shown. Every client redacts the connection's secrets, as they are at the time of the error.

const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-redact-'));
const tokenFile = path.join(dir, 'token');
const passwordFile = path.join(dir, 'password');
writeFileSync(tokenFile, 'SEKRET1\n');
writeFileSync(passwordFile, 'PASSWORD-3\n');

const SECRETS = ['SEKRET1', 'SEKRET-ROTATED', 'HEADERKEY-2', 'PASSWORD-3', 'PROXYPASS-4', Buffer.from('alice:PASSWORD-3').toString('base64')];

/** The connection of a user with a token file, an API key header and a proxy with credentials (loopback goes direct). */
function bearerConnection(): RequestOptions {
	return requestOptions(
		{headers: {'X-API-Key': 'HEADERKEY-2', 'X-Scope-OrgID': 'tenant'}, bearerTokenFile: tokenFile, insecureSkipVerify: false, proxyUrl: 'http://bob:PROXYPASS-4@proxy.invalid:3128', noProxy: 'example.com'},
		{},
	);
}

/** Everything a request carried, as an echoing server or proxy would repeat it; `where` picks the form of the answer. */
function echo(request: http.IncomingMessage): string {
	const authorization = request.headers.authorization ?? '';
	const decoded = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString() : '';
	return `bad credentials: ${authorization} ${decoded} key=${String(request.headers['x-api-key'] ?? '')} via http://bob:PROXYPASS-4@proxy`;
}

let server: {url: string; close(): Promise<void>};
let url: string;

beforeAll(async () => {
	server = await listen((request, response) => {
		const pathname = new URL(request.url ?? '/', 'http://x').pathname;
		request.resume();
		const text = echo(request);
		if (pathname.startsWith('/json/')) {
			return void response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'unauthorized', error: text}));
		}
		if (pathname.startsWith('/html/')) return void response.writeHead(403, {'content-type': 'text/html'}).end(`<html><head><title>403 ${text}</title></head></html>`);
		if (pathname.startsWith('/slow/')) {
			setTimeout(() => response.writeHead(401, {'content-type': 'text/plain'}).end(`HTTP 401 unauthorized: ${text}\n`), 150);
			return;
		}
		if (pathname.startsWith('/ok-garbage/')) return void response.writeHead(200, {'content-type': 'application/json'}).end(`${text}\n`);
		if (pathname.startsWith('/sse/')) {
			// The reason phrase is server text too.
			return void response.writeHead(401, `Unauthorized ${text.replaceAll(/[^\x20-\x7E]/g, '')}`, {'content-type': 'text/plain'}).end();
		}
		response.writeHead(401, {'content-type': 'text/plain'}).end(`HTTP 401 unauthorized: ${text}\n`);
	});
	url = server.url;
});

afterAll(async () => server.close());

afterEach(() => writeFileSync(tokenFile, 'SEKRET1\n'));

function expectClean(message: string | undefined, secrets: readonly string[] = SECRETS): void {
	expect(message).toBeDefined();
	for (const secret of secrets) expect(message).not.toContain(secret);
	expect(message).toContain('***');
}

describe('redactSecrets', () => {
	it('replaces every secret, the longest first, and one cut off by truncation', () => {
		expect(redactSecrets('token SEKRET1 and SEKRET1', ['SEKRET1'])).toBe('token *** and ***');
		expect(redactSecrets('Bearer SEKRET1-LONGER', ['SEKRET1', 'SEKRET1-LONGER'])).toBe('Bearer ***');
		expect(redactSecrets('bad credentials: Bearer SEKR…', ['SEKRET1'])).toBe('bad credentials: Bearer ***…');
		expect(redactSecrets('bad credentials: Bearer SEKRE', ['SEKRET1'])).toBe('bad credentials: Bearer ***');
		expect(redactSecrets('pass%2Fword and pass/word', ['pass/word'])).toBe('*** and ***');
		// Values this short are not treated as secrets: `1` would blank out every digit of a message.
		expect(redactSecrets('HTTP 401', ['1', 'ab'])).toBe('HTTP 401');
		expect(redactSecrets('nothing here', [])).toBe('nothing here');
	});

	it("knows the connection's secrets: token (re-read), header values, basic auth and proxy credentials", () => {
		const request = bearerConnection();
		expect(request.redact?.('x SEKRET1 HEADERKEY-2 PROXYPASS-4 bob:PROXYPASS-4 tenant')).toBe('x *** *** *** *** ***');
		writeFileSync(tokenFile, 'SEKRET-ROTATED\n');
		// The next request reads the rotated file; an error after it hides both values.
		request.headers();
		expect(request.redact?.('now SEKRET-ROTATED, before SEKRET1')).toBe('now ***, before ***');
		// Many headers: the latest request's secrets are all kept, whatever their number.
		const many = requestOptions({headers: Object.fromEntries(Array.from({length: 40}, (_, index) => [`X-Key-${index}`, `value-${index}-secret`])), insecureSkipVerify: false}, {});
		expect(many.redact?.('value-0-secret value-39-secret')).toBe('*** ***');
		const basic = requestOptions({headers: {}, basicAuthUser: 'alice', basicAuthPasswordFile: passwordFile, insecureSkipVerify: false}, {});
		const encoded = Buffer.from('alice:PASSWORD-3').toString('base64');
		expect(basic.redact?.(`Basic ${encoded} alice:PASSWORD-3`)).toBe('*** ***');
		expect(basic.redact?.(`sent ${encoded}`)).toBe('sent ***');
	});
});

describe('every client redacts what a server echoes', () => {
	it('Prometheus: JSON errors, HTML pages and plain-text bodies', async () => {
		const request = bearerConnection();
		for (const prefix of ['/json', '/html', '/text']) {
			const client = new PrometheusClient({url: `${url}${prefix}`, timeoutMs: 2000, request});
			const results = [await client.query('up'), await client.alerts(), await client.rules(), await client.metricNames(), await client.buildInfo()];
			for (const result of results) expectClean(result.ok ? undefined : result.error.message);
		}
	});

	it('Prometheus: with the token rotated before the request, or while it was out', async () => {
		writeFileSync(tokenFile, 'SEKRET-ROTATED\n');
		const result = await new PrometheusClient({url: `${url}/json`, timeoutMs: 2000, request: bearerConnection()}).query('up');
		expectClean(result.ok ? undefined : result.error.message);
		writeFileSync(tokenFile, 'SEKRET1\n');
		const pending = new PrometheusClient({url: `${url}/slow`, timeoutMs: 2000, request: bearerConnection()}).query('up');
		await new Promise(resolve => setTimeout(resolve, 50));
		writeFileSync(tokenFile, 'SEKRET-ROTATED\n');
		const late = await pending;
		expectClean(late.ok ? undefined : late.error.message);
		expect(late.ok ? '' : late.error.message).toContain('bad credentials: ***');
	});

	it('httpGet, Alertmanager and range queries', async () => {
		const request = bearerConnection();
		for (const prefix of ['/json', '/html', '/text']) {
			const get = await httpGet(`${url}${prefix}/x`, {timeoutMs: 2000, request});
			expectClean(get.ok ? undefined : get.error.message);
			const am = await new AlertmanagerClient({url: `${url}${prefix}`, timeoutMs: 2000, request}).alerts();
			expectClean(am.ok ? undefined : am.error.message);
			const range = await queryRange({url: `${url}${prefix}`, timeoutMs: 2000, request}, 'up', [1000, 2000]);
			expectClean(range.ok ? undefined : range.error.message);
		}
		// A 200 that is not API JSON is quoted in the error: redacted too.
		const garbage = await new AlertmanagerClient({url: `${url}/ok-garbage`, timeoutMs: 2000, request}).alerts();
		expectClean(garbage.ok ? undefined : garbage.error.message);
	});

	it('basic auth: the encoded header and the password', async () => {
		const request = requestOptions({headers: {}, basicAuthUser: 'alice', basicAuthPasswordFile: passwordFile, insecureSkipVerify: false}, {});
		const secrets = ['PASSWORD-3', Buffer.from('alice:PASSWORD-3').toString('base64')];
		const result = await new PrometheusClient({url: `${url}/text`, timeoutMs: 2000, request}).query('up');
		expectClean(result.ok ? undefined : result.error.message, secrets);
		const get = await httpGet(`${url}/json/x`, {timeoutMs: 2000, request});
		expectClean(get.ok ? undefined : get.error.message, secrets);
	});

	it('scrapes', async () => {
		const request = bearerConnection();
		for (const prefix of ['/json', '/html', '/text']) {
			const result = await fetchMetrics(`${url}${prefix}/metrics`, {timeoutMs: 2000, request});
			expectClean(result.ok ? undefined : result.error.message);
		}
	});

	it('runbook URLs', async () => {
		const request = bearerConnection();
		const alert: AlertItem = {id: 'A{}', name: 'A', state: 'firing', severity: 'warning', summary: '', description: '', labels: {alertname: 'A'}, annotations: {}, runbookUrl: `${url}/text/rb.md`};
		const store = new Store<AppState>({...initialState(url), alerts: {status: 'ok', items: [alert]}});
		const runbooks = new UrlRunbooks({store, profiles: [], timeoutMs: 2000, request, trustedOrigins: [url]});
		runbooks.sync();
		await runbooks.settled();
		const entry = store.getSnapshot().runbooks?.urls[`${url}/text/rb.md`];
		expect(entry?.state).toBe('error');
		expectClean(entry?.state === 'error' ? entry.message : undefined);
	});

	it('the SSE stream', async () => {
		const request = bearerConnection();
		const client = new StreamClient({url: `${url}/sse/stream`, request});
		try {
			client.start();
			await waitFor(() => client.state.state === 'stopped', {timeoutMs: 5000, intervalMs: 10});
			expectClean(client.state.state === 'stopped' ? client.state.reason : undefined);
		} finally {
			client.stop();
		}
	});
});
