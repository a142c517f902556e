import {afterEach, describe, expect, it, vi} from 'vitest';
import {Poller} from '../../source/sources/poller.js';

afterEach(() => {
	vi.useRealTimers();
});

describe('Poller', () => {
	it('never overlaps polls and queues a manual refresh', async () => {
		vi.useFakeTimers();
		let inFlight = 0;
		let maxInFlight = 0;
		let calls = 0;
		let release: (() => void) | undefined;
		const poller = new Poller(
			async () => {
				calls++;
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				await new Promise<void>(resolve => (release = resolve));
				inFlight--;
				return {ok: true};
			},
			{intervalMs: 1000},
		);
		poller.start();
		poller.refreshNow();
		poller.refreshNow();
		expect(calls).toBe(1);
		release!();
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toBe(2);
		release!();
		await vi.advanceTimersByTimeAsync(1000);
		expect(calls).toBe(3);
		expect(maxInFlight).toBe(1);
		poller.stop();
		release!();
	});

	it('backs off exponentially with jitter, capped', () => {
		const poller = new Poller(async () => ({ok: false}), {intervalMs: 1000, maxBackoffMs: 30_000, random: () => 0.5});
		expect(poller.nextDelay(0)).toBe(1000);
		expect(poller.nextDelay(1)).toBe(2000);
		expect(poller.nextDelay(3)).toBe(8000);
		expect(poller.nextDelay(10)).toBe(30_000);
		const low = new Poller(async () => ({ok: false}), {intervalMs: 1000, random: () => 0});
		expect(low.nextDelay(1)).toBe(1600);
	});

	it('uses no timers while paused', async () => {
		vi.useFakeTimers();
		let calls = 0;
		const poller = new Poller(async () => {
			calls++;
			return {ok: true};
		}, {intervalMs: 1000});
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		poller.pause();
		expect(vi.getTimerCount()).toBe(0);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(calls).toBe(1);
		poller.resume();
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toBe(2);
		poller.stop();
	});
});
