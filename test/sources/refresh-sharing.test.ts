import {describe, expect, it} from 'vitest';
import {planQueries} from '../../source/model/queries.js';
import type {AlertItem} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import type {MetricsBackend} from '../../source/sources/backend.js';
import {Monitor} from '../../source/sources/monitor.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';
import {coordinationResults} from '../fixtures/coordination-results.js';
import {ALERT} from '../helpers/app-harness.js';

const WINDOW_MS = 300_000;

/** A backend that answers every refresh the same: the coordination fixture and one alert, decoded anew each time. */
function sameAnswers(): MetricsBackend {
	const keys = new Map([...planQueries(coordinationServer, WINDOW_MS)].map(([key, promql]) => [promql, key]));
	return {
		async query(promql) {
			const answer = coordinationResults().get(keys.get(promql) ?? '') ?? ({ok: true, data: [], warnings: []} satisfies Result<Sample[]>);
			return structuredClone(answer);
		},
		async metricNames() {
			return {ok: true, data: [], warnings: []};
		},
		async alerts(): Promise<Result<AlertItem[]>> {
			return {ok: true, data: [structuredClone(ALERT)], warnings: []};
		},
	};
}

describe('a refresh that reads the same answers again (issue 7)', () => {
	it('keeps the identity of every unchanged part of the state; only the times are new', async () => {
		let now = 1_000_000;
		const monitor = new Monitor({client: sameAnswers(), url: 'http://prometheus', profiles: [coordinationServer], intervalMs: 2000, windowMs: WINDOW_MS, now: () => now});
		await monitor.pollOnce();
		const first = monitor.store.getSnapshot();
		now += 2000;
		await monitor.pollOnce();
		const second = monitor.store.getSnapshot();
		expect(second).not.toBe(first);
		expect(second.updatedAt).toBe(now);
		const [before] = first.systems;
		const [after] = second.systems;
		expect(after!.agents.items).toBe(before!.agents.items);
		expect(after!.locks.items).toBe(before!.locks.items);
		expect(after!.latency.items).toBe(before!.latency.items);
		expect(after!.up).toBe(before!.up);
		expect(after!.agents.updatedAt).toBe(now);
		expect(second.alerts.items).toBe(first.alerts.items);
		expect(second.connection).toBe(first.connection);
	});

	it('changes nothing, and the store tells no one, when not even the time moved', async () => {
		const monitor = new Monitor({client: sameAnswers(), url: 'http://prometheus', profiles: [coordinationServer], intervalMs: 2000, windowMs: WINDOW_MS, now: () => 1_000_000});
		await monitor.pollOnce();
		let told = 0;
		monitor.store.subscribe(() => told++);
		const first = monitor.store.getSnapshot();
		// The sparklines get one more value each refresh: fill them up with the same values first.
		for (let refresh = 0; refresh < 60; refresh++) await monitor.pollOnce();
		told = 0;
		const full = monitor.store.getSnapshot();
		await monitor.pollOnce();
		expect(monitor.store.getSnapshot()).toBe(full);
		expect(told).toBe(0);
		expect(full.systems).toBe(first.systems);
	});
});
