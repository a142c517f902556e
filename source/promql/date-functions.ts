import {dropMetricName} from './labels.js';
import type {InstantFunction} from './instant-functions.js';
import {vectorOf, type Sample} from './values.js';

/** A UTC calendar date from Unix seconds (Go's `time.Unix(int64(s), 0).UTC()`; JS dates end at ±8.64e12 s). */
function utc(seconds: number): Date {
	return new Date(Math.trunc(seconds) * 1000);
}

function dayOfYear(date: Date): number {
	const start = new Date(0);
	start.setUTCFullYear(date.getUTCFullYear(), 0, 1);
	return Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1;
}

function daysInMonth(date: Date): number {
	const end = new Date(0);
	end.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
	return end.getUTCDate();
}

/** Prometheus' `dateWrapper`: without an argument, the evaluation time; else each value as Unix seconds, `__name__` dropped. */
function dateFunction(f: (date: Date) => number): InstantFunction {
	return (args, _exprs, t) => {
		if (args.length === 0) return {type: 'vector', samples: [{labels: {}, value: f(utc(Math.trunc(t / 1000)))}]};
		const samples: Sample[] = vectorOf(args[0]!).map(sample => ({labels: dropMetricName(sample.labels), value: f(utc(sample.value))}));
		return {type: 'vector', samples};
	};
}

/** The date functions, by name (all in UTC). */
export const DATE_FUNCTIONS: ReadonlyArray<[string, InstantFunction]> = [
	['year', dateFunction(date => date.getUTCFullYear())],
	['month', dateFunction(date => date.getUTCMonth() + 1)],
	['day_of_month', dateFunction(date => date.getUTCDate())],
	['day_of_week', dateFunction(date => date.getUTCDay())],
	['day_of_year', dateFunction(dayOfYear)],
	['days_in_month', dateFunction(daysInMonth)],
	['hour', dateFunction(date => date.getUTCHours())],
	['minute', dateFunction(date => date.getUTCMinutes())],
];
