import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {runCli} from '../helpers/agentmon.js';
import {startAuthGate, type AuthGate} from '../helpers/auth-gate.js';

/*
 * `--scrape-http-config-file` and `--sse-http-config-file` (issue 6): the coordination server's
 * /metrics and the coding team's stream each behind a gateway of its own basic auth. Each source
 * gets only its own credentials, and the shared flags (a bearer token, a header) go to neither.
 */

const basic = (user: string) => `Basic ${Buffer.from(`${user}:pw-${user}`).toString('base64')}`;

let coordination: CoordinationServerSimulator;
let codingTeam: CodingTeamSimulator;
let scrapeGate: AuthGate;
let streamGate: AuthGate;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-per-source-stream-'));
	coordination = await startCoordinationServerSimulator({port: 0, scenario: 'normal'});
	codingTeam = await startCodingTeamSimulator({port: 0, scenario: 'normal', stream: {snapshotMs: 300, heartbeatMs: 500}});
	scrapeGate = await startAuthGate(coordination.url, basic('scraper'));
	streamGate = await startAuthGate(codingTeam.url, basic('streamer'));
	for (const user of ['scraper', 'streamer']) {
		writeFileSync(path.join(dir, `${user}-password`), `pw-${user}\n`);
		writeFileSync(path.join(dir, `${user}.yml`), `basic_auth:\n  username: ${user}\n  password_file: ${user}-password\n`);
	}
	writeFileSync(path.join(dir, 'shared-token'), 'shared-secret-token\n');
}, 30_000);

afterAll(async () => {
	await Promise.all([scrapeGate?.close(), streamGate?.close()]);
	await Promise.all([coordination?.close(), codingTeam?.close()]);
	if (dir) rmSync(dir, {recursive: true, force: true});
});

describe('--scrape-http-config-file and --sse-http-config-file, each source behind its own gateway', () => {
	it('reads both with their own credentials, and sends the shared token and header to neither', async () => {
		const run = await runCli(
			[
				'--once',
				'--format',
				'json',
				'--scrape',
				`${scrapeGate.url}/metrics`,
				// The coding team's own /metrics, open: its system is the one the stream's live panes join.
				'--scrape',
				`${codingTeam.url}${CODING_TEAM_METRICS_PATH}`,
				'--sse',
				`${streamGate.url}/api/metrics/stream`,
				'--bearer-token-file',
				path.join(dir, 'shared-token'),
				'--header',
				'X-Shared: yes',
				'--scrape-http-config-file',
				path.join(dir, 'scraper.yml'),
				'--sse-http-config-file',
				path.join(dir, 'streamer.yml'),
				'--interval',
				'500ms',
			],
			{},
			45_000,
		);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const json = JSON.parse(run.stdout) as {systems: Array<{profile: string; extras: Array<{title: string}>}>; errors: unknown[]};
		expect(json.systems.map(system => system.profile).sort()).toEqual(['coding-team', 'coordination-server']);
		// Budget and Ledger come from the stream only.
		expect(json.systems.find(system => system.profile === 'coding-team')?.extras.map(extra => extra.title)).toEqual(expect.arrayContaining(['Budget', 'Ledger']));
		expect(json.errors).toEqual([]);
		for (const gate of [scrapeGate, streamGate]) {
			expect(gate.seen.length).toBeGreaterThan(0);
			expect(gate.seen.every(headers => headers['x-shared'] === undefined && !String(headers.authorization).includes('shared-secret-token'))).toBe(true);
		}
		expect(scrapeGate.seen.every(headers => headers.authorization === basic('scraper'))).toBe(true);
		expect(streamGate.seen.every(headers => headers.authorization === basic('streamer'))).toBe(true);
	}, 60_000);

	it('without its own connection the stream gets the shared token, is refused, and says so', async () => {
		const run = await runCli(['--once', '--format', 'json', '--sse', `${streamGate.url}/api/metrics/stream`, '--bearer-token-file', path.join(dir, 'shared-token')], {}, 45_000);
		expect(run.code).toBe(1);
		expect(streamGate.seen.at(-1)?.authorization).toBe('Bearer shared-secret-token');
		expect(run.stdout + run.stderr).toMatch(/401/);
		expect(run.stdout + run.stderr).not.toContain('shared-secret-token');
	}, 60_000);
});
