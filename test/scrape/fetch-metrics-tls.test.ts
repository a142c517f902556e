import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fetchMetrics} from '../../source/scrape/fetch-metrics.js';
import {requestOptions} from '../../source/sources/http-options.js';
import {serve, type LoopbackServer} from './loopback-server.js';

const EXPOSITION = 'secure_up 1\n';
let secure: LoopbackServer;
let plain: LoopbackServer;
let caFile: string;

beforeAll(async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-scrape-tls-'));
	const key = path.join(dir, 'key.pem');
	caFile = path.join(dir, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	const metrics = {'/metrics': (_: unknown, response: http.ServerResponse) => response.writeHead(200, {'content-type': 'text/plain'}).end(EXPOSITION)};
	secure = await serve(metrics, https.createServer({key: readFileSync(key), cert: readFileSync(caFile)}));
	plain = await serve(metrics);
});

afterAll(async () => {
	await secure?.close();
	await plain?.close();
});

describe('fetchMetrics over https', () => {
	it('verifies the certificate by default: a self-signed one is a TLS error', async () => {
		const result = await fetchMetrics(`${secure.url}/metrics`, {timeoutMs: 3000});
		expect(result).toMatchObject({ok: false, error: {kind: 'tls', retryable: true}});
		expect(result.ok ? '' : result.error.message).toMatch(/^TLS error: .*self-signed certificate/);
	});

	it('trusts a CA given through RequestOptions.httpsAgent', async () => {
		const request = {headers: () => ({}), httpsAgent: new https.Agent({ca: readFileSync(caFile)})};
		const result = await fetchMetrics(`${secure.url}/metrics`, {timeoutMs: 3000, request});
		expect(result.ok && result.data.exposition.samples).toEqual([{labels: {__name__: 'secure_up'}, value: 1}]);
	});

	it('works with the agent the connection options build (--ca-file, --insecure-skip-verify)', async () => {
		for (const connection of [{caFile}, {insecureSkipVerify: true}]) {
			const request = requestOptions({headers: {}, insecureSkipVerify: false, ...connection}, {});
			expect((await fetchMetrics(`${secure.url}/metrics`, {timeoutMs: 3000, request})).ok, JSON.stringify(connection)).toBe(true);
		}
	});

	it('https to a plain HTTP port is a TLS error, not a hang', async () => {
		const result = await fetchMetrics(`${plain.url.replace('http:', 'https:')}/metrics`, {timeoutMs: 3000});
		expect(result).toMatchObject({ok: false, error: {kind: 'tls', message: 'TLS error: wrong version number (is the server plain http?)'}});
	});
});
