import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseRunbookMarkdown} from '../../source/runbooks/parse-markdown.js';
import {defuseHeadings, readUrlRunbook} from '../../source/runbooks/load-url.js';
import {decodeAmAlert, decodeSilence} from '../../source/sources/alertmanager-client.js';
import {decodeRules, MAX_RULES} from '../../source/sources/decode-rules.js';
import {answerNotes, decodeAlert, decodeInstant} from '../../source/sources/prometheus-client.js';
import {parsePromValue} from '../../source/sources/prom-value.js';
import {decodeMatrix} from '../../source/sources/range-query.js';
import {redactSecrets} from '../../source/sources/redact.js';
import {withinTime} from './time-bound.js';

// Issue 6: every parser of outside data gets a fast-check property: it never throws, hands on nothing
// a terminal would interpret, and takes bounded time (each run under BOUND_MS for the sizes below:
// strings up to 200 000 characters, documents up to 256 KiB).
// A fixed seed keeps CI reproducible; FC_SEED=random (or a number) explores further.
fc.configureGlobal({seed: process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20_261_123)});

const BOUND_MS = 50;

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F]/;
/** The same, LF and TAB allowed (sanitizeText's multi-line mode keeps both): a rule's expression, a runbook step's detail and commands. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F]/;

const special = fc.constantFrom('\u001B', '\u001B[2J', '\u001B]52;c;ZXZpbA==\u0007', '\u009B', '\u009D', '\u0007', '\r', '\n', '\b', '\u007F', '\u202E', '\u2066', '\u200B', '\uD800', '\uFEFF', '[', ']', ';', ' ', '\t', '#', '%', '…');
const short = fc.string({unit: fc.oneof(special, fc.string({unit: 'grapheme', maxLength: 1})), maxLength: 60});
/** Now and then a very long string: a hostile piece repeated, up to 200 000 characters. */
const long = fc.tuple(short, fc.integer({min: 1, max: 20_000})).map(([text, times]) => (text || 'x').repeat(times).slice(0, 200_000));
const text = fc.oneof({weight: 5, arbitrary: short}, {weight: 1, arbitrary: long});
const scalar = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
const labels = fc.dictionary(fc.oneof(short, fc.constantFrom('__proto__', 'constructor', 'alertname', 'severity', 'summary', 'runbook_url')), scalar, {maxKeys: 12});
/** Anything JSON can carry, the wrong type for the field included. */
const anyField = fc.oneof(scalar, labels, fc.array(scalar, {maxLength: 4}), fc.jsonValue({maxDepth: 2}));
const promValue = fc.oneof(fc.constantFrom('+Inf', '-Inf', 'Inf', 'NaN', '1e-01', '0', '-0', '1e400', '', ' 1', '0x10', '1_0', 'inf', 'infinity'), fc.double().map(String), short);
const time = fc.oneof(fc.date({noInvalidDate: true}).map(date => date.toISOString()), fc.constant('0001-01-01T00:00:00Z'), short);

