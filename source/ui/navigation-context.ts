import type {Scope} from '../keys/commands.js';
import {parseAlertFilter} from '../model/alert-filter.js';
import {alertList, groupKeyOf, type AlertList} from '../model/alert-groups.js';
import {alertPointer, ruleExpr} from '../model/alert-jump.js';
import type {AlertItem, AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookFor} from '../runbooks/match.js';
import {alertRow, paneOrder, topView, type NavContext, type NavState} from './navigation.js';

/** The key scope of a navigation state: the help overlay, or the view on top of the stack. */
export function scopeOf(nav: NavState): Scope {
	return nav.help ? 'help' : topView(nav).kind;
}

/** Whether the system shown is fed by a stream, whose activity feed then sits beside the alerts. */
export function hasActivity(state: AppState, profile: string | undefined): boolean {
	return state.stream !== undefined && state.stream.profile === profile;
}

/** The alerts pane's rows for this navigation state: the filter and the grouping applied. */
export function alertListOf(nav: Pick<NavState, 'filter' | 'groupBy' | 'expanded'>, state: AppState, profiles: readonly Profile[]): AlertList {
	const filter = nav.filter ? parseAlertFilter(nav.filter) : undefined;
	return alertList(state.alerts.items, {filter, groupBy: nav.groupBy, expanded: nav.expanded, keyOf: by => groupKeyOf(by, state, profiles)});
}

/**
 * What the navigation reducer needs to know about the data, for this navigation state. Pure.
 * `list`: the alert list of this navigation state when the caller has it already (a storm's
 * grouping is then not redone at every key).
 */
export function navContext(nav: NavState, state: AppState, profiles: readonly Profile[], resolved?: (id: string) => AlertItem | undefined, list: AlertList = alertListOf(nav, state, profiles)): NavContext {
	const system = state.systems[Math.min(nav.system, Math.max(0, state.systems.length - 1))];
	const extras = system?.extras ?? [];
	const rows: Record<string, number> = {
		agents: system?.agents.table?.rows.length ?? system?.agents.items.length ?? 0,
		locks: system?.locks.items.length ?? 0,
		queue: system?.queue.items.length ?? 0,
		latency: system?.latency.items.length ?? 0,
		alerts: 0,
		activity: state.stream?.activity.length ?? 0,
		...Object.fromEntries(extras.map((extra, index) => [`extra-${index}`, extra.rows.length])),
	};
	rows.alerts = list.rows.length;
	const alertIds = list.rows.map(row => row.id);
	const selectedAlertId = alertIds[alertRow(nav, alertIds)];
	const view = topView(nav);
	const alert = view.kind === 'dashboard' ? undefined : (state.alerts.items.find(candidate => candidate.id === view.alertId) ?? resolved?.(view.alertId));
	const runbook = alert === undefined ? undefined : runbookFor(alert, state, profiles);
	const pointer = alert === undefined ? undefined : alertPointer(alert, state, profiles, ruleExpr(state, alert.id));
	const jump = pointer?.found ? {system: pointer.system, pane: pointer.pane, row: pointer.row} : undefined;
	return {panes: paneOrder(extras.length, hasActivity(state, system?.profile)), rows, alertIds, alertList: list, selectedAlertId, jump, stepCount: runbook?.steps.length ?? 0, systemCount: state.systems.length};
}
