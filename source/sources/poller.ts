/** What one poll reports back to the poller. */
export type PollOutcome = {readonly ok: boolean};

export type PollerOptions = {
	readonly intervalMs: number;
	/** Longest wait between attempts while failing. */
	readonly maxBackoffMs?: number;
	/** Told when the next attempt is scheduled, with its delay (for "retrying in Ns"). */
	readonly onSchedule?: (delayMs: number, failures: number) => void;
	readonly random?: () => number;
};

/**
 * Runs `poll` every interval. Never overlaps: a poll due while one is in flight is dropped
 * (a manual refresh is queued instead). Failing polls back off exponentially with jitter,
 * like k9s' model update loop. Paused means no timers at all.
 */
export class Poller {
	readonly #poll: () => Promise<PollOutcome>;
	readonly #options: PollerOptions;
	#timer: NodeJS.Timeout | undefined;
	#inFlight = false;
	#rerun = false;
	#failures = 0;
	#running = false;
	#paused = false;

	constructor(poll: () => Promise<PollOutcome>, options: PollerOptions) {
		this.#poll = poll;
		this.#options = options;
	}

	get paused(): boolean {
		return this.#paused;
	}

	start(): void {
		if (this.#running) return;
		this.#running = true;
		void this.#tick();
	}

	stop(): void {
		this.#running = false;
		this.#clear();
	}

	/** Stops polling until `resume`; a paused poller uses no CPU. */
	pause(): void {
		this.#paused = true;
		this.#clear();
	}

	resume(): void {
		if (!this.#paused) return;
		this.#paused = false;
		this.refreshNow();
	}

	/** Polls at once (or right after the poll in flight), resetting the backoff. */
	refreshNow(): void {
		if (!this.#running) return;
		this.#failures = 0;
		if (this.#inFlight) {
			this.#rerun = true;
			return;
		}
		this.#clear();
		void this.#tick();
	}

	#clear(): void {
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	/** Delay before the next attempt: the interval, or a capped, jittered exponential backoff. */
	nextDelay(failures: number): number {
		const {intervalMs, maxBackoffMs = 30_000, random = Math.random} = this.#options;
		if (failures === 0) return intervalMs;
		const base = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 16));
		return Math.round(base * (0.8 + 0.4 * random()));
	}

	async #tick(): Promise<void> {
		if (this.#inFlight || !this.#running) return;
		this.#inFlight = true;
		let ok = false;
		try {
			ok = (await this.#poll()).ok;
		} catch {
			ok = false;
		} finally {
			this.#inFlight = false;
		}
		this.#failures = ok ? 0 : this.#failures + 1;
		if (!this.#running || this.#paused) return;
		if (this.#rerun) {
			this.#rerun = false;
			void this.#tick();
			return;
		}
		const delay = this.nextDelay(this.#failures);
		this.#options.onSchedule?.(delay, this.#failures);
		this.#timer = setTimeout(() => void this.#tick(), delay);
	}
}
