import {describe, expect, it} from 'vitest';
import {alertValueJson, alertValueText} from '../../source/model/alert-state.js';

describe("an alert's value", () => {
	it('shows NaN and ±Inf as values, and only a missing value as –', () => {
		expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, 14, 0.1234, 36.17].map(alertValueText)).toEqual(['NaN', '+Inf', '-Inf', '–', '14', '0.123', '36.2']);
	});

	it('goes into JSON as Prometheus writes floats', () => {
		expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, 0.1].map(alertValueJson)).toEqual(['NaN', '+Inf', '-Inf', null, 0.1]);
	});
});
