import {describe, expect, it} from 'vitest';
import {streamBadge, streamSummary} from '../../source/ui/stream-summary.js';

describe('a reconnecting stream', () => {
	it('counts down to its next attempt', () => {
		const status = {state: 'reconnecting', retryInMs: 4000, retryAt: 10_000, attempt: 2, reason: 'dropped'} as const;
		expect(streamBadge(status, 6000)).toBe('SSE reconnecting in 4s');
		expect(streamBadge(status, 8100)).toBe('SSE reconnecting in 2s');
		expect(streamBadge(status, 12_000)).toBe('SSE reconnecting in 0s');
		expect(streamSummary(status, 9500)).toBe('reconnecting in 1s (dropped)');
	});
});
