import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runTestFile} from './promql-test-runner.js';

const DIR = path.resolve('test/promql/fixtures/prometheus-2.42');

/** Evals of Prometheus' own test files the evaluator may skip as unsupported, per file (the `@` modifier, holt_winters, date functions…). */
const EXPECTED_SKIPS: Readonly<Record<string, number>> = {};

describe("Prometheus 2.42's own PromQL test data", () => {
	for (const file of readdirSync(DIR).filter(name => name.endsWith('.test'))) {
		it(`passes ${file}`, () => {
			const outcome = runTestFile(readFileSync(path.join(DIR, file), 'utf8'));
			if (process.env.PQ_DEBUG) console.log(file, outcome.passed, 'passed', outcome.skipped.length, 'skipped', outcome.skipped.join('\n'));
			expect(outcome.failures, `${outcome.failures.length} failures:\n${outcome.failures.join('\n')}`).toEqual([]);
			expect(outcome.skipped.length, outcome.skipped.join('\n')).toBeLessThanOrEqual(EXPECTED_SKIPS[file] ?? 0);
			expect(outcome.passed + outcome.skipped.length).toBeGreaterThan(0);
		});
	}
});
