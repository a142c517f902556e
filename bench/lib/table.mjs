// Statistics and the printed table.

export function percentile(values, p) {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const rank = (sorted.length - 1) * p;
	const low = Math.floor(rank);
	return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

export const median = values => percentile(values, 0.5);

/** A number for the table: `digits` decimals, '—' when missing. */
export function num(value, digits = 0) {
	return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function ratio(value, baseline) {
	return Number.isFinite(value) && Number.isFinite(baseline) && baseline > 0 ? `${(value / baseline).toFixed(2)}×` : '—';
}

/** Rows of strings (the first is the header) as an aligned text table. */
export function formatTable(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => [...row[column]].length)));
	const line = row => row.map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length)).join('  ').trimEnd();
	return [line(rows[0]), widths.map(width => '─'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
