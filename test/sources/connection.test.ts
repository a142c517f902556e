import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ConnectionConfig} from '../../source/config/config.js';
import {requestOptions} from '../../source/sources/http-options.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-auth-'));
const file = (name: string, text: string) => {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
};
const base: ConnectionConfig = {headers: {}, insecureSkipVerify: false};
const VECTOR = JSON.stringify({status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [1, '1']}]}});

/** Answers like Prometheus when the expected headers come, 401 otherwise; remembers what it saw. */
function handler(expected: Record<string, string>, seen: Array<Record<string, string | string[] | undefined>>) {
	return (request: http.IncomingMessage, response: http.ServerResponse) => {
		seen.push(request.headers);
		const ok = Object.entries(expected).every(([name, value]) => request.headers[name.toLowerCase()] === value);
		if (!ok) return void response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'unauthorized', error: 'bad credentials'}));
		response.writeHead(200, {'content-type': 'application/json'}).end(VECTOR);
	};
}

let plain: http.Server;
let plainUrl: string;
let expected: Record<string, string> = {};
const seen: Array<Record<string, string | string[] | undefined>> = [];
let secure: https.Server;
let secureUrl: string;
let caFile: string;
let mutual: https.Server;
let mutualUrl: string;
let clientCert: string;
let clientKey: string;

