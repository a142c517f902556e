import type http from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {MAX_BYTES_WITHOUT_EVENT, type StreamClient} from '../../source/sse/stream-client.js';
import {activityItem, streamSystem} from '../../source/sse/stream-model.js';
import {waitFor} from '../helpers/wait-for.js';
import {FORBIDDEN, loopback, openStream, recordingClient, sleep, waitForState, type Loopback} from './helpers.js';

let server: Loopback | undefined;
let other: Loopback | undefined;
let client: StreamClient | undefined;

afterEach(async () => {
	client?.stop();
	await server?.close();
	await other?.close();
	client = server = other = undefined;
});

const event = (id: number, name: string, data: unknown) => `id: ${id}\nevent: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const header = (req: http.IncomingMessage, name: string) => req.headers[name];

describe('StreamClient over HTTP', () => {
	it('sends the headers, re-read for every connection, with Last-Event-ID on reconnection', async () => {
		server = await loopback((req, res) => {
			openStream(res);
			res.write(`retry: 20\n${event(server!.requests.length, 'jobs', {type: 'claimed', jobId: 'a'})}`);
			setTimeout(() => res.end(), 30);
		});
		let token = 'one';
		const recording = recordingClient({url: `${server.url}/stream`, request: {headers: () => ({Authorization: `Bearer ${token}`, 'X-Scope-OrgID': 'team'})}});
		client = recording.client;
		client.start();
		await waitFor(() => server!.requests.length >= 1, {intervalMs: 5});
		token = 'two';
		await waitFor(() => server!.requests.length >= 2, {intervalMs: 5});
		const [first, second] = server.requests;
		expect(header(first!, 'authorization')).toBe('Bearer one');
		expect(header(first!, 'x-scope-orgid')).toBe('team');
		expect(header(first!, 'accept')).toBe('text/event-stream');
		expect(header(first!, 'last-event-id')).toBeUndefined();
		expect(header(second!, 'authorization')).toBe('Bearer two');
		expect(header(second!, 'last-event-id')).toBe('1');
	});

	it('follows a redirect, dropping credentials when the origin changes', async () => {
		other = await loopback((_req, res) => {
			openStream(res);
			res.write(event(1, 'jobs', {type: 'claimed', jobId: 'x'}));
		});
		// /moved → /hop on the same origin → the other server.
		server = await loopback((req, res) => {
			res.writeHead(307, {Location: req.url === '/moved' ? '/hop' : `${other!.url}/stream`}).end();
		});
		const recording = recordingClient({url: `${server.url}/moved`, request: {headers: () => ({Authorization: 'Bearer secret', 'X-Other': 'kept'})}});
		client = recording.client;
		client.start();
		await waitFor(() => recording.seen.jobs.length > 0, {intervalMs: 5});
		expect(server.requests.map(req => [req.url, header(req, 'authorization')])).toEqual([
			['/moved', 'Bearer secret'],
			['/hop', 'Bearer secret'],
		]);
		expect(header(other.requests[0]!, 'authorization')).toBeUndefined();
		expect(header(other.requests[0]!, 'x-other')).toBe('kept');
	});

	it('sanitises hostile strings and counts unusable events without throwing', async () => {
		const osc52 = '\u001B]52;c;ZXZpbA==\u0007';
		server = await loopback((_req, res) => {
			openStream(res);
			res.write(event(1, 'snapshot', {agents: {totalEvents: 5, byAgent: {[`${osc52}coder`]: 3, '\u202Eplanner\u2066': 2}}, jobs: {byStatus: {queued: 1}}}));
			res.write(event(2, 'jobs', {type: 'failed\u009B2J', jobId: 'j\n1', mode: '\u001B[31mred', error: `${'\u001B[2J'.repeat(3)}boom\r${'x'.repeat(10_000)}`}));
			res.write(event(3, 'jobs', 'not json {'));
			res.write(event(4, 'snapshot', {unrelated: true}));
			res.write(event(5, 'jobs', {type: 'completed', jobId: 'ok'}));
		});
		const recording = recordingClient({url: server.url});
		client = recording.client;
		client.start();
		await waitFor(() => recording.seen.jobs.length >= 2 && client!.state.badEvents >= 2, {intervalMs: 5, timeoutMs: 3000});
		const [snapshot] = recording.seen.snapshots;
		const names = snapshot!.agents!.byAgent!.entries.map(entry => entry.name);
		expect(names).toEqual(['\\x1b]52;c;ZXZpbA==\\x07coder', '<U+202E>planner<U+2066>']);
		const system = streamSystem(snapshot!, Date.now());
		for (const row of system.agents.table!.rows) expect(row.name).not.toMatch(FORBIDDEN);
		const [hostile] = recording.seen.jobs;
		const line = activityItem(hostile!);
		expect(line.text).not.toMatch(FORBIDDEN);
		expect(line.text.startsWith('job j\\n1 failed\\x9b2J (\\x1b[31mred): \\x1b[2J')).toBe(true);
		expect([...hostile!.error!].length).toBeLessThanOrEqual(300);
		expect(client.state).toMatchObject({state: 'live', badEvents: 2, lastBadEvent: 'snapshot has none of jobs, agents, budget, conversations, system, insights, timeseries'});
		expect(recording.seen.jobs[1]).toMatchObject({type: 'completed', jobId: 'ok'});
	});

	it('backs off growing on repeated failures and starts over once an event arrives', async () => {
		let healthy = false;
		server = await loopback((_req, res) => {
			openStream(res);
			res.write('retry: 50\n\n');
			if (healthy) res.write(event(1, 'jobs', {type: 'claimed', jobId: '1'}));
			setTimeout(() => res.destroy(), 5);
		});
		const recording = recordingClient({url: server.url, random: () => 0.5});
		client = recording.client;
		client.start();
		const attempts = () => recording.seen.states.filter(state => state.state === 'reconnecting');
		await waitFor(() => attempts().length >= 5, {timeoutMs: 5000, intervalMs: 5});
		expect(server.requests.length).toBeGreaterThanOrEqual(5);
		const gaps = recording.seen.states.filter(state => state.state === 'connecting').map((state, index, all) => (index === 0 ? 0 : state.t - all[index - 1]!.t));
		// 50 ms (the server's retry), then 200, 400, 800: doubling from max(retry, 100 ms).
		expect(gaps[2]).toBeGreaterThanOrEqual(190);
		expect(gaps[3]).toBeGreaterThanOrEqual(390);
		expect(gaps[4]).toBeGreaterThanOrEqual(790);
		expect(gaps[3]! / gaps[2]!).toBeGreaterThan(1.5);
		healthy = true;
		await waitFor(() => recording.seen.jobs.length > 0, {timeoutMs: 5000, intervalMs: 5});
		const afterEvent = recording.seen.states.length;
		expect(await waitForState(recording.seen, state => state.state === 'reconnecting', {from: afterEvent})).toMatchObject({attempt: 1, retryInMs: expect.any(Number)});
	});

	it('stays live on pings alone, and cuts a stream that sends a megabyte without completing an event', async () => {
		let flood = false;
		server = await loopback((_req, res) => {
			openStream(res);
			if (flood) res.write(`data: ${'x'.repeat(MAX_BYTES_WITHOUT_EVENT + 1024)}`);
			const timer = setInterval(() => res.write(': ping\n\n'), 40);
			res.on('close', () => clearInterval(timer));
		});
		const recording = recordingClient({url: server.url, heartbeatMs: 50});
		client = recording.client;
		client.start();
		await waitForState(recording.seen, state => state.state === 'live');
		await sleep(600);
		expect(recording.seen.states.map(state => state.state)).toEqual(['connecting', 'live']);
		flood = true;
		client.reconnect();
		const cut = await waitForState(recording.seen, state => state.state === 'reconnecting');
		expect(cut).toMatchObject({reason: 'more than 1 MiB without a complete event'});
	});

	it('stop() leaves no timer and no socket behind, and reports nothing after', async () => {
		const resources = () => process.getActiveResourcesInfo().filter(name => name === 'Timeout' || name === 'TCPSocketWrap').length;
		const before = resources();
		server = await loopback((_req, res) => {
			openStream(res);
			res.write(': hello\n\n');
		});
		const recording = recordingClient({url: server.url, heartbeatMs: 100});
		client = recording.client;
		client.start();
		await waitForState(recording.seen, state => state.state === 'live');
		expect(resources()).toBeGreaterThan(before);
		client.stop();
		await server.close();
		server = undefined;
		await waitFor(() => resources() <= before, {timeoutMs: 3000, intervalMs: 20, description: 'timers and sockets released'});
		const reported = recording.seen.states.length;
		await sleep(400);
		expect(recording.seen.states.length).toBe(reported);
		expect(recording.seen.states.at(-1)).toMatchObject({state: 'stopped', reason: 'stopped'});
	});

	it('stops at once on a URL it cannot use, and survives a throwing consumer', async () => {
		server = await loopback((_req, res) => {
			openStream(res);
			res.write(event(1, 'jobs', {type: 'claimed', jobId: '1'}) + event(2, 'jobs', {type: 'claimed', jobId: '2'}));
		});
		const {StreamClient} = await import('../../source/sse/stream-client.js');
		let calls = 0;
		client = new StreamClient({
			url: server.url,
			onJob: () => {
				calls++;
				throw new Error('consumer bug');
			},
		});
		client.start();
		await waitFor(() => calls === 2, {intervalMs: 5});
		for (const [url, reason] of [
			['ftp://127.0.0.1/stream', 'the stream URL must be http or https'],
			['not a url', 'invalid stream URL'],
		]) {
			const states: unknown[] = [];
			new StreamClient({url: url!, onState: state => states.push(state)}).start();
			expect(states).toEqual([{state: 'stopped', reason, badEvents: 0}]);
		}
	});
});
