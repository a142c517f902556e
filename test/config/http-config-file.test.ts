import {mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {HttpConfigError, loadHttpConfig, mergeConnection} from '../../source/config/http-config-file.js';
import type {ConnectionConfig} from '../../source/config/config.js';
import {runCli} from '../helpers/agentmon.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-http-config-'));
const file = (name: string, text: string) => {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
};
const flags: ConnectionConfig = {headers: {}, insecureSkipVerify: false};

describe('--http-config-file (Prometheus HTTP client config)', () => {
	it('reads basic auth, authorization, tls_config and http_headers, with paths relative to the file', () => {
		const config = loadHttpConfig(
			file(
				'full.yml',
				['basic_auth:', '  username: ops', '  password_file: secrets/pw', 'tls_config:', '  ca_file: ca.pem', '  insecure_skip_verify: true', 'http_headers:', '  X-Scope-OrgID:', '    values: [tenant-a]', 'follow_redirects: true', ''].join('\n'),
			),
		);
		expect(config).toEqual({
			basicAuthUser: 'ops',
			basicAuthPasswordFile: path.join(dir, 'secrets/pw'),
			caFile: path.join(dir, 'ca.pem'),
			insecureSkipVerify: true,
			headers: {'X-Scope-OrgID': 'tenant-a'},
		});
		expect(loadHttpConfig(file('bearer.yml', 'authorization:\n  type: Bearer\n  credentials_file: token\n'))).toEqual({bearerTokenFile: path.join(dir, 'token')});
		expect(loadHttpConfig(file('inline.yml', 'authorization:\n  credentials: abc\n'))).toEqual({bearerToken: 'abc'});
		expect(loadHttpConfig(file('old.yml', 'bearer_token_file: /run/token\n'))).toEqual({bearerTokenFile: '/run/token'});
	});

	it('names the file and the field of a mistake, and never a secret', () => {
		expect(() => loadHttpConfig(file('typo.yml', 'basic_auth:\n  user: ops\n'))).toThrow(`${path.join(dir, 'typo.yml')}: basic_auth: unknown field user`);
		expect(() => loadHttpConfig(file('type.yml', 'authorization:\n  type: Digest\n  credentials: hunter2\n'))).toThrow(/authorization\.type: only Bearer is supported \(got Digest\)$/);
		expect(() => loadHttpConfig(file('both.yml', 'basic_auth: {username: a, password: hunter2}\nbearer_token: hunter3\n'))).toThrow(/use either basic_auth or a bearer token/);
		expect(() => loadHttpConfig(path.join(dir, 'missing.yml'))).toThrow(HttpConfigError);
		try {
			loadHttpConfig(file('secret.yml', 'basic_auth:\n  username: ops\n  password: hunter2\n  extra: 1\n'));
		} catch (error) {
			expect(String(error)).not.toContain('hunter2');
		}
	});

	it('lets the command line win: a flag over the same setting, any auth flag over the file\'s auth', () => {
		const fromFile = {basicAuthUser: 'ops', basicAuthPassword: 'pw', caFile: '/ca.pem', headers: {A: '1', B: '2'}};
		expect(mergeConnection(fromFile, {...flags, headers: {B: 'flag'}})).toMatchObject({basicAuthUser: 'ops', basicAuthPassword: 'pw', caFile: '/ca.pem', headers: {A: '1', B: 'flag'}});
		const merged = mergeConnection(fromFile, {...flags, bearerTokenFile: '/token', caFile: '/other.pem'});
		expect(merged).toMatchObject({bearerTokenFile: '/token', caFile: '/other.pem'});
		expect(merged.basicAuthUser).toBeUndefined();
	});
});

describe('--http-config-file end to end', () => {
	let server: http.Server;
	let url: string;
	const seen: Array<string | undefined> = [];
	beforeAll(async () => {
		server = http.createServer((request, response) => {
			seen.push(request.headers.authorization);
			if (request.headers.authorization !== `Basic ${Buffer.from('ops:s3cret').toString('base64')}`) {
				return void response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'unauthorized', error: 'bad credentials'}));
			}
			const body = request.url?.startsWith('/api/v1/status/buildinfo') ? {status: 'success', data: {version: '2.42.0'}} : {status: 'success', data: request.url?.includes('/alerts') ? {alerts: []} : []};
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});

	it('authenticates every request with the file\'s basic auth', async () => {
		const config = file('agentmon-http.yml', 'basic_auth:\n  username: ops\n  password_file: pw\n');
		file('pw', 's3cret\n');
		const run = await runCli(['--prometheus', url, '--http-config-file', config, '--once', '--format', 'json']);
		expect(run.stderr).not.toContain('401');
		expect(seen.length).toBeGreaterThan(1);
		expect(new Set(seen)).toEqual(new Set([`Basic ${Buffer.from('ops:s3cret').toString('base64')}`]));
		expect(run.stdout + run.stderr).not.toContain('s3cret');
	});

	it('stops with exit 2 and the field when the file is wrong', async () => {
		const run = await runCli(['--prometheus', url, '--http-config-file', file('bad.yml', 'tls_config:\n  cafile: x\n'), '--once']);
		expect(run.code).toBe(2);
		expect(run.stderr).toBe(`agentmon: ${path.join(dir, 'bad.yml')}: tls_config: unknown field cafile\n`);
	});
});

describe('fields agentmon cannot honour', () => {
	it('are refused by name instead of ignored', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-http-config-refused-'));
		const load = (text: string) => {
			const file = path.join(dir, 'http.yml');
			writeFileSync(file, text);
			return () => loadHttpConfig(file);
		};
		expect(load('tls_config:\n  server_name: prom.internal\n')).toThrow(/http\.yml: tls_config\.server_name: not supported by agentmon/);
		expect(load('tls_config:\n  min_version: TLS13\n')).toThrow(/tls_config\.min_version: not supported/);
		expect(load('follow_redirects: false\n')).toThrow(/follow_redirects: false is not supported/);
		expect(load('follow_redirects: true\nenable_http2: true\n')()).toEqual({});
	});
});

describe('--http-config-file header checks', () => {
	it('refuses http_headers that cannot be sent, naming the file and never the value', () => {
		expect(() => loadHttpConfig(file('bad-name.yml', 'http_headers:\n  "X Org": {values: [a]}\n'))).toThrow(`${path.join(dir, 'bad-name.yml')}: http_headers: header name "X Org" is not a valid HTTP header name`);
		let message = '';
		try {
			loadHttpConfig(file('bad-value.yml', 'http_headers:\n  X-Key:\n    secrets: ["hunter2\\nX-Evil: 1"]\n'));
		} catch (error) {
			message = String(error);
		}
		expect(message).toContain('http_headers: the value of header X-Key holds a control character');
		expect(message).not.toContain('hunter2');
	});
});
