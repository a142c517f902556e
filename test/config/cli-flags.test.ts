import {describe, expect, it} from 'vitest';
import {parseCli} from '../../source/config/cli-flags.js';

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCli(argv, env);

describe('parseCli', () => {
	it('has defaults a user expects', () => {
		const request = run([]);
		expect(request).toMatchObject({kind: 'run', config: {prometheusUrl: 'http://localhost:9090', profiles: ['auto'], intervalMs: 2000, windowMs: 300_000, once: false, format: 'text', color: true}});
	});

	it('takes the URL from $PROMETHEUS_URL, and the flag over it', () => {
		expect(run([], {PROMETHEUS_URL: 'http://prom:9090'})).toMatchObject({config: {prometheusUrl: 'http://prom:9090'}});
		expect(run(['--prometheus', 'http://a:1'], {PROMETHEUS_URL: 'http://prom:9090'})).toMatchObject({config: {prometheusUrl: 'http://a:1'}});
	});

	it('reads every flag', () => {
		const request = run(['--interval', '500ms', '--window', '1m', '--timeout', '3s', '--once', '--format', 'json', '--no-color']);
		expect(request).toMatchObject({kind: 'run', config: {intervalMs: 500, windowMs: 60_000, timeoutMs: 3000, once: true, format: 'json', color: false}});
	});

	it('turns colour off for NO_COLOR and TERM=dumb, but not for an empty NO_COLOR', () => {
		expect(run([], {NO_COLOR: '1'})).toMatchObject({config: {color: false}});
		expect(run([], {TERM: 'dumb'})).toMatchObject({config: {color: false}});
		expect(run([], {NO_COLOR: ''})).toMatchObject({config: {color: true}});
	});

	it.each([
		[['--interval', 'abc'], /--interval "abc" is not a duration/],
		[['--interval'], /--interval needs a value/],
		[['--window', '5'], /--window "5" is not a duration/],
		[['--interval', '1ms'], /at least 100ms/],
		[['--format', 'xml'], /--format must be one of text, json, markdown/],
		[['--prometheus', 'not a url'], /is not a URL/],
		[['--prometheus', 'ftp://x'], /http\(s\) URL/],
		[['--profile', 'nope'], /unknown profile "nope"; valid profiles: auto, coordination-server/],
		[['--profile', 'auto,coordination-server'], /cannot be combined/],
		[['--bogus'], /unknown option --bogus/],
		[['--max-fps', '3'], /unknown option --max-fps/],
		[['extra'], /unexpected argument "extra"/],
		[['--interval', '2s', '--interval', '3s'], /--interval was given more than once/],
		[['--window', '10ms'], /--window must be at least 1s/],
		[['--header', 'no colon here'], /--header "no colon here" must look like 'Name: value'/],
		[['--basic-auth-password-file', 'p'], /needs --basic-auth-user/],
		[['--basic-auth-user', 'u', '--bearer-token-file', 't'], /either basic auth or a bearer token/],
		[['--bearer-token-file'], /--bearer-token-file needs a value/],
		[['--cert-file', 'c.pem'], /--cert-file and --key-file go together/],
	])('gives one clear sentence for %j', (argv, message) => {
		const request = run(argv);
		expect(request.kind).toBe('usage-error');
		expect(request.kind === 'usage-error' && request.message).toMatch(message);
	});

	it('reads connection flags; secrets only as file names', () => {
		const request = run(['--header', 'X-Scope-OrgID: tenant-a', '--header', 'X-Other:1', '--bearer-token-file', '/run/token', '--ca-file', 'ca.pem', '--insecure-skip-verify']);
		expect(request).toMatchObject({
			kind: 'run',
			config: {connection: {headers: {'X-Scope-OrgID': 'tenant-a', 'X-Other': '1'}, bearerTokenFile: '/run/token', caFile: 'ca.pem', insecureSkipVerify: true}},
		});
		expect(run([])).toMatchObject({config: {connection: {headers: {}, insecureSkipVerify: false}}});
	});

	it('forces profiles by id and accepts profile files', () => {
		expect(run(['--profile', 'coordination-server'])).toMatchObject({config: {profiles: ['coordination-server']}});
		expect(run(['--profile', './mine.yaml'])).toMatchObject({config: {profiles: ['./mine.yaml']}});
	});

	it('knows help, version and simulate', () => {
		expect(run(['--help'])).toMatchObject({kind: 'help'});
		expect(run(['--version'])).toMatchObject({kind: 'version', text: expect.stringMatching(/^\d+\.\d+\.\d+/)});
		expect(run(['simulate', 'coordination-server', '--port', '3456', '--scenario', 'error-burst'])).toEqual({kind: 'simulate', profile: 'coordination-server', port: 3456, scenario: 'error-burst'});
		expect(run(['simulate', 'x', '--port', 'abc'])).toMatchObject({kind: 'usage-error'});
	});
});
