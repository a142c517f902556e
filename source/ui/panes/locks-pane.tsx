import {Text} from 'ink';
import React from 'react';
import {formatNumber, formatSeconds, sparkline} from '../../model/format.js';
import type {LocksPane as LocksData} from '../../model/types.js';
import {innerRows, noticeLines, Pane, PaneNotice, type TrendPaneProps} from '../pane.js';
import {RowList} from '../row-list.js';
import {memoPane} from '../memo-pane.js';
import {useTheme} from '../theme.js';

export type LocksPaneProps = TrendPaneProps<LocksData>;

/** Active locks in total and by holder, and how long acquiring one takes (p95). */
function LocksPaneView({pane, trend, focused, selected, width, height}: LocksPaneProps) {
	const theme = useTheme();
	const summary =
		pane.total === undefined ? undefined : (
			<Text color={theme.color(pane.stale ? 'muted' : pane.totalLevel ?? 'neutral')} wrap="truncate">{`total ${formatNumber(pane.total)} ${sparkline(trend, 12)}`}</Text>
		);
	const showWait = pane.waitP95 !== undefined;
	const notice = noticeLines(pane);
	return (
		<Pane title="Locks" summary={summary} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} />
			{showWait ? <Text color={theme.color('muted')} wrap="truncate">{`acquire p95 ${formatSeconds(pane.waitP95)}`}</Text> : null}
			<RowList rows={pane.items} selected={selected} focused={focused} height={innerRows(height) - notice - (showWait ? 1 : 0)} width={width - 4} muted={pane.stale} />
		</Pane>
	);
}

/** {@link LocksPaneView}, rendered again only when what it shows changed. */
export const LocksPane = memoPane(LocksPaneView);
