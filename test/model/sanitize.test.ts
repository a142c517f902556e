import {eastAsianWidth} from 'get-east-asian-width';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {redactUrl, safeHttpUrl, sanitizeLabels, sanitizeText} from '../../source/model/sanitize.js';

/**
 * Cells a terminal gives text that has no emoji sequences left: wcwidth per code point (what tmux
 * does): combining marks, selectors and format characters 0, East Asian wide and full-width 2.
 */
function terminalWidth(text: string): number {
	let width = 0;
	for (const char of text) {
		if (/^[\p{Mn}\p{Me}\p{Cf}]$/u.test(char)) continue;
		width += eastAsianWidth(char.codePointAt(0)!);
	}
	return width;
}

const ESC = '\u001B';
const BEL = '\u0007';
/** How ESC is shown: the four characters `\x1b`. */
const VESC = '\\x1b';

/** Bidi controls and zero-width/invisible characters that must never be emitted raw. */
const INVISIBLE = [
	0x00ad, 0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069,
	0xfeff,
];
const INVISIBLE_SET = new Set(INVISIBLE);

/** Describes the first character of `output` a terminal must never receive, or undefined if there is none. */
function firstForbidden(output: string, multiLine = false): string | undefined {
	for (let index = 0; index < output.length; index++) {
		const code = output.charCodeAt(index);
		if (code < 0x20) {
			if (multiLine && (code === 0x09 || code === 0x0a)) continue;
			return `C0 0x${code.toString(16)} at ${index}`;
		}

		if (code >= 0x7f && code <= 0x9f) return `DEL/C1 0x${code.toString(16)} at ${index}`;
		if (INVISIBLE_SET.has(code)) return `invisible U+${code.toString(16)} at ${index}`;
		if (code >= 0xd800 && code <= 0xdbff) {
			const next = output.charCodeAt(index + 1);
			if (!(next >= 0xdc00 && next <= 0xdfff)) return `lone high surrogate at ${index}`;
			index++;
		} else if (code >= 0xdc00 && code <= 0xdfff) {
			return `lone low surrogate at ${index}`;
		}
	}

	return undefined;
}

function codePointLength(text: string): number {
	return [...text].length;
}

describe('sanitizeText: terminal escape sequences (RELIABILITY 2)', () => {
	const cases: Array<[name: string, input: string, expected: string]> = [
		['CSI colour', `${ESC}[31mred${ESC}[0m`, String.raw`\x1b[31mred\x1b[0m`],
		['OSC 52 clipboard write (BEL)', `${ESC}]52;c;ZXZpbA==${BEL}`, String.raw`\x1b]52;c;ZXZpbA==\x07`],
		[
			'OSC 8 hyperlink (ST)',
			`${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`,
			`${VESC}]8;;https://evil.example/${VESC}\\click${VESC}]8;;${VESC}\\`,
		],
		['DCS', `${ESC}P1$qm${ESC}\\`, `${VESC}P1$qm${VESC}\\`],
		['APC', `${ESC}_Gf=100;AAAA${ESC}\\`, `${VESC}_Gf=100;AAAA${VESC}\\`],
		['8-bit CSI', '\u009B31mred', String.raw`\x9b31mred`],
		['8-bit OSC', '\u009D52;c;ZXZpbA==\u009C', String.raw`\x9d52;c;ZXZpbA==\x9c`],
		['8-bit DCS', '\u0090q\u009C', String.raw`\x90q\x9c`],
		['CR overwrite trick', 'safe\rEVIL', String.raw`safe\rEVIL`],
		['backspaces', 'rm -rf /tmp/x\b\b\b\b\b\b\b\b\b\b\b\b\b', `rm -rf /tmp/x${String.raw`\x08`.repeat(13)}`],
		['DEL', 'a\u007Fb', String.raw`a\x7fb`],
		['lone ESC at end', `text${ESC}`, String.raw`text\x1b`],
		['NUL and other C0', 'a\u0000b\u0001c\u001Fd', String.raw`a\x00b\x01c\x1fd`],
		['cursor movement and erase', `${ESC}[2J${ESC}[H${ESC}[1A`, String.raw`\x1b[2J\x1b[H\x1b[1A`],
	];

	it.each(cases)('%s is shown visibly, never emitted', (_name, input, expected) => {
		const output = sanitizeText(input);
		expect(output).toBe(expected);
		expect(firstForbidden(output)).toBeUndefined();
		expect(firstForbidden(sanitizeText(input, {singleLine: false}), true)).toBeUndefined();
	});

	it('shows every C0 control, DEL and C1 control as \\xNN (LF/CR as \\n/\\r)', () => {
		for (let code = 0; code <= 0x9f; code++) {
			if (code >= 0x20 && code < 0x7f) continue;
			const output = sanitizeText(String.fromCharCode(code));
			if (code === 0x09) expect(output).toBe(' ');
			else if (code === 0x0a) expect(output).toBe(String.raw`\n`);
			else if (code === 0x0d) expect(output).toBe(String.raw`\r`);
			else expect(output).toBe(`\\x${code.toString(16).padStart(2, '0')}`);
		}
	});
});

