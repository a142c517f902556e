import {describe, expect, it} from 'vitest';
import {compileAnchoredRegex} from '../../source/promql/regex.js';

function matches(pattern: string, value: string): boolean {
	const compiled = compileAnchoredRegex(pattern);
	if ('error' in compiled) throw new Error(compiled.error);
	return compiled.regex.test(value);
}

function fails(pattern: string): string {
	const compiled = compileAnchoredRegex(pattern);
	if (!('error' in compiled)) throw new Error(`${pattern} compiled`);
	return compiled.error;
}

describe('RE2 patterns as JS regexes', () => {
	it('are fully anchored', () => {
		expect(matches('2..', '200')).toBe(true);
		expect(matches('2..', '2000')).toBe(false);
		expect(matches('a|b', 'ab')).toBe(false);
		expect(matches('', '')).toBe(true);
	});

	it('keep RE2 meanings of ., \\s and code points', () => {
		expect(matches('.', '\n')).toBe(false);
		expect(matches('.', '\r')).toBe(true);
		expect(matches('.', '😀')).toBe(true);
		expect(matches('(?s).', '\n')).toBe(true);
		expect(matches('\\s', '\u00a0')).toBe(false);
		expect(matches('\\s', '\t')).toBe(true);
		expect(matches('[^\\s]+', 'ab')).toBe(true);
	});

	it('apply flags at the start, mid-group and scoped', () => {
		expect(matches('(?i)abc', 'AbC')).toBe(true);
		expect(matches('a(?i)b', 'aB')).toBe(true);
		expect(matches('a(?i)b', 'AB')).toBe(false);
		expect(matches('(?i:a)b', 'Ab')).toBe(true);
		expect(matches('(?i:a)b', 'AB')).toBe(false);
		expect(matches('((?i)a)b', 'Ab')).toBe(true);
		expect(matches('(?i)[a-c]x', 'BX')).toBe(true);
		expect(matches('(?i)k', '\u212a')).toBe(true);
		expect(matches('(?m)a$\\n^b', 'a\nb')).toBe(true);
		expect(matches('(?i)a(?-i)b', 'Ab')).toBe(true);
		expect(matches('(?i)a(?-i)b', 'AB')).toBe(false);
	});

	it('read RE2 escapes, classes and literals', () => {
		expect(matches('[]a]+', ']a')).toBe(true);
		expect(matches('[^]a]', 'b')).toBe(true);
		expect(matches('x{', 'x{')).toBe(true);
		expect(matches('a{2,}', 'aaa')).toBe(true);
		expect(matches('a{,2}', 'a{,2}')).toBe(true);
		expect(matches('\\Q.*\\E', '.*')).toBe(true);
		expect(matches('\\Q.*\\E', 'ab')).toBe(false);
		expect(matches('[[:alpha:]]+[[:digit:]]', 'ab1')).toBe(true);
		expect(matches('\\pL+', 'héllo')).toBe(true);
		expect(matches('\\p{Greek}', 'λ')).toBe(true);
		expect(matches('\\x{41}\\x42\\101', 'ABA')).toBe(true);
		expect(matches('\\#\\-\\/', '#-/')).toBe(true);
		expect(matches('\\Aab\\z', 'ab')).toBe(true);
		expect(matches('(?P<first>a)(b)', 'ab')).toBe(true);
	});

	it('reject what RE2 rejects', () => {
		expect(fails('(a')).toMatch(/^error parsing regexp/);
		expect(fails('\\1')).toMatch(/invalid escape sequence/);
		expect(fails('(?=a)')).toMatch(/invalid or unsupported Perl syntax/);
		expect(fails('(?<n>a)')).toMatch(/invalid or unsupported Perl syntax/);
		expect(fails('a{1001}')).toMatch(/invalid repeat count/);
		expect(fails('[b-a]')).toMatch(/invalid character class range/);
		expect(fails('\\')).toMatch(/trailing backslash/);
	});

	it('swap greediness under U and report group names', () => {
		const compiled = compileAnchoredRegex('(?U)(?P<head>a+)(a*)');
		if ('error' in compiled) throw new Error(compiled.error);
		expect(compiled.regex.exec('aaa')?.slice(1)).toEqual(['a', 'aa']);
		expect(compiled.groupNames).toEqual([undefined, 'head', undefined]);
	});
});
