import {isAgentsTable, isUnsupported, type Profile} from './types.js';

/** A pane of the dashboard and the label whose values name its rows. */
export type PaneRowLabel = {readonly pane: string; readonly label: string};

/**
 * The labels that name a profile's pane rows, in dashboard order: the agents pane's agent label,
 * the locks' and queue's `by` labels, and each extra pane's row label. An alert carrying one of
 * them (e.g. `agent="claude-1"`) points at that row.
 */
export function paneRowLabels(profile: Profile): PaneRowLabel[] {
	const labels: PaneRowLabel[] = [];
	if (!isUnsupported(profile.agents)) labels.push({pane: 'agents', label: isAgentsTable(profile.agents) ? profile.agents.rowLabel : profile.agents.agentLabel});
	if (!isUnsupported(profile.locks)) labels.push({pane: 'locks', label: profile.locks.byLabel});
	if (!isUnsupported(profile.queue)) {
		labels.push({pane: 'queue', label: profile.queue.byLabel});
		if (profile.queue.active) labels.push({pane: 'queue', label: profile.queue.active.byLabel});
	}
	for (const [index, extra] of (profile.extraPanes ?? []).entries()) labels.push({pane: `extra-${index}`, label: extra.rowLabel});
	return labels;
}
