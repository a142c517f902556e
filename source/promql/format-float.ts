/**
 * Go's `strconv.FormatFloat(v, 'f', -1, 64)`, as `count_values` labels values: the shortest digits that round-trip,
 * written without an exponent (`1e21` → `1000000000000000000000`, `1e-7` → `0.0000001`), `+Inf`, `-Inf`, `NaN`.
 */
export function formatFloat(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return '+Inf';
	if (value === -Infinity) return '-Inf';
	if (Object.is(value, -0)) return '-0';
	const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
	const negative = mantissa.startsWith('-');
	const digits = mantissa.replace('-', '').replace('.', '');
	const exponent = Number(exponentText);
	let out: string;
	if (exponent < 0) out = `0.${'0'.repeat(-exponent - 1)}${digits}`;
	else if (exponent + 1 >= digits.length) out = `${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
	else out = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
	return negative ? `-${out}` : out;
}

/** Go's `%v` of a float64 (`strconv.FormatFloat(v, 'g', -1, 64)`): an exponent below 1e-4 and from 1e+06 on. */
export function formatFloatV(value: number): string {
	if (!Number.isFinite(value)) return formatFloat(value);
	const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
	const exponent = Number(exponentText);
	if (exponent >= -4 && exponent < 6) return formatFloat(value);
	return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
