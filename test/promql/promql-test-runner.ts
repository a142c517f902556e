import {evaluateInstant} from '../../source/promql/evaluate.js';
import {typeOf} from '../../source/promql/function-table.js';
import {parseGoFloat, parseNumberLiteral} from '../../source/promql/literals.js';
import {parsePromql} from '../../source/promql/parse.js';
import {SeriesStore} from '../../source/promql/series-store.js';
import {labelText} from './compare-results.js';

/**
 * A port of Prometheus 2.42's `promql/test.go` runner for its `.test` files: `load <step>` series descriptions
 * (`1+2x3`, `_x2`, `stale`), `clear`, and `eval[_fail|_ordered] instant at <time> <query>` with expected samples
 * compared by `almostEqual` (relative error 1e-6). Queries the evaluator reports unsupported are skipped.
 */
export type TestFileOutcome = {passed: number; skipped: string[]; failures: string[]};

type SeriesValue = number | 'stale' | undefined;

const NUMBER = String.raw`[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|[iI][nN][fF]|[nN][aA][nN])`;
const EXPANDING = new RegExp(`^(${NUMBER})([+-])(${NUMBER})x(\\d+)$`);
const REPEATED = new RegExp(`^(${NUMBER})x(\\d+)$`);

function durationMs(text: string): number {
	if (text === '0') return 0;
	const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
	if (!match) throw new Error(`bad duration ${text}`);
	return (Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)) * 1000 + Number(match[4] ?? 0);
}

function number(text: string): number {
	const value = parseGoFloat(text);
	if (value === undefined) throw new Error(`bad number ${text}`);
	return value;
}

/** `metric{labels} values…` → labels (with `__name__`) and the values. */
function seriesDescription(line: string): {labels: Record<string, string>; values: SeriesValue[]} {
	let end = line.search(/\s/);
	if (line.includes('{')) {
		let inString = false;
		for (end = line.indexOf('{'); end < line.length && (inString || line[end] !== '}'); end++) {
			if (line[end] === '\\') end++;
			else if (line[end] === '"') inString = !inString;
		}
		end++;
	}
	if (end < 0) end = line.length;
	const metric = line.slice(0, end);
	const labels: Record<string, string> = {};
	if (metric !== '{}') {
		const parsed = parsePromql(metric);
		if (!parsed.ok || parsed.expr.type !== 'vector') throw new Error(`bad series ${metric}: ${parsed.ok ? parsed.expr.type : parsed.error}`);
		for (const matcher of parsed.expr.matchers) if (matcher.value !== '') labels[matcher.name] = matcher.value;
	}
	const values: SeriesValue[] = [];
	for (const item of line.slice(end).trim().split(/\s+/).filter(Boolean)) {
		let match;
		if (item === '_') values.push(undefined);
		else if ((match = /^_x(\d+)$/.exec(item))) for (let i = 0; i < Number(match[1]); i++) values.push(undefined);
		else if (item === 'stale') values.push('stale');
		else if ((match = EXPANDING.exec(item))) {
			let value = number(match[1]!);
			const step = (match[2] === '-' ? -1 : 1) * number(match[3]!);
			for (let i = 0; i <= Number(match[4]); i++, value += step) values.push(value);
		} else if ((match = REPEATED.exec(item))) for (let i = 0; i <= Number(match[2]); i++) values.push(number(match[1]!));
		else values.push(number(item));
	}
	return {labels, values};
}

/** Prometheus' `almostEqual` of the test runner. */
function almostEqual(a: number, b: number): boolean {
	if (Number.isNaN(a) && Number.isNaN(b)) return true;
	if (a === b) return true;
	const diff = Math.abs(a - b);
	const minNormal = 2.2250738585072014e-308;
	if (a === 0 || b === 0 || diff < minNormal) return diff < 1e-6 * minNormal;
	return diff / (Math.abs(a) + Math.abs(b)) < 1e-6;
}

