import type {TableSpec} from '../profiles/types.js';
import type {Results} from './shape.js';
import {levelFor} from './thresholds.js';
import type {TablePane, TableRow} from './types.js';

/**
 * Shapes a table pane from its columns' results (keys `prefix.column`). Rows are the union of the
 * row-label values any column returned; a row a column has no series for shows NaN there, not 0.
 * The table is an error only when every column failed, and no-data when no column returned a row.
 */
export function shapeTable(spec: TableSpec, results: Results, prefix: string): TablePane {
	const columns = spec.columns.map(column => ({name: column.name, unit: column.unit}));
	const values = new Map<string, number[]>();
	const errors: string[] = [];
	const failures = new Set<string>();
	const warnings: string[] = [];
	for (const [index, column] of spec.columns.entries()) {
		const result = results.get(`${prefix}.${column.name}`);
		if (!result?.ok) {
			const message = result ? result.error.message : 'not queried';
			failures.add(message);
			errors.push(`${column.name}: ${message}`);
			continue;
		}
		warnings.push(...result.warnings);
		for (const sample of result.data) {
			// A series without the row label belongs to no row (often another system's metric of the same name).
			const name = sample.labels[spec.rowLabel];
			if (name === undefined) continue;
			const row = values.get(name) ?? spec.columns.map(() => Number.NaN);
			row[index] = sample.value;
			values.set(name, row);
		}
	}
	const base = {title: spec.title, columns};
	// Every column failing the same way (the server is down) is one message, not one per column.
	if (errors.length === spec.columns.length && errors.length > 0) return {...base, status: 'error', message: failures.size === 1 ? [...failures][0]! : errors.join('; '), rows: []};
	warnings.push(...errors);
	if (values.size === 0) return {...base, status: 'no-data', message: `no series for ${spec.metrics.join(', ')}`, rows: [], warnings};
	const rows: TableRow[] = [...values]
		.map(([name, row]) => ({name, values: row, levels: row.map((value, index) => levelFor(value, spec.columns[index]!.threshold))}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return {...base, status: 'ok', rows, warnings};
}
