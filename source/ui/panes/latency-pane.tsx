import {Box, Text} from 'ink';
import React from 'react';
import {formatValue, sparkline, truncate} from '../../model/format.js';
import type {LatencyPane as LatencyData} from '../../model/types.js';
import {innerRows, noticeLines, Pane, PaneNotice, visibleWindow, type PaneViewProps} from '../pane.js';
import {memoPane} from '../memo-pane.js';
import {useTheme} from '../theme.js';

export type LatencyPaneProps = PaneViewProps<LatencyData> & {
	/** p95 history by row name. */
	readonly trends: Readonly<Record<string, readonly number[]>>;
	readonly window: string;
	/** Shown after the window, e.g. that more panes are a Tab away on a narrow terminal. */
	readonly note?: string;
};

const COLUMN = 9;

/** Lines that segments joined by a separator take when wrapped at word boundaries to a width (estimate from the segments). */
export function wrappedLines(segments: readonly string[], separator: string, width: number): number {
	if (segments.length === 0) return 0;
	let lines = 1;
	let used = 0;
	for (const segment of segments) {
		const needed = (used === 0 ? 0 : separator.length) + segment.length;
		if (used > 0 && used + needed > width) {
			lines++;
			used = segment.length;
		} else used += needed;
	}
	return lines;
}

/** p50/p95/p99 per histogram over the window, a p95 trend, and the profile's ratios (error rates). */
function LatencyPaneView({pane, trends, window, note, focused, selected, width, height}: LatencyPaneProps) {
	const theme = useTheme();
	const inner = width - 4;
	// The row name comes first (up to 16), then the three columns, then whatever is left for the trend.
	const nameWidth = Math.min(16, Math.max(6, inner - COLUMN * 3 - 1));
	const trendWidth = Math.max(0, inner - nameWidth - COLUMN * 3 - 2);
	const ratios = pane.ratios.map(ratio => ({text: `${ratio.name} ${formatValue(ratio.value, ratio.unit)}`, level: ratio.level}));
	const notice = noticeLines(pane);
	const ratioLines = Math.min(3, wrappedLines(ratios.map(ratio => ratio.text), ' · ', inner));
	const rows = innerRows(height) - notice - 1 - ratioLines;
	const [start, end] = visibleWindow(pane.items.length, selected, rows);
	return (
		<Pane title="Latency" summary={<Text color={theme.color('muted')} wrap="truncate">{`window ${window}${note ? ` · ${note}` : ''}`}</Text>} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} />
			{pane.items.length > 0 ? (
				<Text color={theme.color('muted')} wrap="truncate">
					{' '.padEnd(nameWidth + 1)}
					{'p50'.padStart(COLUMN)}
					{'p95'.padStart(COLUMN)}
					{'p99'.padStart(COLUMN)}
					{trendWidth > 4 ? `  p95 trend` : ''}
				</Text>
			) : null}
			{pane.items.slice(start, end).map((row, offset) => {
				const isSelected = focused && start + offset === selected;
				const color = theme.color(pane.stale ? 'muted' : row.level);
				return (
					<Text key={row.name} inverse={isSelected} color={color} wrap="truncate">
						{isSelected ? '›' : ' '}
						{truncate(`${row.name} (${row.unit})`, nameWidth).padEnd(nameWidth)}
						{formatValue(row.p50, row.unit).padStart(COLUMN)}
						{formatValue(row.p95, row.unit).padStart(COLUMN)}
						{formatValue(row.p99, row.unit).padStart(COLUMN)}
						{trendWidth > 4 ? `  ${sparkline(trends[row.name] ?? [], trendWidth - 2)}` : ''}
					</Text>
				);
			})}
			{ratios.length > 0 ? (
				<Box height={ratioLines} overflow="hidden" flexShrink={0}>
					<Text wrap="wrap">
						{ratios.map((ratio, index) => (
							<Text key={ratio.text} color={theme.color(pane.stale ? 'muted' : ratio.level)}>
								{index > 0 ? ' · ' : ''}
								{ratio.text}
							</Text>
						))}
					</Text>
				</Box>
			) : null}
		</Pane>
	);
}

/** {@link LatencyPaneView}, rendered again only when what it shows changed. */
export const LatencyPane = memoPane(LatencyPaneView);
