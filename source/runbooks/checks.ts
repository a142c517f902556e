import {formatNumber} from '../model/format.js';
import {comparisonInText, holds, splitTrailingComparison, type CheckSpec} from './comparison.js';
import type {CheckResult, Runbook, RunbookCommand, RunbookStep} from './types.js';

/**
 * The live check of one command of a step, or undefined for a shell command. The query's own
 * trailing comparison wins; else the step's first PromQL command takes the comparison its title
 * (or a "should be …" in its detail) states.
 */
export function checkOfCommand(step: RunbookStep, command: RunbookCommand): CheckSpec | undefined {
	if (command.lang !== 'promql') return undefined;
	const own = splitTrailingComparison(command.code);
	if (own.comparison) return own;
	const first = step.commands?.find(candidate => candidate.lang === 'promql');
	if (first !== command) return own;
	const comparison = comparisonInText(step.title, step.detail, own.query);
	return comparison ? {...own, comparison} : own;
}

/** Every distinct query a runbook's steps evaluate live, for the monitor to run with each refresh. */
export function runbookQueries(runbook: Runbook | undefined): string[] {
	if (!runbook) return [];
	const queries = runbook.steps.flatMap(step => (step.commands ?? []).map(command => checkOfCommand(step, command)?.query).filter((query): query is string => query !== undefined));
	return [...new Set(queries)];
}

/** How a check came out: a verdict when it states a comparison and has data, and one line for the screen. */
export type CheckOutcome = {
	readonly verdict?: 'pass' | 'fail';
	/** E.g. `24.1 ✓ pass (above 5%)`, `copilot 14 ✓, claude-code 1 ✗ · ✗ 1 of 2 pass`, `no data`. */
	readonly text: string;
};

/** The labels that tell a result's series apart (the others say nothing), as `a=b c=d`. */
function seriesNames(samples: CheckResult & {ok: true}): string[] {
	const keys = [...new Set(samples.samples.flatMap(sample => Object.keys(sample.labels)))].filter(
		key => new Set(samples.samples.map(sample => sample.labels[key])).size > 1,
	);
	return samples.samples.map(sample => (keys.length === 1 ? (sample.labels[keys[0]!] ?? '') : keys.map(key => `${key}=${sample.labels[key] ?? ''}`).join(' ')));
}

/** The outcome of a check from its latest result; `undefined` result means not evaluated yet. */
export function checkOutcome(spec: CheckSpec, result: CheckResult | undefined): CheckOutcome {
	if (!result) return {text: '… (evaluated with the next refresh)'};
	if (!result.ok) return {text: `error: ${result.error}`};
	const {comparison} = spec;
	const expected = comparison ? ` (${comparison.text})` : '';
	if (result.samples.length === 0) return {text: `no data${expected}`};
	const marks = result.samples.map(sample => (comparison ? holds(sample.value, comparison) : undefined));
	if (result.samples.length === 1) {
		const value = formatNumber(result.samples[0]!.value);
		if (marks[0] === undefined) return {text: value};
		return marks[0] ? {verdict: 'pass', text: `${value} ✓ pass${expected}`} : {verdict: 'fail', text: `${value} ✗ fail${expected}`};
	}
	const names = seriesNames(result);
	const shown = result.samples.slice(0, 6).map((sample, index) => `${names[index] || '{}'} ${formatNumber(sample.value)}${marks[index] === undefined ? '' : marks[index] ? ' ✓' : ' ✗'}`);
	const more = result.samples.length > 6 ? `, +${result.samples.length - 6} more` : '';
	if (!comparison) return {text: `${shown.join(', ')}${more}`};
	const passing = marks.filter(Boolean).length;
	const verdict = passing === marks.length ? 'pass' : 'fail';
	const summary = verdict === 'pass' ? `✓ all ${marks.length} pass` : `✗ ${passing} of ${marks.length} pass`;
	return {verdict, text: `${shown.join(', ')}${more} · ${summary}${expected}`};
}

/** The verdict of a step: fail when any of its checks fails, pass when at least one passes and none fails. */
export function stepVerdict(step: RunbookStep, checks: Readonly<Record<string, CheckResult>> | undefined): 'pass' | 'fail' | undefined {
	const verdicts = (step.commands ?? [])
		.map(command => checkOfCommand(step, command))
		.filter((spec): spec is CheckSpec => spec !== undefined)
		.map(spec => checkOutcome(spec, checks?.[spec.query]).verdict);
	if (verdicts.includes('fail')) return 'fail';
	return verdicts.includes('pass') ? 'pass' : undefined;
}
