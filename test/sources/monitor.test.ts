import {afterEach, describe, expect, it} from 'vitest';
import {historyKey} from '../../source/model/history.js';
import {progressOf} from '../../source/model/pane-progress.js';
import {planQueries} from '../../source/model/queries.js';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import type {MetricsBackend} from '../../source/sources/backend.js';
import {Monitor} from '../../source/sources/monitor.js';
import {BATCH_LABEL, unbatchPromql} from '../../source/sources/query-batch.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';
import {coordinationResults} from '../fixtures/coordination-results.js';

const WINDOW_MS = 300_000;
const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A metrics backend answering the coordination-server profile's queries from the fixture, the locks
 * total and queue depth set by the test, and the locks queries (and the alerts) as late as it says.
 */
function backend() {
	const keys = new Map([...planQueries(coordinationServer, WINDOW_MS)].map(([key, promql]) => [promql, key]));
	const results = coordinationResults();
	const control = {locks: 4, queue: 8, locksDelayMs: 0, alerts: {ok: true, data: [], warnings: []} as Result<AlertItem[]>, locksInFlight: 0, maxLocksInFlight: 0, fail: false};
	const client: MetricsBackend = {
		async query(promql) {
			const key = keys.get(promql) ?? '';
			const locks = key === 'locks';
			if (locks) control.maxLocksInFlight = Math.max(control.maxLocksInFlight, ++control.locksInFlight);
			try {
				if (key.startsWith('locks')) await sleep(control.locksDelayMs);
				if (control.fail) return {ok: false, error: {kind: 'network', message: 'connection refused', retryable: true}};
				if (key === 'locks') return {ok: true, data: [{labels: {agent: 'copilot'}, value: control.locks}], warnings: []};
				if (key === 'queue') return {ok: true, data: [{labels: {priority: 'high'}, value: control.queue}], warnings: []};
				return results.get(key) ?? ({ok: true, data: [], warnings: []} satisfies Result<Sample[]>);
			} finally {
				if (locks) control.locksInFlight--;
			}
		},
		async metricNames() {
			return {ok: true, data: [], warnings: []};
		},
		async alerts() {
			return control.fail ? {ok: false, error: {kind: 'network', message: 'connection refused', retryable: true}} : control.alerts;
		},
	};
	return {client, control};
}

let monitor: Monitor | undefined;
afterEach(() => monitor?.stop());

function start(client: MetricsBackend, options: {graceMs?: number; intervalMs?: number; now?: () => number; batch?: boolean} = {}): Monitor {
	monitor = new Monitor({client, url: 'http://prometheus', profiles: [coordinationServer], intervalMs: options.intervalMs ?? 1000, windowMs: WINDOW_MS, graceMs: options.graceMs, now: options.now, batch: options.batch});
	return monitor;
}

const system = (state: AppState) => state.systems[0]!;

describe('Monitor: a slow pane does not hold back the others', () => {
	it('publishes what answered at the grace, the late pane waiting with its last data, then the late pane as it comes', async () => {
		const {client, control} = backend();
		const monitor = start(client, {graceMs: 50});
		await monitor.pollOnce();
		expect(system(monitor.store.getSnapshot()).locks.total).toBe(4);
		control.locksDelayMs = 400;
		control.locks = 6;
		control.queue = 11;
		const polled = monitor.pollOnce();
		await sleep(200);
		const partial = system(monitor.store.getSnapshot());
		expect(partial.queue.depth).toBe(11);
		expect(partial.locks).toMatchObject({status: 'ok', total: 4});
		expect(progressOf(partial.locks).waiting).toEqual({since: expect.any(Number), source: 'Prometheus'});
		expect(progressOf(partial.queue).waiting).toBeUndefined();
		await polled;
		// The refresh ends complete: what `--once` prints.
		const done = system(monitor.store.getSnapshot());
		expect(done.locks.total).toBe(6);
		for (const pane of [done.agents, done.locks, done.queue, done.latency, monitor.store.getSnapshot().alerts]) expect(progressOf(pane).waiting).toBeUndefined();
	});

	it('changes the store once per refresh when every answer comes within the grace', async () => {
		const {client} = backend();
		const monitor = start(client, {graceMs: 200});
		await monitor.pollOnce();
		let changes = 0;
		monitor.store.subscribe(() => changes++);
		await monitor.pollOnce();
		expect(changes).toBe(1);
	});

	it('marks the alerts pane waiting too, and publishes it when it comes', async () => {
		const {client, control} = backend();
		let release: (() => void) | undefined;
		const alerts = client.alerts.bind(client);
		client.alerts = async () => {
			await new Promise<void>(resolve => (release = resolve));
			return alerts();
		};
		const monitor = start(client, {graceMs: 30});
		const polled = monitor.pollOnce();
		await sleep(100);
		expect(progressOf(monitor.store.getSnapshot().alerts).waiting).toBeDefined();
		expect(system(monitor.store.getSnapshot()).queue.depth).toBe(control.queue);
		release!();
		await polled;
		expect(monitor.store.getSnapshot().alerts).toMatchObject({status: 'ok', items: []});
		expect(progressOf(monitor.store.getSnapshot().alerts).waiting).toBeUndefined();
	});

	it('gives every sparkline one value per refresh, late panes included', async () => {
		const {client, control} = backend();
		const monitor = start(client, {graceMs: 20});
		for (const [index, delay] of [0, 150, 0, 150].entries()) {
			control.locksDelayMs = delay;
			control.locks = index + 1;
			control.queue = 10 + index;
			await monitor.pollOnce();
		}
		const {history} = monitor.store.getSnapshot();
		expect(history[historyKey('coordination-server', 'locks.total')]).toEqual([1, 2, 3, 4]);
		expect(history[historyKey('coordination-server', 'queue.depth')]).toEqual([10, 11, 12, 13]);
		expect(history[historyKey('coordination-server', 'agents.ok')]).toHaveLength(4);
	});

	it('never starts a refresh while one is still waiting for a late answer', async () => {
		const {client, control} = backend();
		control.locksDelayMs = 300;
		const monitor = start(client, {graceMs: 20, intervalMs: 50});
		monitor.start();
		await sleep(1000);
		monitor.stop();
		// A refresh every 50 ms would put several locks queries in flight at once.
		expect(control.maxLocksInFlight).toBe(1);
	});
});

