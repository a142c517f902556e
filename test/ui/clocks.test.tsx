import {Text} from 'ink';
import {render} from 'ink-testing-library';
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {formatAge} from '../../source/model/format.js';
import type {AlertItem} from '../../source/model/types.js';
import {ClockContext, nextAgeChange, useAgeClock} from '../../source/ui/age-clock.js';
import {rememberAlerts, SEEN_ALERTS} from '../../source/ui/seen-alerts.js';
import {ALERT} from '../helpers/app-harness.js';

afterEach(() => {
	vi.useRealTimers();
});

describe('nextAgeChange', () => {
	it('is when formatAge shows another text: the next second, minute or day', () => {
		const since = 1_000_000;
		for (const age of [0, 999, 1000, 59_500, 60_000, 61_000, 3_599_999, 7_200_000, 48 * 3_600_000 + 5]) {
			const now = since + age;
			const next = nextAgeChange(since, now);
			expect(next).toBeGreaterThan(now);
			expect(formatAge(next - since)).not.toBe(formatAge(age));
			expect(formatAge(next - 1 - since)).toBe(formatAge(age));
		}
	});
});

describe('useAgeClock', () => {
	function Age({since}: {readonly since: number}) {
		const now = useAgeClock([since]);
		return <Text>{formatAge(now - since)}</Text>;
	}

	it('moves an age on by itself, not sooner than one and a half refresh intervals, and not while paused', async () => {
		vi.useFakeTimers({now: 10_000_000});
		const since = Date.now() - 5000;
		const view = render(
			<ClockContext.Provider value={{paused: false, stepMs: 2000, drawnAt: 0}}>
				<Age since={since} />
			</ClockContext.Provider>,
		);
		expect(view.lastFrame()).toBe('5s');
		await vi.advanceTimersByTimeAsync(2900);
		expect(view.lastFrame()).toBe('5s');
		await vi.advanceTimersByTimeAsync(200);
		await vi.waitFor(() => expect(view.lastFrame()).toBe('8s'));
		view.rerender(
			<ClockContext.Provider value={{paused: true, stepMs: 2000, drawnAt: 0}}>
				<Age since={since} />
			</ClockContext.Provider>,
		);
		const frames = view.frames.length;
		await vi.advanceTimersByTimeAsync(120_000);
		expect(view.frames.length).toBe(frames);
		view.unmount();
	});
});

describe('rememberAlerts', () => {
	const alert = (index: number): AlertItem => ({...ALERT, id: `A{n=${index}}`, labels: {...ALERT.labels, n: String(index)}});

	it('keeps what it saw, forgets the longest gone beyond its bound, never the alerts of open views', () => {
		const seen = new Map<string, AlertItem>();
		rememberAlerts(seen, [alert(0), alert(1)]);
		// A storm whose alerts keep changing labels: the map stays bounded.
		for (let round = 0; round < 30; round++) rememberAlerts(seen, Array.from({length: 100}, (_, index) => alert(1000 + round * 100 + index)), ['A{n=0}']);
		expect(seen.size).toBeLessThanOrEqual(SEEN_ALERTS);
		expect(seen.has('A{n=0}')).toBe(true);
		expect(seen.has('A{n=1}')).toBe(false);
		expect(seen.has('A{n=3999}')).toBe(true);
		// A storm larger than the bound: all of its alerts are kept.
		rememberAlerts(seen, Array.from({length: 1500}, (_, index) => alert(10_000 + index)));
		expect(seen.size).toBe(2500);
	});
});
