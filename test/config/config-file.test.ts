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

describe('config file: each source and its connection', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-contexts-'));
	const file = path.join(dir, 'config.yaml');
	const write = (text: string) => writeFileSync(file, text);
	const parseWith = (argv: string[]) => parseCli(['--config', file, ...argv], {}, wanted => loadContext(wanted, {}));

	it('holds scrape targets, a stream and rule files (paths from the config file), used when the command line names no source', () => {
		write('current-context: local\ncontexts:\n  local:\n    scrape: [http://127.0.0.1:3456/metrics, http://127.0.0.1:3457/metrics]\n    sse: http://127.0.0.1:3000/api/metrics/stream\n    rules: rules/extra.yml\n');
		expect(parseWith([])).toMatchObject({
			kind: 'run',
			config: {prometheusUrl: undefined, scrapeUrls: ['http://127.0.0.1:3456/metrics', 'http://127.0.0.1:3457/metrics'], sseUrl: 'http://127.0.0.1:3000/api/metrics/stream', ruleFiles: [path.join(dir, 'rules/extra.yml')]},
		});
		// A source on the command line replaces the context's sources, rules and all.
		expect(parseWith(['--prometheus', 'http://prom:9090'])).toMatchObject({config: {prometheusUrl: 'http://prom:9090', scrapeUrls: [], sseUrl: undefined, ruleFiles: []}});
		expect(parseWith(['--demo'])).toMatchObject({config: {demo: true, scrapeUrls: [], ruleFiles: []}});
	});

	it('names the file, the context and the field of a bad value, not a flag never typed', () => {
		write('contexts:\n  prod:\n    prometheus: http://prom:9090\n    interval: banana\n');
		expect(parseWith(['--context', 'prod'])).toEqual({kind: 'usage-error', message: `${file}: contexts.prod.interval "banana" is not a duration; use a number and a unit, e.g. 500ms, 2s, 5m.`});
		expect(parseWith(['--context', 'prod', '--interval', '5s'])).toMatchObject({kind: 'run', config: {intervalMs: 5000}});
		write('contexts:\n  prod:\n    prometheus: prom:9090\n');
		expect(parseWith(['--context', 'prod'])).toEqual({kind: 'usage-error', message: `${file}: contexts.prod.prometheus must be an http(s) URL (got prom:).`});
		write('contexts:\n  prod:\n    prometheus: http://prom:9090\n    scrape: http://127.0.0.1:3456/metrics\n');
		expect(parseWith(['--context', 'prod'])).toMatchObject({kind: 'usage-error', message: `use either ${file}: contexts.prod.prometheus or ${file}: contexts.prod.scrape: scrape reads the endpoints without a Prometheus.`});
		write('contexts:\n  prod:\n    prometheus: http://prom:9090\n    profile: nope\n');
		expect(parseWith(['--context', 'prod'])).toMatchObject({kind: 'usage-error', message: expect.stringMatching(new RegExp(`^${file.replaceAll('/', '\\/')}: contexts\\.prod\\.profile: unknown profile "nope"`))});
		write('contexts:\n  prod:\n    prometheus: http://prom:9090\n    cert-file: c.pem\n');
		expect(parseWith(['--context', 'prod'])).toEqual({kind: 'usage-error', message: `${file}: contexts.prod.cert-file and --key-file go together.`});
		expect(parseCli(['--alertmanager', 'x'], {}, () => ({}))).toEqual({kind: 'usage-error', message: '--alertmanager "x" is not a URL; expected something like http://localhost:9093.'});
		expect(parseCli([], {PROMETHEUS_URL: 'ftp://prom'}, () => ({}))).toEqual({kind: 'usage-error', message: '$PROMETHEUS_URL must be an http(s) URL (got ftp:).'});
	});

	it('gives a source its own connection from connections: or --<source>-http-config-file, the flag winning', () => {
		write(
			[
				'current-context: prod',
				'contexts:',
				'  prod:',
				'    prometheus: https://prom.example.com',
				'    alertmanager: https://am.example.com',
				'    bearer-token-file: ~/prom-token',
				'    connections:',
				'      alertmanager: {basic-auth-user: ops, basic-auth-password-file: am-password, headers: {X-Team: a}}',
				'      sse: {http-config-file: sse.yml}',
				'',
			].join('\n'),
		);
		const request = parseWith([]);
		expect(request).toMatchObject({
			kind: 'run',
			config: {
				connection: {bearerTokenFile: path.join(os.homedir(), 'prom-token')},
				sourceConnections: {
					alertmanager: {connection: {basicAuthUser: 'ops', basicAuthPasswordFile: path.join(dir, 'am-password'), headers: {'X-Team': 'a'}, insecureSkipVerify: false}, origin: `${file}: contexts.prod.connections.alertmanager`},
					sse: {httpConfigFile: path.join(dir, 'sse.yml')},
				},
			},
		});
		expect(request.kind === 'run' && request.config.sourceConnections.alertmanager?.connection.bearerTokenFile).toBe(undefined);
		expect(parseWith(['--alertmanager-http-config-file', '/etc/am.yml'])).toMatchObject({
			config: {sourceConnections: {alertmanager: {httpConfigFile: '/etc/am.yml', connection: {headers: {}}, origin: '--alertmanager-http-config-file'}}},
		});
		write('contexts:\n  prod:\n    connections:\n      alertmanager: {basic-auth-password-file: pw}\n');
		expect(parseWith(['--context', 'prod'])).toEqual({kind: 'usage-error', message: `${file}: contexts.prod.connections.alertmanager: basic-auth-password-file needs basic-auth-user.`});
		write('contexts:\n  prod:\n    connections:\n      grafana: {}\n');
		expect(parseWith(['--context', 'prod'])).toMatchObject({kind: 'usage-error', message: expect.stringContaining(`${file}: contexts.prod.connections`)});
	});
});

