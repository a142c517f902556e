import {describe, expect, it} from 'vitest';
import {planQueries} from '../../source/model/queries.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import type {MetricsBackend} from '../../source/sources/backend.js';
import {Monitor, oneTurnEach} from '../../source/sources/monitor.js';

/** Counts turns of the event loop while it runs: an immediate that queues the next. */
function turnCounter() {
	const counter = {turns: 0, stop: () => {}};
	let running = true;
	const tick = () => {
		if (!running) return;
		counter.turns++;
		setImmediate(tick);
	};
	setImmediate(tick);
	counter.stop = () => {
		running = false;
	};
	return counter;
}

describe('oneTurnEach', () => {
	it('lets its callers through in order, each in a turn of the event loop of its own', async () => {
		const turn = oneTurnEach();
		const counter = turnCounter();
		const seen: Array<[number, number]> = [];
		await Promise.all([0, 1, 2, 3].map(async index => turn().then(() => seen.push([index, counter.turns]))));
		counter.stop();
		expect(seen.map(([index]) => index)).toEqual([0, 1, 2, 3]);
		expect(new Set(seen.map(([, turns]) => turns)).size).toBe(4);
	});

	it('is how the monitor sends a refresh: one request per turn, so a key waiting in between is read', async () => {
		const counter = turnCounter();
		const sentAt: number[] = [];
		const client: MetricsBackend = {
			async query() {
				sentAt.push(counter.turns);
				return {ok: true, data: [], warnings: []};
			},
			async metricNames() {
				return {ok: true, data: [], warnings: []};
			},
			async alerts() {
				sentAt.push(counter.turns);
				return {ok: true, data: [], warnings: []};
			},
		};
		const monitor = new Monitor({client, url: 'http://prometheus', profiles: [coordinationServer], intervalMs: 2000, windowMs: 300_000});
		await monitor.pollOnce();
		counter.stop();
		expect(sentAt.length).toBeGreaterThan(1);
		expect(sentAt.length).toBeLessThanOrEqual(planQueries(coordinationServer, 300_000).size + 1);
		expect(new Set(sentAt).size).toBe(sentAt.length);
	});
});
