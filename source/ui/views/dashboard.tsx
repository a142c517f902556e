import {Box} from 'ink';
import React from 'react';
import {historyKey} from '../../model/history.js';
import type {AppState, SystemSnapshot} from '../../model/types.js';
import type {NavState} from '../navigation.js';
import {AgentsPane} from '../panes/agents-pane.js';
import {AlertsPane} from '../panes/alerts-pane.js';
import {LatencyPane} from '../panes/latency-pane.js';
import {LocksPane} from '../panes/locks-pane.js';
import {QueuePane} from '../panes/queue-pane.js';

export type DashboardProps = {
	readonly state: AppState;
	readonly system: SystemSnapshot;
	readonly nav: NavState;
	readonly window: string;
	readonly hasRunbook: (name: string) => boolean;
	readonly width: number;
	readonly height: number;
	readonly now: number;
};

/**
 * Heights of the three rows of panes for a body of this height: latency as tall as its rows,
 * the top row as tall as its longest list (capped), and alerts, the triage pane, the rest.
 */
export function dashboardLayout(height: number, latencyRows: number, topRows: number): {top: number; latency: number; alerts: number} {
	const latency = Math.max(5, Math.min(latencyRows + 5, Math.floor(height / 3)));
	const top = Math.max(5, Math.min(topRows + 5, Math.floor((height - latency) / 2), 14));
	return {top, latency, alerts: Math.max(4, height - top - latency)};
}

/** Agents, locks and queue side by side; latency; alerts. */
export function Dashboard({state, system, nav, window, hasRunbook, width, height, now}: DashboardProps) {
	const topRows = Math.max(system.agents.items.length, system.locks.items.length + 1, system.queue.items.length + 1, 2);
	const layout = dashboardLayout(height, system.latency.items.length, topRows);
	const third = Math.floor(width / 3);
	const trend = (series: string) => state.history[historyKey(system.profile, series)] ?? [];
	const latencyTrends = Object.fromEntries(system.latency.items.map(row => [row.name, trend(`latency.${row.name}.p95`)]));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Box>
				<AgentsPane pane={system.agents} trend={trend('agents.ok')} focused={nav.focus === 'agents'} selected={nav.selected.agents} width={third} height={layout.top} now={now} />
				<LocksPane pane={system.locks} trend={trend('locks.total')} focused={nav.focus === 'locks'} selected={nav.selected.locks} width={third} height={layout.top} now={now} />
				<QueuePane pane={system.queue} trend={trend('queue.depth')} focused={nav.focus === 'queue'} selected={nav.selected.queue} width={width - 2 * third} height={layout.top} now={now} />
			</Box>
			<LatencyPane pane={system.latency} trends={latencyTrends} window={window} focused={nav.focus === 'latency'} selected={nav.selected.latency} width={width} height={layout.latency} now={now} />
			<AlertsPane pane={state.alerts} hasRunbook={hasRunbook} focused={nav.focus === 'alerts'} selected={nav.selected.alerts} width={width} height={layout.alerts} now={now} />
		</Box>
	);
}
