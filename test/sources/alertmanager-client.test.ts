import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {AlertmanagerClient, decodeAmAlert, decodeSilence} from '../../source/sources/alertmanager-client.js';
import {decodeAlert} from '../../source/sources/prometheus-client.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;
const HOSTILE = 'x\u001B[2J\u001B]52;c;ZXZpbA==\u0007\u009B31m\u202Eevil\r\nrow';

/** An alert as Alertmanager 0.25 serves it (`gettableAlert`). */
function amAlert(labels: Record<string, string>, status: {state: string; silencedBy?: string[]; inhibitedBy?: string[]}, extra: Record<string, unknown> = {}) {
	return {
		labels,
		annotations: {summary: `summary of ${labels.alertname}`},
		receivers: [{name: 'null'}],
		fingerprint: `fp-${labels.alertname}`,
		startsAt: '2024-05-01T10:00:00.000Z',
		updatedAt: '2024-05-01T10:01:00.000Z',
		endsAt: '2024-05-01T10:05:00.000Z',
		generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
		status: {silencedBy: [], inhibitedBy: [], ...status},
		...extra,
	};
}

const ALERTS = [
	amAlert({alertname: 'Down', severity: 'critical', job: 'a'}, {state: 'active'}),
	amAlert({alertname: 'Muted', severity: 'critical', job: 'a'}, {state: 'suppressed', silencedBy: ['s-1', 's-unknown']}),
	amAlert({alertname: 'Inhibited', severity: 'warning', job: 'a'}, {state: 'suppressed', inhibitedBy: ['fp-Down']}),
	amAlert({alertname: 'Fresh', severity: 'info'}, {state: 'unprocessed'}),
	amAlert({alertname: HOSTILE, severity: 'warning', [HOSTILE]: HOSTILE}, {state: 'active'}, {
		annotations: {summary: HOSTILE, description: 'd'.repeat(1_000_000), runbook_url: 'javascript:alert(1)'},
		generatorURL: 'http://prom/\u001B]8;;http://evil\u0007',
		fingerprint: HOSTILE,
	}),
];

const SILENCES = [
	{id: 's-1', status: {state: 'active'}, createdBy: `ops\u001B[31m`, comment: `deploy ${HOSTILE}`, startsAt: '2024-05-01T09:00:00Z', endsAt: '2024-05-01T12:00:00Z', updatedAt: '2024-05-01T09:00:00Z', matchers: [{name: 'alertname', value: 'Muted', isRegex: false, isEqual: true}]},
	{id: 's-old', status: {state: 'expired'}, createdBy: 'someone', comment: 'old', startsAt: '2024-04-01T09:00:00Z', endsAt: '2024-04-01T10:00:00Z', matchers: [{name: 'job', value: '.*', isRegex: true}]},
];

let routes: Record<string, (response: http.ServerResponse) => void> = {};
const hits: string[] = [];
let server: http.Server;
let url: string;
const json = (body: unknown, status = 200) => (response: http.ServerResponse) => void response.writeHead(status, {'content-type': 'application/json'}).end(JSON.stringify(body));

