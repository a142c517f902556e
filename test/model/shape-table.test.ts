import {describe, expect, it} from 'vitest';
import {shapeTable} from '../../source/model/shape-table.js';
import type {TableSpec} from '../../source/profiles/types.js';

const spec: TableSpec = {
	title: 'Quota',
	rowLabel: 'provider',
	metrics: ['quota_daily_used'],
	columns: [
		{name: 'used', promql: 'x', unit: 'count'},
		{name: 'share', promql: 'y', unit: '%', threshold: {warn: 90, crit: 100}},
	],
};

describe('shapeTable', () => {
	it('joins columns by the row label, NaN where a row has no value, never 0', () => {
		const pane = shapeTable(
			spec,
			new Map([
				['t.used', {ok: true, data: [{labels: {provider: 'claude'}, value: 40}, {labels: {provider: 'gemini'}, value: 5}], warnings: []}],
				['t.share', {ok: true, data: [{labels: {provider: 'claude'}, value: 95}, {labels: {}, value: 7}], warnings: []}],
			]),
			't',
		);
		expect(pane.status).toBe('ok');
		expect(pane.rows.map(row => row.name)).toEqual(['claude', 'gemini']);
		expect(pane.rows[0]).toMatchObject({values: [40, 95], levels: ['neutral', 'warn']});
		expect(Number.isNaN(pane.rows[1]!.values[1])).toBe(true);
	});

	it('is an error only when every column failed, and names the metrics when empty', () => {
		const failed = {ok: false as const, error: {kind: 'timeout' as const, message: 'timed out after 10s', retryable: true}};
		expect(shapeTable(spec, new Map([['t.used', failed], ['t.share', failed]]), 't')).toMatchObject({status: 'error'});
		const partial = shapeTable(spec, new Map([['t.used', {ok: true, data: [{labels: {provider: 'a'}, value: 1}], warnings: []}], ['t.share', failed]]), 't');
		expect(partial.status).toBe('ok');
		expect(partial.warnings).toContain('share: timed out after 10s');
		const empty = shapeTable(spec, new Map([['t.used', {ok: true, data: [], warnings: []}], ['t.share', {ok: true, data: [], warnings: []}]]), 't');
		expect(empty).toMatchObject({status: 'no-data', message: 'no series for quota_daily_used'});
	});
});
