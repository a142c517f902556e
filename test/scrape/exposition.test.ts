import {describe, expect, it} from 'vitest';
import {parseExposition, type ExpositionSample} from '../../source/scrape/exposition.js';

const one = (text: string): ExpositionSample => {
	const {samples, errors} = parseExposition(text);
	expect(errors).toEqual([]);
	expect(samples).toHaveLength(1);
	return samples[0]!;
};
const value = (text: string) => one(text).value;
const errorsOf = (text: string) => parseExposition(text).errors;

describe('parseExposition: the text format', () => {
	it('reads HELP, TYPE and samples with labels, in input order', () => {
		const text = [
			'# HELP http_requests_total The total number of HTTP requests.',
			'# TYPE http_requests_total counter',
			'http_requests_total{method="post",code="200"} 1027 1395066363000',
			'http_requests_total{method="post",code="400"}    3 1395066363000',
			'',
			'# A normal comment.',
			'metric_without_timestamp_and_labels 12.47',
			'ns:rule_name:rate5m{job="api"} 0.5',
		].join('\n');
		const {samples, types, help, errors} = parseExposition(text);
		expect(errors).toEqual([]);
		expect(types).toEqual({http_requests_total: 'counter'});
		expect(help).toEqual({http_requests_total: 'The total number of HTTP requests.'});
		expect(samples).toEqual([
			{labels: {__name__: 'http_requests_total', method: 'post', code: '200'}, value: 1027, timestampMs: 1_395_066_363_000},
			{labels: {__name__: 'http_requests_total', method: 'post', code: '400'}, value: 3, timestampMs: 1_395_066_363_000},
			{labels: {__name__: 'metric_without_timestamp_and_labels'}, value: 12.47},
			{labels: {__name__: 'ns:rule_name:rate5m', job: 'api'}, value: 0.5},
		]);
	});

	it('unescapes \\\\, \\" and \\n in label values, and keeps any other backslash', () => {
		expect(one('m{a="x\\\\y"} 1').labels.a).toBe('x\\y');
		expect(one('m{a="say \\"hi\\""} 1').labels.a).toBe('say "hi"');
		expect(one('m{path="C:\\temp\\x"} 1').labels.path).toBe('C:\\temp\\x');
		expect(one('m{a="\\\\n"} 1').labels.a).toBe('\\n');
		// A real newline is shown as the two characters \n by the sanitiser: it cannot fake a row.
		expect(one('m{a="line1\\nline2"} 1').labels.a).toBe('line1\\nline2');
		expect(one('m{a="{},=# \\"}"} 1').labels.a).toBe('{},=# "}');
	});

	it('reads each line on its own, when consecutive lines repeat or nearly repeat names and values', () => {
		const text = ['m{a="abc",b="x"} 1', 'm{a="abc",b="x"} 2', 'm{a="ab\\"c",b="x"} 3', 'm{a="abcd",b="\u001b"} 4', 'm{b="x",a="abc"} 5', 'mm{a="abc"} 6', 'm 7'].join('\n');
		expect(parseExposition(text).samples.map(sample => sample.labels)).toEqual([
			{__name__: 'm', a: 'abc', b: 'x'},
			{__name__: 'm', a: 'abc', b: 'x'},
			{__name__: 'm', a: 'ab"c', b: 'x'},
			{__name__: 'm', a: 'abcd', b: '\\x1b'},
			{__name__: 'm', b: 'x', a: 'abc'},
			{__name__: 'mm', a: 'abc'},
			{__name__: 'm'},
		]);
	});

	it('takes label sets with spaces, a trailing comma, no comma between labels, or no labels', () => {
		expect(one('m{a="1",} 1').labels).toEqual({__name__: 'm', a: '1'});
		expect(one('m{ a = "1" ,\tb="2" } 1').labels).toEqual({__name__: 'm', a: '1', b: '2'});
		expect(one('m{a="1" b="2"} 1').labels).toEqual({__name__: 'm', a: '1', b: '2'});
		expect(one('m{} 1').labels).toEqual({__name__: 'm'});
		expect(one('m {a="1"} 1').labels).toEqual({__name__: 'm', a: '1'});
		expect(one('m{a="1"}1').value).toBe(1);
	});

	it('drops labels with an empty value, as Prometheus does', () => {
		expect(one('m{a="",b="2"} 1').labels).toEqual({__name__: 'm', b: '2'});
	});

	it('reads values: decimals, exponents, NaN and the infinities; rejects hex, underscores and overflow', () => {
		expect(value('m 1e3')).toBe(1000);
		expect(value('m 1.5E-3')).toBe(0.0015);
		expect(value('m -0.25')).toBe(-0.25);
		expect(value('m .5')).toBe(0.5);
		expect(value('m 5.')).toBe(5);
		expect(value('m +7')).toBe(7);
		expect(Object.is(value('m -0'), -0)).toBe(true);
		expect(value('m NaN')).toBeNaN();
		expect(value('m nan')).toBeNaN();
		expect(value('m +Inf')).toBe(Number.POSITIVE_INFINITY);
		expect(value('m Inf')).toBe(Number.POSITIVE_INFINITY);
		expect(value('m -Inf')).toBe(Number.NEGATIVE_INFINITY);
		expect(value('m -infinity')).toBe(Number.NEGATIVE_INFINITY);
		expect(value('m 1e-400')).toBe(0);
		for (const bad of ['0x10', '1_000', '1e400', '+NaN', 'Infinit', '1e', '.', '-', 'abc', '1.2.3', '0b1', '١']) {
			expect(errorsOf(`m ${bad}`), bad).toEqual([expect.stringMatching(/^line 1: invalid value/)]);
		}
		expect(errorsOf('m')).toEqual(['line 1: expected a value after the metric']);
		expect(errorsOf('m{a="1"}')).toEqual(['line 1: expected a value after the metric']);
	});

	it('reads integer millisecond timestamps; rejects signs, fractions and values beyond int64', () => {
		expect(one('m 1 1700000000123').timestampMs).toBe(1_700_000_000_123);
		expect(one('m 1 0').timestampMs).toBe(0);
		expect(one('m 1 9223372036854775807').timestampMs).toBe(9_223_372_036_854_775_807);
		expect(one('m 1 1700000000123  \t').timestampMs).toBe(1_700_000_000_123);
		expect(one('m 1').timestampMs).toBeUndefined();
		for (const bad of ['-1', '1.5', '1e3', '9223372036854775808', '99999999999999999999', 'now']) {
			expect(errorsOf(`m 1 ${bad}`), bad).toEqual([expect.stringMatching(/^line 1: invalid timestamp/)]);
		}
		expect(errorsOf('m 1 2 3')).toEqual(['line 1: unexpected "3" after the timestamp']);
	});

	it('accepts blank lines, leading blanks, tabs, CRLF and no final newline', () => {
		const {samples, errors} = parseExposition('\r\n  \t \r\n\ta 1\r\nb\t2\t\r\n\n# HELP c Help\r\nc{x="y"} 3');
		expect(errors).toEqual([]);
		expect(samples.map(sample => [sample.labels.__name__, sample.value])).toEqual([['a', 1], ['b', 2], ['c', 3]]);
		expect(parseExposition('# HELP c Help\r\n').help).toEqual({c: 'Help'});
		expect(parseExposition('').samples).toEqual([]);
		expect(parseExposition('\uFEFFm 1').samples).toHaveLength(1);
	});

	it('reads HELP escapes and TYPE values; the first of each wins; other comments are ignored', () => {
		const {types, help, errors} = parseExposition(
			[
				'# HELP a Line one\\nline two \\\\ and \\t',
				'# HELP a second help is ignored',
				'# TYPE a gauge',
				'# TYPE a counter',
				'# HELP empty',
				'# HELP b ',
				'#HELP c not metadata',
				'#  TYPE   d   summary',
				'# TYPE e unknown',
				'# TYPE f untyped',
				'# TYPE g gaugehistogram',
				'# random comment with "quotes" and {braces}',
				'#',
				'# HELP',
			].join('\n'),
		);
		expect(errors).toEqual([]);
		expect(help).toEqual({a: 'Line one\\nline two \\ and \\t', empty: '', b: ''});
		expect(types).toEqual({a: 'gauge', d: 'summary', e: 'untyped', f: 'untyped', g: 'gaugehistogram'});
	});

	it('reports malformed HELP and TYPE lines', () => {
		expect(errorsOf('# TYPE a Counter')).toEqual(['line 1: invalid metric type "Counter" for a']);
		expect(errorsOf('# TYPE a')).toEqual(['line 1: invalid metric type "" for a']);
		expect(errorsOf('# TYPE a toString')).toEqual(['line 1: invalid metric type "toString" for a']);
		expect(errorsOf('# HELP 1a text')).toEqual(['line 1: expected a metric name after HELP, got "1a text"']);
		expect(errorsOf('# TYPE a-b counter')).toEqual(['line 1: invalid metric name "a-b counter" after TYPE']);
	});

	it('reports bad names, label syntax and duplicate label names, and keeps the good lines', () => {
		const text = ['1abc 1', 'm{1a="x"} 1', 'm{a:b="x"} 1', 'm{a="1",a="2"} 1', 'm{__name__="x"} 1', 'm{a="1",,} 1', 'm{a=1} 1', 'm{a} 1', 'm{a="x', 'm{a="x"', 'good 1', '{a="1"} 1'].join('\n');
		const {samples, errors} = parseExposition(text);
		expect(samples).toEqual([{labels: {__name__: 'good'}, value: 1}]);
		expect(errors).toEqual([
			'line 1: expected a metric name, got "1abc 1"',
			'line 2: expected a label name, got "1a="x"} 1"',
			'line 3: expected "=" after label name a',
			'line 4: duplicate label name a',
			'line 5: duplicate label name __name__',
			'line 6: expected a label name, got ",} 1"',
			'line 7: expected a quoted value for label a',
			'line 8: expected "=" after label name a',
			'line 9: unterminated value of label a',
			'line 10: unterminated label set (missing "}")',
			'line 12: expected a metric name, got "{a="1"} 1"',
		]);
		expect(errorsOf('m{a="",a="x"} 1')).toEqual(['line 1: duplicate label name a']);
	});

	it('keeps __proto__ and constructor as ordinary names', () => {
		const {samples, types, help} = parseExposition('# TYPE __proto__ gauge\n# HELP __proto__ proto\n__proto__{__proto__="x",constructor="y"} 1');
		expect(Object.keys(types)).toEqual(['__proto__']);
		expect(Object.hasOwn(help, '__proto__')).toBe(true);
		const labels = samples[0]!.labels;
		expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
		expect(Object.entries(labels)).toEqual([['__name__', '__proto__'], ['__proto__', 'x'], ['constructor', 'y']]);
	});
});

