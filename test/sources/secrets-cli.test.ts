import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {listen} from '../scrape/loopback-server.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/agentmon.js';

// RELIABILITY 16 end to end: a Prometheus (or the proxy in front) that repeats the credentials in its
// error answers; `--once` prints neither the token nor the header value, in JSON or text. Needs `npm run build`.

const TOKEN = 'SEKRET1-cli-token';
const KEY = 'HEADERKEY-2-cli';
const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-secrets-cli-'));
const tokenFile = path.join(dir, 'token');
writeFileSync(tokenFile, `${TOKEN}\n`);

let server: {url: string; close(): Promise<void>};
let url: string;

beforeAll(async () => {
	server = await listen((request, response) => {
		request.resume();
		const text = `bad credentials: ${request.headers.authorization ?? ''} key=${String(request.headers['x-api-key'] ?? '')}`;
		const pathname = new URL(request.url ?? '/', 'http://x').pathname;
		if (pathname.endsWith('/query') || pathname.endsWith('/alerts')) {
			return void response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'unauthorized', error: text}));
		}
		response.writeHead(401, {'content-type': 'text/plain'}).end(`HTTP 401 unauthorized: ${text}\n`);
	});
	url = server.url;
});

afterAll(async () => server.close());

describe('agentmon --once against a server that echoes credentials', () => {
	it.each(['json', 'text'])('prints no secret with --format %s', async format => {
		const run = await runCli(['--prometheus', url, '--once', '--format', format, '--bearer-token-file', tokenFile, '--header', `X-API-Key: ${KEY}`, '--profile', 'coordination-server']);
		const output = `${run.stdout}\n${run.stderr}`;
		// The run did reach the server and report its refusal.
		expect(output).toContain('401');
		expect(output).toContain('bad credentials');
		expect(output).not.toContain(TOKEN);
		expect(output).not.toContain(KEY);
		expect(output).not.toContain('SEKRET1');
		expect(output).toContain('***');
	});
});
