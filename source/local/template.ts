/**
 * The part of Prometheus' alert templating that rule annotations use: `{{ $labels.name }}`,
 * `{{ $value }}` and `{{ $value | humanize }}` (also humanizeDuration, humanizePercentage).
 * Anything else is left as written, so a template we do not understand reads as its source.
 */

const SI_LARGE = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SI_SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** Go's `%.4g`: four significant digits, trailing zeros dropped. */
function g4(value: number): string {
	if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
	if (value === 0) return '0';
	const exponent = Math.floor(Math.log10(Math.abs(value)));
	if (exponent < -4 || exponent >= 4) {
		const [mantissa, power] = value.toExponential(3).split('e');
		const digits = Number(power);
		return `${String(Number(mantissa))}e${digits < 0 ? '-' : '+'}${String(Math.abs(digits)).padStart(2, '0')}`;
	}
	return String(Number(value.toPrecision(4)));
}

/** Prometheus' `humanize`: SI prefixes and four significant digits (1234 → 1.234k). */
export function humanize(value: number): string {
	if (value === 0 || !Number.isFinite(value)) return g4(value);
	let scaled = value;
	let prefix = '';
	if (Math.abs(scaled) >= 1) {
		for (const next of SI_LARGE) {
			if (Math.abs(scaled) < 1000) break;
			prefix = next;
			scaled /= 1000;
		}
	} else {
		for (const next of SI_SMALL) {
			if (Math.abs(scaled) >= 1) break;
			prefix = next;
			scaled *= 1000;
		}
	}
	return `${g4(scaled)}${prefix}`;
}

/** Prometheus' `humanizeDuration` of seconds: `1d 2h 3m 4s`, `42.5s`, `120ms`. */
export function humanizeDuration(value: number): string {
	if (!Number.isFinite(value)) return g4(value);
	if (value === 0) return '0s';
	if (Math.abs(value) >= 1) {
		const sign = value < 0 ? '-' : '';
		const total = Math.trunc(Math.abs(value));
		const [days, hours, minutes, seconds] = [Math.trunc(total / 86_400), Math.trunc(total / 3600) % 24, Math.trunc(total / 60) % 60, total % 60];
		if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
		if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
		if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
		return `${sign}${g4(Math.abs(value))}s`;
	}
	let scaled = value;
	let prefix = '';
	for (const next of SI_SMALL) {
		if (Math.abs(scaled) >= 1) break;
		prefix = next;
		scaled *= 1000;
	}
	return `${g4(scaled)}${prefix}s`;
}

const PIPES: Readonly<Record<string, (value: number) => string>> = {
	humanize,
	humanizeDuration,
	humanizePercentage: value => `${g4(value * 100)}%`,
};

/** Expands the template of one annotation with an alert's labels and value. */
export function expandTemplate(template: string, labels: Readonly<Record<string, string>>, value: number): string {
	return template.replace(/{{-?\s*([^{}]{1,200}?)\s*-?}}/g, (whole, body: string) => {
		const label = /^\$labels\.([a-zA-Z_]\w*)$/.exec(body);
		if (label) return labels[label[1]!] ?? '';
		const valuePipe = /^\$value(?:\s*\|\s*(\w+))?$/.exec(body);
		if (valuePipe) {
			const pipe = valuePipe[1];
			if (pipe === undefined) return String(value);
			const format = PIPES[pipe];
			return format ? format(value) : whole;
		}
		const call = /^(\w+)\s+\$value$/.exec(body);
		if (call && PIPES[call[1]!]) return PIPES[call[1]!]!(value);
		return whole;
	});
}
