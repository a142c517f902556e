import {describe, expect, it} from 'vitest';
import {expandTemplate, humanize, humanizeDuration} from '../../source/local/template.js';

describe('alert annotation templates', () => {
	it('humanizes like Prometheus', () => {
		expect(humanize(0)).toBe('0');
		expect(humanize(12.3456)).toBe('12.35');
		expect(humanize(1234)).toBe('1.234k');
		expect(humanize(2_500_000)).toBe('2.5M');
		expect(humanize(0.0123)).toBe('12.3m');
		expect(humanize(Number.NaN)).toBe('NaN');
		expect(humanize(Number.POSITIVE_INFINITY)).toBe('+Inf');
	});

	it('humanizes durations like Prometheus', () => {
		expect(humanizeDuration(0)).toBe('0s');
		expect(humanizeDuration(42.5)).toBe('42.5s');
		expect(humanizeDuration(90)).toBe('1m 30s');
		expect(humanizeDuration(3725)).toBe('1h 2m 5s');
		expect(humanizeDuration(90_061)).toBe('1d 1h 1m 1s');
		expect(humanizeDuration(0.12)).toBe('120ms');
	});

	it('expands labels, values and pipes, and leaves what it does not know as written', () => {
		const labels = {agent: 'copilot', instance: 'host:1'};
		expect(expandTemplate('Agent {{ $labels.agent }} on {{$labels.instance}}', labels, 1)).toBe('Agent copilot on host:1');
		expect(expandTemplate('rate {{ $value | humanize }}%', labels, 12.3456)).toBe('rate 12.35%');
		expect(expandTemplate('{{ $value }}', labels, 0.5)).toBe('0.5');
		expect(expandTemplate('{{ humanizePercentage $value }}', labels, 0.123)).toBe('12.3%');
		expect(expandTemplate('missing {{ $labels.nope }}.', labels, 1)).toBe('missing .');
		expect(expandTemplate('{{ range . }}x{{ end }}', labels, 1)).toBe('{{ range . }}x{{ end }}');
	});
});
