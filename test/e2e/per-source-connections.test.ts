import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {runCli} from '../helpers/agentmon.js';
import {startAlertmanager, startPrometheus, TEST_PASSWORD_HASH, type RunningDaemon, type WebBasicAuth} from '../helpers/prometheus.js';

/*
 * Each source its own connection (issue 6): a real Prometheus and a real Alertmanager, each behind its
 * own basic auth (`--web.config.file`), as in a production where the two sit behind different
 * gateways. agentmon reaches both only when Alertmanager gets its own credentials — from
 * `--alertmanager-http-config-file` or a context's `connections.alertmanager` — and the Prometheus
 * credentials are never sent to Alertmanager.
 */

const PROMETHEUS_AUTH: WebBasicAuth = {user: 'prom', password: 'test', bcryptHash: TEST_PASSWORD_HASH};
const ALERTMANAGER_AUTH: WebBasicAuth = {user: 'am', password: 'test', bcryptHash: TEST_PASSWORD_HASH};
const ALERTNAME = 'PerSourceConnectionCheck';

type JsonDocument = {
	source: {url: string};
	systems: Array<{profile: string}>;
	alerts: Array<{name: string; alertmanager?: {state: string}}>;
	alertWarnings?: string[];
};

let sim: CoordinationServerSimulator;
let prometheus: RunningDaemon;
let alertmanager: RunningDaemon;
let dir: string;

const basic = ({user, password}: WebBasicAuth) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-per-source-'));
	writeFileSync(path.join(dir, 'password'), 'test\n');
	sim = await startCoordinationServerSimulator({port: 0, scenario: 'normal'});
	[prometheus, alertmanager] = await Promise.all([
		startPrometheus({targets: [{job: 'coordination-server', url: sim.url}], basicAuth: PROMETHEUS_AUTH}),
		startAlertmanager({basicAuth: ALERTMANAGER_AUTH}),
	]);
	// An alert only Alertmanager holds: agentmon shows it only if it could read Alertmanager.
	const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
		method: 'POST',
		headers: {'content-type': 'application/json', authorization: basic(ALERTMANAGER_AUTH)},
		body: JSON.stringify([{labels: {alertname: ALERTNAME, severity: 'warning', system: 'coordination-server'}, annotations: {summary: 'sent to Alertmanager by the test'}}]),
		signal: AbortSignal.timeout(5000),
	});
	expect(response.status).toBe(200);
}, 90_000);

afterAll(async () => {
	await Promise.all([prometheus?.stop(), alertmanager?.stop()]);
	await sim?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

async function once(args: string[], env: Record<string, string> = {}) {
	const run = await runCli(['--once', '--format', 'json', '--prometheus', prometheus.url, '--alertmanager', alertmanager.url, ...args], env, 45_000);
	return {...run, json: JSON.parse(run.stdout || '{}') as JsonDocument};
}

describe('each source with its own connection, against a real Prometheus and Alertmanager behind different basic auth', () => {
	it('without its own connection, Alertmanager is sent the shared credentials and refuses them, and says so', async () => {
		const run = await once(['--basic-auth-user', 'prom', '--basic-auth-password-file', path.join(dir, 'password')]);
		expect(run.code).toBe(0);
		expect(run.json.systems.map(system => system.profile)).toContain('coordination-server');
		expect(run.json.alerts.map(alert => alert.name)).not.toContain(ALERTNAME);
		expect(run.json.alertWarnings).toEqual([expect.stringMatching(/^Alertmanager: .*401/)]);
		expect(run.stdout + run.stderr).not.toContain('test\n');
	}, 60_000);

	it('--alertmanager-http-config-file gives Alertmanager its own credentials; the flags still reach Prometheus', async () => {
		writeFileSync(path.join(dir, 'am.yml'), 'basic_auth:\n  username: am\n  password_file: password\n');
		const run = await once(['--basic-auth-user', 'prom', '--basic-auth-password-file', path.join(dir, 'password'), '--alertmanager-http-config-file', path.join(dir, 'am.yml')]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.json.systems.map(system => system.profile)).toContain('coordination-server');
		expect(run.json.alerts.find(alert => alert.name === ALERTNAME)).toMatchObject({alertmanager: {state: 'active'}});
	}, 60_000);

	it('a context\'s connections.alertmanager does the same, with paths relative to the config file', async () => {
		const home = path.join(dir, 'xdg');
		const configDir = path.join(home, 'agentmon');
		rmSync(home, {recursive: true, force: true});
		writeFileSync(path.join(dir, 'am-password'), 'test\n');
		await import('node:fs/promises').then(fs => fs.mkdir(configDir, {recursive: true}));
		writeFileSync(path.join(configDir, 'prom-password'), 'test\n');
		writeFileSync(
			path.join(configDir, 'config.yaml'),
			[
				'current-context: prod',
				'contexts:',
				'  prod:',
				`    prometheus: ${prometheus.url}`,
				`    alertmanager: ${alertmanager.url}`,
				'    basic-auth-user: prom',
				'    basic-auth-password-file: prom-password',
				'    connections:',
				'      alertmanager:',
				'        basic-auth-user: am',
				'        basic-auth-password-file: ../../am-password',
				'',
			].join('\n'),
		);
		const run = await runCli(['--once', '--format', 'json'], {XDG_CONFIG_HOME: home}, 45_000);
		expect(run.stderr).toBe('');
		const json = JSON.parse(run.stdout) as JsonDocument;
		expect(json.source.url).toBe(prometheus.url);
		expect(json.alerts.find(alert => alert.name === ALERTNAME)).toMatchObject({alertmanager: {state: 'active'}});
		// A mistake in a context's connection names the file and the field.
		writeFileSync(path.join(configDir, 'config.yaml'), `contexts:\n  prod:\n    prometheus: ${prometheus.url}\n    connections:\n      alertmanager:\n        cert-file: client.pem\n`);
		const bad = await runCli(['--once', '--context', 'prod'], {XDG_CONFIG_HOME: home});
		expect(bad.code).toBe(2);
		expect(bad.stderr).toBe(`agentmon: ${path.join(configDir, 'config.yaml')}: contexts.prod.connections.alertmanager: cert-file and key-file go together.\n`);
	}, 60_000);
});
