// A counting HTTP proxy on loopback between agentmon and Prometheus: records every request (start,
// end, query, bytes) so the bench can count requests per refresh and see overlapping polls. It runs
// in a worker thread, so forwarding never delays the main thread's timestamps of terminal output.
import http from 'node:http';
import {performance} from 'node:perf_hooks';
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads';
// Built by `npm run bench` before it runs.
import {unbatchPromql} from '../../dist/sources/query-batch.js';

/** Starts the proxy to `target`; `records()` resolves with every request so far (times on the caller's performance.now()). */
export async function startProxy(target) {
	const worker = new Worker(new URL(import.meta.url), {workerData: {target, origin: performance.timeOrigin}});
	const url = await new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	return {
		url,
		records: () =>
			new Promise(resolve => {
				worker.once('message', resolve);
				worker.postMessage('records');
			}),
		close: () => worker.terminate(),
	};
}

/** What identifies a query: path plus PromQL/matchers, without the evaluation time. */
function queryKey(url, body) {
	const parsed = new URL(url, 'http://proxy');
	const params = new URLSearchParams(parsed.search);
	for (const [key, value] of new URLSearchParams(body)) params.append(key, value);
	for (const volatile of ['time', 'start', 'end', '_']) params.delete(volatile);
	params.sort();
	return `${parsed.pathname}?${params}`;
}

/** The PromQL of an instant query as agentmon sends it: one, or several or-joined in one request (source/sources/query-batch.ts). */
function promqlOf(key) {
	const [path, search = ''] = key.split('?');
	return path.endsWith('/api/v1/query') ? unbatchPromql(new URLSearchParams(search).get('query') ?? '') : [];
}

if (!isMainThread && workerData?.target) {
	const upstream = new URL(workerData.target);
	const now = () => performance.timeOrigin + performance.now() - workerData.origin;
	const agent = new http.Agent({keepAlive: true});
	const records = [];
	const server = http.createServer((request, response) => {
		const record = {start: now(), end: undefined, key: '', requestBytes: 0, responseBytes: 0};
		records.push(record);
		const chunks = [];
		request.on('data', chunk => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			record.requestBytes = body.length;
			record.key = queryKey(request.url, request.method === 'POST' ? body.toString('utf8') : '');
			const forward = http.request({host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent}, answer => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.on('data', chunk => (record.responseBytes += chunk.length));
				answer.on('end', () => (record.end = now()));
				answer.pipe(response);
			});
			forward.on('error', error => {
				record.end = now();
				response.writeHead(502).end(String(error));
			});
			forward.end(body);
		});
	});
	server.listen(0, '127.0.0.1', () => parentPort.postMessage(`http://127.0.0.1:${server.address().port}`));
	parentPort.on('message', () => parentPort.postMessage(records));
}

/**
 * Groups the records that started in [from, to) into refreshes (a refresh sends its queries at
 * once; a new one starts when a request begins more than half an interval after the first of the
 * current one) and reports per refresh: requests, distinct requests, the PromQL queries they carry
 * (all, and distinct), bytes (bodies, as sent on the
 * wire), duration, and whether it overlapped (its first request started before every request of
 * the previous refresh had been answered).
 */
export function refreshes(records, from, to, intervalMs) {
	const inWindow = records.filter(record => record.start >= from && record.start < to).sort((a, b) => a.start - b.start);
	const groups = [];
	for (const record of inWindow) {
		const group = groups.at(-1);
		if (group && record.start - group[0].start < intervalMs / 2) group.push(record);
		else groups.push([record]);
	}
	const lastEnd = group => Math.max(...group.map(record => record.end ?? Infinity));
	return groups.map((group, index) => ({
		requests: group.length,
		distinct: new Set(group.map(record => record.key)).size,
		queries: group.flatMap(record => promqlOf(record.key)).length,
		distinctQueries: new Set(group.flatMap(record => promqlOf(record.key))).size,
		requestBytes: group.reduce((sum, record) => sum + record.requestBytes, 0),
		responseBytes: group.reduce((sum, record) => sum + record.responseBytes, 0),
		durationMs: lastEnd(group) - group[0].start,
		overlapped: index > 0 && group[0].start < lastEnd(groups[index - 1]),
	}));
}
