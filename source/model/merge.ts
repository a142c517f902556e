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