describe('Monitor: retries count down', () => {
	it('stores when the poller tries again after a failure, as a time', async () => {
		const {client, control} = backend();
		control.fail = true;
		const monitor = start(client, {graceMs: 20});
		const before = Date.now();
		monitor.start();
		await expect.poll(() => monitor.store.getSnapshot().connection, {timeout: 2000}).toMatchObject({state: 'error', message: 'connection refused', retryAt: expect.any(Number)});
		const {connection} = monitor.store.getSnapshot();
		const retryAt = connection.state === 'error' ? connection.retryAt! : 0;
		// The first backoff: two intervals, ±20 % jitter.
		expect(retryAt - before).toBeGreaterThanOrEqual(1600);
		expect(retryAt - Date.now()).toBeLessThanOrEqual(2400);
	});

	it('turns a held-back Retry-After into a countdown time on the pane, kept while the wait lasts', async () => {
		const {client, control} = backend();
		let clock = 10_000;
		control.alerts = {ok: false, error: {kind: 'http', httpStatus: 429, message: 'HTTP 429: 429 Too Many Requests · Retry-After 3s', retryable: true}};
		const monitor = start(client, {graceMs: 100, now: () => clock});
		await monitor.pollOnce();
		expect(monitor.store.getSnapshot().alerts).toMatchObject({status: 'error', message: 'HTTP 429: 429 Too Many Requests', retryAt: 13_000});
		clock = 11_000;
		await monitor.pollOnce();
		expect(progressOf(monitor.store.getSnapshot().alerts).retryAt).toBe(13_000);
		clock = 14_000;
		await monitor.pollOnce();
		expect(progressOf(monitor.store.getSnapshot().alerts).retryAt).toBe(17_000);
	});
});

/** `client` behind Prometheus' or-joined batches (query-batch.ts): each part answered by `client`, tagged; `requests` counts what was sent. */
function batching(client: MetricsBackend) {
	const sent = {requests: 0};
	const batched: MetricsBackend = {
		...client,
		async query(promql) {
			sent.requests++;
			if (!promql.includes(BATCH_LABEL)) return client.query(promql);
			const answers = await Promise.all(unbatchPromql(promql).map(async part => client.query(part)));
			const failed = answers.find(result => !result.ok);
			if (failed) return failed;
			return {ok: true, warnings: [], data: answers.flatMap((result, index) => (result.ok ? result.data.map(sample => ({labels: {...sample.labels, [BATCH_LABEL]: String(index)}, value: sample.value})) : []))};
		},
	};
	return {client: batched, sent};
}

describe('Monitor: a system’s panes in one request, a slow pane alone after it was late', () => {
	it('holds the system back once, then sends the slow pane alone: the others publish at the grace', async () => {
		const {client, control} = backend();
		const {client: prometheus, sent} = batching(client);
		const monitor = start(prometheus, {graceMs: 50, batch: true});
		await monitor.pollOnce();
		expect(sent.requests).toBe(1);
		control.locksDelayMs = 300;
		control.queue = 11;
		let polled = monitor.pollOnce();
		await sleep(150);
		// One request carries every pane: all of them wait for the slow locks query this once.
		expect(progressOf(system(monitor.store.getSnapshot()).queue).waiting).toBeDefined();
		await polled;
		expect(system(monitor.store.getSnapshot()).queue.depth).toBe(11);
		const before = sent.requests;
		control.queue = 12;
		polled = monitor.pollOnce();
		await sleep(150);
		const partial = system(monitor.store.getSnapshot());
		expect(partial.queue.depth).toBe(12);
		expect(progressOf(partial.locks).waiting).toBeDefined();
		await polled;
		// Each pane of the late request went alone (up, agents, locks, queue, latency).
		expect(sent.requests - before).toBe(5);
	});

	it('does not count the first refresh’s slowness (cold start) against any pane', async () => {
		const {client, control} = backend();
		const {client: prometheus, sent} = batching(client);
		const monitor = start(prometheus, {graceMs: 50, batch: true});
		control.locksDelayMs = 120;
		await monitor.pollOnce();
		control.locksDelayMs = 0;
		await monitor.pollOnce();
		expect(sent.requests).toBe(2);
	});
});

