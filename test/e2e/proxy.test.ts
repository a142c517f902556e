import {mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CLI, runCli} from '../helpers/agentmon.js';
import {startTmux} from '../helpers/tmux.js';
import {PROXIED_HOST, startForwardProxy, type ForwardProxy} from '../helpers/forward-proxy.js';
import {freePort} from '../helpers/free-port.js';

// runCli blanks the machine's proxy variables (ISOLATED): each test sets the ones it means.

let prometheus: http.Server;
/** The test Prometheus by its loopback address: never proxied from the environment (Go's rule). */
let url: string;
/** The same server by a name only the test proxies resolve (to 127.0.0.1): reachable only through them. */
let proxied: string;
let port: number;
let proxy: ForwardProxy;
let guarded: ForwardProxy;
/** The Authorization headers the test Prometheus received. */
const authorizations: string[] = [];

beforeAll(async () => {
	// A tiny Prometheus API: enough for `--once` (build info, metric names, queries, alerts).
	prometheus = http.createServer((request, response) => {
		if (request.headers.authorization) authorizations.push(request.headers.authorization);
		const data = request.url?.startsWith('/api/v1/status/buildinfo') ? {version: '2.42.0'} : request.url?.includes('/alerts') ? {alerts: []} : request.url?.includes('/query') ? {resultType: 'vector', result: []} : [];
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'success', data}));
	});
	await new Promise<void>(resolve => prometheus.listen(0, '127.0.0.1', resolve));
	port = (prometheus.address() as AddressInfo).port;
	url = `http://127.0.0.1:${port}`;
	proxied = `http://${PROXIED_HOST}:${port}`;
	proxy = await startForwardProxy();
	guarded = await startForwardProxy({credentials: 'ops:s3cret'});
});

afterAll(async () => {
	prometheus?.closeAllConnections();
	await new Promise(resolve => prometheus?.close(resolve));
	await proxy?.close();
	await guarded?.close();
});

type OnceJson = {source?: {url?: string; proxy?: string}; errors?: Array<{scope: string; message: string}>};

async function once(target: string, env: Record<string, string>, extra: readonly string[] = []) {
	const run = await runCli(['--once', '--format', 'json', '--prometheus', target, ...extra], env);
	return {...run, json: JSON.parse(run.stdout || '{}') as OnceJson};
}

/** What `through` was asked while `run` ran. */
async function asked<T>(through: ForwardProxy, run: () => Promise<T>): Promise<T & {requests: ForwardProxy['requests']}> {
	const before = through.requests.length;
	const result = await run();
	return {...result, requests: through.requests.slice(before)};
}

