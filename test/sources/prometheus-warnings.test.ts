import {listen} from '../scrape/loopback-server.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PrometheusClient} from '../../source/sources/prometheus-client.js';

// RELIABILITY 10: Prometheus 2.42 sends `warnings`; newer versions also `infos`. Both reach the caller,
// infos as warnings starting with `info: `, for every kind of request.

let server: {url: string; close(): Promise<void>};
let url: string;

beforeAll(async () => {
	server = await listen((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		request.resume();
		const send = (data: unknown, extra: Record<string, unknown>) => response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'success', data, ...extra}));
		if (path.endsWith('/query')) {
			return send(
				{resultType: 'vector', result: [{metric: {}, value: [1, '1']}]},
				{warnings: ['PromQL warning: encountered a mix of histograms'], infos: ['PromQL info: metric might not be a counter \u001B[31m']},
			);
		}
		if (path.endsWith('/alerts')) return send({alerts: []}, {warnings: ['alerts warning']});
		if (path.endsWith('/rules')) return send({groups: []}, {infos: ['rules info']});
		if (path.endsWith('/values')) return send(['up'], {warnings: ['names warning'], infos: Array.from({length: 12}, (_, index) => `info ${index}`)});
		response.writeHead(404).end();
	});
	url = server.url;
});

afterAll(async () => server.close());

describe('PrometheusClient: warnings and infos', () => {
	it('passes warnings on as they are and infos prefixed `info: `, sanitised', async () => {
		const result = await new PrometheusClient({url, timeoutMs: 2000}).query('rate(x[5m])');
		expect(result).toMatchObject({ok: true, warnings: ['PromQL warning: encountered a mix of histograms', 'info: PromQL info: metric might not be a counter \\x1b[31m']});
	});

	it('keeps them for alerts, rules and metric names too, and says how many did not fit', async () => {
		const client = new PrometheusClient({url, timeoutMs: 2000});
		expect(await client.alerts()).toMatchObject({ok: true, warnings: ['alerts warning']});
		expect(await client.rules()).toMatchObject({ok: true, warnings: ['info: rules info']});
		const names = await client.metricNames();
		expect(names.ok).toBe(true);
		if (!names.ok) return;
		expect(names.warnings[0]).toBe('names warning');
		expect(names.warnings).toHaveLength(11);
		expect(names.warnings.at(-1)).toBe('3 more warnings or infos not shown');
	});
});
