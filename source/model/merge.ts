import {clearWaiting, markWaiting, withRetryAt} from './pane-progress.js';
import type {PaneBase, SystemSnapshot} from './types.js';

/**
 * A failed pane keeps the last good data, marked stale, with the new error as its message;
 * any other outcome replaces what was there.
 */
export function mergePane<T extends PaneBase>(previous: T | undefined, next: T): T {
	if (next.status !== 'error' || previous === undefined) return next;
	if (previous.status === 'ok' || (previous.status === 'error' && previous.stale)) {
		return {...previous, status: 'error', message: next.message, stale: true};
	}
	return next;
}

/** Merges a fresh snapshot of a system over the previous one, pane by pane. */
export function mergeSystem(previous: SystemSnapshot | undefined, next: SystemSnapshot): SystemSnapshot {
	if (previous === undefined) return next;
	return {
		...next,
		up: next.up.status === 'unknown' && previous.up.status !== 'unknown' ? previous.up : next.up,
		agents: mergePane(previous.agents, next.agents),
		locks: mergePane(previous.locks, next.locks),
		queue: mergePane(previous.queue, next.queue),
		latency: mergePane(previous.latency, next.latency),
		extras: next.extras.map((pane, index) => mergePane(previous.extras[index], pane)),
	};
}

/** Where a refresh stands for one system's panes (named as `paneOfKey` names them). */
export type RefreshProgress = {
	/** Panes whose answers have not all arrived: they keep what they showed, marked waiting. */
	readonly waiting: ReadonlySet<string>;
	/** Panes already published earlier in this refresh: they stay as they are. */
	readonly published: ReadonlySet<string>;
	/** When the refresh began, and from what it waits (e.g. `Prometheus`). */
	readonly since: number;
	readonly source: string;
	/** When these answers were taken in. */
	readonly at: number;
};

/**
 * One pane of a refresh that may not have every answer yet: waiting (its last data kept, or on the
 * first refresh an empty pane, marked waiting), already published (unchanged), or answered (merged
 * as `mergePane` does, a Retry-After turned into a countdown).
 */
export function mergeRefreshPane<T extends PaneBase>(name: string, previous: T | undefined, next: T, progress: RefreshProgress): T {
	if (progress.published.has(name) && previous !== undefined) return previous;
	if (progress.waiting.has(name)) {
		const shown = previous ?? {...next, status: 'no-data', message: 'waiting for the first answer', stale: undefined};
		return markWaiting(shown, progress.since, progress.source);
	}
	const before = previous === undefined ? undefined : clearWaiting(previous);
	return withRetryAt(before, mergePane(before, next), progress.at);
}

/** `mergeSystem` for a refresh in progress: pane by pane as `mergeRefreshPane` says. */
export function mergeRefresh(previous: SystemSnapshot | undefined, next: SystemSnapshot, progress: RefreshProgress): SystemSnapshot {
	const pane = <T extends PaneBase>(name: string, before: T | undefined, after: T) => mergeRefreshPane(name, before, after, progress);
	return {
		...next,
		up: next.up.status === 'unknown' && previous !== undefined && previous.up.status !== 'unknown' ? previous.up : next.up,
		agents: pane('agents', previous?.agents, next.agents),
		locks: pane('locks', previous?.locks, next.locks),
		queue: pane('queue', previous?.queue, next.queue),
		latency: pane('latency', previous?.latency, next.latency),
		extras: next.extras.map((extra, index) => pane(`extra.${index}`, previous?.extras[index], extra)),
	};
}

/** The pane a plan key feeds (see planQueries): `up`, `agents`, `locks`, `queue`, `latency` (histograms and ratios) or `extra.N`. */
export function paneOfKey(key: string): string {
	const [first = '', second = ''] = key.split('.');
	if (first === 'ratio') return 'latency';
	return first === 'extra' ? `extra.${second}` : first;
}
