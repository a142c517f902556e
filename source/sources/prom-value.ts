import {parseSampleValue} from '../scrape/exposition-numbers.js';

/** Longest value string read: a float64 needs far fewer characters; anything longer is not one. */
const MAX_VALUE_CHARS = 64;

/**
 * A float of the Prometheus HTTP API, which sends values as strings: decimals with an optional
 * exponent (`"1e-01"`, `"-3.5"`), `"+Inf"`, `"-Inf"`, `"Inf"` and `"NaN"` (read as Go's
 * strconv.ParseFloat reads them, like the text format: {@link parseSampleValue}). A JSON number is
 * taken as it is. Undefined for anything else, never NaN for garbage: `"12abc"`, `""`, `"1e400"`,
 * `null`, objects.
 */
export function parsePromValue(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) return undefined;
	return parseSampleValue(value);
}
