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
