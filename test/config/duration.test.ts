import {describe, expect, it} from 'vitest';
import {formatPromDuration, parseDuration} from '../../source/config/duration.js';

describe('parseDuration', () => {
	it('reads Prometheus durations', () => {
		expect(parseDuration('500ms')).toBe(500);
		expect(parseDuration('2s')).toBe(2000);
		expect(parseDuration('5m')).toBe(300_000);
		expect(parseDuration('1h30m')).toBe(5_400_000);
		expect(parseDuration('1d')).toBe(86_400_000);
	});

	it('rejects what is not a duration', () => {
		for (const bad of ['', 'abc', '5', 'm', '2 s', '-1s', '1.5s', '5mm', `${'9'.repeat(80)}s`]) expect(parseDuration(bad)).toBeUndefined();
	});

	it('formats ranges for PromQL exactly', () => {
		expect(formatPromDuration(300_000)).toBe('5m');
		expect(formatPromDuration(90_000)).toBe('90s');
		expect(formatPromDuration(1500)).toBe('1500ms');
		expect(formatPromDuration(3_600_000)).toBe('1h');
	});
});
