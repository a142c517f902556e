import {Box} from 'ink';
import React from 'react';
import {formatValue} from '../../model/format.js';
import {historyKey} from '../../model/history.js';
import type {AlertList} from '../../model/alert-groups.js';
import type {AlertItem, AppState, SystemSnapshot} from '../../model/types.js';
import {alertRow, selectedRow, type NavState} from '../navigation.js';
import {AgentsPane} from '../panes/agents-pane.js';
import {AlertsPane} from '../panes/alerts-pane.js';
import {LatencyPane, wrappedLines} from '../panes/latency-pane.js';
import {LocksPane} from '../panes/locks-pane.js';
import {QueuePane} from '../panes/queue-pane.js';
import {TablePane} from '../panes/table-pane.js';
import {ActivityPane} from '../panes/activity-pane.js';
import {hasActivity} from '../navigation-context.js';
import {streamSummary} from '../stream-summary.js';

export type DashboardProps = {
	readonly state: AppState;
	readonly system: SystemSnapshot;
	readonly nav: NavState;
	readonly window: string;
	readonly hasRunbook: (alert: AlertItem) => boolean;
	/** New firing alerts not selected yet (see use-alert-news.ts). */
	readonly unseen?: ReadonlySet<string>;
	/** The alerts pane's rows: filtered and grouped. */
	readonly list: AlertList;
	/** The ids of those rows (the App keeps them, for the selection). */
	readonly alertIds: readonly string[];
	readonly width: number;
	readonly height: number;
};

/** A series not read yet: one empty array, so a pane's props stay the same while it has none. */
const NO_TREND: readonly number[] = [];

/**
 * Heights of the three rows of panes for a body of this height: the middle row as tall as its
 * longest content, the top row as tall as its longest list (capped), and alerts, the triage pane,
 * the rest.
 */
export function dashboardLayout(height: number, middleRows: number, topRows: number, alertRows = 0): {top: number; middle: number; alerts: number} {
	// Each pane wants its rows plus border (2), title (1) and room for a notice (1). Alerts get what
	// their list needs first (up to half), then middle and top what theirs need, and alerts the rest.
	const alertsNeed = Math.max(5, Math.min(alertRows + 3, Math.floor(height / 2)));
	const room = height - alertsNeed;
	const middle = Math.max(5, Math.min(middleRows + 4, room - 5));
	const top = Math.max(5, Math.min(topRows + 4, room - middle, 14));
	return {top, middle, alerts: Math.max(4, height - top - middle)};
}

/** Agents, locks and queue side by side; latency beside the system's extra panes; alerts. */
export function Dashboard({state, system, nav, window, hasRunbook, unseen, list, alertIds, width, height}: DashboardProps) {
	const extras = system.extras;
	// A table of agents (several columns) takes half the top row; a list of states a third.
	const agentsWidth = system.agents.table ? Math.floor(width / 2) : Math.floor(width / 3);
	const locksWidth = Math.floor((width - agentsWidth) / 2);
	// Extra panes sit beside latency, each at least 45 columns wide; those that do not fit are a Tab
	// away (the window follows the focus). Below 100 columns the middle row shows one pane at a time.
	const focusedExtra = nav.focus.startsWith('extra-') ? Number(nav.focus.slice('extra-'.length)) : -1;
	const slots = width < 100 ? 0 : Math.max(1, Math.floor((width - 50) / 45));
	const first = slots === 0 ? Math.max(0, focusedExtra) : Math.max(0, Math.min(focusedExtra, extras.length - slots));
	const shown = extras.map((extra, index) => [extra, index] as const).slice(first, first + Math.max(1, slots)).filter(([, index]) => slots > 0 || index === focusedExtra);
	const showLatency = slots > 0 || focusedExtra === -1;
	const latencyWidth = !showLatency ? 0 : shown.length === 0 ? width : Math.max(50, Math.floor(width * 0.45));
	const extraWidth = shown.length === 0 ? 0 : Math.floor((width - latencyWidth) / shown.length);
	const hidden = extras.filter((_, index) => !shown.some(([, shownIndex]) => shownIndex === index)).map(extra => extra.title);
	const note = hidden.length > 0 ? `Tab: ${hidden.join(', ')}` : undefined;
	const topRows = Math.max(system.agents.table ? system.agents.table.rows.length + 1 : system.agents.items.length, system.locks.items.length + 1, system.queue.items.length + 1, 2);
	const latencyRows = system.latency.items.length + 1 + wrappedLines(system.latency.ratios.map(ratio => `${ratio.name} ${formatValue(ratio.value, ratio.unit)}`), ' · ', Math.max(1, latencyWidth - 4));
	const middleRows = Math.max(showLatency ? latencyRows : 0, ...shown.map(([extra]) => extra.rows.length + 1));
	const layout = dashboardLayout(height, middleRows, topRows, list.rows.length);
	const trend = (series: string) => state.history[historyKey(system.profile, series)] ?? NO_TREND;
	const latencyTrends = Object.fromEntries(system.latency.items.map(row => [row.name, trend(`latency.${row.name}.p95`)]));
	// The stream's job events sit beside the alerts of the system it feeds.
	const activityWidth = hasActivity(state, system.profile) ? Math.floor(width * 0.4) : 0;
	// No time goes to the panes: those that show ages keep their own clocks (age-clock.ts), so each
	// pane (memoised) renders again only when its own data, size, focus or selection changed.
	const common = (pane: string) => ({focused: nav.focus === pane, selected: selectedRow(nav, pane)});
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Box>
				{system.agents.table ? (
					<TablePane pane={{...system.agents.table, status: system.agents.status, message: system.agents.message, stale: system.agents.stale, updatedAt: system.agents.updatedAt}} width={agentsWidth} height={layout.top} {...common('agents')} />
				) : (
					<AgentsPane pane={system.agents} trend={trend('agents.ok')} width={agentsWidth} height={layout.top} {...common('agents')} />
				)}
				<LocksPane pane={system.locks} trend={trend('locks.total')} width={locksWidth} height={layout.top} {...common('locks')} />
				<QueuePane pane={system.queue} trend={trend('queue.depth')} width={width - agentsWidth - locksWidth} height={layout.top} {...common('queue')} />
			</Box>
			<Box>
				{showLatency ? (
					<LatencyPane pane={system.latency} trends={latencyTrends} window={window} note={note} width={latencyWidth} height={layout.middle} {...common('latency')} />
				) : null}
				{shown.map(([extra, index], position) => (
					<TablePane
						key={extra.title}
						pane={extra}
						width={position === shown.length - 1 ? width - latencyWidth - extraWidth * position : extraWidth}
						height={layout.middle}
						{...common(`extra-${index}`)}
					/>
				))}
			</Box>
			<Box>
				<AlertsPane pane={state.alerts} list={list} editing={nav.filterEdit !== undefined} hasRunbook={hasRunbook} unseen={unseen} width={width - activityWidth} height={layout.alerts} {...common('alerts')} selected={alertRow(nav, alertIds)} />
				{state.stream && activityWidth > 0 ? (
					<ActivityPane items={state.stream.activity} summary={streamSummary(state.stream.status, Date.now())} width={activityWidth} height={layout.alerts} {...common('activity')} />
				) : null}
			</Box>
		</Box>
	);
}
