// A counting HTTP proxy on loopback between agentmon and Prometheus: records every request
// (start, end, path, query, bytes) so the bench can count requests per refresh and see overlaps.
import http from 'node:http';
import {performance} from 'node:perf_hooks';

/** What identifies a query: path plus its PromQL/matchers, without the evaluation time. */
function queryKey(method, url, body) {
	const parsed = new URL(url, 'http://proxy');
	const params = new URLSearchParams(parsed.search);
	if (body) for (const [key, value] of new URLSearchParams(body)) params.append(key, value);
	for (const volatile of ['time', 'start', 'end', '_']) params.delete(volatile);
	params.sort();
	const rest = params.toString();
	return `${parsed.pathname}${rest ? `?${decodeURIComponent(rest.replaceAll('+', ' '))}` : ''}`;
}

export async function startProxy(target) {
	const upstream = new URL(target);
	const agent = new http.Agent({keepAlive: true});
	const records = [];
	const server = http.createServer((request, response) => {
		const record = {start: performance.now(), end: undefined, method: request.method, key: '', requestBytes: 0, responseBytes: 0, status: 0};
		records.push(record);
		const chunks = [];
		request.on('data', chunk => {
			record.requestBytes += chunk.length;
			chunks.push(chunk);
		});
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			record.key = queryKey(request.method, request.url, request.method === 'POST' ? body.toString('utf8') : '');
			const forward = http.request(
				{host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent},
				answer => {
					record.status = answer.statusCode;
					response.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.on('data', chunk => (record.responseBytes += chunk.length));
					answer.on('end', () => (record.end = performance.now()));
					answer.pipe(response);
				},
			);
			forward.on('error', error => {
				record.end = performance.now();
				response.writeHead(502).end(String(error));
			});
			forward.end(body);
		});
	});
	await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		records,
		async close() {
			server.closeAllConnections();
			agent.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

/**
 * Groups the records that started in [from, to) into refreshes (a refresh sends its queries at
 * once; a new one starts when a request begins more than half an interval after the first of the
 * current one) and reports per refresh: requests, distinct queries, bytes, and overlaps (a refresh
 * whose first request starts before every request of the previous one has answered).
 */
export function refreshes(records, from, to, intervalMs) {
	const inWindow = records.filter(record => record.start >= from && record.start < to).sort((a, b) => a.start - b.start);
	const groups = [];
	for (const record of inWindow) {
		const group = groups.at(-1);
		if (group && record.start - group[0].start < intervalMs / 2) group.push(record);
		else groups.push([record]);
	}
	return groups.map((group, index) => {
		const previous = groups[index - 1];
		const previousEnd = previous ? Math.max(...previous.map(record => record.end ?? Infinity)) : -Infinity;
		return {
			requests: group.length,
			distinct: new Set(group.map(record => record.key)).size,
			requestBytes: group.reduce((sum, record) => sum + record.requestBytes, 0),
			responseBytes: group.reduce((sum, record) => sum + record.responseBytes, 0),
			overlapped: group[0].start < previousEnd,
			durationMs: Math.max(...group.map(record => record.end ?? Infinity)) - group[0].start,
		};
	});
}
