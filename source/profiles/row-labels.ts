import {isAgentsTable, isUnsupported, type Profile} from './types.js';

/** A pane of the dashboard and the label whose values name its rows. */
export type PaneRowLabel = {readonly pane: string; readonly label: string; readonly metrics: readonly string[]};

/**
 * The labels that name a profile's pane rows, in dashboard order: the agents pane's agent label,
 * the locks' and queue's `by` labels, and each extra pane's row label, with the metrics behind the
 * pane. An alert carrying one of them (e.g. `agent="claude-1"`) points at that row.
 */
export function paneRowLabels(profile: Profile): PaneRowLabel[] {
	const labels: PaneRowLabel[] = [];
	const {agents, locks, queue} = profile;
	if (!isUnsupported(agents)) labels.push(isAgentsTable(agents) ? {pane: 'agents', label: agents.rowLabel, metrics: agents.metrics} : {pane: 'agents', label: agents.agentLabel, metrics: [agents.metric]});
	if (!isUnsupported(locks)) labels.push({pane: 'locks', label: locks.byLabel, metrics: [locks.metric]});
	if (!isUnsupported(queue)) {
		labels.push({pane: 'queue', label: queue.byLabel, metrics: [queue.metric]});
		if (queue.active) labels.push({pane: 'queue', label: queue.active.byLabel, metrics: [queue.active.metric]});
	}
	for (const [index, extra] of (profile.extraPanes ?? []).entries()) labels.push({pane: `extra-${index}`, label: extra.rowLabel, metrics: extra.metrics});
	return labels;
}
