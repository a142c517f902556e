import {Box, Text} from 'ink';
import React from 'react';
import {formatNumber, truncate} from '../model/format.js';
import type {Row} from '../model/types.js';
import {useTheme} from './theme.js';
import {visibleWindow} from './pane.js';

export type RowListProps = {
	readonly rows: readonly Row[];
	readonly selected: number;
	readonly focused: boolean;
	readonly height: number;
	readonly width: number;
	/** Grey everything (stale data). */
	readonly muted?: boolean;
};

/** Name/value rows with the selection highlighted and scrolling to keep it visible. */
export function RowList({rows, selected, focused, height, width, muted}: RowListProps) {
	const theme = useTheme();
	const [start, end] = visibleWindow(rows.length, selected, height);
	return (
		<Box flexDirection="column">
			{rows.slice(start, end).map((row, offset) => {
				const isSelected = focused && start + offset === selected;
				const value = formatNumber(row.value);
				const name = truncate(row.name, Math.max(1, width - value.length - 3));
				return (
					<Text key={row.name} inverse={isSelected} color={theme.color(muted ? 'muted' : row.level)} wrap="truncate">
						{isSelected ? '› ' : '  '}
						{name.padEnd(Math.max(1, width - value.length - 3))}
						{value}
					</Text>
				);
			})}
		</Box>
	);
}
