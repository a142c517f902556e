import type {Profile} from '../profiles/types.js';
import {paneRowLabels} from '../profiles/row-labels.js';
import {systemOfAlert} from '../runbooks/match.js';
import type {AlertItem, AppState, SystemSnapshot} from './types.js';

/** Where an alert's labels point on the dashboard: a pane row, or the label that names no row now. */
export type AlertPointer =
	| {readonly found: true; readonly system: number; readonly pane: string; readonly row: number; readonly label: string; readonly value: string; readonly paneTitle: string}
	| {readonly found: false; readonly label?: string; readonly value?: string; readonly reason: string};

/** The names of a pane's selectable rows, in the order the pane shows them. */
function paneRowNames(system: SystemSnapshot, pane: string): readonly string[] {
	if (pane === 'agents') return system.agents.table?.rows.map(row => row.name) ?? system.agents.items.map(agent => agent.name);
	if (pane === 'locks') return system.locks.items.map(row => row.name);
	if (pane === 'queue') return system.queue.items.map(row => row.name);
	if (pane.startsWith('extra-')) return system.extras[Number(pane.slice('extra-'.length))]?.rows.map(row => row.name) ?? [];
	return [];
}

function paneTitle(system: SystemSnapshot, pane: string): string {
	if (pane.startsWith('extra-')) return system.extras[Number(pane.slice('extra-'.length))]?.title ?? pane;
	return pane.charAt(0).toUpperCase() + pane.slice(1);
}

/**
 * The pane row an alert is about: its own system's panes first, the panes whose metric the rule's
 * `expr` reads before the others, the first pane whose row label the alert carries and that has a
 * row of that name now (`agent="claude-1"` → the Agents pane's claude-1). Says why not when there is none.
 */
export function alertPointer(alert: AlertItem, state: Pick<AppState, 'systems' | 'runbooks'>, profiles: readonly Profile[], expr?: string): AlertPointer {
	const own = systemOfAlert(alert, state, profiles);
	const order = state.systems.map((system, index) => ({system, index})).sort((a, b) => Number(b.system.profile === own) - Number(a.system.profile === own));
	let named: {label: string; value: string; pane: string} | undefined;
	for (const {system, index} of order) {
		const profile = profiles.find(candidate => candidate.id === system.profile);
		if (!profile) continue;
		// The pane whose metric the rule's expression reads comes first: HighLockContention{agent} is about the Locks row.
		const labels = paneRowLabels(profile);
		const read = (metrics: readonly string[]) => (expr !== undefined && metrics.some(metric => expr.includes(metric)) ? 0 : 1);
		for (const {pane, label} of [...labels].sort((a, b) => read(a.metrics) - read(b.metrics))) {
			const value = alert.labels[label];
			if (value === undefined || value === '') continue;
			const row = paneRowNames(system, pane).indexOf(value);
			if (row !== -1) return {found: true, system: index, pane, row, label, value, paneTitle: paneTitle(system, pane)};
			named ??= {label, value, pane};
		}
	}
	if (named) return {found: false, label: named.label, value: named.value, reason: `${named.label}=${named.value} is not a row of the ${named.pane} pane now`};
	return {found: false, reason: 'its labels name no agent, queue or lock of the panes'};
}

/** The expression of the alert's rule, once the evidence feed has read it. */
export function ruleExpr(state: Pick<AppState, 'evidence'>, alertId: string): string | undefined {
	const evidence = state.evidence;
	return evidence?.alertId === alertId && evidence.rule.state === 'ok' ? evidence.rule.rule.expr : undefined;
}
