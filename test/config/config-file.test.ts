import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseCli} from '../../source/config/cli-flags.js';
import {loadContext} from '../../source/config/config-file.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'agentmon-config-'));
const env = {XDG_CONFIG_HOME: home};
mkdirSync(path.join(home, 'agentmon'));
const configPath = path.join(home, 'agentmon', 'config.yaml');
writeFileSync(
	configPath,
	`current-context: staging
contexts:
  staging:
    prometheus: http://staging:9090
    interval: 5s
  prod:
    prometheus: https://prom.example.com
    profile: coordination-server
    bearer-token-file: /run/secrets/token
    headers: {X-Scope-OrgID: tenant-a}
    insecure-skip-verify: true
`,
);
const parse = (argv: string[]) => parseCli(argv, env, wanted => loadContext(wanted, env));

describe('config file contexts', () => {
	it('uses the current context, and --context picks another', () => {
		expect(parse([])).toMatchObject({config: {prometheusUrl: 'http://staging:9090', intervalMs: 5000}});
		expect(parse(['--context', 'prod'])).toMatchObject({
			config: {
				prometheusUrl: 'https://prom.example.com',
				profiles: ['coordination-server'],
				connection: {bearerTokenFile: '/run/secrets/token', headers: {'X-Scope-OrgID': 'tenant-a'}, insecureSkipVerify: true},
			},
		});
	});

	it('lets flags override the context, headers merged', () => {
		expect(parse(['--context', 'prod', '--prometheus', 'http://other:9090', '--header', 'X-Extra: 1'])).toMatchObject({
			config: {prometheusUrl: 'http://other:9090', connection: {headers: {'X-Scope-OrgID': 'tenant-a', 'X-Extra': '1'}}},
		});
	});

	it('names the file and the field for every mistake', () => {
		expect(parse(['--context', 'nope'])).toEqual({kind: 'usage-error', message: `${configPath}: no context "nope"; contexts: staging, prod`});
		const bad = path.join(home, 'bad.yaml');
		writeFileSync(bad, 'contexts:\n  a:\n    prometheus: 5\n    intervall: 2s\n');
		expect(parse(['--config', bad])).toMatchObject({kind: 'usage-error', message: expect.stringMatching(/bad\.yaml: contexts\.a\.prometheus: .*expected string/)});
		expect(parse(['--config', path.join(home, 'missing.yaml')])).toMatchObject({kind: 'usage-error', message: expect.stringContaining('missing.yaml: cannot read it (ENOENT)')});
	});

	it('is fine without a config file unless a context is asked for', () => {
		const empty = {XDG_CONFIG_HOME: mkdtempSync(path.join(os.tmpdir(), 'agentmon-empty-'))};
		expect(parseCli([], empty, wanted => loadContext(wanted, empty))).toMatchObject({kind: 'run'});
		expect(parseCli(['--context', 'prod'], empty, wanted => loadContext(wanted, empty))).toMatchObject({kind: 'usage-error', message: expect.stringContaining('there is no config file')});
	});
});

describe('config file key remaps', () => {
	it('applies keys: from the config file, and refuses conflicts naming the file', () => {
		const file = path.join(home, 'keys.yaml');
		writeFileSync(file, 'keys:\n  refresh: R\n');
		const request = parse(['--config', file]);
		expect(request.kind).toBe('run');
		const refresh = request.kind === 'run' ? request.config.commands?.find(command => command.id === 'refresh') : undefined;
		expect(refresh?.keys.map(key => key.label)).toEqual(['R']);
		writeFileSync(file, 'keys:\n  refresh: q\n');
		expect(parse(['--config', file])).toEqual({kind: 'usage-error', message: `${file}: keys: q would mean both quit and refresh (global)`});
	});
});
