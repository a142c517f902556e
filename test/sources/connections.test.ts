import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Config, ConnectionConfig} from '../../source/config/config.js';
import {buildConnections, insecureNote} from '../../source/sources/connections.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-connections-'));
const write = (name: string, text: string) => {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
};
const plain: ConnectionConfig = {headers: {}, insecureSkipVerify: false};

function config(overrides: Partial<Config>): Config {
	return {
		prometheusUrl: 'http://prom:9090',
		scrapeUrls: [],
		demo: false,
		ruleFiles: [],
		profiles: ['auto'],
		intervalMs: 2000,
		windowMs: 300_000,
		timeoutMs: 10_000,
		once: true,
		format: 'text',
		bell: false,
		color: false,
		connection: plain,
		sourceConnections: {},
		...overrides,
	};
}

describe('buildConnections', () => {
	it('gives every source the shared connection, $AGENTMON_BEARER_TOKEN included, when none has its own', async () => {
		const connections = await buildConnections(config({alertmanagerUrl: 'http://am:9093', connection: {...plain, headers: {'X-Scope-OrgID': 'a'}}}), {AGENTMON_BEARER_TOKEN: 'env-token'});
		expect(connections.bySource.prometheus).toBe(connections.shared);
		expect(connections.bySource.alertmanager).toBe(connections.shared);
		expect(connections.shared.headers()).toEqual({'X-Scope-OrgID': 'a', Authorization: 'Bearer env-token'});
		expect(connections.insecure).toEqual([]);
	});

	it('gives a source with its own connection only that: no shared header, token or environment token', async () => {
		const amFile = write('am.yml', 'basic_auth: {username: am, password: pw}\ntls_config: {insecure_skip_verify: true}\n');
		const connections = await buildConnections(
			config({alertmanagerUrl: 'http://am:9093', connection: {...plain, headers: {'X-Scope-OrgID': 'a'}}, sourceConnections: {alertmanager: {connection: plain, httpConfigFile: amFile, origin: '--alertmanager-http-config-file'}}}),
			{AGENTMON_BEARER_TOKEN: 'env-token'},
		);
		expect(connections.bySource.alertmanager.headers()).toEqual({Authorization: `Basic ${Buffer.from('am:pw').toString('base64')}`});
		expect(connections.bySource.prometheus.headers()).toEqual({'X-Scope-OrgID': 'a', Authorization: 'Bearer env-token'});
		expect(connections.insecure).toEqual(['alertmanager']);
	});

	it('reads a source\'s own files only when the source is used, and names where a bad one was set', async () => {
		const missing = {connection: {...plain, bearerTokenFile: path.join(dir, 'nope')}, origin: 'config.yaml: contexts.prod.connections.sse'};
		await expect(buildConnections(config({sourceConnections: {sse: missing}}), {})).resolves.toBeDefined();
		await expect(buildConnections(config({sseUrl: 'http://team:3000/api/metrics/stream', sourceConnections: {sse: missing}}), {})).rejects.toThrow(/^config\.yaml: contexts\.prod\.connections\.sse: cannot read the bearer token file .*nope \(ENOENT\)$/);
		const shared = config({connection: {...plain, bearerTokenFile: path.join(dir, 'gone')}, connectionOrigins: {bearerTokenFile: 'config.yaml: contexts.prod.bearer-token-file'}});
		await expect(buildConnections(shared, {})).rejects.toThrow(/^config\.yaml: contexts\.prod\.bearer-token-file: cannot read the bearer token file .*gone \(ENOENT\)$/);
	});
});

describe('insecureNote', () => {
	it('names the flag when the shared connection is the insecure one, else the sources', () => {
		expect(insecureNote([], config({}))).toBeUndefined();
		expect(insecureNote(['prometheus', 'alertmanager'], config({}))).toBe('(--insecure-skip-verify)');
		expect(insecureNote(['alertmanager'], config({sourceConnections: {alertmanager: {connection: plain, origin: 'x'}}}))).toBe('for alertmanager');
	});
});