beforeAll(async () => {
	plain = http.createServer((request, response) => handler(expected, seen)(request, response));
	await new Promise<void>(resolve => plain.listen(0, '127.0.0.1', resolve));
	plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
	const key = path.join(dir, 'key.pem');
	caFile = path.join(dir, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	secure = https.createServer({key: readFileSync(key), cert: readFileSync(caFile)}, handler({}, []));
	await new Promise<void>(resolve => secure.listen(0, '127.0.0.1', resolve));
	secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
	clientKey = path.join(dir, 'client-key.pem');
	clientCert = path.join(dir, 'client-cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', clientKey, '-out', clientCert, '-days', '1', '-subj', '/CN=agentmon-client'], {stdio: 'ignore'});
	// Asks every client for a certificate signed by (here: equal to) the client's own.
	mutual = https.createServer({key: readFileSync(key), cert: readFileSync(caFile), ca: readFileSync(clientCert), requestCert: true, rejectUnauthorized: true}, handler({}, []));
	await new Promise<void>(resolve => mutual.listen(0, '127.0.0.1', resolve));
	mutualUrl = `https://127.0.0.1:${(mutual.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const server of [plain, secure, mutual]) {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	}
});

describe('connection options', () => {
	it('sends a bearer token from a file, re-read for every request, and --header values', async () => {
		const tokenFile = file('token', 's3cret-1\n');
		const client = new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: requestOptions({...base, bearerTokenFile: tokenFile, headers: {'X-Scope-OrgID': 'tenant-a'}}, {})});
		expected = {authorization: 'Bearer s3cret-1', 'x-scope-orgid': 'tenant-a'};
		expect((await client.query('up')).ok).toBe(true);
		writeFileSync(tokenFile, 's3cret-2');
		expected = {authorization: 'Bearer s3cret-2', 'x-scope-orgid': 'tenant-a'};
		expect((await client.query('up')).ok).toBe(true);
	});

	it('takes the token from $AGENTMON_BEARER_TOKEN, and basic auth from a user and a password file', async () => {
		expected = {authorization: 'Bearer from-env'};
		expect((await new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: requestOptions(base, {AGENTMON_BEARER_TOKEN: 'from-env'})}).query('up')).ok).toBe(true);
		expected = {authorization: `Basic ${Buffer.from('ops:pa55').toString('base64')}`};
		const basic = requestOptions({...base, basicAuthUser: 'ops', basicAuthPasswordFile: file('password', 'pa55\n')}, {});
		expect((await new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: basic}).query('up')).ok).toBe(true);
	});

	it('never puts a secret in an error', async () => {
		expected = {authorization: 'Bearer right'};
		const result = await new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: requestOptions(base, {AGENTMON_BEARER_TOKEN: 'wrong-secret-value'})}).query('up');
		expect(result.ok).toBe(false);
		const message = result.ok ? '' : result.error.message;
		expect(message).toBe('HTTP 401 unauthorized: bad credentials');
		expect(message).not.toContain('wrong-secret-value');
		expect(() => requestOptions({...base, bearerTokenFile: path.join(dir, 'missing')}, {})).toThrow(/cannot read the bearer token file .*missing \(ENOENT\)/);
	});

	it('presents a client certificate with --cert-file and --key-file (mutual TLS)', async () => {
		const without = await new PrometheusClient({url: mutualUrl, timeoutMs: 3000, request: requestOptions({...base, caFile}, {})}).query('up');
		expect(without.ok).toBe(false);
		const withCert = await new PrometheusClient({url: mutualUrl, timeoutMs: 3000, request: requestOptions({...base, caFile, certFile: clientCert, keyFile: clientKey}, {})}).query('up');
		expect(withCert.ok).toBe(true);
	});

	it('verifies TLS by default, trusts --ca-file, and skips verification only when asked', async () => {
		const strict = await new PrometheusClient({url: secureUrl, timeoutMs: 3000, request: requestOptions(base, {})}).query('up');
		expect(strict.ok).toBe(false);
		expect(strict.ok ? '' : strict.error.message).toMatch(/certificate/i);
		expect((await new PrometheusClient({url: secureUrl, timeoutMs: 3000, request: requestOptions({...base, caFile}, {})}).query('up')).ok).toBe(true);
		expect((await new PrometheusClient({url: secureUrl, timeoutMs: 3000, request: requestOptions({...base, insecureSkipVerify: true}, {})}).query('up')).ok).toBe(true);
	});
});

describe('secrets and certificates re-read', () => {
	it('reads an HTTP config file\'s header files for every request', async () => {
		const {loadHttpConfig, mergeConnection} = await import('../../source/config/http-config-file.js');
		file('org', 'tenant-a\n');
		const config = loadHttpConfig(file('headers.yml', 'http_headers:\n  X-Scope-OrgID:\n    files: [org]\n  X-Both:\n    values: [one]\n    files: [org]\n'));
		const client = new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: requestOptions(mergeConnection(config, base), {})});
		expected = {'x-scope-orgid': 'tenant-a', 'x-both': 'one, tenant-a'};
		expect((await client.query('up')).ok).toBe(true);
		file('org', 'tenant-b\n');
		expected = {'x-scope-orgid': 'tenant-b', 'x-both': 'one, tenant-b'};
		expect((await client.query('up')).ok).toBe(true);
		// A header flag of the same name replaces the file's, files and all.
		expected = {'x-scope-orgid': 'from-flag'};
		const flagged = new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: requestOptions(mergeConnection(config, {...base, headers: {'x-scope-orgid': 'from-flag'}}), {})});
		expect((await flagged.query('up')).ok).toBe(true);
		expect(() => requestOptions(mergeConnection(loadHttpConfig(file('gone.yml', 'http_headers:\n  X-Key:\n    files: [nowhere]\n')), base), {})).toThrow(/cannot read the X-Key header file .*nowhere \(ENOENT\)/);
	});

	it('uses a rotated client certificate from the next connection on', async () => {
		const {httpGet} = await import('../../source/sources/http-get.js');
		// Start with a certificate the server does not trust; then the trusted one is written over it.
		const certFile = path.join(dir, 'rotating-cert.pem');
		const keyFile = path.join(dir, 'rotating-key.pem');
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=untrusted'], {stdio: 'ignore'});
		const request = requestOptions({...base, caFile, certFile, keyFile}, {});
		const get = async () => httpGet(`${mutualUrl}/api/v1/query?query=up`, {timeoutMs: 3000, maxBytes: 1 << 20, request});
		expect((await get()).ok).toBe(false);
		writeFileSync(keyFile, readFileSync(clientKey));
		writeFileSync(certFile, readFileSync(clientCert));
		// The files are looked at no more than once a second.
		await new Promise(resolve => setTimeout(resolve, 1100));
		const after = await get();
		expect(after.ok ? 'ok' : after.error.message).toBe('ok');
	});

	it('the Prometheus client uses a rotated client certificate from the next connection on', async () => {
		const certFile = path.join(dir, 'rotating-prom-cert.pem');
		const keyFile = path.join(dir, 'rotating-prom-key.pem');
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=untrusted'], {stdio: 'ignore'});
		const client = new PrometheusClient({url: mutualUrl, timeoutMs: 3000, request: requestOptions({...base, caFile, certFile, keyFile}, {})});
		expect((await client.query('up')).ok).toBe(false);
		writeFileSync(keyFile, readFileSync(clientKey));
		writeFileSync(certFile, readFileSync(clientCert));
		await new Promise(resolve => setTimeout(resolve, 1100));
		const after = await client.query('up');
		expect(after.ok ? 'ok' : after.error.message).toBe('ok');
	});

	it('keeps the last good certificate while a rotation is half written', async () => {
		const {httpGet} = await import('../../source/sources/http-get.js');
		const certFile = path.join(dir, 'half-cert.pem');
		const keyFile = path.join(dir, 'half-key.pem');
		writeFileSync(keyFile, readFileSync(clientKey));
		writeFileSync(certFile, readFileSync(clientCert));
		const request = requestOptions({...base, caFile, certFile, keyFile}, {});
		const get = async () => httpGet(`${mutualUrl}/api/v1/query?query=up`, {timeoutMs: 3000, maxBytes: 1 << 20, request});
		expect((await get()).ok).toBe(true);
		// A new key written, its certificate not yet: the pair does not match, so the old one stays in use.
		execFileSync('openssl', ['genrsa', '-out', keyFile, '2048'], {stdio: 'ignore'});
		await new Promise(resolve => setTimeout(resolve, 1100));
		expect((await get()).ok).toBe(true);
	});

	it('leaves $AGENTMON_BEARER_TOKEN to the shared connection', async () => {
		seen.length = 0;
		expected = {};
		const own = requestOptions(base, {AGENTMON_BEARER_TOKEN: 'shared-only'}, {environmentToken: false});
		expect((await new PrometheusClient({url: plainUrl, timeoutMs: 2000, request: own}).query('up')).ok).toBe(true);
		expect(seen.at(-1)?.authorization).toBeUndefined();
	});
});
