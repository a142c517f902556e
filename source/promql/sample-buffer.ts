const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = littleEndian ? 0 : 1;
const HIGH = littleEndian ? 1 : 0;
/** Prometheus' `value.StaleNaN`, 0x7ff0000000000002, as two 32-bit halves. */
const STALE_HIGH = 0x7ff00000;
const STALE_LOW = 0x00000002;

/**
 * The samples of one series: timestamps and values in two growable Float64Arrays, oldest first, live between
 * `start` and `end` so that dropping old samples is a pointer move and lookups are binary searches.
 *
 * Staleness markers are stored as Prometheus stores them, the NaN bit pattern 0x7ff0000000000002, written and
 * read through a Uint32Array view: a real NaN value (0x7ff8…) is never mistaken for a marker.
 */
export class SampleBuffer {
	/** Timestamps in milliseconds; valid between {@link start} and {@link end}. */
	ts: Float64Array;
	/** Values; valid between {@link start} and {@link end}. */
	vs: Float64Array;
	/** Index of the oldest live sample. */
	start = 0;
	/** One past the newest live sample. */
	end = 0;
	/** Live staleness markers: while 0, readers may skip the per-sample check. */
	staleCount = 0;
	private bits: Uint32Array;

	constructor(capacity = 8) {
		this.ts = new Float64Array(capacity);
		this.vs = new Float64Array(capacity);
		this.bits = new Uint32Array(this.vs.buffer);
	}

	/** Live samples. */
	get length(): number {
		return this.end - this.start;
	}

	/** Timestamp of the newest sample, or -Infinity. */
	get lastT(): number {
		return this.end > this.start ? this.ts[this.end - 1]! : -Infinity;
	}

	/** Appends a sample; returns false (and stores nothing) unless `t` is newer than the newest sample. */
	append(t: number, value: number): boolean {
		if (!(t > this.lastT)) return false;
		this.makeRoom();
		this.ts[this.end] = t;
		this.vs[this.end] = value;
		this.end++;
		return true;
	}

	/** Appends a staleness marker; returns false unless `t` is newer than the newest sample. */
	appendStale(t: number): boolean {
		if (!(t > this.lastT)) return false;
		this.makeRoom();
		this.ts[this.end] = t;
		this.bits[2 * this.end + LOW] = STALE_LOW;
		this.bits[2 * this.end + HIGH] = STALE_HIGH;
		this.end++;
		this.staleCount++;
		return true;
	}

	/** Whether the sample at index `i` is a staleness marker. */
	isStale(i: number): boolean {
		return this.bits[2 * i + HIGH] === STALE_HIGH && this.bits[2 * i + LOW] === STALE_LOW;
	}

	/** Index of the first sample with a timestamp greater than `t` (`end` if none). */
	indexAfter(t: number): number {
		let lo = this.start;
		let hi = this.end;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.ts[mid]! <= t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Index of the first sample with a timestamp at or after `t` (`end` if none). */
	indexAtOrAfter(t: number): number {
		let lo = this.start;
		let hi = this.end;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.ts[mid]! < t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Drops the samples older than `cutoff`; returns how many were dropped. Shrinks a mostly empty buffer. */
	dropBefore(cutoff: number): number {
		if (this.end === this.start || this.ts[this.start]! >= cutoff) return 0;
		const first = this.indexAtOrAfter(cutoff);
		const dropped = first - this.start;
		if (this.staleCount > 0) for (let i = this.start; i < first; i++) if (this.isStale(i)) this.staleCount--;
		this.start = first;
		if (this.start === this.end) this.start = this.end = 0;
		if (this.ts.length > 64 && this.length * 4 < this.ts.length) this.resize(Math.max(8, this.length * 2));
		return dropped;
	}

	/**
	 * Ensures there is room for one more sample at `end`: slides the live samples down once a sixteenth of the buffer
	 * is free (a memmove every C/16 appends is cheap), else grows by a quarter, so that a series at steady retention
	 * holds at most about a third more room than it needs.
	 */
	private makeRoom(): void {
		if (this.end < this.ts.length) return;
		if (this.start > 0 && this.start * 16 >= this.ts.length) {
			this.ts.copyWithin(0, this.start, this.end);
			this.vs.copyWithin(0, this.start, this.end);
			this.end -= this.start;
			this.start = 0;
			return;
		}
		this.resize(Math.ceil(this.ts.length * 1.25) + 4);
	}

	private resize(capacity: number): void {
		const ts = new Float64Array(capacity);
		const vs = new Float64Array(capacity);
		// Same-type typed-array copies are byte copies: staleness bit patterns survive.
		ts.set(this.ts.subarray(this.start, this.end));
		vs.set(this.vs.subarray(this.start, this.end));
		this.end -= this.start;
		this.start = 0;
		this.ts = ts;
		this.vs = vs;
		this.bits = new Uint32Array(vs.buffer);
	}
}
