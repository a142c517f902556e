import {execFileSync} from 'node:child_process';
import dns from 'node:dns';
import {mkdtempSync, readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {ConnectionConfig} from '../../source/config/config.js';
import {Store} from '../../source/model/store.js';
import type {AppState} from '../../source/model/types.js';
import {UrlRunbooks} from '../../source/runbooks/load-url.js';
import {fetchMetrics} from '../../source/scrape/fetch-metrics.js';
import {httpGet} from '../../source/sources/http-get.js';
import {requestOptions, type RequestOptions} from '../../source/sources/http-options.js';
import {initialState} from '../../source/sources/monitor.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';
import {freePort} from '../helpers/free-port.js';
import {PROXIED_ADDRESS, PROXIED_HOST, startForwardProxy, type ForwardProxy} from '../helpers/forward-proxy.js';
import {waitFor} from '../helpers/wait-for.js';
import {openStream, recordingClient} from '../sse/helpers.js';

/** One server answering every kind of client: Prometheus API, /metrics, an event stream, a document. */
const handler: http.RequestListener = (request, response) => {
	const route = new URL(request.url ?? '/', 'http://x').pathname;
	if (route === '/api/v1/query') {
		return void response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'success', data: {resultType: 'vector', result: [{metric: {__name__: 'up'}, value: [1, '1']}]}}));
	}
	if (route === '/runbook.md') return void response.writeHead(200, {'content-type': 'text/markdown'}).end(`# Runbook\n\n1. ${request.headers.authorization ?? 'no auth'}\n`);
	if (route === '/metrics') return void response.writeHead(200, {'content-type': 'text/plain'}).end('up 1\n');
	if (route === '/stream') {
		openStream(response);
		return void response.write(`id: 1\nevent: jobs\ndata: ${JSON.stringify({type: 'claimed', jobId: '7', agentType: 'a'})}\n\n`);
	}
	response.writeHead(200, {'content-type': 'application/json'}).end('{}');
};

const TIMEOUT_MS = 3000;

/** A client of agentmon: runs one request against `base` and says `ok` or the error shown to the user. */
type Kind = {readonly name: string; readonly path: string; run(base: string, request: RequestOptions): Promise<string>};

const KINDS: readonly Kind[] = [
	{name: 'http-get (Alertmanager, range queries, runbooks)', path: '/doc', run: async (base, request) => {
		const result = await httpGet(`${base}/doc`, {timeoutMs: TIMEOUT_MS, request});
		return result.ok ? 'ok' : result.error.message;
	}},
	{name: 'Prometheus client (prometheus-query, axios)', path: '/api/v1/query', run: async (base, request) => {
		const result = await new PrometheusClient({url: base, timeoutMs: TIMEOUT_MS, request}).query('up');
		return result.ok ? 'ok' : result.error.message;
	}},
	{name: 'scrape (fetchMetrics)', path: '/metrics', run: async (base, request) => {
		const result = await fetchMetrics(`${base}/metrics`, {timeoutMs: TIMEOUT_MS, request});
		return result.ok ? 'ok' : result.error.message;
	}},
	{name: 'SSE stream (node-fetch for eventsource)', path: '/stream', run: async (base, request) => {
		const {client, seen} = recordingClient({url: `${base}/stream`, request, random: () => 0.5});
		client.start();
		try {
			return await waitFor(() => (seen.jobs.length > 0 ? 'ok' : seen.states.map(state => ('reason' in state ? state.reason : undefined)).find(Boolean)), {timeoutMs: 5000, intervalMs: 10});
		} finally {
			client.stop();
		}
	}},
];

const direct: ConnectionConfig = {headers: {}, insecureSkipVerify: false};
/**
 * A test server: `url` names it by 127.0.0.1, which never goes through a proxy of the environment (Go's
 * loopback rule); `proxied` by PROXIED_HOST, which only the test proxies resolve (to 127.0.0.1).
 */
type Served = {url: string; proxied: string; port: number; close(): Promise<void>};
let plain: Served;
let secure: Served;
let caFile: string;
let proxy: ForwardProxy;
let guarded: ForwardProxy;
let refusing: ForwardProxy;

