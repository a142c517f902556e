import {describe, expect, it} from 'vitest';
import {alertValueJson, alertValueText, countAlerts} from '../../source/model/alert-state.js';

describe("an alert's value", () => {
	it('shows NaN and ±Inf as values, and only a missing value as –', () => {
		expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, 14, 0.1234, 36.17].map(alertValueText)).toEqual(['NaN', '+Inf', '-Inf', '–', '14', '0.123', '36.2']);
	});

	it('goes into JSON as Prometheus writes floats', () => {
		expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, 0.1].map(alertValueJson)).toEqual(['NaN', '+Inf', '-Inf', null, 0.1]);
	});
});

describe('countAlerts', () => {
	it('counts each alert once: a suppressed pending alert is suppressed, not also pending', () => {
		const alert = (state: 'firing' | 'pending', suppressed = false) => ({id: `${state}${suppressed}`, name: 'A', state, severity: 'warning', summary: '', description: '', labels: {}, annotations: {}, ...(suppressed ? {silenced: {state: 'suppressed' as const, silencedBy: [], inhibitedBy: ['x']}} : {})});
		const counts = countAlerts([alert('firing'), alert('firing', true), alert('pending'), alert('pending', true)]);
		expect({firing: counts.firing.length, pending: counts.pending, suppressed: counts.suppressed}).toEqual({firing: 1, pending: 1, suppressed: 2});
	});
});