beforeAll(async () => {
	server = http.createServer((request, response) => {
		hits.push(request.url ?? '');
		const route = routes[(request.url ?? '').split('?')[0]!];
		if (route) route(response);
		else response.writeHead(404, {'content-type': 'text/plain'}).end('404 page not found');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
	hits.length = 0;
	routes = {'/api/v2/alerts': json(ALERTS), '/api/v2/silences': json(SILENCES), '/api/v2/status': json({versionInfo: {version: '0.25.0'}})};
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

const client = (base = url) => new AlertmanagerClient({url: base, timeoutMs: 2000});

describe('AlertmanagerClient.alerts', () => {
	it('decodes active, suppressed (silenced and inhibited) and unprocessed alerts, sorted with suppressed after active per severity', async () => {
		const result = await client().alerts();
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.warnings).toEqual([]);
		expect(result.data.map(alert => [alert.name, alert.silenced?.state])).toEqual([
			['Down', 'active'],
			['Muted', 'suppressed'],
			[expect.stringContaining('evil'), 'active'],
			['Inhibited', 'suppressed'],
			['Fresh', 'unprocessed'],
		]);
		const down = result.data[0]!;
		expect(down).toMatchObject({
			id: 'Down{alertname=Down,job=a,severity=critical}',
			state: 'firing',
			severity: 'critical',
			summary: 'summary of Down',
			activeAt: Date.parse('2024-05-01T10:00:00.000Z'),
			generatorUrl: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
			silenced: {state: 'active', silencedBy: [], inhibitedBy: [], fingerprint: 'fp-Down'},
		});
		expect(result.data.find(alert => alert.name === 'Inhibited')?.silenced?.inhibitedBy).toEqual(['fp-Down']);
	});

	it('names who created each silence and why, reading the silences once', async () => {
		const result = await client().alerts();
		const muted = result.ok ? result.data.find(alert => alert.name === 'Muted') : undefined;
		expect(muted?.silenced?.silencedBy).toEqual([
			{id: 's-1', createdBy: 'ops\\x1b[31m', comment: expect.stringMatching(/^deploy x\\x1b\[2J/), endsAt: Date.parse('2024-05-01T12:00:00Z')},
			{id: 's-unknown'},
		]);
		expect(hits.map(hit => hit.split('?')[0])).toEqual(['/api/v2/alerts', '/api/v2/silences']);
	});

	it('does not read silences when nothing is silenced, and keeps the alerts when silences fail', async () => {
		routes['/api/v2/alerts'] = json([ALERTS[0], ALERTS[2]]);
		expect((await client().alerts()).ok).toBe(true);
		expect(hits).toEqual(['/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true']);
		routes['/api/v2/alerts'] = json(ALERTS);
		routes['/api/v2/silences'] = json({error: 'nope'}, 500);
		const result = await client().alerts();
		expect(result.ok && result.warnings).toEqual(['silences unavailable: HTTP 500: nope']);
		expect(result.ok && result.data.find(alert => alert.name === 'Muted')?.silenced?.silencedBy).toEqual([{id: 's-1'}, {id: 's-unknown'}]);
	});

	it('sanitises every string from the server', async () => {
		const result = await client().alerts();
		const hostile = result.ok ? result.data.find(alert => alert.name.includes('evil')) : undefined;
		expect(hostile).toBeDefined();
		const strings = [hostile!.id, hostile!.name, hostile!.summary, hostile!.description, hostile!.silenced!.fingerprint!, ...Object.entries(hostile!.labels).flat(), ...Object.entries(hostile!.annotations).flat()];
		for (const text of strings) expect(text).not.toMatch(UNSAFE);
		expect(hostile!.name).toBe('x\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\x9b31m<U+202E>evil\\r\\nrow');
		expect(hostile!.description.length).toBeLessThanOrEqual(1024);
		expect(hostile!.runbookUrl).toBeUndefined();
		expect(hostile!.generatorUrl).toBeUndefined();
		expect(hostile!.silenced!.fingerprint!.length).toBeLessThanOrEqual(64);
	});

	it('uses the same id as the Prometheus alert with the same labels', () => {
		const labels = {alertname: 'Down', severity: 'critical', job: 'a', instance: 'h:1'};
		expect(decodeAmAlert(amAlert(labels, {state: 'active'})).id).toBe(decodeAlert({labels, state: 'firing'}).id);
	});

	it('never throws on bad shapes: odd alerts decode to safe defaults, a non-array answer is an error', () => {
		for (const raw of [null, 42, 'x', [], {labels: 'x', status: 7, startsAt: 'yesterday', generatorURL: 5}, {status: {state: 'weird', silencedBy: 'x', inhibitedBy: [{}, null]}}]) {
			const alert = decodeAmAlert(raw);
			expect(alert).toMatchObject({name: '(unnamed alert)', state: 'firing', severity: 'none'});
			expect(alert.activeAt).toBeUndefined();
		}
		expect(decodeAmAlert({status: {state: 'weird', silencedBy: ['s']}}).silenced?.state).toBe('suppressed');
		expect(decodeAmAlert({status: {state: 'weird'}}).silenced?.state).toBe('active');
		expect(decodeSilence({matchers: 'x', status: null})).toEqual({id: '', state: 'expired', createdBy: '', comment: '', startsAt: undefined, endsAt: undefined, matchers: []});
	});

	it('turns a wrong answer into a clear error', async () => {
		routes['/api/v2/alerts'] = json({status: 'success', data: []});
		expect(await client().alerts()).toMatchObject({ok: false, error: {kind: 'bad-response', message: 'unexpected response (not Alertmanager API v2 JSON): {"status":"success","data":[]}'}});
		routes['/api/v2/alerts'] = response => void response.writeHead(200, {'content-type': 'text/html'}).end('<html>login\u001B[5m</html>');
		expect(await client().alerts()).toMatchObject({ok: false, error: {message: 'unexpected response (not Alertmanager API v2 JSON): <html>login\\x1b[5m</html>'}});
		expect(await client(`${url}/prefix`).alerts()).toMatchObject({ok: false, error: {kind: 'http', httpStatus: 404, message: 'HTTP 404: 404 page not found'}});
		expect(hits.at(-1)).toMatch(/^\/prefix\/api\/v2\/alerts\?/);
	});

	it('keeps at most 5000 alerts and says how many there were', async () => {
		routes['/api/v2/alerts'] = json(Array.from({length: 6000}, (_, index) => amAlert({alertname: `A${index}`}, {state: 'active'})));
		const result = await client().alerts();
		expect(result.ok && result.data.length).toBe(5000);
		expect(result.ok && result.warnings).toEqual(['showing 5000 of 6000 Alertmanager alerts']);
	});
});

describe('AlertmanagerClient.silences and status', () => {
	it('decodes silences with their matchers', async () => {
		const result = await client().silences();
		expect(result.ok && result.data[1]).toEqual({
			id: 's-old',
			state: 'expired',
			createdBy: 'someone',
			comment: 'old',
			startsAt: Date.parse('2024-04-01T09:00:00Z'),
			endsAt: Date.parse('2024-04-01T10:00:00Z'),
			matchers: [{name: 'job', value: '.*', isRegex: true, isEqual: true}],
		});
	});

	it('reads the version', async () => {
		expect(await client(`${url}/`).status()).toEqual({ok: true, data: {version: '0.25.0'}, warnings: []});
	});
});