async function listen(server: http.Server | https.Server, scheme: string): Promise<Served> {
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `${scheme}://127.0.0.1:${port}`,
		proxied: `${scheme}://${PROXIED_HOST}:${port}`,
		port,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

beforeAll(async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-proxy-'));
	const key = path.join(dir, 'key.pem');
	caFile = path.join(dir, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName=IP:127.0.0.1,IP:${PROXIED_ADDRESS},DNS:localhost,DNS:${PROXIED_HOST}`], {stdio: 'ignore'});
	plain = await listen(http.createServer(handler), 'http');
	secure = await listen(https.createServer({key: readFileSync(key), cert: readFileSync(caFile)}, handler), 'https');
	proxy = await startForwardProxy();
	guarded = await startForwardProxy({credentials: 'ops:s3cret'});
	refusing = await startForwardProxy({connectStatus: 403});
});

afterAll(async () => {
	await Promise.all([plain?.close(), secure?.close(), proxy?.close(), guarded?.close(), refusing?.close()]);
});

/** While `run` runs, this machine's DNS knows PROXIED_HOST (as 127.0.0.1): for a request that must go direct. */
async function withLocalDns<T>(run: () => Promise<T>): Promise<T> {
	const lookup = dns.lookup;
	const spy = vi.spyOn(dns, 'lookup').mockImplementation(((host: string, options: unknown, callback: (...args: unknown[]) => void) => {
		if (host !== PROXIED_HOST) return (lookup as (...args: unknown[]) => void)(host, options, callback);
		const all = typeof options === 'object' && options !== null && (options as {all?: boolean}).all;
		process.nextTick(() => (all ? callback(null, [{address: '127.0.0.1', family: 4}]) : callback(null, '127.0.0.1', 4)));
	}) as unknown as typeof dns.lookup);
	try {
		return await run();
	} finally {
		spy.mockRestore();
	}
}

/** What `proxy` was asked during `run`. */
async function asked(through: ForwardProxy, run: () => Promise<string>): Promise<{answer: string; requests: ForwardProxy['requests']}> {
	const before = through.requests.length;
	const answer = await run();
	return {answer, requests: through.requests.slice(before)};
}

describe.each(KINDS)('$name through a proxy', kind => {
	it('sends http requests to HTTP_PROXY in absolute form', async () => {
		const request = requestOptions(direct, {HTTP_PROXY: proxy.url, HTTPS_PROXY: 'http://127.0.0.1:9'});
		const {answer, requests} = await asked(proxy, async () => kind.run(plain.proxied, request));
		expect(answer).toBe('ok');
		expect(requests.length).toBeGreaterThan(0);
		expect(requests.every(seen => seen.method !== 'CONNECT' && seen.target.startsWith(`${plain.proxied}${kind.path}`))).toBe(true);
	});

	it('tunnels https with CONNECT to HTTPS_PROXY, verifying the server inside the tunnel with --ca-file', async () => {
		const env = {HTTPS_PROXY: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9'};
		const trusted = await asked(proxy, async () => kind.run(secure.proxied, requestOptions({...direct, caFile}, env)));
		expect(trusted.answer).toBe('ok');
		expect(trusted.requests).toContainEqual(expect.objectContaining({method: 'CONNECT', target: `${PROXIED_HOST}:${secure.port}`}));
		expect(trusted.requests.every(seen => seen.method === 'CONNECT')).toBe(true);
		const untrusted = await asked(proxy, async () => kind.run(secure.proxied, requestOptions(direct, env)));
		expect(untrusted.answer).toMatch(/self-signed certificate/);
		expect(untrusted.requests[0]).toMatchObject({method: 'CONNECT'});
	});

	it('goes direct for a host in NO_PROXY', async () => {
		const request = requestOptions({...direct, caFile}, {HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: `example.com, ${PROXIED_HOST}`});
		const {answer, requests} = await asked(proxy, async () => withLocalDns(async () => `${await kind.run(plain.proxied, request)} ${await kind.run(secure.proxied, request)}`));
		expect(answer).toBe('ok ok');
		expect(requests).toEqual([]);
	});

	it('goes direct to localhost and loopback addresses although a proxy is set, as Go does', async () => {
		const env = {HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, ALL_PROXY: proxy.url};
		const request = requestOptions({...direct, caFile}, env);
		const bases = [plain.url, plain.url.replace('127.0.0.1', 'localhost'), secure.url, secure.url.replace('127.0.0.1', 'localhost')];
		const {answer, requests} = await asked(proxy, async () => (await Promise.all(bases.map(async base => kind.run(base, request)))).join(' '));
		expect(answer).toBe('ok ok ok ok');
		expect(requests).toEqual([]);
	});

	it('names the proxy that wants credentials (407), for CONNECT and for a forwarded request', async () => {
		const request = requestOptions(direct, {HTTP_PROXY: guarded.url, HTTPS_PROXY: guarded.url});
		expect(await kind.run(secure.proxied, request)).toContain(`proxy ${guarded.url} answered CONNECT with 407 Proxy Authentication Required (put user:password@ in the proxy URL)`);
		expect(await kind.run(plain.proxied, request)).toMatch(new RegExp(`407.*proxy ${guarded.url}|proxy ${guarded.url} requires authentication \\(HTTP 407\\)`));
	});

	it('sends the credentials of the proxy URL as Proxy-Authorization and never shows them', async () => {
		const withCredentials = (password: string) => `http://ops:${password}@127.0.0.1:${new URL(guarded.url).port}`;
		const good = requestOptions({...direct, caFile}, {HTTP_PROXY: withCredentials('s3cret'), HTTPS_PROXY: withCredentials('s3cret')});
		const {answer, requests} = await asked(guarded, async () => `${await kind.run(plain.proxied, good)} ${await kind.run(secure.proxied, good)}`);
		expect(answer).toBe('ok ok');
		expect(new Set(requests.map(seen => seen.proxyAuthorization))).toEqual(new Set([`Basic ${Buffer.from('ops:s3cret').toString('base64')}`]));
		const bad = requestOptions({...direct, caFile}, {HTTP_PROXY: withCredentials('hunter2'), HTTPS_PROXY: withCredentials('hunter2')});
		for (const base of [plain.proxied, secure.proxied]) {
			const message = await kind.run(base, bad);
			expect(message).toMatch(/407/);
			expect(message).toContain('***@127.0.0.1');
			expect(message).not.toContain('hunter2');
			expect(message).not.toContain('ops');
		}
	});

	it('says the proxy refused the connection when nothing listens there', async () => {
		const port = await freePort();
		const request = requestOptions(direct, {HTTP_PROXY: `127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}`});
		for (const base of [plain.proxied, secure.proxied]) expect(await kind.run(base, request)).toBe(`proxy http://127.0.0.1:${port} refused the connection`);
	});

	it('says the proxy refused the tunnel (CONNECT 403)', async () => {
		const request = requestOptions({...direct, caFile}, {HTTPS_PROXY: refusing.url});
		expect(await kind.run(secure.proxied, request)).toBe(`proxy ${refusing.url} answered CONNECT with 403 Forbidden (the proxy does not allow this destination)`);
	});
});

