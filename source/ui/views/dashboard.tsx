import {Box} from 'ink';
import React from 'react';
import {historyKey} from '../../model/history.js';
import type {AlertItem, AppState, SystemSnapshot} from '../../model/types.js';
import {selectedRow, type NavState} from '../navigation.js';
import {AgentsPane} from '../panes/agents-pane.js';
import {AlertsPane} from '../panes/alerts-pane.js';
import {LatencyPane} from '../panes/latency-pane.js';
import {LocksPane} from '../panes/locks-pane.js';
import {QueuePane} from '../panes/queue-pane.js';
import {TablePane} from '../panes/table-pane.js';

export type DashboardProps = {
	readonly state: AppState;
	readonly system: SystemSnapshot;
	readonly nav: NavState;
	readonly window: string;
	readonly hasRunbook: (alert: AlertItem) => boolean;
	readonly width: number;
	readonly height: number;
	readonly now: number;
};

/**
 * Heights of the three rows of panes for a body of this height: the middle row as tall as its
 * longest content, the top row as tall as its longest list (capped), and alerts, the triage pane,
 * the rest.
 */
export function dashboardLayout(height: number, middleRows: number, topRows: number): {top: number; middle: number; alerts: number} {
	const middle = Math.max(5, Math.min(middleRows + 5, Math.floor(height / 3)));
	const top = Math.max(5, Math.min(topRows + 5, Math.floor((height - middle) / 2), 14));
	return {top, middle, alerts: Math.max(4, height - top - middle)};
}

/** Agents, locks and queue side by side; latency beside the system's extra panes; alerts. */
export function Dashboard({state, system, nav, window, hasRunbook, width, height, now}: DashboardProps) {
	const extras = system.extras;
	const topRows = Math.max(system.agents.items.length, system.locks.items.length + 1, system.queue.items.length + 1, 2);
	const middleRows = Math.max(system.latency.items.length + 2, ...extras.map(extra => extra.rows.length));
	const layout = dashboardLayout(height, middleRows, topRows);
	const third = Math.floor(width / 3);
	// Below 100 columns the extra panes would be slivers: the middle row shows one pane at a time,
	// latency unless Tab has moved the focus to an extra pane.
	const narrow = width < 100 && extras.length > 0;
	const focusedExtra = nav.focus.startsWith('extra-') ? Number(nav.focus.slice('extra-'.length)) : -1;
	const latencyWidth = extras.length === 0 || narrow ? width : Math.max(44, Math.floor(width * (extras.length > 1 ? 0.44 : 0.55)));
	const extraWidth = extras.length === 0 ? 0 : narrow ? width : Math.floor((width - latencyWidth) / extras.length);
	const shownExtras = narrow ? extras.map((extra, index) => [extra, index] as const).filter(([, index]) => index === focusedExtra) : extras.map((extra, index) => [extra, index] as const);
	const note = narrow ? `Tab: ${extras.map(extra => extra.title).join(', ')}` : undefined;
	const trend = (series: string) => state.history[historyKey(system.profile, series)] ?? [];
	const latencyTrends = Object.fromEntries(system.latency.items.map(row => [row.name, trend(`latency.${row.name}.p95`)]));
	const common = (pane: string) => ({focused: nav.focus === pane, selected: selectedRow(nav, pane), now});
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Box>
				{system.agents.table ? (
					<TablePane pane={{...system.agents.table, status: system.agents.status, message: system.agents.message, stale: system.agents.stale, updatedAt: system.agents.updatedAt}} width={third} height={layout.top} {...common('agents')} />
				) : (
					<AgentsPane pane={system.agents} trend={trend('agents.ok')} width={third} height={layout.top} {...common('agents')} />
				)}
				<LocksPane pane={system.locks} trend={trend('locks.total')} width={third} height={layout.top} {...common('locks')} />
				<QueuePane pane={system.queue} trend={trend('queue.depth')} width={width - 2 * third} height={layout.top} {...common('queue')} />
			</Box>
			<Box>
				{narrow && focusedExtra !== -1 ? null : (
					<LatencyPane pane={system.latency} trends={latencyTrends} window={window} note={note} width={latencyWidth} height={layout.middle} {...common('latency')} />
				)}
				{shownExtras.map(([extra, index]) => (
					<TablePane
						key={extra.title}
						pane={extra}
						width={narrow ? width : index === extras.length - 1 ? width - latencyWidth - extraWidth * index : extraWidth}
						height={layout.middle}
						{...common(`extra-${index}`)}
					/>
				))}
			</Box>
			<AlertsPane pane={state.alerts} hasRunbook={hasRunbook} width={width} height={layout.alerts} {...common('alerts')} />
		</Box>
	);
}
