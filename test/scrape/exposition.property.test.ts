import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseExposition, type ExpositionSample} from '../../source/scrape/exposition.js';

// A fixed seed keeps CI reproducible; FC_SEED=random (or a number) explores further.
fc.configureGlobal({seed: process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20_261_123)});

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F]/;

/** Text built from the exposition's own syntax, controls and any character, so the fuzzer reaches deep into lines. */
const syntax = fc.constantFrom('{', '}', '"', '\\', '=', ',', ' ', '\t', '\n', '\r\n', '#', '# HELP ', '# TYPE ', ' counter', 'm', 'a', '_', ':', '1', '.', 'e', '-', '+Inf', 'NaN', '\u001B', '\u009B', '\u202E', '\uD800');
const hostileText = fc.string({unit: fc.oneof(syntax, fc.string({unit: 'grapheme', maxLength: 1}), fc.string({unit: 'binary', maxLength: 1})), maxLength: 400});

const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,20}$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/).filter(name => name !== '__name__');
/** Printable ASCII, quotes and backslashes included: the values that survive the sanitiser unchanged. */
const labelValue = fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map(code => String.fromCharCode(code)), minLength: 1, maxLength: 30});
const sampleValue = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-300, 1.7e308));
const timestamp = fc.option(fc.integer({min: 0, max: Number.MAX_SAFE_INTEGER}), {nil: undefined});

const sampleArbitrary: fc.Arbitrary<ExpositionSample> = fc
	.record({
		name: metricName,
		labels: fc.uniqueArray(fc.tuple(labelName, labelValue), {selector: ([name]) => name, maxLength: 5}),
		value: sampleValue,
		timestampMs: timestamp,
	})
	.map(({name, labels, value, timestampMs}) => ({labels: {__name__: name, ...Object.fromEntries(labels)}, value, ...(timestampMs === undefined ? {} : {timestampMs})}));

/** How one line is written: Prometheus accepts each of these. */
type Style = {blank: string; trailingComma: boolean; spaced: boolean; crlf: boolean; plusInf: boolean};

/** Ways of writing the same sample that Prometheus accepts. */
const style: fc.Arbitrary<Style> = fc.record({blank: fc.constantFrom(' ', '\t', '  '), trailingComma: fc.boolean(), spaced: fc.boolean(), crlf: fc.boolean(), plusInf: fc.boolean()});

function formatValue(value: number, plusInf: boolean): string {
	if (value === Number.POSITIVE_INFINITY) return plusInf ? '+Inf' : 'Inf';
	if (value === Number.NEGATIVE_INFINITY) return '-Inf';
	if (Object.is(value, -0)) return '-0';
	return Number.isNaN(value) ? 'NaN' : String(value);
}

function writeSample(sample: ExpositionSample, {blank, trailingComma, spaced, plusInf}: Style): string {
	const {__name__: name, ...labels} = sample.labels;
	const escape = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
	const pairs = Object.entries(labels).map(([label, value]) => (spaced ? `${label} = "${escape(value)}"` : `${label}="${escape(value)}"`));
	const set = pairs.length > 0 || trailingComma ? `{${pairs.join(spaced ? ' , ' : ',')}${trailingComma && pairs.length > 0 ? ',' : ''}}` : '';
	return `${name}${set}${blank}${formatValue(sample.value, plusInf)}${sample.timestampMs === undefined ? '' : `${blank}${sample.timestampMs}`}`;
}

describe('property: parseExposition', () => {
	it('never throws on any text, bounds its errors and hands on nothing unsafe', () => {
		fc.assert(
			fc.property(hostileText, fc.integer({min: 0, max: 5}), (text, maxErrors) => {
				const {samples, help, errors} = parseExposition(text, {maxErrors});
				expect(errors.length).toBeLessThanOrEqual(maxErrors + 2);
				for (const sample of samples) {
					expect(typeof sample.value).toBe('number');
					for (const [name, value] of Object.entries(sample.labels)) {
						expect(name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
						expect(value).not.toMatch(FORBIDDEN);
					}
				}
				for (const text of [...Object.values(help), ...errors]) expect(text).not.toMatch(FORBIDDEN);
			}),
			{numRuns: 1000},
		);
	});

	it('reads back every well-formed exposition it is given, whatever the spacing', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(sampleArbitrary, style), {maxLength: 20}), fc.boolean(), (lines, finalNewline) => {
				const text = lines.map(([sample, how]) => writeSample(sample, how) + (how.crlf ? '\r' : '')).join('\n') + (finalNewline ? '\n' : '');
				const {samples, errors} = parseExposition(text);
				expect(errors).toEqual([]);
				expect(samples).toEqual(lines.map(([sample]) => sample));
			}),
			{numRuns: 500},
		);
	});

	it('reads back HELP and TYPE lines', () => {
		const type = fc.constantFrom('counter', 'gauge', 'histogram', 'summary', 'untyped');
		const help = fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map(code => String.fromCharCode(code)), maxLength: 60});
		fc.assert(
			fc.property(fc.uniqueArray(fc.tuple(metricName, type, help), {selector: ([name]) => name, maxLength: 10}), families => {
				const text = families.map(([name, kind, text]) => `# HELP ${name} ${text.replaceAll('\\', '\\\\')}\n# TYPE ${name} ${kind}\n${name} 1`).join('\n');
				const exposition = parseExposition(text);
				expect(exposition.errors).toEqual([]);
				expect(exposition.types).toEqual(Object.fromEntries(families.map(([name, kind]) => [name, kind])));
				expect(exposition.help).toEqual(Object.fromEntries(families.map(([name, , text]) => [name, text])));
			}),
			{numRuns: 300},
		);
	});

	it('takes time linear in the input: 200 KB of any of these texts parse in under half a second (quadratic time would take seconds)', () => {
		fc.assert(
			fc.property(hostileText.filter(text => text.length > 0), text => {
				const big = text.repeat(Math.ceil(200_000 / text.length));
				const started = performance.now();
				parseExposition(big);
				expect(performance.now() - started).toBeLessThan(500);
			}),
			{numRuns: 100},
		);
	});
});