describe('agentmon --once behind a proxy', () => {
	it('sends every request to HTTP_PROXY, and names it as source.proxy', async () => {
		const run = await asked(proxy, async () => once(proxied, {HTTP_PROXY: proxy.url}));
		expect(run.code, run.stderr).toBe(0);
		expect(run.json.source).toEqual({kind: 'prometheus', url: proxied, proxy: proxy.url});
		expect(run.requests.map(request => request.target)).toContain(`${proxied}/api/v1/status/buildinfo`);
		expect(run.requests.every(request => request.target.startsWith(`${proxied}/api/v1/`))).toBe(true);
	});

	it('names the proxy on the source line of --format text and markdown', async () => {
		const text = await runCli(['--once', '--format', 'text', '--prometheus', proxied], {http_proxy: proxy.url});
		expect(text.code, text.stderr).toBe(0);
		expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^agentmon — ${proxied} \\(via proxy ${proxy.url}\\) — \\d{4}-`));
		const markdown = await runCli(['--once', '--format', 'markdown', '--prometheus', proxied], {http_proxy: proxy.url});
		expect(markdown.code, markdown.stderr).toBe(0);
		expect(markdown.stdout).toContain(`Source: ${proxied} (via proxy ${proxy.url})\n`);
	});

	it('goes direct to localhost and 127.0.0.1 although HTTP_PROXY is set, as Go does, and says no proxy', async () => {
		for (const target of [url, `http://localhost:${port}`]) {
			const run = await asked(proxy, async () => once(target, {HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, ALL_PROXY: proxy.url}));
			expect(run.code, run.stderr).toBe(0);
			expect(run.requests).toEqual([]);
			expect(run.json.source).toEqual({kind: 'prometheus', url: target});
		}
		const text = await runCli(['--once', '--format', 'text', '--prometheus', url], {HTTP_PROXY: proxy.url});
		expect(text.stdout.split('\n')[0]).not.toContain('via proxy');
	});

	it('goes direct for a host in NO_PROXY (which the machine cannot resolve: the proxy never sees it)', async () => {
		const run = await asked(proxy, async () => once(proxied, {HTTP_PROXY: proxy.url, NO_PROXY: `example.com,${PROXIED_HOST}`}));
		expect(run.requests).toEqual([]);
		expect(run.code).toBe(1);
		expect(run.json.source).toEqual({kind: 'prometheus', url: proxied});
		expect(run.stderr).toContain(`cannot reach Prometheus at ${proxied}: `);
		expect(run.stderr).not.toContain('proxy');
	});

	it('says the proxy refused the connection, naming it, in JSON and on stderr', async () => {
		const closed = await freePort();
		const run = await once(proxied, {HTTP_PROXY: `http://127.0.0.1:${closed}`});
		expect(run.code).toBe(1);
		expect(run.json.errors).toContainEqual({scope: 'source', message: `proxy http://127.0.0.1:${closed} refused the connection`});
		expect(run.json.source?.proxy).toBe(`http://127.0.0.1:${closed}`);
		expect(run.stderr).toContain(`cannot reach Prometheus at ${proxied}: proxy http://127.0.0.1:${closed} refused the connection`);
	});

	it('refuses a proxy URL it cannot use at startup (exit 2)', async () => {
		const run = await once(url, {ALL_PROXY: 'socks5://ops:hunter2@127.0.0.1:1080'});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('ALL_PROXY: socks5 proxies are not supported');
		expect(run.stderr).not.toContain('hunter2');
	});

	it('uses proxy_url of --http-config-file for every request, 127.0.0.1 too (as Prometheus), with credentials that never show', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-proxy-config-'));
		const config = (name: string, text: string) => {
			const file = path.join(dir, `${name}.yml`);
			writeFileSync(file, text);
			return ['--http-config-file', file];
		};
		const proxyUrl = (password: string) => `proxy_url: http://ops:${password}@127.0.0.1:${guarded.port}\n`;
		const good = await asked(guarded, async () => once(url, {HTTP_PROXY: 'http://127.0.0.1:9'}, config('good', proxyUrl('s3cret'))));
		expect(good.code, good.stderr).toBe(0);
		expect(good.requests.length).toBeGreaterThan(0);
		expect(good.json.source?.proxy).toBe(`http://***@127.0.0.1:${guarded.port}`);
		// With no_proxy, Prometheus routes by Go's httpproxy rules: loopback goes direct.
		const listed = await asked(guarded, async () => once(url, {}, config('listed', `${proxyUrl('s3cret')}no_proxy: example.com\n`)));
		expect(listed.code, listed.stderr).toBe(0);
		expect(listed.requests).toEqual([]);
		expect(listed.json.source).not.toHaveProperty('proxy');
		const bad = await once(url, {}, config('bad', proxyUrl('hunter2')));
		expect(bad.json.errors?.map(error => error.message).join('\n')).toMatch(new RegExp(`proxy http://\\*\\*\\*@127\\.0\\.0\\.1:\\d+ requires authentication \\(HTTP 407\\)`));
		expect(`${bad.stdout}${bad.stderr}`).not.toContain('hunter2');
	});

	it('DEBUG=* prints no credential: the proxy libraries and follow-redirects stay quiet', async () => {
		const token = 'b3arer-t0ken-e2e';
		const proxyAuthorization = Buffer.from('ops:s3cret').toString('base64');
		const before = authorizations.length;
		const run = await asked(guarded, async () => runCli(['--once', '--format', 'json', '--prometheus', proxied], {
			HTTP_PROXY: `http://ops:s3cret@127.0.0.1:${guarded.port}`,
			AGENTMON_BEARER_TOKEN: token,
			DEBUG: '*',
			DEBUG_COLORS: 'no',
		}));
		expect(run.code, run.stderr).toBe(0);
		// The requests did carry both secrets: to the proxy, and through it to Prometheus.
		expect(run.requests.length).toBeGreaterThan(0);
		expect(run.requests.every(request => request.proxyAuthorization === `Basic ${proxyAuthorization}`)).toBe(true);
		expect(authorizations.slice(before)).toContain(`Bearer ${token}`);
		for (const secret of [token, 's3cret', proxyAuthorization, 'Authorization']) expect(run.stderr).not.toContain(secret);
		expect(run.stderr).not.toMatch(/https?-proxy-agent|agent-base|follow-redirects/);
	});
});

describe('the dashboard behind a proxy', () => {
	it('names the proxy in the header, beside the source', async () => {
		const session = await startTmux([process.execPath, CLI, '--prometheus', proxied], {width: 160, height: 30, env: {HTTP_PROXY: proxy.url}});
		try {
			const screen = await session.waitFor(`via proxy ${proxy.url}`, 20_000);
			expect(screen.split('\n')[0]).toContain(`${proxied} via proxy ${proxy.url}`);
			await session.keys('q');
		} finally {
			await session.kill();
		}
	}, 30_000);
});
