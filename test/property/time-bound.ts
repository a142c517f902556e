import {performance} from 'node:perf_hooks';
import {expect} from 'vitest';

/**
 * Runs `work` and checks it took less than `boundMs`. A slow first run is repeated (at most twice)
 * and the fastest counts: a garbage collection or a busy machine (tests run two files at once) can
 * stall one run, while an input that is really slow (a regular expression backtracking) stays slow.
 */
export function withinTime<T>(work: () => T, boundMs: number): T {
	let best = Number.POSITIVE_INFINITY;
	let result: T | undefined;
	for (let attempt = 0; attempt < 3 && best >= boundMs; attempt++) {
		const started = performance.now();
		result = work();
		best = Math.min(best, performance.now() - started);
	}
	expect(best, `took ${best.toFixed(1)} ms, bound ${boundMs} ms`).toBeLessThan(boundMs);
	return result as T;
}

/** {@link withinTime} for asynchronous work. */
export async function withinTimeAsync<T>(work: () => Promise<T>, boundMs: number): Promise<T> {
	let best = Number.POSITIVE_INFINITY;
	let result: T | undefined;
	for (let attempt = 0; attempt < 3 && best >= boundMs; attempt++) {
		const started = performance.now();
		result = await work();
		best = Math.min(best, performance.now() - started);
	}
	expect(best, `took ${best.toFixed(1)} ms, bound ${boundMs} ms`).toBeLessThan(boundMs);
	return result as T;
}
