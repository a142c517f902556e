import {describe, expect, it} from 'vitest';
import {formatAge, formatBytes, formatNumber, formatSeconds, formatValue, sparkline, truncate} from '../../source/model/format.js';
import {appendHistory} from '../../source/model/history.js';

describe('format', () => {
	it('formats numbers, seconds, bytes and units', () => {
		expect(formatNumber(4)).toBe('4');
		expect(formatNumber(0.123456)).toBe('0.123');
		expect(formatNumber(Number.NaN)).toBe('–');
		expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('+Inf');
		expect(formatSeconds(0.0451)).toBe('45ms');
		expect(formatSeconds(1.234)).toBe('1.23s');
		expect(formatSeconds(125)).toBe('2m05s');
		expect(formatSeconds(179.7)).toBe('3m00s');
		expect(formatSeconds(7260)).toBe('2h01m');
		expect(formatSeconds(Number.NaN)).toBe('–');
		expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5GiB');
		expect(formatValue(31.234, '%')).toBe('31.2%');
		expect(formatValue(Number.NaN, '%')).toBe('–');
		expect(formatAge(3_725_000)).toBe('1h2m');
		expect(formatAge(42_000)).toBe('42s');
	});

	it('draws sparklines from 0 to the maximum', () => {
		expect(sparkline([0, 4, 8], 10)).toBe('▁▄█');
		expect(sparkline([5, 5], 10)).toBe('██');
		expect(sparkline([], 10)).toBe('');
		// Nothing observed is a gap in its place: before, NaN dropped out and the line shifted left.
		expect(sparkline([0, Number.NaN, 8], 10)).toBe('▁ █');
		expect(sparkline([1, 2, 3, 4], 2)).toHaveLength(2);
	});

	it('truncates with an ellipsis', () => {
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('abc', 4)).toBe('abc');
	});

	it('keeps history in a fixed-size buffer', () => {
		let series: readonly number[] | undefined;
		for (let index = 0; index < 100; index++) series = appendHistory(series, index, 60);
		expect(series).toHaveLength(60);
		expect(series![59]).toBe(99);
		expect(series![0]).toBe(40);
	});
});
