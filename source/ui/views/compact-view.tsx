import {Box, Text} from 'ink';
import React from 'react';
import {formatNumber, formatValue, truncate} from '../../model/format.js';
import type {AlertList} from '../../model/alert-groups.js';
import type {AppState, SystemSnapshot} from '../../model/types.js';
import {paneNote} from '../../once/text.js';
import {alertToken} from '../panes/alerts-pane.js';
import {useTheme} from '../theme.js';

export type CompactViewProps = {
	readonly state: AppState;
	readonly system: SystemSnapshot;
	/** The selected alert's row. */
	readonly selected: number;
	/** The alerts' rows: filtered and grouped. */
	readonly list: AlertList;
	readonly width: number;
	readonly height: number;
};

/** One line a pane, then the alerts: the dashboard for terminals under 60×20 (down to 40×12). */
export function CompactView({state, system, selected, list, width, height}: CompactViewProps) {
	const theme = useTheme();
	const {agents, locks, queue, latency} = system;
	const okAgents = agents.items.filter(agent => agent.level === 'ok').length;
	const api = latency.items[0];
	const lines: Array<[string, string]> = [
		['Agents', paneNote(agents) ?? `${okAgents}/${agents.items.length} ok · ${agents.items.map(agent => `${agent.name} ${agent.state}`).join(', ')}`],
		['Locks', paneNote(locks) ?? `${formatNumber(locks.total)} · ${locks.items.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ')}`],
		['Queue', paneNote(queue) ?? `${formatNumber(queue.depth)} · ${queue.items.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ')}`],
		['p95', paneNote(latency) ?? (api ? latency.items.map(row => `${row.name} ${formatValue(row.p95, row.unit)}`).join(', ') : '–')],
	];
	const alerts = list.rows;
	const firing = state.alerts.items.filter(alert => alert.state === 'firing').length;
	const filtered = list.filter?.source ? ` · /${list.filter.source} ${list.shown.length} of ${list.total}` : '';
	const room = Math.max(1, height - lines.length - 1);
	const start = Math.min(Math.max(0, selected - room + 1), Math.max(0, alerts.length - room));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.map(([label, text]) => (
				<Text key={label} wrap="truncate">
					<Text bold>{label.padEnd(7)}</Text>
					{truncate(text, width - 7)}
				</Text>
			))}
			<Text bold color={theme.color(firing > 0 ? 'crit' : 'ok')} wrap="truncate">
				{state.alerts.items.length === 0 ? 'Alerts  none firing' : `Alerts  ${firing} firing${filtered} · Enter opens`}
			</Text>
			{alerts.slice(start, start + room).map((row, offset) => {
				const alert = row.kind === 'group' ? row.alerts[0]! : row.alert;
				const name = row.kind === 'group' ? `${row.expanded ? '▾' : '▸'} ${row.label} ×${row.alerts.length}` : `${row.indent ? '  ' : ''}${alert.name}`;
				return (
					<Text key={row.id} inverse={start + offset === selected} color={theme.color(alertToken(alert))} wrap="truncate">
						{truncate(`${start + offset === selected ? '›' : ' '} ${alert.severity.slice(0, 4).toUpperCase()} ${name}`, width)}
					</Text>
				);
			})}
		</Box>
	);
}
