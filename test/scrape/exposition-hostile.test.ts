import {describe, expect, it} from 'vitest';
import {parseExposition} from '../../source/scrape/exposition.js';

// Anything a terminal would act on: C0 and C1 controls, DEL, bidi overrides and isolates, zero-width characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\uFEFF]/;

const escapeForLabel = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

/** Every string the exposition hands on: label names and values, HELP text, errors. */
function strings(text: string): string[] {
	const {samples, help, types, errors} = parseExposition(text);
	return [...samples.flatMap(sample => Object.entries(sample.labels).flat()), ...Object.entries(help).flat(), ...Object.keys(types), ...errors];
}

const HOSTILE: Record<string, string> = {
	'clear screen': '\u001B[2J\u001B[H',
	'OSC 52 clipboard write (BEL)': '\u001B]52;c;cm0gLXJmIH4=\u0007',
	'OSC 8 link (ST)': '\u001B]8;;https://evil.example\u001B\\click\u001B]8;;\u001B\\',
	'8-bit CSI and OSC': '\u009B31m red \u009D0;title\u009C',
	'DCS and APC': '\u0090q\u009C \u009F_x\u009C',
	'bidi override (Trojan Source)': 'admin\u202E\u2066 // ok\u2069\u202C',
	'zero-width and BOM': 'a\u200Bb\u200Dc\uFEFF',
	'CR, BS, DEL': 'ok\rFAKE\b\u007F',
	'lone surrogate': 'x\uD800y',
};

describe('parseExposition sanitises every string from the server', () => {
	for (const [what, payload] of Object.entries(HOSTILE)) {
		it(`label values and HELP: ${what}`, () => {
			const text = `# HELP m ${payload.replaceAll('\\', '\\\\')}\n# TYPE m gauge\nm{agent="${escapeForLabel(payload)}"} 1\n`;
			const {samples, help, errors} = parseExposition(text);
			expect(errors).toEqual([]);
			expect(samples).toHaveLength(1);
			expect(samples[0]!.labels.agent).not.toMatch(FORBIDDEN);
			expect(help.m).not.toMatch(FORBIDDEN);
			for (const out of strings(text)) expect(out).not.toMatch(FORBIDDEN);
		});
	}

	it('shows controls visibly instead of dropping them', () => {
		const {samples} = parseExposition(`m{a="${HOSTILE['clear screen']}",b="${HOSTILE['bidi override (Trojan Source)']}"} 1`);
		expect(samples[0]!.labels.a).toBe('\\x1b[2J\\x1b[H');
		expect(samples[0]!.labels.b).toBe('admin<U+202E><U+2066> // ok<U+2069><U+202C>');
	});

	it('raw control characters outside label values make the line an error whose message is sanitised too', () => {
		for (const line of ['m\u001B[2J 1', 'm{a="1"}\u009B 1', 'm 1\u202E', '\u001B]52;c;eA==\u0007 1', '# TYPE m \u001B[31mgauge']) {
			const {samples, errors} = parseExposition(line);
			expect(samples, JSON.stringify(line)).toEqual([]);
			expect(errors).toHaveLength(1);
			expect(errors[0]).not.toMatch(FORBIDDEN);
		}
	});

	it('truncates a 1 MB label value and a 1 MB HELP text, in milliseconds', () => {
		const huge = `${'\u001B[31m'.repeat(50_000)}${'x'.repeat(1_000_000)}`;
		const started = performance.now();
		const {samples, help, errors} = parseExposition(`# HELP m ${huge}\nm{a="${huge}",b="${'y'.repeat(1_000_000)}"} 1\n`);
		expect(performance.now() - started).toBeLessThan(500);
		expect(errors).toEqual([]);
		for (const text of [samples[0]!.labels.a!, samples[0]!.labels.b!, help.m!]) {
			expect([...text].length).toBeLessThanOrEqual(1024);
			expect(text.endsWith('…')).toBe(true);
			expect(text).not.toMatch(FORBIDDEN);
		}
	});

	it('bounds the error messages of huge bad lines', () => {
		const {errors} = parseExposition(`${'{'.repeat(1_000_000)}\nm{a="1",${'b'.repeat(2000)}="2"} 1\nm ${'9'.repeat(1_000_000)}x`);
		expect(errors).toHaveLength(3);
		for (const error of errors) expect(error.length).toBeLessThan(120);
	});
});