type Eval = {query: string; atMs: number; fail: boolean; ordered: boolean; line: number; scalar?: number; expected: Map<string, {position: number; value: number}>};

function check(evaluation: Eval, store: SeriesStore, outcome: TestFileOutcome): void {
	const {query, line} = evaluation;
	const fail = (message: string): void => {
		outcome.failures.push(`line ${line}: ${query}\n    ${message}`);
	};
	const result = evaluateInstant(query, store, evaluation.atMs);
	if (!result.ok && result.error.startsWith('unsupported in local evaluation')) return void outcome.skipped.push(`line ${line}: ${query} (${result.error})`);
	if (!result.ok) return evaluation.fail ? void outcome.passed++ : fail(`error: ${result.error}`);
	if (evaluation.fail) return fail('expected an error, got a result');
	const parsed = parsePromql(query);
	if (parsed.ok && typeOf(parsed.expr) === 'scalar') {
		const value = result.samples[0]?.value ?? Number.NaN;
		return almostEqual(evaluation.scalar ?? Number.NaN, value) ? void outcome.passed++ : fail(`expected scalar ${evaluation.scalar}, got ${value}`);
	}
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const [index, sample] of result.samples.entries()) {
		const key = labelText(sample.labels);
		const expected = evaluation.expected.get(key);
		if (!expected) problems.push(`unexpected ${key} ${sample.value}`);
		else if (!almostEqual(expected.value, sample.value)) problems.push(`${key}: expected ${expected.value}, got ${sample.value}`);
		else if (evaluation.ordered && expected.position !== index + 1) problems.push(`${key} at position ${index + 1}, expected ${expected.position}`);
		seen.add(key);
	}
	for (const [key, expected] of evaluation.expected) if (!seen.has(key)) problems.push(`missing ${key} ${expected.value}`);
	if (problems.length > 0) fail(problems.join('\n    '));
	else outcome.passed++;
}

/** Runs one `.test` file against the local evaluator. */
export function runTestFile(text: string): TestFileOutcome {
	const lines = text.split('\n').map(line => (line.trim().startsWith('#') ? '' : line.trim()));
	const outcome: TestFileOutcome = {passed: 0, skipped: [], failures: []};
	let store = new SeriesStore();
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		if (line === '') continue;
		if (line.toLowerCase() === 'clear') {
			store = new SeriesStore();
			continue;
		}
		const load = /^load\s+(.+)$/.exec(line);
		if (load) {
			const step = durationMs(load[1]!);
			// A series described twice in one load keeps its last description, as in Prometheus' runner.
			const definitions = new Map<string, ReturnType<typeof seriesDescription>>();
			for (; i + 1 < lines.length && lines[i + 1] !== ''; i++) {
				const definition = seriesDescription(lines[i + 1]!);
				definitions.set(labelText(definition.labels), definition);
			}
			for (const {labels, values} of definitions.values()) {
				for (const [index, value] of values.entries()) {
					if (value === 'stale') store.appendStaleMarker(labels, index * step);
					else if (value !== undefined) store.append(labels, index * step, value);
				}
			}
			continue;
		}
		const command = /^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/.exec(line);
		if (!command) throw new Error(`line ${i + 1}: unknown command ${line}`);
		const evaluation: Eval = {query: command[3]!, atMs: durationMs(command[2] ?? '0'), fail: command[1] === 'fail', ordered: command[1] === 'ordered', line: i + 1, expected: new Map()};
		for (let position = 1; i + 1 < lines.length && lines[i + 1] !== ''; position++, i++) {
			const scalar = parseNumberLiteral(lines[i + 1]!);
			if (typeof scalar === 'number') {
				evaluation.scalar = scalar;
				i++;
				break;
			}
			const {labels, values} = seriesDescription(lines[i + 1]!);
			const value = values[0];
			evaluation.expected.set(labelText(labels), {position, value: typeof value === 'number' ? value : Number.NaN});
		}
		check(evaluation, store, outcome);
	}
	return outcome;
}
