/** A Retry-After header as milliseconds: seconds (digits only) or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (/^\d{1,6}$/.test(text)) return Number(text) * 1000;
	// An HTTP date names its weekday or month; anything else (a negative number, noise) is unreadable.
	const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