describe('sanitizeText: bidi and invisible characters (RELIABILITY 3)', () => {
	it('shows Trojan Source bidi overrides as markers', () => {
		// CVE-2021-42574: "access level" check that reads differently from how it runs.
		const input = 'if (accessLevel != "user\u202E \u2066// Check if admin\u2069 \u2066") {';
		const output = sanitizeText(input);
		expect(output).toBe('if (accessLevel != "user<U+202E> <U+2066>// Check if admin<U+2069> <U+2066>") {');
		expect(firstForbidden(output)).toBeUndefined();
	});

	it.each(INVISIBLE)('marks U+%s', code => {
		const marker = `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
		expect(sanitizeText(`a${String.fromCharCode(code)}b`)).toBe(`a${marker}b`);
	});

	it('marks a zero-width joiner hidden inside a name', () => {
		expect(sanitizeText('claude\u200Dcode')).toBe('claude<U+200D>code');
		expect(sanitizeText('ad\u200Bmin')).toBe('ad<U+200B>min');
	});

	it('replaces lone surrogates with U+FFFD and keeps valid pairs', () => {
		expect(sanitizeText('a\uD800b')).toBe('a\uFFFDb');
		expect(sanitizeText('a\uDC00b')).toBe('a\uFFFDb');
		expect(sanitizeText('\uDBFF')).toBe('\uFFFD');
		expect(sanitizeText('\uD83D\uDE00')).toBe('😀');
		expect(sanitizeText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
	});
});

describe('sanitizeText: newlines (RELIABILITY 4)', () => {
	it('shows newlines as \\n in single-line mode (the default), so they cannot fake rows', () => {
		const output = sanitizeText('ok\nFAKE ROW: all agents healthy\r\nmore');
		expect(output).toBe(String.raw`ok\nFAKE ROW: all agents healthy\r\nmore`);
		expect(output).not.toContain('\n');
	});

	it('turns TAB into a space in single-line mode', () => {
		expect(sanitizeText('a\tb')).toBe('a b');
		expect(sanitizeText('a\tb', {singleLine: true})).toBe('a b');
	});

	it('keeps LF and TAB in multi-line mode, and turns CRLF into LF', () => {
		expect(sanitizeText('line 1\n\tline 2\r\nline 3', {singleLine: false})).toBe('line 1\n\tline 2\nline 3');
	});

	it('still shows a lone CR and other controls in multi-line mode', () => {
		expect(sanitizeText(`safe\rEVIL\n${ESC}[2K`, {singleLine: false})).toBe(`${String.raw`safe\rEVIL`}\n${String.raw`\x1b[2K`}`);
	});
});

describe('sanitizeText: length and cost (RELIABILITY 5)', () => {
	it('handles a 1 MB string of mixed hostile content with bounded output', () => {
		const pieces = [`${ESC}]52;c;ZXZpbA==${BEL}`, '\u202E', '\u009B31m', '\uD800', 'abc', '😀', '\r\b\u007F', `${ESC}[`, '\u200D'];
		const chunks: string[] = [];
		let size = 0;
		for (let index = 0; size < 1_000_000; index++) {
			const piece = pieces[index % pieces.length]!;
			chunks.push(piece);
			size += piece.length;
		}

		const input = chunks.join('');
		const output = sanitizeText(input);
		expect(codePointLength(output)).toBeLessThanOrEqual(4096);
		expect(output.endsWith('…')).toBe(true);
		expect(firstForbidden(output)).toBeUndefined();

		const multiLine = sanitizeText(input, {singleLine: false, maxLength: 10_000});
		expect(codePointLength(multiLine)).toBeLessThanOrEqual(10_000);
		expect(firstForbidden(multiLine, true)).toBeUndefined();

		const unlimited = sanitizeText(input, {maxLength: Number.POSITIVE_INFINITY});
		expect(unlimited.endsWith('…')).toBe(false);
		expect(firstForbidden(unlimited)).toBeUndefined();
	});

	it('handles a megabyte of emoji pieces it drops or pairs (selectors, skin tones, regional indicators) in linear time', () => {
		const started = performance.now();
		expect(sanitizeText('\uFE0F'.repeat(1_000_000))).toBe('');
		expect(sanitizeText(`x${'\u{1F3FD}'.repeat(500_000)}`)).toBe('x');
		expect(sanitizeText(`${'\u{1F1E6}'}${'\uFE0F'.repeat(1_000_000)}${'\u{1F1E6}'}`)).toBe('<U+1F1E6><U+1F1E6>');
		expect(codePointLength(sanitizeText('\u{1F1FA}\u{1F1F8}\u20E3'.repeat(300_000)))).toBeLessThanOrEqual(4096);
		// Tens of milliseconds each; the bound only catches a quadratic pass.
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('handles a 1 MB run of a single control character', () => {
		const output = sanitizeText(ESC.repeat(1_000_000), {maxLength: 100});
		expect(output).toBe(`${String.raw`\x1b`.repeat(24)}…`);
	});

	it('truncates to maxLength code points with a trailing …', () => {
		expect(sanitizeText('abcdef', {maxLength: 4})).toBe('abc…');
		expect(sanitizeText('abcd', {maxLength: 4})).toBe('abcd');
		expect(sanitizeText('abcde', {maxLength: 1})).toBe('…');
		expect(sanitizeText('abc', {maxLength: 0})).toBe('');
		expect(sanitizeText('a'.repeat(5000))).toBe(`${'a'.repeat(4095)}…`);
		expect(sanitizeText('a'.repeat(4096))).toBe('a'.repeat(4096));
	});

	it('never cuts an escape or a marker in half', () => {
		expect(sanitizeText(`ab${ESC}cd`, {maxLength: 5})).toBe('ab…');
		expect(sanitizeText(`ab${ESC}`, {maxLength: 6})).toBe(String.raw`ab\x1b`);
		expect(sanitizeText('ab\u202Ecd', {maxLength: 8})).toBe('ab…');
	});

	it('counts code points, not UTF-16 units, and keeps surrogate pairs whole', () => {
		expect(sanitizeText('😀😀😀😀😀', {maxLength: 3})).toBe('😀😀…');
		expect(sanitizeText('😀😀😀', {maxLength: 3})).toBe('😀😀😀');
	});
});

describe('sanitizeText: ordinary text', () => {
	it('passes emoji, flags, CJK and accented text through unchanged', () => {
		for (const text of ['🚀 deploy done 👍', '🇯🇵 ❤ ☁ 🔥 ⌚', '任务完成 タスク 작업', 'Ünïcödé café', 'ok', '']) {
			expect(sanitizeText(text)).toBe(text);
		}
	});

	it('coerces non-strings with String()', () => {
		expect(sanitizeText(null)).toBe('');
		expect(sanitizeText(undefined)).toBe('');
		expect(sanitizeText(42)).toBe('42');
		expect(sanitizeText(Number.NaN)).toBe('NaN');
		expect(sanitizeText(true)).toBe('true');
		expect(sanitizeText(10n)).toBe('10');
		expect(sanitizeText({toString: () => `x${ESC}y`})).toBe(String.raw`x\x1by`);
	});

	it('does not throw on values String() cannot convert', () => {
		expect(sanitizeText(Object.create(null))).toBe('');
		expect(
			sanitizeText({
				toString() {
					throw new Error('nope');
				},
			}),
		).toBe('');
	});
});

describe('sanitizeText: emoji as wide for Ink as in a terminal', () => {
	// Widths measured in tmux 3.3a (glibc 2.36) against string-width 8.3, Ink's measure: see sanitize.ts.
	const cases: Array<[string, string, string]> = [
		['VS16 on a text-default symbol (Ink 2, tmux 1)', 'up ☁️ ❤️ ⚠️ ✔️ ↔️ ©️', 'up ☁ ❤ ⚠ ✔ ↔ ©'],
		['VS15 (dropped all the same)', '✌︎ ⌚︎', '✌ ⌚'],
		['keycaps (Ink 2, tmux 1)', '1️⃣ #️⃣ *⃣ 0⃣', '1<U+20E3> #<U+20E3> *<U+20E3> 0<U+20E3>'],
		['an enclosing keycap on another character (1 and 1)', 'a⃣', 'a⃣'],
		['ZWJ sequences, split', '👩‍💻 🏳️‍🌈', '👩<U+200D>💻 🏳<U+200D>🌈'],
		['skin tones after a character (Ink: joined, tmux: 2 more)', '👍🏽 ✋🏻 a🏿', '👍 ✋ a'],
		['a skin tone first (2 and 2)', '🏽 x', '🏽 x'],
		['flags (2 and 2), a lone regional indicator (1 and 1)', '🇺🇸🇬🇧 🇺', '🇺🇸🇬🇧 🇺'],
		['regional indicators that are no flag (Ink 1, tmux 2)', '🇦🇦🇺🇸', '<U+1F1E6><U+1F1E6>🇺🇸'],
		['a flag pair split by a dropped selector still pairs', '🇺️🇸 🇦🏽🇦', '🇺🇸 <U+1F1E6><U+1F1E6>'],
		['pictographs newer than Unicode 14 (tmux 0)', '🫨 🩵 🪿 🛜', '<U+1FAE8> <U+1FA75> <U+1FABF> <U+1F6DC>'],
		['pictographs of Unicode 14 and before', '🩻 🫶 🥲 🫠', '🩻 🫶 🥲 🫠'],
	];

	it.each(cases)('%s', (_name, input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it('gives every mix of emoji pieces the width a terminal draws: per code point, wide ones 2, marks and selectors 0', () => {
		const pieces = ['☁', '❤', '1', '#', 'a', ' ', '👍', '🔥', '👩', '💻', '⌚', '\uFE0F', '\uFE0E', '\u20E3', '\u200D', '🏽', '🇺', '🇸', '🇦', '🫨', '監'];
		const random = (() => {
			let state = 7;
			return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
		})();
		for (let round = 0; round < 3000; round++) {
			const input = Array.from({length: 1 + Math.floor(random() * 8)}, () => pieces[Math.floor(random() * pieces.length)]!).join('');
			const output = sanitizeText(input);
			expect(stringWidth(output), `${JSON.stringify(input)} → ${JSON.stringify(output)}`).toBe(terminalWidth(output));
		}
	});
});

describe('sanitizeText: randomized', () => {
	/** Mulberry32: a small seeded PRNG, so failures are reproducible. */
	function mulberry32(seed: number): () => number {
		let state = seed >>> 0;
		return () => {
			state = (state + 0x6d_2b_79_f5) >>> 0;
			let t = state;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
		};
	}

	it('never throws and never emits a forbidden character over 2,000 random strings', () => {
		const random = mulberry32(0x5eed);
		const pick = (n: number) => Math.floor(random() * n);
		for (let round = 0; round < 2000; round++) {
			const units: string[] = [];
			const length = pick(80);
			for (let index = 0; index < length; index++) {
				const kind = random();
				if (kind < 0.35) units.push(String.fromCharCode(pick(0xa0))); // C0, ASCII, DEL, C1
				else if (kind < 0.45) units.push(String.fromCharCode(INVISIBLE[pick(INVISIBLE.length)]!));
				else if (kind < 0.55) units.push(String.fromCharCode(0xd800 + pick(0x800))); // Lone or paired surrogates
				else if (kind < 0.75) units.push(String.fromCharCode(0x20 + pick(0x5f)));
				else if (kind < 0.9) units.push(String.fromCharCode(pick(0x10000)));
				else units.push(String.fromCodePoint(0x10000 + pick(0x100000)));
			}

			const input = units.join('');
			const singleLine = random() < 0.5;
			const maxLength = random() < 0.3 ? undefined : pick(120);
			let output = '';
			expect(() => {
				output = sanitizeText(input, {singleLine, maxLength});
			}).not.toThrow();
			expect(firstForbidden(output, !singleLine), JSON.stringify(input)).toBeUndefined();
			expect(codePointLength(output)).toBeLessThanOrEqual(maxLength ?? 4096);
		}
	});
});

describe('sanitizeLabels', () => {
	it('sanitises keys and values, values single-line', () => {
		expect(sanitizeLabels({alertname: 'HighAPIErrorRate', [`bad${ESC}key`]: `v\n${ESC}]52;c;x${BEL}`, agent: 'claude\u202E'})).toEqual({
			alertname: 'HighAPIErrorRate',
			[String.raw`bad\x1bkey`]: String.raw`v\n\x1b]52;c;x\x07`,
			agent: 'claude<U+202E>',
		});
	});

	it('returns {} for anything that is not an object', () => {
		for (const value of [null, undefined, 'a=b', 42, true, ['a', 'b']]) expect(sanitizeLabels(value)).toEqual({});
	});

	it('coerces non-string values', () => {
		expect(sanitizeLabels({a: 1, b: null, c: false})).toEqual({a: '1', b: '', c: 'false'});
	});

	it('caps keys at 128 and values at 1024 code points', () => {
		const result = sanitizeLabels({['k'.repeat(500)]: 'v'.repeat(5000)});
		const [key, value] = Object.entries(result)[0]!;
		expect(codePointLength(key)).toBe(128);
		expect(key.endsWith('…')).toBe(true);
		expect(codePointLength(value)).toBe(1024);
		expect(value.endsWith('…')).toBe(true);
	});

	it('keeps at most 200 entries', () => {
		const labels: Record<string, string> = {};
		for (let index = 0; index < 1000; index++) labels[`label_${index}`] = String(index);
		expect(Object.keys(sanitizeLabels(labels))).toHaveLength(200);
	});

	it('treats __proto__ as an ordinary key and does not pollute prototypes', () => {
		const result = sanitizeLabels(JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c"}'));
		expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
		expect(Object.keys(result).sort()).toEqual(['__proto__', 'constructor']);
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});
});

describe('safeHttpUrl (RELIABILITY 6)', () => {
	it('accepts http and https URLs', () => {
		expect(safeHttpUrl('https://runbooks.example.com/HighAPIErrorRate')).toBe('https://runbooks.example.com/HighAPIErrorRate');
		expect(safeHttpUrl('http://localhost:9090/graph?g0.expr=up&g0.tab=1')).toBe('http://localhost:9090/graph?g0.expr=up&g0.tab=1');
	});

	it('returns an ASCII-only serialisation', () => {
		const url = safeHttpUrl('https://例え.jp/ä');
		expect(url).toBe('https://xn--r8jz45g.jp/%C3%A4');
	});

	it('rejects other protocols', () => {
		for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'ftp://example.com/', 'mailto:a@b.c']) {
			expect(safeHttpUrl(url)).toBeUndefined();
		}
	});

	it('rejects text that is not a URL, and non-strings', () => {
		for (const url of ['', 'runbooks/x.md', 'http://', 'https://exa mple.com', null, undefined, 42, {href: 'https://example.com'}]) {
			expect(safeHttpUrl(url)).toBeUndefined();
		}
	});

	it('rejects URLs carrying control, whitespace, bidi or invisible characters', () => {
		for (const url of [
			`https://example.com/${ESC}]8;;https://evil/${ESC}\\`,
			`https://example.com/${BEL}`,
			'https://example.com/\u009Dx',
			'https://example.com/a\nb',
			'https://example.com/a\tb',
			'https://example.com/a\rb',
			' https://example.com/',
			'https://example.com/ ',
			'https://example.com/a b',
			'https://example.com/a\u00A0b',
			'https://example.com/\u202Efdp.exe',
			'https://exa\u200Bmple.com/',
			'https://example.com/\uFEFF',
			'https://example.com/\uD800',
			'https://example.com/\u007F',
		]) {
			expect(safeHttpUrl(url), JSON.stringify(url)).toBeUndefined();
		}
	});
});