describe('config file: command-line flags over a context\'s own Prometheus connection, and header checks', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-contexts-flags-'));
	const file = path.join(dir, 'config.yaml');
	const parseWith = (argv: string[]) => parseCli(['--config', file, '--context', 'prod', ...argv], {}, wanted => loadContext(wanted, {}));

	it('lets connection flags typed on the command line win over connections.prometheus, field by field', () => {
		writeFileSync(file, 'contexts:\n  prod:\n    prometheus: http://prom:9090\n    alertmanager: http://am:9093\n    connections:\n      prometheus: {bearer-token-file: ctx-token, headers: {X-Scope-OrgID: ctx}, ca-file: ca.pem}\n');
		const request = parseWith(['--bearer-token-file', '/cli-token', '--header', 'X-Scope-OrgID: cli']);
		expect(request).toMatchObject({
			kind: 'run',
			config: {
				connection: {bearerTokenFile: '/cli-token', headers: {'X-Scope-OrgID': 'cli'}},
				sourceConnections: {prometheus: {connection: {bearerTokenFile: '/cli-token', headers: {'X-Scope-OrgID': 'cli'}, caFile: path.join(dir, 'ca.pem')}}},
			},
		});
		// Basic auth on the command line replaces the context's bearer token.
		const basic = parseWith(['--basic-auth-user', 'ops', '--basic-auth-password-file', '/pw']);
		expect(basic.kind === 'run' && basic.config.sourceConnections.prometheus?.connection).toMatchObject({basicAuthUser: 'ops', basicAuthPasswordFile: '/pw', bearerTokenFile: undefined});
		// Nothing typed: the context's own connection as written.
		expect(parseWith([])).toMatchObject({config: {sourceConnections: {prometheus: {connection: {bearerTokenFile: path.join(dir, 'ctx-token'), headers: {'X-Scope-OrgID': 'ctx'}}}}}});
	});

	it('refuses a header that cannot be sent, naming where it was set and never its value', () => {
		writeFileSync(file, 'contexts:\n  prod:\n    prometheus: http://prom:9090\n    headers: {"X Scope OrgID": tenant}\n');
		expect(parseWith([])).toEqual({kind: 'usage-error', message: `${file}: contexts.prod.headers: header name "X Scope OrgID" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only).`});
		writeFileSync(file, 'contexts:\n  prod:\n    prometheus: http://prom:9090\n    connections:\n      alertmanager: {headers: {X-Key: "secret\\r\\nX-Injected: 1"}}\n');
		const injected = parseWith([]);
		expect(injected).toEqual({kind: 'usage-error', message: `${file}: contexts.prod.connections.alertmanager.headers: the value of header X-Key holds a control character (a line break?).`});
		expect(parseCli(['--header', 'X-Key: a\u0007b'], {}, () => ({}))).toEqual({kind: 'usage-error', message: '--header: the value of header X-Key holds a control character (a line break?).'});
	});
});
