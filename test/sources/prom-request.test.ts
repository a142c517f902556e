import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {PrometheusDriver} from 'prometheus-query';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {nodeHttpAdapter, type AdapterResponse} from '../../source/sources/node-http-adapter.js';
import {promRequest, type HookConfig, type RequestHooks} from '../../source/sources/prom-request.js';

// prom-request.ts sends the instant queries past axios' pipeline (issue 7): for every kind of answer
// it must put the same request on the wire, and resolve or reject exactly as prometheus-query's own
// request(), run through axios with the same hooks, does.

const vector = JSON.stringify({status: 'success', data: {resultType: 'vector', result: [{metric: {job: 'a'}, value: [1, '+Inf']}]}, warnings: ['w']});
/** What the server answers, by the query it was sent. */
const ANSWERS: Record<string, [number, Record<string, string>, string]> = {
	ok: [200, {'content-type': 'application/json'}, vector],
	bad: [400, {'content-type': 'application/json'}, JSON.stringify({status: 'error', errorType: 'bad_data', error: 'parse error'})],
	bare500: [500, {'content-type': 'application/json'}, JSON.stringify({status: 'error'})],
	html503: [503, {'content-type': 'text/html', 'retry-after': '7'}, '<html><title>Unavailable</title></html>'],
	empty502: [502, {}, ''],
	login: [200, {'content-type': 'text/html'}, '<html><title>Login</title></html>'],
	cut: [200, {'content-type': 'application/json'}, '{"status":"succ'],
	nostatus: [200, {'content-type': 'application/json'}, JSON.stringify({data: 1})],
	empty: [200, {}, ''],
	big: [200, {'content-type': 'application/json'}, JSON.stringify({status: 'success', data: 'x'.repeat(3000)})],
};

const seen: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		let body = '';
		request.on('data', chunk => (body += chunk));
		request.on('end', () => {
			const query = new URLSearchParams(body || request.url!.split('?')[1]).get('query') ?? '';
			seen.push(`${request.method} ${request.url} ${JSON.stringify(request.rawHeaders.filter((_, index) => request.rawHeaders[index - (index % 2)] !== 'Host'))} ${body}`);
			if (query === 'hang') return;
			const [status, headers, text] = ANSWERS[query] ?? ANSWERS.ok!;
			response.writeHead(status, headers);
			response.end(text);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
	server.closeAllConnections();
	server.close();
});

/** Hooks like the client's: headers added (two of them overriding axios' Accept and form type), the node:http adapter, failures passed on. */
function hooks(log: string[]): RequestHooks {
	return {
		prepare(config: HookConfig) {
			config.headers.set('authorization', 'Bearer t');
			config.headers.set('accept', 'application/json');
			config.headers.set('content-type', 'text/plain');
			config.adapter = nodeHttpAdapter({timeoutMs: 300, maxBytes: 2000, secretNames: new Set(['authorization'])});
			return config;
		},
		answered(response: AdapterResponse) {
			log.push(`answered ${response.status} ${JSON.stringify(response.data)}`);
			return response;
		},
		async failed(error: unknown) {
			const {response} = (error ?? {}) as {response?: {status?: number; data?: unknown; headers?: Record<string, unknown>}};
			log.push(`failed ${response?.status} ${JSON.stringify(response?.data)} ${String(response?.headers?.['retry-after'])}`);
			throw error;
		},
	};
}

/** What a request settles with, with the thrown object's `original` (the raw AxiosError or adapter error) reduced to its message. */
async function outcome(request: Promise<unknown>): Promise<unknown> {
	try {
		return {resolved: await request};
	} catch (error) {
		const {original, ...rest} = error as {original?: {message?: string}};
		return {rejected: {...rest, original: original?.message}};
	}
}

describe('promRequest', () => {
	for (const method of ['POST', 'GET'] as const) {
		it(`sends and settles as prometheus-query's request does (${method})`, async () => {
			for (const query of [...Object.keys(ANSWERS), 'hang']) {
				const viaAxios: string[] = [];
				const direct: string[] = [];
				const driverHooks = hooks(viaAxios);
				const driver = new PrometheusDriver({
					endpoint: `${base}/`,
					baseURL: '/api/v1/',
					requestInterceptor: {onFulfilled: config => driverHooks.prepare(config as unknown as HookConfig) as unknown as typeof config},
					responseInterceptor: {onFulfilled: response => driverHooks.answered(response as unknown as AdapterResponse) as unknown as typeof response, onRejected: driverHooks.failed},
				}) as unknown as {request(method: string, uri: string, params: unknown, body?: unknown): Promise<unknown>};
				const fields = {query, time: '1700000000.5'};
				seen.length = 0;
				const expected = await outcome(method === 'POST' ? driver.request('POST', 'query', null, fields) : driver.request('GET', 'query', fields));
				const sentViaAxios = [...seen];
				seen.length = 0;
				const actual = await outcome(promRequest(hooks(direct), `${base}/api/v1/`, method, 'query', fields));
				expect(actual, query).toEqual(expected);
				expect(direct, query).toEqual(viaAxios);
				expect(seen, query).toEqual(sentViaAxios);
			}
		});
	}
});
