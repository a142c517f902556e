import {Text} from 'ink';
import React from 'react';
import {formatNumber, sparkline, truncate} from '../../model/format.js';
import type {QueuePane as QueueData} from '../../model/types.js';
import {innerRows, noticeLines, Pane, PaneNotice, type TrendPaneProps} from '../pane.js';
import {RowList} from '../row-list.js';
import {memoPane} from '../memo-pane.js';
import {useTheme} from '../theme.js';

export type QueuePaneProps = TrendPaneProps<QueueData>;

/** Waiting work by priority (the depth is their sum) and the work in progress by agent. */
function QueuePaneView({pane, trend, focused, selected, width, height}: QueuePaneProps) {
	const theme = useTheme();
	const summary =
		pane.depth === undefined ? undefined : (
			<Text color={theme.color(pane.stale ? 'muted' : pane.depthLevel ?? 'neutral')} wrap="truncate">{`depth ${formatNumber(pane.depth)} ${sparkline(trend, 12)}`}</Text>
		);
	const active = pane.active.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ');
	const notice = noticeLines(pane);
	return (
		<Pane title="Queue" summary={summary} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} />
			<RowList rows={pane.items} selected={selected} focused={focused} height={innerRows(height) - notice - (active ? 1 : 0)} width={width - 4} muted={pane.stale} />
			{active ? <Text color={theme.color('muted')} wrap="truncate">{truncate(`active: ${active}`, width - 4)}</Text> : null}
		</Pane>
	);
}

/** {@link QueuePaneView}, rendered again only when what it shows changed. */
export const QueuePane = memoPane(QueuePaneView);
