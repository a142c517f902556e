import type {Scope} from '../keys/commands.js';
import type {AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {findRunbook} from '../runbooks/match.js';
import {paneOrder, selectedRow, topView, type NavContext, type NavState} from './navigation.js';

/** The key scope of a navigation state: the help overlay, or the view on top of the stack. */
export function scopeOf(nav: NavState): Scope {
	return nav.help ? 'help' : topView(nav).kind;
}

/** What the navigation reducer needs to know about the data, for this navigation state. Pure. */
export function navContext(nav: NavState, state: AppState, profiles: readonly Profile[]): NavContext {
	const system = state.systems[Math.min(nav.system, Math.max(0, state.systems.length - 1))];
	const extras = system?.extras ?? [];
	const rows: Record<string, number> = {
		agents: system?.agents.table?.rows.length ?? system?.agents.items.length ?? 0,
		locks: system?.locks.items.length ?? 0,
		queue: system?.queue.items.length ?? 0,
		latency: system?.latency.items.length ?? 0,
		alerts: state.alerts.items.length,
		...Object.fromEntries(extras.map((extra, index) => [`extra-${index}`, extra.rows.length])),
	};
	const selectedAlertId = state.alerts.items[Math.min(selectedRow(nav, 'alerts'), state.alerts.items.length - 1)]?.id;
	const view = topView(nav);
	const alert = view.kind === 'dashboard' ? undefined : state.alerts.items.find(candidate => candidate.id === view.alertId);
	// A resolved alert keeps its view; its runbook is still found by name.
	const name = alert?.name ?? (view.kind === 'dashboard' ? undefined : view.alertId.split('{')[0]);
	const runbook = name === undefined ? undefined : findRunbook(profiles, name, alert?.labels.system);
	return {panes: paneOrder(extras.length), rows, selectedAlertId, stepCount: runbook?.steps.length ?? 0, systemCount: state.systems.length};
}
