import type {Mode} from './coding-team-scenarios.js';
import {CodingTeamLedger} from './coding-team-stream-ledger.js';
import {CodingTeamStreamHub} from './coding-team-stream.js';

/** Timing of the metrics stream (`GET /api/metrics/stream`), all in milliseconds. */
export type CodingTeamStreamOptions = {
	/** Interval of `event: snapshot`; 1000 by default. */
	snapshotMs?: number;
	/** Interval of `: ping`; 5000 by default. */
	heartbeatMs?: number;
	/** The `retry:` each stream starts with; 1000 by default. */
	retryMs?: number;
	/** `jobs` events kept for `Last-Event-ID` resumption; 200 by default. */
	bufferSize?: number;
	/** Width of a `timeseries` point; 10 000 by default (30 points: 5 minutes). */
	bucketMs?: number;
};

/** What the stream reads from the simulator. */
export type CodingTeamStreamSource = {
	/** The queue depths served as `queue_depth`. */
	queue(): Record<Mode, number>;
	/** Called before each snapshot is built (the simulator accrues tokens, as it does at a scrape). */
	beforeSnapshot(): void;
};

/** The stream of one simulator: the ledger to report changes to, and the hub that serves them (its `handle` is the simulator server's route). */
export type CodingTeamStream = {
	readonly ledger: CodingTeamLedger;
	readonly hub: CodingTeamStreamHub;
};

/** Creates the metrics stream of a coding-team simulator; `hub.close()` stops its timers. */
export function createCodingTeamStream(options: CodingTeamStreamOptions = {}, source: CodingTeamStreamSource): CodingTeamStream {
	const {snapshotMs = 1000, heartbeatMs = 5000, retryMs = 1000, bufferSize = 200, bucketMs = 10_000} = options;
	const snapshot = () => {
		source.beforeSnapshot();
		return ledger.metrics(source.queue());
	};
	const hub = new CodingTeamStreamHub({snapshotMs, heartbeatMs, retryMs, bufferSize, snapshot});
	const ledger = new CodingTeamLedger({publish: event => hub.publish(event), bucketMs});
	return {
		ledger,
		hub,
	};
}
