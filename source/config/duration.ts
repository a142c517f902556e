/** Milliseconds per Prometheus duration unit. */
const UNIT_MS: Readonly<Record<string, number>> = {
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 604_800_000,
	y: 31_536_000_000,
};

const UNITS_BY_LENGTH = ['ms', 's', 'm', 'h', 'd', 'w', 'y'];

/**
 * Parses a Prometheus-style duration (`500ms`, `2s`, `5m`, `1h30m`) into milliseconds.
 * Returns undefined for anything else, so callers can word their own error.
 */
export function parseDuration(input: string): number | undefined {
	const text = input.trim();
	if (text === '' || text.length > 64) return undefined;
	let total = 0;
	let index = 0;
	while (index < text.length) {
		let digits = '';
		while (index < text.length && text[index]! >= '0' && text[index]! <= '9') digits += text[index++];
		if (digits === '') return undefined;
		const unit = UNITS_BY_LENGTH.find(candidate => text.startsWith(candidate, index));
		if (unit === undefined) return undefined;
		index += unit.length;
		total += Number(digits) * UNIT_MS[unit]!;
	}
	return Number.isSafeInteger(total) ? total : undefined;
}

/** Formats milliseconds as a PromQL range (`5m`, `90s`, `1500ms`), exact, for use inside `[...]`. */
export function formatPromDuration(ms: number): string {
	for (const unit of ['w', 'd', 'h', 'm', 's']) {
		const size = UNIT_MS[unit]!;
		if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
	}
	return `${Math.max(1, Math.round(ms))}ms`;
}