describe('proxy odds and ends', () => {
	it('--insecure-skip-verify applies to the TLS inside the tunnel', async () => {
		const request = requestOptions({...direct, insecureSkipVerify: true}, {HTTPS_PROXY: proxy.url});
		const {answer, requests} = await asked(proxy, async () => KINDS[0]!.run(secure.proxied, request));
		expect(answer).toBe('ok');
		expect(requests).toEqual([expect.objectContaining({method: 'CONNECT', target: `${PROXIED_HOST}:${secure.port}`})]);
	});

	it('checks the certificate of a server named by its IP address against that address, inside the tunnel', async () => {
		const request = requestOptions({...direct, caFile}, {HTTPS_PROXY: proxy.url});
		const {answer, requests} = await asked(proxy, async () => KINDS[0]!.run(`https://${PROXIED_ADDRESS}:${secure.port}`, request));
		expect(answer).toBe('ok');
		expect(requests).toEqual([expect.objectContaining({method: 'CONNECT', target: `${PROXIED_ADDRESS}:${secure.port}`})]);
	});

	it("axios' own environment proxy is off: the Prometheus client follows only our settings", async () => {
		const port = await freePort();
		vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${port}`);
		vi.stubEnv('http_proxy', `http://127.0.0.1:${port}`);
		try {
			// Without a request at all, and with one built from an environment without proxies.
			expect((await new PrometheusClient({url: plain.url, timeoutMs: TIMEOUT_MS}).query('up')).ok).toBe(true);
			expect((await new PrometheusClient({url: plain.url, timeoutMs: TIMEOUT_MS, request: requestOptions(direct, {})}).query('up')).ok).toBe(true);
		} finally {
			vi.unstubAllEnvs();
		}
	});

	it('the proxy_url of an HTTP config file wins over the environment', async () => {
		const request = requestOptions({...direct, proxyUrl: proxy.url}, {HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '*'});
		const {answer, requests} = await asked(proxy, async () => KINDS[0]!.run(plain.proxied, request));
		expect(answer).toBe('ok');
		expect(requests).toHaveLength(1);
	});

	it('a lone proxy_url takes loopback requests too (Go\'s http.ProxyURL); with no_proxy they go direct (httpproxy)', async () => {
		const alone = await asked(proxy, async () => KINDS[0]!.run(plain.url, requestOptions({...direct, proxyUrl: proxy.url}, {})));
		expect(alone.answer).toBe('ok');
		expect(alone.requests).toEqual([expect.objectContaining({target: `${plain.url}/doc`})]);
		const listed = await asked(proxy, async () => KINDS[0]!.run(plain.url, requestOptions({...direct, proxyUrl: proxy.url, noProxy: 'example.com'}, {})));
		expect(listed.answer).toBe('ok');
		expect(listed.requests).toEqual([]);
	});

	it('runbook_url documents go through the proxy, with the connection headers only for a trusted origin', async () => {
		const request = requestOptions({...direct, headers: {Authorization: 'Bearer t0ken'}}, {HTTP_PROXY: proxy.url});
		const trustedUrl = `${plain.proxied}/runbook.md`;
		const otherUrl = `http://runbooks.invalid:${plain.port}/runbook.md`;
		const alerts = [trustedUrl, otherUrl].map((runbookUrl, index) => ({id: `A${index}`, name: `A${index}`, state: 'firing' as const, severity: 'warning', summary: '', description: '', labels: {alertname: `A${index}`}, annotations: {}, runbookUrl}));
		const store = new Store<AppState>({...initialState('http://prometheus.test'), alerts: {status: 'ok', items: alerts}});
		const runbooks = new UrlRunbooks({store, profiles: [], timeoutMs: TIMEOUT_MS, request, trustedOrigins: [plain.proxied]});
		const {requests} = await asked(proxy, async () => {
			runbooks.sync();
			await runbooks.settled();
			return '';
		});
		expect(requests.map(seen => seen.target).sort()).toEqual([otherUrl, trustedUrl].sort());
		const urls = store.getSnapshot().runbooks?.urls ?? {};
		expect(JSON.stringify(urls[trustedUrl])).toContain('Bearer t0ken');
		expect(JSON.stringify(urls[otherUrl])).toContain('no auth');
	});

	it('a proxy that never answers CONNECT times out like a server, and its socket is closed', async () => {
		const held = new Set<net.Socket>();
		const silent = net.createServer(socket => {
			// Read (and drop) the CONNECT, so that the client's close is seen.
			socket.resume();
			held.add(socket);
			socket.on('close', () => held.delete(socket));
		});
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		try {
			const request = requestOptions(direct, {HTTPS_PROXY: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`});
			const result = await httpGet(`${secure.proxied}/doc`, {timeoutMs: 300, request});
			expect(result).toMatchObject({ok: false, error: {kind: 'timeout'}});
			expect(held.size).toBe(1);
			await waitFor(() => held.size === 0, {timeoutMs: 2000, intervalMs: 20, description: 'the socket to the proxy closed'});
		} finally {
			await new Promise(resolve => silent.close(resolve));
		}
	});

	it('a proxy that hangs up before answering CONNECT is named', async () => {
		const rude = net.createServer(socket => socket.resume().end());
		await new Promise<void>(resolve => rude.listen(0, '127.0.0.1', resolve));
		try {
			const shown = `http://127.0.0.1:${(rude.address() as AddressInfo).port}`;
			const result = await httpGet(`${secure.proxied}/doc`, {timeoutMs: TIMEOUT_MS, request: requestOptions(direct, {HTTPS_PROXY: shown})});
			expect(result).toMatchObject({ok: false, error: {kind: 'network', message: `proxy ${shown} closed the connection without answering CONNECT`}});
		} finally {
			await new Promise(resolve => rude.close(resolve));
		}
	});
});
