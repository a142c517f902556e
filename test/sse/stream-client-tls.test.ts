import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {StreamClient} from '../../source/sse/stream-client.js';
import {waitFor} from '../helpers/wait-for.js';
import {openStream, recordingClient, waitForState} from './helpers.js';

let server: https.Server;
let url: string;
let ca: Buffer;
let client: StreamClient | undefined;

beforeAll(async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-sse-tls-'));
	const key = path.join(dir, 'key.pem');
	const cert = path.join(dir, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	ca = readFileSync(cert);
	server = https.createServer({key: readFileSync(key), cert: ca}, (req, res) => {
		openStream(res);
		res.write(`id: 1\nevent: jobs\ndata: ${JSON.stringify({type: 'claimed', jobId: '7', agentType: String(req.headers.authorization)})}\n\n`);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/metrics/stream`;
});

afterEach(() => {
	client?.stop();
	client = undefined;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

describe('StreamClient over https', () => {
	it('verifies the certificate by default: a self-signed one fails and is retried', async () => {
		const recording = recordingClient({url, random: () => 0.5});
		client = recording.client;
		client.start();
		const failed = await waitForState(recording.seen, state => state.state === 'reconnecting');
		expect(failed).toMatchObject({attempt: 1, reason: expect.stringMatching(/self-signed certificate/)});
	});

	it('goes through the https agent of RequestOptions (a custom CA), with the headers', async () => {
		const recording = recordingClient({url, request: {headers: () => ({Authorization: 'Bearer tls'}), httpsAgent: new https.Agent({ca})}});
		client = recording.client;
		client.start();
		await waitFor(() => recording.seen.jobs[0], {intervalMs: 5});
		expect(recording.seen.jobs[0]).toMatchObject({jobId: '7', agentType: 'Bearer tls'});
	});
});
