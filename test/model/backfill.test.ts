import {describe, expect, it} from 'vitest';
import {backfillHistory, mergeHistory} from '../../source/model/backfill.js';
import {HISTORY_LENGTH} from '../../source/model/history.js';
import {planQueries} from '../../source/model/queries.js';
import {findProfile} from '../../source/profiles/registry.js';
import {rangeTimes, type RangeSeries} from '../../source/sources/range-query.js';
import type {Result} from '../../source/sources/prometheus-client.js';

describe('backfilling the sparklines', () => {
	it('shapes each past time like a live refresh: the locks total and queue depth at every step', () => {
		const profile = findProfile('coordination-server')!;
		const plan = planQueries(profile, 60_000);
		const times = rangeTimes(1_000_000_500, 2000, 5);
		expect(times).toEqual([999_992_000, 999_994_000, 999_996_000, 999_998_000, 1_000_000_000]);
		const series = (labels: Record<string, string>, values: number[]): RangeSeries => ({labels, values: new Map(values.map((value, index) => [times[index]!, value]))});
		const ranges = new Map<string, Result<RangeSeries[]>>([
			[plan.get('locks')!, {ok: true, warnings: [], data: [series({agent: 'copilot'}, [1, 2, 3, 4, 5]), series({agent: 'claude-code'}, [1, 1, 1, 1, 1])]}],
			[plan.get('queue')!, {ok: true, warnings: [], data: [series({priority: 'high'}, [7, 7, 8, 8, 9])]}],
			[plan.get('agents')!, {ok: false, error: {kind: 'network', message: 'refused', retryable: true}}],
		]);
		const history = backfillHistory(profile, plan, ranges, times);
		expect(history['coordination-server:locks.total']).toEqual([2, 3, 4, 5, 6]);
		expect(history['coordination-server:queue.depth']).toEqual([7, 7, 8, 8, 9]);
		// A failed range adds nothing: never an invented value.
		expect(history['coordination-server:agents.ok']).toBeUndefined();
	});

	it('puts the past before the live values, kept to the sparkline length', () => {
		const past = Array.from({length: HISTORY_LENGTH}, (_, index) => index);
		const merged = mergeHistory({a: past, b: [1]}, {a: [100, 101]});
		expect(merged.a).toHaveLength(HISTORY_LENGTH);
		expect(merged.a!.slice(-3)).toEqual([HISTORY_LENGTH - 1, 100, 101]);
		expect(merged.b).toEqual([1]);
	});
});
