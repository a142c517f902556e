import type {SystemSnapshot} from './types.js';

/** How many values each sparkline keeps. */
export const HISTORY_LENGTH = 60;

/** The key of one sparkline series. */
export function historyKey(profile: string, series: string): string {
	return `${profile}:${series}`;
}

/**
 * Appends a value to a fixed-length series, dropping the oldest; returns a new array, or `series`
 * itself when it is full and every value in it is this one (a flat line stays the same line, so a
 * system whose numbers do not move makes nothing new to draw).
 */
export function appendHistory(series: readonly number[] | undefined, value: number, length = HISTORY_LENGTH): readonly number[] {
	const base = series ?? [];
	if (base.length === length && base.every(old => Object.is(old, value))) return base;
	const next = base.length >= length ? base.slice(base.length - length + 1) : base.slice();
	next.push(value);
	return next;
}

/** The numbers of a system worth a trend: only values that were really read (never an invented 0). */
export function trendValues(system: SystemSnapshot): Array<[string, number]> {
	const values: Array<[string, number]> = [];
	if (system.agents.status === 'ok' && !system.agents.stale) {
		values.push(['agents.ok', system.agents.items.filter(agent => agent.level === 'ok').length]);
	}
	if (system.locks.status === 'ok' && !system.locks.stale && system.locks.total !== undefined) values.push(['locks.total', system.locks.total]);
	if (system.queue.status === 'ok' && !system.queue.stale && system.queue.depth !== undefined) values.push(['queue.depth', system.queue.depth]);
	if (system.latency.status === 'ok' && !system.latency.stale) {
		for (const row of system.latency.items) if (Number.isFinite(row.p95)) values.push([`latency.${row.name}.p95`, row.p95]);
		for (const ratio of system.latency.ratios) if (Number.isFinite(ratio.value)) values.push([`ratio.${ratio.name}`, ratio.value]);
	}
	return values;
}
