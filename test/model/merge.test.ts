import {describe, expect, it} from 'vitest';
import {mergeRefresh, mergeRefreshPane, paneOfKey, type RefreshProgress} from '../../source/model/merge.js';
import {clearWaiting, markWaiting, progressOf, retryText, withRetryAt} from '../../source/model/pane-progress.js';
import {planQueries} from '../../source/model/queries.js';
import {shapeSystem} from '../../source/model/shape.js';
import type {AgentsPane, LocksPane} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {coordinationResults} from '../fixtures/coordination-results.js';

const progress = (overrides: Partial<RefreshProgress> = {}): RefreshProgress => ({waiting: new Set(), published: new Set(), since: 1000, source: 'Prometheus', at: 1250, ...overrides});
const LOCKS: LocksPane = {status: 'ok', total: 4, items: [{name: 'copilot', value: 4, level: 'ok'}], updatedAt: 500};

describe('paneOfKey', () => {
	it('names the pane each plan key feeds; a latency pane’s ratios are its own', () => {
		expect([...planQueries(coordinationServer, 300_000).keys()].map(paneOfKey)).toEqual(
			expect.arrayContaining(['up', 'agents', 'locks', 'queue', 'latency']),
		);
		expect(['locks.wait', 'queue.active', 'latency.api', 'ratio.errors', 'extra.2.cost', 'agents.state'].map(paneOfKey)).toEqual(['locks', 'queue', 'latency', 'latency', 'extra.2', 'agents']);
	});
});

describe('mergeRefreshPane', () => {
	it('keeps a waiting pane’s last data, marked waiting since the refresh began', () => {
		const next: LocksPane = {status: 'error', message: 'not queried', items: []};
		const pane = mergeRefreshPane('locks', LOCKS, next, progress({waiting: new Set(['locks'])}));
		expect(pane).toMatchObject({status: 'ok', total: 4, updatedAt: 500});
		expect(progressOf(pane).waiting).toEqual({since: 1000, source: 'Prometheus'});
	});

	it('shows a pane waiting for its first answer as empty, not as an error', () => {
		const pane = mergeRefreshPane('locks', undefined, {status: 'error', message: 'not queried', items: []} as LocksPane, progress({waiting: new Set(['locks'])}));
		expect(pane).toMatchObject({status: 'no-data', message: 'waiting for the first answer', items: []});
		expect(progressOf(pane).waiting?.since).toBe(1000);
	});

	it('replaces a waiting pane by its answer, without the mark; a failure keeps the data, stale', () => {
		const waiting = markWaiting(LOCKS, 1000, 'Prometheus');
		const fresh: LocksPane = {...LOCKS, total: 5, updatedAt: 1250};
		expect(mergeRefreshPane('locks', waiting, fresh, progress())).toBe(fresh);
		const failed = mergeRefreshPane('locks', waiting, {status: 'error', message: 'timed out after 2s', items: []}, progress());
		expect(failed).toMatchObject({status: 'error', stale: true, total: 4, message: 'timed out after 2s'});
		expect(progressOf(failed).waiting).toBeUndefined();
	});

	it('leaves a pane published earlier in the refresh as it is', () => {
		expect(mergeRefreshPane('locks', LOCKS, {...LOCKS, total: 9}, progress({published: new Set(['locks'])}))).toBe(LOCKS);
	});

	it('marks a table-shaped agents pane’s table too (the dashboard draws the table)', () => {
		const agents: AgentsPane = {status: 'ok', items: [], table: {status: 'ok', title: 'Agents', columns: [], rows: []}};
		const marked = markWaiting(agents, 1000, 'Prometheus');
		expect(progressOf(marked.table!).waiting).toEqual({since: 1000, source: 'Prometheus'});
		expect(progressOf(clearWaiting(marked).table!).waiting).toBeUndefined();
	});
});

describe('mergeRefresh', () => {
	it('keeps the up state while its query waits', () => {
		const previous = shapeSystem(coordinationServer, coordinationResults(), 500);
		const partial = new Map([...coordinationResults()].filter(([key]) => key !== 'up' && !key.startsWith('locks')));
		const merged = mergeRefresh(previous, shapeSystem(coordinationServer, partial, 1250), progress({waiting: new Set(['up', 'locks'])}));
		expect(merged.up.status).toBe('up');
		expect(merged.locks.total).toBe(previous.locks.total);
		expect(progressOf(merged.locks).waiting).toBeDefined();
		expect(progressOf(merged.queue).waiting).toBeUndefined();
		expect(merged.queue.updatedAt).toBe(1250);
	});
});

describe('withRetryAt (a Retry-After that counts down)', () => {
	const held = (seconds: number) => ({status: 'error' as const, message: `HTTP 429: 429 Too Many Requests · Retry-After ${seconds}s`, items: []});

	it('turns the Retry-After in a message into a time, and keeps that time while the same wait repeats', () => {
		const first = withRetryAt(undefined, held(3), 1000);
		expect(first).toMatchObject({message: 'HTTP 429: 429 Too Many Requests', retryAt: 4000});
		expect(progressOf(withRetryAt(first, held(3), 2000)).retryAt).toBe(4000);
		// The wait over, a new 429 gives a new time.
		expect(progressOf(withRetryAt(first, held(3), 4500)).retryAt).toBe(7500);
		// Capped like the client's hold (60 s).
		expect(progressOf(withRetryAt(undefined, held(3600), 0)).retryAt).toBe(60_000);
	});

	it('drops a time the next answer no longer carries', () => {
		const first = withRetryAt(undefined, held(3), 1000);
		const recovered = withRetryAt(first, {...first, status: 'ok' as const, message: undefined}, 2000);
		expect(progressOf(recovered).retryAt).toBeUndefined();
		expect(withRetryAt(undefined, {status: 'error' as const, message: 'HTTP 500', items: []}, 0)).toEqual({status: 'error', message: 'HTTP 500', items: []});
	});

	it('reads as a countdown, then as retrying', () => {
		expect(retryText(4000, 1001)).toBe('retry in 3s');
		expect(retryText(4000, 3500)).toBe('retry in 1s');
		expect(retryText(4000, 4000)).toBe('retrying…');
	});
});
