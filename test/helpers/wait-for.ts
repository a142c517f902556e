/** Options of {@link waitFor}. */
export type WaitForOptions = {
	/** Give up after this many milliseconds (default 10 000). */
	timeoutMs?: number;
	/** Pause between attempts in milliseconds (default 250). */
	intervalMs?: number;
	/** Names the condition in the timeout error. */
	description?: string;
};

/**
 * Calls `fn` until it returns something other than `undefined`, `null` or `false`, and returns that.
 * An attempt that throws counts as not ready; on timeout the error names the last thrown error or result.
 */
export async function waitFor<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, options: WaitForOptions = {}): Promise<T> {
	const {timeoutMs = 10_000, intervalMs = 250, description = 'condition'} = options;
	const deadline = Date.now() + timeoutMs;
	let last = 'no attempt finished';
	for (;;) {
		try {
			const value = await fn();
			if (value !== undefined && value !== null && value !== false) return value;
			last = `last result: ${String(value)}`;
		} catch (error) {
			last = `last error: ${error instanceof Error ? error.message : String(error)}`;
		}
		if (Date.now() + intervalMs > deadline) throw new Error(`waitFor: ${description} not met within ${timeoutMs} ms (${last})`);
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}
}
