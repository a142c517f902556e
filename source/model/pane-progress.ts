import type {AgentsPane, PaneBase} from './types.js';

/**
 * What a pane says about the refresh in progress, beside its data. Kept out of `PaneBase` for now
 * (types.ts is shared); read it through {@link progressOf}, so moving these two fields into
 * `PaneBase` later changes only this file.
 */
export type PaneProgress = {
	/** The refresh under way has not answered this pane yet: since when, and from what (e.g. `Prometheus`). Its last data stays shown. */
	readonly waiting?: {readonly since: number; readonly source: string};
	/** A failed pane's request is held back for the server's Retry-After until then (ms since epoch). */
	readonly retryAt?: number;
};

/** The progress marks of a pane (none on a plain pane). */
export function progressOf(pane: PaneBase): PaneProgress {
	return pane as PaneProgress;
}

/** The pane, and for a table-shaped agents pane its table too (the dashboard draws the table), with `change` applied. */
function withMarks<T extends PaneBase>(pane: T, change: (pane: PaneBase) => PaneBase): T {
	const changed = change(pane) as T;
	const table = (changed as Partial<AgentsPane>).table;
	return table ? ({...changed, table: change(table)} as T) : changed;
}

/** The pane marked as waiting for the refresh under way since `since`. */
export function markWaiting<T extends PaneBase>(pane: T, since: number, source: string): T {
	return withMarks(pane, base => ({...base, waiting: {since, source}}) as PaneBase);
}

/** The pane without a waiting mark (the same object when it had none). */
export function clearWaiting<T extends PaneBase>(pane: T): T {
	if (progressOf(pane).waiting === undefined) return pane;
	return withMarks(pane, base => {
		const {waiting: _waiting, ...rest} = base as PaneBase & PaneProgress;
		return rest;
	});
}

/** A message's tail naming the server's Retry-After (see PrometheusClient): `… · Retry-After 30s`. */
const RETRY_AFTER = / · Retry-After (\d{1,6})s$/;
/** The client holds a request back at most this long, whatever the server asked (prometheus-client.ts, MAX_HOLD_MS). */
const MAX_HOLD_MS = 60_000;

/**
 * A failed pane whose message names a Retry-After: the number is turned into a time (`retryAt`), so
 * the pane counts down instead of repeating "Retry-After 30s" while the request is held back. The
 * same failure repeated by a later refresh within the wait keeps the time it was first given.
 * Anything else comes back unchanged (without a stale `retryAt`).
 */
export function withRetryAt<T extends PaneBase>(previous: PaneBase | undefined, next: T, at: number): T {
	const match = next.status === 'error' && next.message !== undefined ? RETRY_AFTER.exec(next.message) : null;
	if (!match) {
		if (progressOf(next).retryAt === undefined) return next;
		return withMarks(next, base => {
			const {retryAt: _retryAt, ...rest} = base as PaneBase & PaneProgress;
			return rest;
		});
	}
	const message = next.message!.slice(0, match.index);
	const before = previous === undefined ? undefined : progressOf(previous).retryAt;
	const retryAt = before !== undefined && before > at && previous?.message === message ? before : at + Math.min(MAX_HOLD_MS, Number(match[1]) * 1000);
	return withMarks(next, base => ({...base, message, retryAt}) as PaneBase);
}

/** `retry in 3s`, or `retrying…` once the time has come. */
export function retryText(retryAt: number, now: number): string {
	return retryAt > now ? `retry in ${Math.ceil((retryAt - now) / 1000)}s` : 'retrying…';
}
