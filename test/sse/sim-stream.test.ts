import {afterEach, describe, expect, it} from 'vitest';
import {startCodingTeamSimulator, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {CODING_TEAM_STREAM_PATH} from '../../source/sim/coding-team-stream.js';
import type {StreamClient} from '../../source/sse/stream-client.js';
import {streamSystem} from '../../source/sse/stream-model.js';
import {scrape, total} from '../helpers/sim-metrics.js';
import {waitFor} from '../helpers/wait-for.js';
import {recordingClient, sleep, waitForState, type Seen} from './helpers.js';

const METRICS_PATH = '/api/metrics/prometheus';
let sim: CodingTeamSimulator | undefined;
let client: StreamClient | undefined;

afterEach(async () => {
	client?.stop();
	await sim?.close();
	client = undefined;
	sim = undefined;
});

/** A simulator with fast traffic and a fast stream, and a client subscribed to it (heartbeat as the server's). */
async function subscribe(heartbeatMs = 100): Promise<{sim: CodingTeamSimulator; seen: Seen}> {
	sim = await startCodingTeamSimulator({tickMs: 50, stream: {snapshotMs: 200, heartbeatMs}});
	const recording = recordingClient({url: `${sim.url}${CODING_TEAM_STREAM_PATH}`, heartbeatMs, random: () => 0.5});
	client = recording.client;
	client.start();
	await waitForState(recording.seen, state => state.state === 'live');
	return {sim, seen: recording.seen};
}

const requestCount = (target: CodingTeamSimulator) => target.streamStats().requests.length;

describe('the coding-team stream against the simulator', () => {
	it('delivers snapshots that agree with the Prometheus export and map to the panes of the truth', async () => {
		const {sim, seen} = await subscribe();
		const before = await scrape(sim, METRICS_PATH);
		const scrapedAt = Date.now();
		const snapshot = await waitFor(() => seen.snapshots.find(candidate => (candidate.timestamp ?? 0) >= scrapedAt), {intervalMs: 10});
		const after = await scrape(sim, METRICS_PATH);
		// Counters only grow: the snapshot, built between the two scrapes, lies between them.
		const between = (value: number | undefined, name: string) => {
			expect(value, name).toBeGreaterThanOrEqual(total(before, name));
			expect(value, name).toBeLessThanOrEqual(total(after, name));
		};
		between(snapshot.jobs?.byStatus?.completed, 'job_completed_total');
		between(snapshot.jobs?.byStatus?.failed, 'job_failed_total');
		between(snapshot.budget?.totalTokens, 'tokens_used_total');
		between(snapshot.budget?.budgetExceeded, 'budget_exceeded_total');
		between(snapshot.agents?.toolCalls, 'tool_duration_seconds_count');
		const truth = sim.truth();
		expect(snapshot.jobs?.byStatus?.queued).toBe(truth.queue.mechanic + truth.queue.genius);
		expect(snapshot.jobs?.byStatus?.running).toBe(truth.running.mechanic + truth.running.genius);
		expect(snapshot.jobs?.avgDuration).toBeGreaterThan(5000);
		expect(snapshot.jobs?.avgDuration).toBeLessThan(50_000);

		const system = streamSystem(snapshot, Date.now(), sim.url);
		expect(system.queue).toMatchObject({status: 'ok', depth: 15, items: [{name: 'queued', value: 15}], active: [{name: 'running', value: 3}]});
		expect(system.agents.table?.rows.map(row => row.name)).toEqual(['coder', 'planner', 'reviewer']);
		const shares = system.agents.table!.rows.map(row => row.values[1]!);
		expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, 5);
		expect(system.locks.status).toBe('unsupported');
		expect(system.up.targets).toEqual([{job: 'sse', instance: `127.0.0.1:${sim.port}`, up: true}]);
		expect(system.extras.map(pane => [pane.title, pane.status])).toEqual([
			['Budget', 'ok'],
			['Ledger', 'ok'],
		]);
	});

	it('delivers a jobs event for every lifecycle change', async () => {
		const {seen} = await subscribe();
		await waitFor(() => seen.jobs.filter(event => event.type === 'completed').length >= 3, {intervalMs: 10});
		const types = new Set(seen.jobs.map(event => event.type));
		expect([...types].every(type => ['claimed', 'completed', 'failed', 'escalated', 'budget_exceeded'].includes(type))).toBe(true);
		const completed = seen.jobs.find(event => event.type === 'completed')!;
		expect(completed.mode).toMatch(/^(mechanic|genius)$/);
		expect(completed.agentType).toMatch(/^(coder|reviewer|planner)$/);
		expect(completed.durationMs).toBeGreaterThanOrEqual(5000);
		expect(completed.tokens).toBeGreaterThanOrEqual(0);
		expect(completed.at).toBeGreaterThan(Date.now() - 10_000);
	});

	it('after a drop reconnects with Last-Event-ID and receives the jobs events it missed', async () => {
		const {sim, seen} = await subscribe();
		sim.streamFault('retry:400');
		await sleep(100);
		const requests = requestCount(sim);
		const from = seen.states.length;
		sim.streamFault('drop');
		await waitFor(() => requestCount(sim) > requests, {intervalMs: 10});
		const resumed = sim.streamStats().requests.at(-1)!;
		expect(resumed.lastEventId).toMatch(/^\d+$/);
		await waitForState(seen, state => state.state === 'live', {from});
		expect(seen.states.slice(from).find(state => state.state === 'reconnecting')).toMatchObject({attempt: 1});
		await waitFor(() => seen.jobs.filter(event => event.type === 'claimed' && event.at! > resumed.at).length >= 2, {intervalMs: 10});
		// Every job is claimed once, with increasing ids: no gap means the 400 ms offline were replayed.
		const claimed = seen.jobs.filter(event => event.type === 'claimed').map(event => Number(event.jobId));
		const missing = claimed.slice(1).filter((id, index) => id !== claimed[index]! + 1);
		expect(missing).toEqual([]);
		expect(claimed.filter(id => id > Number(resumed.lastEventId)).length).toBeGreaterThan(0);
	});

	it('retry:N sets the reconnection delay', async () => {
		const {sim} = await subscribe();
		const gapAfterDrop = async (retryMs: number) => {
			sim.streamFault(`retry:${retryMs}`);
			await sleep(100);
			const requests = requestCount(sim);
			const droppedAt = Date.now();
			sim.streamFault('drop');
			await waitFor(() => requestCount(sim) > requests, {intervalMs: 5});
			return sim.streamStats().requests.at(-1)!.at - droppedAt;
		};
		const short = await gapAfterDrop(150);
		const long = await gapAfterDrop(900);
		expect(short).toBeGreaterThanOrEqual(140);
		expect(short).toBeLessThan(600);
		expect(long).toBeGreaterThanOrEqual(880);
		expect(long).toBeLessThan(1500);
	});

	it('backs off growing while the server stays away', async () => {
		const {sim, seen} = await subscribe();
		sim.streamFault('retry:100');
		await sleep(100);
		const from = seen.states.length;
		await sim.close();
		await waitFor(() => seen.states.slice(from).filter(state => state.state === 'reconnecting').length >= 5, {timeoutMs: 8000, intervalMs: 10});
		const attempts = seen.states.slice(from).filter(state => state.state === 'reconnecting');
		expect(attempts.map(state => state.attempt)).toEqual([1, 2, 3, 4, 5]);
		// The first retry is the server's (eventsource waits it); agentmon doubles from the second on, from the
		// retry it measured (eventsource's timer, a few ms late) and a jitter of exactly 1 (random() = 0.5).
		for (const [index, expected] of [200, 400, 800, 1600].entries()) {
			expect(attempts[index + 1]!.retryInMs).toBeGreaterThanOrEqual(expected);
			expect(attempts[index + 1]!.retryInMs).toBeLessThan(expected * 1.15);
		}
		// The real waits: from each failure to the next connection attempt.
		const connecting = seen.states.slice(from).filter(state => state.state === 'connecting');
		const waits = attempts.slice(0, 4).map((failure, index) => connecting[index]!.t - failure.t);
		expect(waits[0]).toBeGreaterThanOrEqual(90);
		expect(waits[0]).toBeLessThan(400);
		for (const [index, expected] of [200, 400, 800].entries()) {
			expect(waits[index + 1]).toBeGreaterThanOrEqual(expected - 10);
			expect(waits[index + 1]).toBeLessThan(expected + 400);
		}
	});

	it.each([
		['204', 'server ended the stream (204)'],
		['500', 'HTTP 500 Internal Server Error'],
		['content-type', 'not an event stream (text/plain)'],
	])('fault %s: the reconnection is answered badly and the client stops, saying why', async (fault, reason) => {
		const {sim, seen} = await subscribe();
		sim.streamFault('retry:50');
		await sleep(100);
		sim.streamFault(fault);
		sim.streamFault('drop');
		const stopped = await waitForState(seen, state => state.state === 'stopped');
		expect(stopped).toMatchObject({state: 'stopped', reason});
		const requests = requestCount(sim);
		await sleep(300);
		expect(requestCount(sim)).toBe(requests);
		expect(sim.streamStats().requests.at(-1)!.status).toBe(fault === '204' ? 204 : fault === '500' ? 500 : 200);
	});

	it('silent: stale within 3 heartbeats, then reconnects, and goes live again once the server talks', async () => {
		const {sim, seen} = await subscribe(100);
		sim.streamFault('retry:100');
		await sleep(100);
		const from = seen.states.length;
		const requests = requestCount(sim);
		const silencedAt = Date.now();
		sim.streamFault('silent');
		const stale = await waitForState(seen, state => state.state === 'stale', {from});
		expect(stale.t - silencedAt).toBeGreaterThanOrEqual(250);
		expect(stale.t - silencedAt).toBeLessThan(800);
		expect(seen.states.slice(from).find(state => state.state === 'reconnecting')).toMatchObject({reason: expect.stringMatching(/^stale: no bytes for 0\.\ds$/)});
		await waitFor(() => requestCount(sim) > requests, {intervalMs: 10});
		sim.streamFault('none');
		const live = await waitForState(seen, state => state.state === 'live', {from: seen.states.indexOf(stale)});
		const snapshots = seen.snapshots.length;
		await waitFor(() => seen.snapshots.length > snapshots, {intervalMs: 10});
		expect(live.t).toBeGreaterThan(stale.t);
	});

	it('frames the stream as the seed says: retry first, increasing ids, pings, resumption from a small buffer', async () => {
		sim = await startCodingTeamSimulator({tickMs: 20, stream: {snapshotMs: 100, heartbeatMs: 50, bufferSize: 5}});
		const read = async (headers: Record<string, string>) => {
			const controller = new AbortController();
			const response = await fetch(`${sim!.url}${CODING_TEAM_STREAM_PATH}`, {headers, signal: controller.signal});
			expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
			const reader = response.body!.getReader();
			let text = '';
			for (const started = Date.now(); Date.now() - started < 400; ) text += new TextDecoder().decode((await reader.read()).value);
			controller.abort();
			return text;
		};
		await sleep(200);
		const fresh = await read({});
		expect(fresh.startsWith('retry: 1000\nid: ')).toBe(true);
		expect(fresh).toContain('\n\n: ping\n\n');
		const ids = [...fresh.matchAll(/^id: (\d+)$/gm)].map(match => Number(match[1]));
		expect(ids.length).toBeGreaterThan(5);
		expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
		expect(fresh.split('\n').filter(line => line.startsWith('event: ')).every(line => line === 'event: snapshot' || line === 'event: jobs')).toBe(true);

		const resumed = await read({'Last-Event-ID': '1'});
		const lost = /^: jobs events 2 to (\d+) are no longer buffered$/m.exec(resumed);
		expect(lost).not.toBeNull();
		const replayed = [...resumed.matchAll(/^id: (\d+)\nevent: jobs$/gm)].slice(0, 5).map(match => Number(match[1]));
		expect(replayed[0]).toBeGreaterThan(Number(lost![1]));
		expect(sim.streamStats().requests.map(request => request.lastEventId)).toEqual([undefined, '1']);
	});

	it('answers the fault endpoint over HTTP and refuses unknown faults', async () => {
		sim = await startCodingTeamSimulator();
		const bad = await fetch(`${sim.url}/_sim/stream?fault=nope`, {method: 'POST'});
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({error: expect.stringMatching(/valid faults: drop, retry:N/)});
		const ok = await fetch(`${sim.url}/_sim/stream?fault=500`, {method: 'POST'});
		expect(await ok.json()).toEqual({fault: '500', retryMs: 1000});
		expect((await fetch(`${sim.url}${CODING_TEAM_STREAM_PATH}`)).status).toBe(500);
		await fetch(`${sim.url}/_sim/stream?fault=none`, {method: 'POST'});
		expect(await (await fetch(`${sim.url}/_sim/stream`)).json()).toMatchObject({open: 0, fault: 'none', requests: [{status: 500}]});
		expect((await fetch(`${sim.url}${METRICS_PATH}`)).status).toBe(200);
	});
});
