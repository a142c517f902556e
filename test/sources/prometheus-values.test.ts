import {listen} from '../scrape/loopback-server.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeAlert, PrometheusClient} from '../../source/sources/prometheus-client.js';
import {parsePromValue} from '../../source/sources/prom-value.js';
import {queryRange} from '../../source/sources/range-query.js';

// RELIABILITY 13: Prometheus sends float values as strings, `"+Inf"`, `"-Inf"` and `"NaN"` included.
// prometheus-query reads them with parseFloat, which turns both infinities into NaN.

const ALERTS = {
	status: 'success',
	data: {
		alerts: [
			{labels: {alertname: 'PlusInf', severity: 'critical'}, annotations: {summary: 'up'}, state: 'firing', activeAt: '2024-05-01T10:00:00.5Z', value: '+Inf'},
			{labels: {alertname: 'MinusInf'}, annotations: {}, state: 'firing', activeAt: '2024-05-01T10:00:00Z', value: '-Inf'},
			{labels: {alertname: 'NotANumber'}, annotations: {}, state: 'pending', activeAt: '2024-05-01T10:00:00Z', value: 'NaN'},
			{labels: {alertname: 'Tenth'}, state: 'firing', activeAt: '2024-05-01T10:00:00Z', value: '1e-01'},
			{labels: {alertname: 'BareInf'}, state: 'firing', value: 'Inf'},
			{labels: {alertname: 'Garbage'}, state: 'firing', value: '12abc'},
			{labels: {alertname: 'Zero'}, state: 'firing', value: '0'},
			// Shapes prometheus-query's Alert class throws on, failing the whole list: one odd alert must not hide the others.
			{labels: {alertname: 'OddShapes'}, annotations: 'not an object', state: 'firing', activeAt: 'yesterday', value: 7},
		],
	},
};

let server: {url: string; close(): Promise<void>};
let url: string;

function vector(value: string) {
	return {status: 'success', data: {resultType: 'vector', result: [{metric: {__name__: 'm', agent: 'a'}, value: [1_714_557_600, value]}]}};
}

beforeAll(async () => {
	server = await listen((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			const params = new URLSearchParams(request.method === 'POST' ? body : new URL(request.url ?? '/', 'http://x').search);
			const query = params.get('query') ?? '';
			const send = (payload: unknown) => response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(payload));
			if (path.endsWith('/api/v1/alerts')) return send(ALERTS);
			if (path.endsWith('/api/v1/query_range')) return send({status: 'success', data: {resultType: 'matrix', result: [{metric: {q: 'x'}, values: [[1, '+Inf'], [2, '-Inf'], [3, 'NaN'], [4, '1e-01']]}]}});
			if (path.endsWith('/api/v1/query')) {
				if (query === 'scalar') return send({status: 'success', data: {resultType: 'scalar', result: [1_714_557_600, '-Inf']}});
				return send(vector(query));
			}
			response.writeHead(404).end();
		});
	});
	url = server.url;
});

afterAll(async () => server.close());

describe('Prometheus float values', () => {
	it('parsePromValue reads what Prometheus writes, and nothing else', () => {
		expect(parsePromValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
		expect(parsePromValue('Inf')).toBe(Number.POSITIVE_INFINITY);
		expect(parsePromValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
		expect(parsePromValue('NaN')).toBeNaN();
		expect(parsePromValue('1e-01')).toBe(0.1);
		expect(parsePromValue('-3.5')).toBe(-3.5);
		expect(parsePromValue('42')).toBe(42);
		expect(parsePromValue(42)).toBe(42);
		for (const bad of ['', ' 1', '1 ', '12abc', '0x10', '1_000', 'Infinite', '+NaN', '1e400', null, undefined, {}, [], true]) expect(parsePromValue(bad)).toBeUndefined();
	});

	it('keeps ±Inf, NaN and exponents of alert values, and reads activeAt from the raw answer', async () => {
		const result = await new PrometheusClient({url, timeoutMs: 2000}).alerts();
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const byName = Object.fromEntries(result.data.map(alert => [alert.name, alert]));
		expect(byName.PlusInf!.value).toBe(Number.POSITIVE_INFINITY);
		expect(byName.PlusInf!.activeAt).toBe(Date.parse('2024-05-01T10:00:00.5Z'));
		expect(byName.PlusInf!.summary).toBe('up');
		expect(byName.MinusInf!.value).toBe(Number.NEGATIVE_INFINITY);
		expect(byName.NotANumber!.value).toBeNaN();
		expect(byName.NotANumber!.state).toBe('pending');
		expect(byName.Tenth!.value).toBe(0.1);
		expect(byName.BareInf!.value).toBe(Number.POSITIVE_INFINITY);
		expect(byName.Garbage!.value).toBeUndefined();
		expect(byName.Zero!.value).toBe(0);
		expect(byName.OddShapes).toMatchObject({value: 7, activeAt: undefined, annotations: {}});
		expect(result.data).toHaveLength(ALERTS.data.alerts.length);
	});

	it('decodeAlert takes the raw strings and the Date objects other sources build', () => {
		expect(decodeAlert({labels: {alertname: 'A'}, state: 'firing', activeAt: new Date(5000), value: 3}).activeAt).toBe(5000);
		expect(decodeAlert({labels: {alertname: 'A'}, state: 'firing', activeAt: '1970-01-01T00:00:05Z', value: '-Inf'})).toMatchObject({activeAt: 5000, value: Number.NEGATIVE_INFINITY});
	});

	it('keeps ±Inf in instant and range query values', async () => {
		const client = new PrometheusClient({url, timeoutMs: 2000});
		for (const [text, expected] of [['+Inf', Number.POSITIVE_INFINITY], ['-Inf', Number.NEGATIVE_INFINITY], ['1e-01', 0.1]] as const) {
			const result = await client.query(text);
			expect(result).toMatchObject({ok: true, data: [{labels: {__name__: 'm', agent: 'a'}, value: expected}]});
		}
		expect(await client.query('scalar')).toMatchObject({ok: true, data: [{labels: {}, value: Number.NEGATIVE_INFINITY}]});
		const range = await queryRange({url, timeoutMs: 2000}, 'x', [1000, 2000, 3000, 4000]);
		expect(range.ok).toBe(true);
		if (!range.ok) return;
		expect([...range.data[0]!.values.values()]).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0.1]);
	});
});