describe('parseExposition: OpenMetrics text', () => {
	it('ignores exemplars, keeps _created samples, reads info/stateset types, and stops at # EOF', () => {
		const text = [
			'# TYPE jobs counter',
			'# UNIT jobs seconds',
			'jobs_total{kind="a"} 3 # {trace_id="abc"} 1.0 1520879607.789',
			'jobs_created{kind="a"} 1.520872607123e+09',
			'# TYPE hist histogram',
			'hist_bucket{le="0.5"} 2 1520879607000 # {trace_id="x"} 0.3',
			'# TYPE build info',
			'build_info{version="1.0"} 1',
			'# TYPE state stateset',
			'# EOF',
		].join('\n');
		const {samples, types, errors} = parseExposition(`${text}\n`);
		expect(errors).toEqual([]);
		expect(types).toEqual({jobs: 'counter', hist: 'histogram', build: 'info', state: 'stateset'});
		expect(samples.map(sample => [sample.labels.__name__, sample.value, sample.timestampMs])).toEqual([
			['jobs_total', 3, undefined],
			['jobs_created', 1_520_872_607.123, undefined],
			['hist_bucket', 2, 1_520_879_607_000],
			['build_info', 1, undefined],
		]);
		const after = parseExposition(`${text}\nlate 1\n`);
		expect(after.samples).toHaveLength(4);
		expect(after.errors).toEqual(['line 10: content after "# EOF" ignored']);
	});
});

describe('parseExposition: limits', () => {
	it('keeps the first maxErrors errors, then says how many more', () => {
		const text = Array.from({length: 30}, (_, index) => `bad${index} x`).join('\n');
		const {errors} = parseExposition(text, {maxErrors: 3});
		expect(errors).toEqual(['line 1: invalid value "x"', 'line 2: invalid value "x"', 'line 3: invalid value "x"', '…and 27 more']);
		expect(parseExposition(text).errors).toHaveLength(21);
	});

	it('stops at maxSamples and says so', () => {
		const text = Array.from({length: 10}, (_, index) => `m{i="${index}"} ${index}`).join('\n');
		const {samples, errors} = parseExposition(text, {maxSamples: 4});
		expect(samples.map(sample => sample.value)).toEqual([0, 1, 2, 3]);
		expect(errors).toEqual(['sample limit of 4 reached at line 5; the rest of the exposition was not read']);
	});

	it('never throws, whatever it is given', () => {
		for (const input of [undefined, null, 42, {}, '\u0000', '{', '}', '"', '\\', '#', '# TYPE', 'm{', 'm{a="\\']) {
			expect(() => parseExposition(input as unknown as string)).not.toThrow();
		}
	});
});
