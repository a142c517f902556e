import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {listen} from '../scrape/loopback-server.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeRules, MAX_RULES} from '../../source/sources/decode-rules.js';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';

/** `/api/v1/rules` as Prometheus 2.42 answers it, with hostile text in every string a server controls. */
const HOSTILE_RULES = {
	status: 'success',
	data: {
		groups: [
			{
				name: 'locks\u001B]0;pwned\u0007',
				file: '/etc/prometheus/rules\u202E.yml',
				interval: 15,
				limit: 0,
				rules: [
					{
						state: 'firing',
						name: 'HighLockContention\u001B[2J',
						query: 'coordination_server_active_locks\n  > 10\u009B31m',
						duration: 300,
						labels: {severity: 'warning\u001B[31m', 'sys\u200Btem': 'coordination-server'},
						annotations: {summary: 'x'},
						alerts: [],
						health: 'ok',
						evaluationTime: 0.000123,
						lastEvaluation: '2024-05-01T10:00:00.5Z',
						type: 'alerting',
					},
					{name: 'job:up:sum', query: 'sum(up)', labels: {}, health: 'ok', evaluationTime: 0.001, lastEvaluation: '2024-05-01T10:00:00Z', type: 'recording'},
					{
						state: 'inactive',
						name: 'Broken',
						query: 'rate(x[5m]',
						duration: 'soon',
						labels: null,
						health: 'err',
						lastError: 'parse error: unclosed \u001B]52;c;ZXZpbA==\u0007 paren',
						evaluationTime: -1,
						lastEvaluation: '0001-01-01T00:00:00Z',
						type: 'alerting',
					},
					'not a rule',
					{type: 'alerting', name: {toString: 'x'}, health: 'dunno', lastEvaluation: 12},
					{type: 'alerting', name: 'Odd', query: 42, duration: '90', health: 'dunno', lastEvaluation: 12, evaluationTime: 'NaN', labels: ['a']},
				],
			},
			{name: 'empty', rules: 'nope'},
			null,
		],
	},
};

let server: {url: string; close(): Promise<void>};
let url: string;
const requests: string[] = [];

beforeAll(async () => {
	server = await listen((request, response) => {
		requests.push(request.url ?? '');
		if (request.url?.startsWith('/bad')) {
			response.writeHead(422, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'execution', error: 'rules unavailable\u001B[2J'}));
			return;
		}
		if (request.url?.startsWith('/proxy')) {
			response.writeHead(404, {'content-type': 'text/html'}).end('<html><title>404 Not Found \u001B]8;;http://evil\u0007</title></html>');
			return;
		}
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(HOSTILE_RULES));
	});
	url = server.url;
});

afterAll(async () => server.close());

describe('PrometheusClient.rules', () => {
	it('asks for alerting rules only and decodes them, every string sanitised', async () => {
		const result = await new PrometheusClient({url, timeoutMs: 2000}).rules();
		expect(requests.at(-1)).toBe('/api/v1/rules?type=alert');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data).toEqual([
			{
				name: 'HighLockContention\\x1b[2J',
				group: 'locks\\x1b]0;pwned\\x07',
				file: '/etc/prometheus/rules<U+202E>.yml',
				// Multi-line stays multi-line (it is evaluated again); the 8-bit CSI does not.
				expr: 'coordination_server_active_locks\n  > 10\\x9b31m',
				forMs: 300_000,
				health: 'ok',
				lastEvaluation: Date.UTC(2024, 4, 1, 10, 0, 0, 500),
				evaluationMs: expect.closeTo(0.123, 6),
				labels: {severity: 'warning\\x1b[31m', 'sys<U+200B>tem': 'coordination-server'},
			},
			{name: 'Broken', group: 'locks\\x1b]0;pwned\\x07', file: '/etc/prometheus/rules<U+202E>.yml', expr: 'rate(x[5m]', forMs: 0, health: 'err', lastError: 'parse error: unclosed \\x1b]52;c;ZXZpbA==\\x07 paren', labels: {}},
			{name: 'Odd', group: 'locks\\x1b]0;pwned\\x07', file: '/etc/prometheus/rules<U+202E>.yml', expr: '42', forMs: 90_000, health: 'unknown', labels: {}},
		]);
		expect(result.warnings).toEqual([]);
		// Narrowed to the alert's name where the server supports it (rule_name[]; 2.42 ignores it).
		await new PrometheusClient({url, timeoutMs: 2000}).rules(['HighLockContention', 'a&b']);
		expect(requests.at(-1)).toBe('/api/v1/rules?type=alert&rule_name%5B%5D=HighLockContention&rule_name%5B%5D=a%26b');
		expect(JSON.stringify(result.data)).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B\u202E]/);
	});

	it('reports a refusal with Prometheus\' own words, and a proxy\'s page as a short sanitised message', async () => {
		const refused = await new PrometheusClient({url: `${url}/bad`, timeoutMs: 2000}).rules();
		expect(refused).toEqual({ok: false, error: {kind: 'http', httpStatus: 422, message: 'HTTP 422 execution: rules unavailable\\x1b[2J', retryable: false}});
		const proxied = await new PrometheusClient({url: `${url}/proxy`, timeoutMs: 2000}).rules();
		expect(proxied.ok).toBe(false);
		if (proxied.ok) return;
		expect(proxied.error.httpStatus).toBe(404);
		expect(proxied.error.message).toContain('404 Not Found');
		expect(proxied.error.message).not.toMatch(/\u001B|\u0007/);
	});

	it('times out against a server that never answers', async () => {
		const silent = http.createServer(() => undefined);
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		try {
			const result = await new PrometheusClient({url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 300}).rules();
			expect(result).toMatchObject({ok: false, error: {kind: 'timeout'}});
		} finally {
			silent.closeAllConnections();
			await new Promise(resolve => silent.close(resolve));
		}
	});
});

describe('decodeRules', () => {
	it('keeps at most MAX_RULES alerting rules and counts the rest', () => {
		const many = Array.from({length: MAX_RULES + 5}, (_, index) => ({type: 'alerting', name: `A${index}`, query: 'up == 0', duration: 60, health: 'ok', labels: {}}));
		const {rules, dropped} = decodeRules({groups: [{name: 'g', rules: many}]});
		expect(rules).toHaveLength(MAX_RULES);
		expect(dropped).toBe(5);
		expect(rules[0]).toMatchObject({name: 'A0', forMs: 60_000});
	});

	it('reads nothing from anything that is not a rules answer', () => {
		for (const data of [undefined, null, 42, 'x', [], {groups: {}}, {groups: [[]]}]) expect(decodeRules(data)).toEqual({rules: [], dropped: 0});
	});
});
