import {Box, Text} from 'ink';
import React from 'react';
import {sparkline, truncate} from '../../model/format.js';
import type {AgentsPane as AgentsData} from '../../model/types.js';
import {innerRows, noticeLines, Pane, PaneNotice, type TrendPaneProps, visibleWindow} from '../pane.js';
import {memoPane} from '../memo-pane.js';
import {useTheme} from '../theme.js';

export type AgentsPaneProps = TrendPaneProps<AgentsData>;

/** Each agent and its current state; the trend is how many were available. */
function AgentsPaneView({pane, trend, focused, selected, width, height}: AgentsPaneProps) {
	const theme = useTheme();
	const okCount = pane.items.filter(agent => agent.level === 'ok').length;
	const summary = pane.items.length > 0 ? <Text color={theme.color('muted')} wrap="truncate">{`${okCount}/${pane.items.length} ${pane.items.some(agent => agent.values) ? 'ok' : 'available'} ${sparkline(trend, 12)}`}</Text> : undefined;
	const notice = noticeLines(pane);
	const rows = innerRows(height) - notice;
	const [start, end] = visibleWindow(pane.items.length, selected, rows);
	const inner = width - 4;
	return (
		<Pane title="Agents" summary={summary} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} />
			{pane.items.slice(start, end).map((agent, offset) => {
				const isSelected = focused && start + offset === selected;
				const state = truncate(agent.state, Math.max(4, Math.floor(inner / 2)));
				return (
					<Box key={agent.name}>
						<Text inverse={isSelected} color={theme.color(pane.stale ? 'muted' : agent.level)} wrap="truncate">
							{isSelected ? '›' : agent.level === 'ok' ? '●' : agent.level === 'crit' ? '✖' : '○'} {truncate(agent.name, Math.max(1, inner - state.length - 3)).padEnd(Math.max(1, inner - state.length - 2))}
							{state}
						</Text>
					</Box>
				);
			})}
		</Pane>
	);
}

/** {@link AgentsPaneView}, rendered again only when what it shows changed. */
export const AgentsPane = memoPane(AgentsPaneView);
