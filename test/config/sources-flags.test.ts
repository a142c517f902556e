import {describe, expect, it} from 'vitest';
import {parseCli} from '../../source/config/cli-flags.js';

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCli(argv, env);
const message = (argv: string[]) => {
	const request = run(argv);
	return request.kind === 'usage-error' ? request.message : `not an error: ${request.kind}`;
};

describe('choosing the source', () => {
	it('reads Prometheus by default, and not when --scrape, --sse alone or --demo is given', () => {
		expect(run([])).toMatchObject({config: {prometheusUrl: 'http://localhost:9090', scrapeUrls: [], demo: false}});
		expect(run(['--scrape', 'http://a:1/metrics', '--scrape', 'http://b:2/metrics'], {PROMETHEUS_URL: 'http://p:9090'})).toMatchObject({
			config: {prometheusUrl: undefined, scrapeUrls: ['http://a:1/metrics', 'http://b:2/metrics']},
		});
		expect(run(['--sse', 'http://a:3000/api/metrics/stream'])).toMatchObject({config: {prometheusUrl: undefined, sseUrl: 'http://a:3000/api/metrics/stream'}});
		expect(run(['--sse', 'http://a:3000/api/metrics/stream', '--prometheus', 'http://p:9090'])).toMatchObject({config: {prometheusUrl: 'http://p:9090'}});
		expect(run(['--demo'])).toMatchObject({config: {prometheusUrl: undefined, demo: true, windowMs: 60_000}});
		expect(run(['--demo', '--window', '5m'])).toMatchObject({config: {windowMs: 300_000}});
		expect(run(['--scrape', 'http://a:1/metrics', '--rules', 'my.yml'])).toMatchObject({config: {ruleFiles: ['my.yml']}});
	});

	it('refuses combinations that cannot work, saying why', () => {
		expect(message(['--demo', '--prometheus', 'http://p:9090'])).toBe('--demo runs its own simulators; it cannot be combined with --prometheus, --scrape or --sse.');
		expect(message(['--scrape', 'http://a:1/metrics', '--prometheus', 'http://p:9090'])).toMatch(/^use either --prometheus or --scrape/);
		expect(message(['--rules', 'x.yml'])).toMatch(/^--rules goes with --scrape/);
		expect(message(['--scrape', 'ftp://a/metrics'])).toBe('--scrape must be an http(s) URL (got ftp:).');
		expect(message(['--scrape', 'nonsense'])).toMatch(/^--scrape "nonsense" is not a URL/);
		expect(message(['--sse', 'x'])).toMatch(/^--sse "x" is not a URL/);
		expect(message(['--sse', 'http://a/1', '--sse', 'http://a/2'])).toBe('--sse was given more than once.');
	});
});

describe('--alertmanager', () => {
	it('comes from the flag, else $ALERTMANAGER_URL, and must be a URL', () => {
		expect(run([])).toMatchObject({config: {alertmanagerUrl: undefined}});
		expect(run([], {ALERTMANAGER_URL: 'http://am:9093'})).toMatchObject({config: {alertmanagerUrl: 'http://am:9093'}});
		expect(run(['--alertmanager', 'http://a:9093'], {ALERTMANAGER_URL: 'http://am:9093'})).toMatchObject({config: {alertmanagerUrl: 'http://a:9093'}});
		expect(message(['--alertmanager', 'nope'])).toMatch(/^--alertmanager "nope" is not a URL/);
	});
});
