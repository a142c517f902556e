import {Text} from 'ink';
import React from 'react';
import {formatValue, truncate} from '../../model/format.js';
import type {TablePane as TableData} from '../../model/types.js';
import {worstLevel} from '../../model/thresholds.js';
import {innerRows, noticeLines, Pane, PaneNotice, visibleWindow, type PaneViewProps} from '../pane.js';
import {memoPane} from '../memo-pane.js';
import {useTheme} from '../theme.js';

export type TablePaneProps = PaneViewProps<TableData>;

/** A profile's extra pane: rows named by a label, one column per query, coloured by the column thresholds. */
function TablePaneView({pane, focused, selected, width, height}: TablePaneProps) {
	const theme = useTheme();
	const inner = width - 4;
	const cells = pane.rows.map(row => row.values.map((value, index) => formatValue(value, pane.columns[index]!.unit)));
	const allWidths = pane.columns.map((column, index) => Math.max(column.name.length, ...cells.map(row => row[index]!.length)) + 2);
	// Keep the row names readable: drop the rightmost columns that do not fit, and say so in the title.
	const wantedName = Math.min(16, Math.max(4, ...pane.rows.map(row => row.name.length)));
	let shown = allWidths.length;
	while (shown > 1 && wantedName + 2 + allWidths.slice(0, shown).reduce((sum, size) => sum + size, 0) > inner) shown--;
	const columnWidths = allWidths.slice(0, shown);
	const nameWidth = Math.max(4, inner - 2 - columnWidths.reduce((sum, size) => sum + size, 0));
	const hidden = pane.columns.length - shown;
	const notice = noticeLines(pane);
	const rows = innerRows(height) - notice - 1;
	const [start, end] = visibleWindow(pane.rows.length, selected, rows);
	return (
		<Pane title={pane.title} summary={hidden > 0 ? <Text color={theme.color('muted')} wrap="truncate">{`+${hidden} more col${hidden > 1 ? 's' : ''}`}</Text> : undefined} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} />
			{pane.rows.length > 0 ? (
				<Text color={theme.color('muted')} wrap="truncate">
					{' '.repeat(nameWidth + 2)}
					{pane.columns.slice(0, shown).map((column, index) => column.name.padStart(columnWidths[index]!)).join('')}
				</Text>
			) : null}
			{pane.rows.slice(start, end).map((row, offset) => {
				const isSelected = focused && start + offset === selected;
				return (
					<Text key={row.name} inverse={isSelected} color={theme.color(pane.stale ? 'muted' : worstLevel(row.levels))} wrap="truncate">
						{isSelected ? '› ' : '  '}
						{truncate(row.name, nameWidth).padEnd(nameWidth)}
						{cells[start + offset]!.slice(0, shown).map((cell, index) => cell.padStart(columnWidths[index]!)).join('')}
					</Text>
				);
			})}
		</Pane>
	);
}

/** {@link TablePaneView}, rendered again only when what it shows changed. */
export const TablePane = memoPane(TablePaneView);