/** The string fields of an alert, all single-line. */
function expectInertAlert(alert: ReturnType<typeof decodeAlert>): void {
	for (const value of [alert.id, alert.name, alert.severity, alert.summary, alert.description, ...Object.keys(alert.labels), ...Object.values(alert.labels), ...Object.keys(alert.annotations), ...Object.values(alert.annotations)]) {
		expect(value).not.toMatch(FORBIDDEN);
	}
	expect(alert.value === undefined || typeof alert.value === 'number').toBe(true);
	expect(alert.activeAt === undefined || Number.isFinite(alert.activeAt)).toBe(true);
	if (alert.runbookUrl !== undefined) expect(alert.runbookUrl).toMatch(/^https?:\/\//);
	expect(['firing', 'pending', 'inactive']).toContain(alert.state);
}

describe('property: Prometheus answers', () => {
	it('parsePromValue reads every float as written, and nothing else as a number', () => {
		fc.assert(
			fc.property(fc.double(), value => {
				const read = parsePromValue(String(value));
				expect(Number.isNaN(value) ? Number.isNaN(read) : read === value).toBe(true);
			}),
			{numRuns: 500},
		);
		fc.assert(
			fc.property(fc.oneof(promValue, anyField), value => {
				const read = withinTime(() => parsePromValue(value), BOUND_MS);
				expect(read === undefined || typeof read === 'number').toBe(true);
			}),
			{numRuns: 500},
		);
	});

	it('decodeAlert takes any alert of /api/v1/alerts', () => {
		const alert = fc.record({labels: fc.oneof(labels, anyField), annotations: fc.oneof(labels, anyField), state: fc.oneof(fc.constantFrom('firing', 'pending', 'inactive'), short, anyField), activeAt: fc.oneof(time, anyField), value: fc.oneof(promValue, anyField)}, {requiredKeys: []});
		fc.assert(
			fc.property(fc.oneof({weight: 4, arbitrary: alert}, {weight: 1, arbitrary: fc.anything()}), raw => {
				expectInertAlert(withinTime(() => decodeAlert(raw), BOUND_MS));
			}),
			{numRuns: 300},
		);
	});

	it('decodeInstant and answerNotes take any query answer', () => {
		const series = fc.record({metric: fc.oneof(labels, anyField), value: fc.oneof(fc.tuple(fc.double(), promValue), anyField)}, {requiredKeys: []});
		const data = fc.oneof(
			fc.record({resultType: fc.oneof(fc.constantFrom('vector', 'scalar', 'matrix', 'string'), short), result: fc.oneof(fc.array(series, {maxLength: 30}), fc.tuple(fc.double(), promValue), anyField)}, {requiredKeys: []}),
			fc.anything(),
		);
		const body = fc.record({warnings: fc.oneof(fc.array(text, {maxLength: 15}), anyField), infos: fc.oneof(fc.array(text, {maxLength: 15}), anyField)}, {requiredKeys: []});
		fc.assert(
			fc.property(data, body, (raw, answer) => {
				const {samples, warning} = withinTime(() => decodeInstant(raw), BOUND_MS);
				for (const sample of samples) {
					expect(typeof sample.value).toBe('number');
					for (const [key, value] of Object.entries(sample.labels)) expect(`${key}${value}`).not.toMatch(FORBIDDEN);
				}
				if (warning !== undefined) expect(warning).not.toMatch(FORBIDDEN);
				const notes = withinTime(() => answerNotes(answer), BOUND_MS);
				expect(notes.length).toBeLessThanOrEqual(11);
				for (const note of notes) expect(note).not.toMatch(FORBIDDEN);
			}),
			{numRuns: 300},
		);
	});

	it('decodeMatrix takes any body of /api/v1/query_range, and reads every value as Prometheus wrote it', () => {
		const pair = fc.tuple(fc.oneof(fc.integer({min: 0, max: 2e9}), fc.double()), promValue);
		const series = fc.record({metric: fc.oneof(labels, anyField), values: fc.oneof(fc.array(pair, {maxLength: 40}), anyField)}, {requiredKeys: []});
		const answer = fc.record({status: fc.constant('success'), data: fc.oneof(fc.record({resultType: fc.oneof(fc.constant('matrix'), short), result: fc.oneof(fc.array(series, {maxLength: 20}), anyField)}), anyField)});
		fc.assert(
			fc.property(fc.oneof({weight: 4, arbitrary: answer.map(value => JSON.stringify(value))}, {weight: 1, arbitrary: text}), body => {
				const decoded = withinTime(() => decodeMatrix(body), BOUND_MS);
				if (typeof decoded === 'string') return void expect(decoded).not.toMatch(FORBIDDEN);
				for (const {labels: set, values} of decoded) {
					for (const [key, value] of Object.entries(set)) expect(`${key}${value}`).not.toMatch(FORBIDDEN);
					for (const [at, value] of values) expect(typeof at === 'number' && typeof value === 'number').toBe(true);
				}
			}),
			{numRuns: 300},
		);
		const wellFormed = fc.array(fc.tuple(fc.integer({min: 0, max: 2e9}), promValue), {maxLength: 40});
		fc.assert(
			fc.property(wellFormed, pairs => {
				const decoded = decodeMatrix(JSON.stringify({status: 'success', data: {resultType: 'matrix', result: [{metric: {}, values: pairs}]}}));
				expect(typeof decoded).not.toBe('string');
				const values = typeof decoded === 'string' ? new Map() : decoded[0]!.values;
				for (const [at, raw] of pairs) expect(Object.is(values.get(at * 1000), parsePromValue(raw) ?? Number.NaN) || pairs.filter(([other]) => other === at).length > 1).toBe(true);
			}),
			{numRuns: 200},
		);
	});

	it('decodeRules takes any answer of /api/v1/rules', () => {
		const rule = fc.record(
			{
				type: fc.oneof(fc.constantFrom('alerting', 'recording'), anyField),
				name: fc.oneof(text, anyField),
				query: fc.oneof(text, anyField),
				duration: fc.oneof(fc.double(), fc.integer(), short, anyField),
				labels: fc.oneof(labels, anyField),
				health: fc.oneof(fc.constantFrom('ok', 'err', 'unknown'), anyField),
				lastError: fc.oneof(text, anyField),
				lastEvaluation: fc.oneof(time, anyField),
				evaluationTime: fc.oneof(fc.double(), short, anyField),
			},
			{requiredKeys: []},
		);
		const group = fc.record({name: fc.oneof(text, anyField), file: fc.oneof(text, anyField), rules: fc.oneof(fc.array(rule, {maxLength: 20}), anyField)}, {requiredKeys: []});
		const data = fc.oneof({weight: 4, arbitrary: fc.record({groups: fc.oneof(fc.array(group, {maxLength: 5}), anyField)})}, {weight: 1, arbitrary: fc.anything()});
		fc.assert(
			fc.property(data, raw => {
				const {rules, dropped} = withinTime(() => decodeRules(raw), BOUND_MS);
				expect(dropped).toBe(0);
				for (const info of rules) {
					for (const value of [info.name, info.group, info.file ?? '', info.lastError ?? '', ...Object.keys(info.labels), ...Object.values(info.labels)]) expect(value).not.toMatch(FORBIDDEN);
					expect(info.expr).not.toMatch(FORBIDDEN_MULTILINE);
					expect(Number.isInteger(info.forMs) && info.forMs >= 0).toBe(true);
					expect(['ok', 'err', 'unknown']).toContain(info.health);
				}
			}),
			{numRuns: 200},
		);
	});

	it('decodeRules keeps at most MAX_RULES of a huge answer, quickly', () => {
		const rules = Array.from({length: MAX_RULES + 500}, (_, index) => ({type: 'alerting', name: `Rule${index}`, query: 'up == 0', duration: 60, labels: {severity: 'warning'}, health: 'ok'}));
		const {rules: kept, dropped} = withinTime(() => decodeRules({groups: [{name: 'g', rules}]}), 500);
		expect(kept).toHaveLength(MAX_RULES);
		expect(dropped).toBe(500);
	});
});

describe('property: Alertmanager answers', () => {
	it('decodeAmAlert and decodeSilence take anything /api/v2 sends', () => {
		const ids = fc.oneof(fc.array(text, {maxLength: 60}), anyField);
		const status = fc.record({state: fc.oneof(fc.constantFrom('active', 'suppressed', 'unprocessed'), short, anyField), silencedBy: ids, inhibitedBy: ids}, {requiredKeys: []});
		const alert = fc.record(
			{labels: fc.oneof(labels, anyField), annotations: fc.oneof(labels, anyField), startsAt: fc.oneof(time, anyField), endsAt: fc.oneof(time, anyField), status: fc.oneof(status, anyField), fingerprint: fc.oneof(text, anyField), generatorURL: fc.oneof(fc.webUrl(), text, anyField)},
			{requiredKeys: []},
		);
		const matcher = fc.record({name: fc.oneof(text, anyField), value: fc.oneof(text, anyField), isRegex: anyField, isEqual: anyField}, {requiredKeys: []});
		const silence = fc.record({id: fc.oneof(text, anyField), status: fc.oneof(fc.record({state: fc.oneof(short, anyField)}), anyField), createdBy: fc.oneof(text, anyField), comment: fc.oneof(text, anyField), startsAt: fc.oneof(time, anyField), endsAt: fc.oneof(time, anyField), matchers: fc.oneof(fc.array(matcher, {maxLength: 60}), anyField)}, {requiredKeys: []});
		fc.assert(
			fc.property(fc.oneof({weight: 4, arbitrary: alert}, {weight: 1, arbitrary: fc.anything()}), fc.oneof({weight: 4, arbitrary: silence}, {weight: 1, arbitrary: fc.anything()}), (rawAlert, rawSilence) => {
				const decoded = withinTime(() => decodeAmAlert(rawAlert), BOUND_MS);
				expectInertAlert(decoded);
				expect(decoded.state).toBe('firing');
				expect(['active', 'suppressed', 'unprocessed']).toContain(decoded.silenced?.state);
				expect(decoded.silenced!.silencedBy.length).toBeLessThanOrEqual(50);
				for (const id of [...decoded.silenced!.silencedBy.map(entry => entry.id), ...decoded.silenced!.inhibitedBy, decoded.silenced!.fingerprint ?? '']) expect(id).not.toMatch(FORBIDDEN);
				if (decoded.generatorUrl !== undefined) expect(decoded.generatorUrl).toMatch(/^https?:\/\//);
				const item = withinTime(() => decodeSilence(rawSilence), BOUND_MS);
				expect(['active', 'pending', 'expired']).toContain(item.state);
				expect(item.matchers.length).toBeLessThanOrEqual(50);
				for (const value of [item.id, item.createdBy, item.comment, ...item.matchers.flatMap(entry => [entry.name, entry.value])]) expect(value).not.toMatch(FORBIDDEN);
			}),
			{numRuns: 300},
		);
	});
});

/** Markdown built from markdown's own syntax, blanks of every kind (long runs too), controls and any character. */
const mdPiece = fc.constantFrom('#', '# ', '## ', '###### ', '####### ', '1. ', '2) ', '999. ', '1.', '```', '```promql', '```sh', '~~~', '````', '**', '__', '**Title.** ', '[a](http://x)', '[', '](', '(', ')', '- ', '* ', '\t', '   ', '    ', ' ', '\r', '\r\n', '\n', '\n', '\n\n', '\u00A0', '\u3000', 'word', 'Title', '%');
const blanks = fc.tuple(fc.constantFrom(' ', '\t', '\u00A0', ' \t', '\u3000'), fc.integer({min: 2, max: 20_000})).map(([blank, times]) => blank.repeat(times));
const markdown = fc.array(fc.oneof({weight: 8, arbitrary: mdPiece}, {weight: 2, arbitrary: short}, {weight: 1, arbitrary: blanks}), {maxLength: 400}).map(parts => parts.join(''));
const fragment = fc.option(fc.oneof(short, fc.constantFrom('%', '%zz', '%E0%A4%A', '%F0%9F', 'first', 'title', 'step-1')), {nil: undefined});

describe('property: runbook markdown from URLs', () => {
	it('readUrlRunbook reads any document as a runbook or skips it, never throws, in bounded time', () => {
		fc.assert(
			fc.property(markdown, fragment, (body, hash) => {
				const entry = withinTime(() => readUrlRunbook(body, {location: 'https://wiki.example/rb.md', alert: 'HighErrorRate', fragment: hash}), BOUND_MS);
				expect(['ok', 'skipped']).toContain(entry.state);
				if (entry.state === 'skipped') return void expect(entry.reason).not.toMatch(FORBIDDEN);
				if (entry.state !== 'ok') return;
				const {runbook} = entry;
				for (const value of [runbook.title, runbook.summary, ...runbook.steps.map(step => step.title)]) expect(value).not.toMatch(FORBIDDEN);
				for (const step of runbook.steps) {
					expect(step.detail ?? '').not.toMatch(FORBIDDEN_MULTILINE);
					for (const command of step.commands ?? []) expect(command.code).not.toMatch(FORBIDDEN_MULTILINE);
				}
				expect(runbook.steps.length).toBeLessThanOrEqual(50);
			}),
			{numRuns: 300},
		);
	});

	it('a 256 KiB document (the cap) with the worst lines still reads in bounded time', () => {
		for (const line of ['# a' + ' '.repeat(250_000) + 'b', '# a' + ' \t'.repeat(125_000) + 'b', '1. ' + '**a'.repeat(80_000), '1. x\n   ' + '[a](b'.repeat(50_000), '```\n'.repeat(60_000)]) {
			const entry = withinTime(() => readUrlRunbook(`${line}\n1. step\n`, {location: 'u', alert: 'A'}), 300);
			expect(['ok', 'skipped']).toContain(entry.state);
		}
	});

	it('defuseHeadings changes only the blanks of heading-like lines', () => {
		fc.assert(
			fc.property(markdown, body => {
				const out = defuseHeadings(body);
				const before = body.split('\n');
				const after = out.split('\n');
				expect(after).toHaveLength(before.length);
				for (const [index, line] of before.entries()) {
					expect(after[index]!.replaceAll(/\s+/g, ' ')).toBe(line.replaceAll(/\s+/g, ' '));
					if (!/^[ \t]{0,3}#/.test(line)) expect(after[index]).toBe(line);
				}
			}),
			{numRuns: 300},
		);
	});

	// parse-markdown.ts's heading pattern used to backtrack on a run of blanks inside a heading line
	// (~0.35 s for 1000 spaces, hours for the 256 KiB a URL may send); it reads headings without a regex tail now.
	it('parseRunbookMarkdown reads a heading with 100 000 blanks inside in bounded time', () => {
		withinTime(() => {
			try {
				parseRunbookMarkdown(`# a${' '.repeat(100_000)}b\n1. step\n`, {file: 'u', alert: 'A', source: 'url'});
			} catch {
				// Only the time counts here.
			}
		}, BOUND_MS);
	});
});

describe('property: redaction of secrets', () => {
	it('no secret survives in any text, cut short or whole, in bounded time', () => {
		const secret = fc.string({unit: fc.oneof(fc.constantFrom('a', 'b', '%', '/', ':', '…', '='), fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 1})), minLength: 4, maxLength: 64}).filter(value => !/\s/.test(value) && value.length >= 4);
		fc.assert(
			fc.property(fc.array(secret, {minLength: 1, maxLength: 32}), fc.array(fc.oneof(short, fc.nat()), {maxLength: 30}), (secrets, parts) => {
				const message = parts.map(part => (typeof part === 'number' ? secrets[part % secrets.length]! : part)).join(' ');
				const out = withinTime(() => redactSecrets(message, secrets), BOUND_MS);
				for (const value of secrets) expect(out).not.toContain(value);
			}),
			{numRuns: 300},
		);
	});

	it('stays linear on long texts full of cut points and long repetitive secrets', () => {
		const secrets = Array.from({length: 32}, (_, index) => `${'a'.repeat(2000)}${index}`);
		const message = `${'a'.repeat(1999)}…`.repeat(60);
		const out = withinTime(() => redactSecrets(message, secrets), 200);
		expect(out).not.toContain('a'.repeat(4));
	});
});
