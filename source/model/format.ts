import type {Unit} from '../profiles/types.js';

/** A short number: integers as they are, others with up to 3 significant digits; '–' when not finite. */
export function formatNumber(value: number | undefined): string {
	if (value === undefined || Number.isNaN(value)) return '–';
	if (value === Number.POSITIVE_INFINITY) return '+Inf';
	if (value === Number.NEGATIVE_INFINITY) return '-Inf';
	if (Number.isInteger(value)) return String(value);
	const abs = Math.abs(value);
	if (abs >= 100) return value.toFixed(0);
	if (abs >= 10) return value.toFixed(1);
	return String(Number(value.toPrecision(3)));
}

/** Seconds as `45ms`, `1.23s`, `2m05s`; '–' when not finite (nothing observed). */
export function formatSeconds(seconds: number | undefined): string {
	if (seconds === undefined || !Number.isFinite(seconds)) return seconds === Number.POSITIVE_INFINITY ? '+Inf' : '–';
	if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
	if (seconds < 60) return `${Number(seconds.toPrecision(3))}s`;
	const whole = Math.round(seconds);
	if (whole >= 3600) return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
	return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Bytes with a binary unit. */
export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined || !Number.isFinite(bytes)) return '–';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${formatNumber(unit === 0 ? value : Number(value.toFixed(1)))}${units[unit]}`;
}

/** A value in a unit the profiles use. */
export function formatValue(value: number | undefined, unit: Unit): string {
	if (unit === 's') return formatSeconds(value);
	if (unit === 'bytes') return formatBytes(value);
	if (unit === 'age') return value === undefined || !Number.isFinite(value) ? '–' : `${formatAge(value * 1000)} ago`;
	const text = formatNumber(value === undefined || !Number.isFinite(value) ? value : Number(value.toFixed(2)));
	if (text === '–' || unit === 'count') return text;
	return unit === '$' ? `$${text}` : `${text}${unit}`;
}

/** An age such as `4s`, `3m`, `2h5m`, `3d`. */
export function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
	return `${Math.floor(hours / 24)}d`;
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of the last `width` values, scaled between 0 (or the minimum) and the maximum; a value
 * that is not finite (nothing observed, a condition that did not hold) is a gap, not a zero.
 */
export function sparkline(values: readonly number[], width: number): string {
	const shown = values.slice(-width);
	const finite = shown.filter(value => Number.isFinite(value));
	if (finite.length === 0) return shown.map(() => ' ').join('');
	const low = Math.min(0, ...finite);
	const span = Math.max(...finite) - low;
	return shown.map(value => (Number.isFinite(value) ? BARS[span === 0 ? 0 : Math.min(7, Math.floor(((value - low) / span) * 7.999))] : ' ')).join('');
}

/** Cuts text to a width with an ellipsis (code points, good enough for labels). */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = [...text];
	return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
