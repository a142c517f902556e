/** The longest wait agentmon adds between reconnection attempts (a server's own longer `retry:` still wins). */
export const MAX_BACKOFF_MS = 30_000;
/** The smallest base the growth starts from, so `retry: 0` cannot turn repeated failures into a busy loop. */
export const MIN_BACKOFF_BASE_MS = 100;

/**
 * How long to wait before reconnection attempt `attempt` (1 for the first after a failure): the first
 * waits exactly `retryMs` (the server's `retry:`), later ones `base × 2^(attempt−1)` with base the larger
 * of `retryMs` and {@link MIN_BACKOFF_BASE_MS}, capped at {@link MAX_BACKOFF_MS}, scaled by a jitter in
 * [0.75, 1.25) so many clients do not reconnect in step, and never less than `retryMs`. `random`
 * returns a number in [0, 1).
 */
export function reconnectDelay(attempt: number, retryMs: number, random: () => number): number {
	if (attempt <= 1) return retryMs;
	const grown = Math.min(MAX_BACKOFF_MS, Math.max(retryMs, MIN_BACKOFF_BASE_MS) * 2 ** Math.min(attempt - 1, 30));
	const jittered = Math.min(MAX_BACKOFF_MS, grown * (0.75 + 0.5 * random()));
	return Math.round(Math.max(retryMs, jittered));
}