describe('redactUrl', () => {
	it('removes userinfo', () => {
		expect(redactUrl('https://user:pass@host/x')).toBe('https://***@host/x');
		expect(redactUrl('https://user@host/x')).toBe('https://***@host/x');
		expect(redactUrl('https://:pass@host/x')).toBe('https://***@host/x');
	});

	it('hides the values of secret-looking query parameters', () => {
		expect(redactUrl('https://host/api?token=abc&query=up')).toBe('https://host/api?token=***&query=up');
		expect(redactUrl('https://host/?PASSWORD=x&Pass=y&secret=z&key=k&auth=a&apikey=b&API_KEY=c&access_token=d')).toBe(
			'https://host/?PASSWORD=***&Pass=***&secret=***&key=***&auth=***&apikey=***&API_KEY=***&access_token=***',
		);
		expect(redactUrl('https://host/?apiKey=1&X-Auth-Token=2&client_secret=3&refresh_token=4')).toBe(
			'https://host/?apiKey=***&X-Auth-Token=***&client_secret=***&refresh_token=***',
		);
	});

	it('keeps other parameters and their encoding as they are', () => {
		const url = 'http://prometheus:9090/graph?g0.expr=up%7Bjob%3D%22ai-coordination-server%22%7D&g0.tab=1&author=me&keyword=x';
		expect(redactUrl(url)).toBe(url);
	});

	it('hides secrets in the fragment', () => {
		expect(redactUrl('https://host/cb#access_token=abc&state=1')).toBe('https://host/cb#access_token=***&state=1');
	});

	it('combines userinfo and parameters', () => {
		expect(redactUrl('https://admin:hunter2@prom.example:9090/api/v1/query?query=up&token=t0k')).toBe(
			'https://***@prom.example:9090/api/v1/query?query=up&token=***',
		);
	});

	it('redacts text that is not a valid URL', () => {
		expect(redactUrl('user:hunter2@host:9090/metrics')).toBe('***@host:9090/metrics');
		expect(redactUrl('http://user:pw@[bad/x')).toBe('http://***@[bad/x');
		expect(redactUrl('not a url?token=abc')).toBe('not a url?token=***');
		expect(redactUrl('plain text')).toBe('plain text');
	});

	it('sanitises the result', () => {
		const output = redactUrl(`http://user:pw@[bad${ESC}]52;c;x${BEL}`);
		expect(output).toBe(String.raw`http://***@[bad\x1b]52;c;x\x07`);
		expect(firstForbidden(redactUrl(`https://host/a${ESC}b`))).toBeUndefined();
	});
});
