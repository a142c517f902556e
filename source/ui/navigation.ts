import type {CommandId} from '../keys/commands.js';
import {GROUP_ORDER, type AlertList, type GroupBy} from '../model/alert-groups.js';
import {toggleDone, type DoneSteps} from '../triage/done-steps.js';

/** The fixed panes of the dashboard in focus order; a system's extra panes come before alerts. */
export const BASE_PANES = ['agents', 'locks', 'queue', 'latency'] as const;

/** A pane id: one of BASE_PANES, `extra-N`, or `alerts`. */
export type PaneId = string;

/** The focus order for a system with this many extra panes, and the stream's activity feed when it has one. */
export function paneOrder(extraCount: number, activity = false): PaneId[] {
	return [...BASE_PANES, ...Array.from({length: extraCount}, (_, index) => `extra-${index}`), 'alerts', ...(activity ? ['activity'] : [])];
}

/** A page of the drill-down stack. */
export type View =
	| {readonly kind: 'dashboard'}
	| {readonly kind: 'alert'; readonly alertId: string}
	| {readonly kind: 'runbook'; readonly alertId: string};

/** UI state that is not data: system, focus, selections, the drill-down stack, the help overlay. */
export type NavState = {
	/** Index of the system shown, among the detected ones. */
	readonly system: number;
	readonly focus: PaneId;
	/** Selected row by pane id (missing means 0). */
	readonly selected: Readonly<Record<PaneId, number>>;
	/** The selected alert, by id: a new alert sorting above it does not move the cursor to another alert. */
	readonly selectedAlert?: string;
	/** Never empty; the dashboard is at the bottom. */
	readonly stack: readonly View[];
	/** Selected runbook step in the alert and runbook views. */
	readonly step: number;
	/** Runbook steps marked done (Space), by alert id and step: kept when the views are left and entered again. */
	readonly done?: DoneSteps;
	readonly help: boolean;
	/** The alerts filter typed after `/` (text or `label=value` words, see alert-filter.ts); absent or empty is none. */
	readonly filter?: string;
	/** Set while the filter is being typed: keys edit it, Enter keeps it, Esc puts back `previous`. */
	readonly filterEdit?: {readonly previous?: string};
	/** The alerts' grouping chosen with `b`; absent is automatic (by alertname in a storm). */
	readonly groupBy?: GroupBy;
	/** Open groups of the alerts pane, by row id. */
	readonly expanded?: readonly string[];
};

/** Where `e` in the alert view goes: the pane row the alert's labels name. */
export type JumpTarget = {readonly system: number; readonly pane: PaneId; readonly row: number};

/** What the reducer needs to know about the data: panes and their row counts, the alert under the cursor. */
export type NavContext = {
	/** Focus order of the current system's panes. */
	readonly panes: readonly PaneId[];
	readonly rows: Readonly<Record<PaneId, number>>;
	/** Ids of the alerts pane's rows (alerts and groups) in display order. */
	readonly alertIds: readonly string[];
	/** The alerts pane's rows: the filter and grouping applied. */
	readonly alertList?: AlertList;
	/** The id of the selected row: an alert's id, or a group's. */
	readonly selectedAlertId?: string;
	/** The pane row the alert on screen names (alert and runbook views). */
	readonly jump?: JumpTarget;
	readonly stepCount: number;
	readonly systemCount: number;
};

export const initialNav: NavState = {
	system: 0,
	focus: 'alerts',
	selected: {},
	stack: [{kind: 'dashboard'}],
	step: 0,
	help: false,
};

/** The view on top of the stack. */
export function topView(state: NavState): View {
	return state.stack.at(-1) ?? {kind: 'dashboard'};
}

/** The selected row of a pane. */
export function selectedRow(state: NavState, pane: PaneId): number {
	return state.selected[pane] ?? 0;
}

/** The selected alert's row: where the selected alert is now, else the last row index clamped. */
export function alertRow(state: NavState, alertIds: readonly string[]): number {
	const index = state.selectedAlert === undefined ? -1 : alertIds.indexOf(state.selectedAlert);
	return index !== -1 ? index : Math.max(0, Math.min(selectedRow(state, 'alerts'), alertIds.length - 1));
}

const clamp = (value: number, count: number) => Math.max(0, Math.min(value, count - 1));

function select(state: NavState, context: NavContext, to: (current: number, count: number) => number): NavState {
	const count = context.rows[state.focus] ?? 0;
	if (count === 0) return state;
	const isAlerts = state.focus === 'alerts';
	const current = isAlerts ? alertRow(state, context.alertIds) : selectedRow(state, state.focus);
	const next = clamp(to(current, count), count);
	if (next === current) return state;
	return {...state, selected: {...state.selected, [state.focus]: next}, selectedAlert: isAlerts ? context.alertIds[next] : state.selectedAlert};
}

function focus(state: NavState, context: NavContext, step: number): NavState {
	const index = context.panes.indexOf(state.focus);
	const base = index === -1 ? context.panes.indexOf('alerts') : index;
	return {...state, focus: context.panes[(base + step + context.panes.length) % context.panes.length] ?? 'alerts'};
}

function showSystem(state: NavState, context: NavContext, index: number): NavState {
	if (context.systemCount === 0) return state;
	const system = ((index % context.systemCount) + context.systemCount) % context.systemCount;
	// Selections belong to a system's rows; alerts are shared by all systems.
	return system === state.system ? state : {...state, system, selected: {alerts: selectedRow(state, 'alerts')}, focus: state.focus.startsWith('extra-') ? 'alerts' : state.focus};
}

/** Applies a command to the navigation state. Pure; commands that are not about navigation leave it as it is. */
export function navigate(state: NavState, command: CommandId, context: NavContext): NavState {
	const view = topView(state);
	if (command === 'help') return {...state, help: !state.help};
	if (state.help) return command === 'back' ? {...state, help: false} : state;
	switch (command) {
		case 'focus-next':
			return focus(state, context, 1);
		case 'focus-prev':
			return focus(state, context, -1);
		case 'next-system':
			return showSystem(state, context, state.system + 1);
		case 'select-up':
			return view.kind === 'dashboard' ? select(state, context, current => current - 1) : {...state, step: clamp(state.step - 1, context.stepCount)};
		case 'select-down':
			return view.kind === 'dashboard' ? select(state, context, current => current + 1) : {...state, step: clamp(state.step + 1, context.stepCount)};
		case 'select-first':
			return select(state, context, () => 0);
		case 'select-last':
			return select(state, context, (_, count) => count - 1);
		case 'step-next':
			return {...state, step: clamp(state.step + 1, context.stepCount)};
		case 'step-prev':
			return {...state, step: clamp(state.step - 1, context.stepCount)};
		case 'toggle-done':
			return view.kind === 'dashboard' || context.stepCount === 0 ? state : {...state, done: toggleDone(state.done, view.alertId, clamp(state.step, context.stepCount))};
		case 'open': {
			const row = context.alertList?.rows.find(candidate => candidate.id === context.selectedAlertId);
			if (view.kind === 'dashboard' && state.focus === 'alerts' && row?.kind === 'group') return toggleGroup(state, row.id, !row.expanded, row.alerts[0]?.id);
			if (view.kind === 'dashboard' && state.focus === 'alerts' && context.selectedAlertId) {
				return {...state, stack: [...state.stack, {kind: 'alert', alertId: context.selectedAlertId}], step: 0};
			}
			if (view.kind === 'alert' && context.stepCount > 0) return {...state, stack: [...state.stack, {kind: 'runbook', alertId: view.alertId}]};
			return state;
		}
		case 'expand-group':
		case 'collapse-group':
			return expandOrCollapse(state, command === 'expand-group', context);
		case 'filter':
			return {...state, focus: 'alerts', filterEdit: {previous: state.filter}};
		case 'clear-filter':
			return state.filter ? {...state, filter: undefined, selectedAlert: context.selectedAlertId} : state;
		case 'group':
			return {...state, groupBy: GROUP_ORDER[(GROUP_ORDER.indexOf(context.alertList?.groupBy ?? 'none') + 1) % GROUP_ORDER.length], expanded: [], focus: 'alerts', selected: {...state.selected, alerts: 0}, selectedAlert: undefined};
		case 'jump-to-row':
			return context.jump ? jumpTo(state, context.jump) : state;
		case 'back':
			return state.stack.length > 1 ? {...state, stack: state.stack.slice(0, -1)} : state;
		default:
			if (command.startsWith('system-')) {
				const index = Number(command.slice('system-'.length)) - 1;
				return index < context.systemCount ? showSystem(state, context, index) : state;
			}
			return state;
	}
}

/** Opens or closes a group; opening selects its first alert (a storm's top alert is two Enters from its alert view). */
function toggleGroup(state: NavState, id: string, open: boolean, first: string | undefined): NavState {
	const expanded = (state.expanded ?? []).filter(candidate => candidate !== id);
	return {...state, expanded: open ? [...expanded, id] : expanded, selectedAlert: open && first !== undefined ? first : id};
}

/** `→` opens the selected group; `←` closes it, or the group of the selected alert (selecting the group). */
function expandOrCollapse(state: NavState, open: boolean, context: NavContext): NavState {
	if (topView(state).kind !== 'dashboard' || state.focus !== 'alerts') return state;
	const rows = context.alertList?.rows ?? [];
	const index = rows.findIndex(row => row.id === context.selectedAlertId);
	const row = rows[index];
	if (row?.kind === 'group') return row.expanded === open ? state : toggleGroup(state, row.id, open, row.alerts[0]?.id);
	if (open || row === undefined || !row.indent) return state;
	const group = rows.slice(0, index).reverse().find(candidate => candidate.kind === 'group');
	return group ? toggleGroup(state, group.id, false, undefined) : state;
}

/** The dashboard, with the system, pane and row the alert named selected. */
function jumpTo(state: NavState, target: JumpTarget): NavState {
	const sameSystem = target.system === state.system;
	const selected = sameSystem ? state.selected : {alerts: selectedRow(state, 'alerts')};
	return {...state, stack: [{kind: 'dashboard'}], system: target.system, focus: target.pane, selected: {...selected, [target.pane]: target.row}};
}

/** A key typed while the filter is edited: text goes into it, Enter keeps it, Esc puts the old one back. */
export function editFilter(state: NavState, press: {readonly input: string; readonly key: Readonly<Record<string, boolean | undefined>>}): NavState {
	if (!state.filterEdit) return state;
	const text = state.filter ?? '';
	const typed = (filter: string): NavState => {
		const next = filter.slice(0, 200);
		// The list changes under the cursor: start from its top.
		return next === text ? state : {...state, filter: next, selected: {...state.selected, alerts: 0}, selectedAlert: undefined};
	};
	const {key, input} = press;
	if (key.return) return {...state, filterEdit: undefined, filter: text.trim() === '' ? undefined : text};
	if (key.escape) return {...state, filterEdit: undefined, filter: state.filterEdit.previous, selected: {...state.selected, alerts: 0}, selectedAlert: undefined};
	if (key.backspace || key.delete) return typed([...text].slice(0, -1).join(''));
	if (key.ctrl && input === 'u') return typed('');
	if (key.ctrl && input === 'w') return typed(text.replace(/\S*\s*$/u, ''));
	if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return state;
	// Printable text only: a pasted control character never reaches the filter (or the screen).
	const printable = [...input].filter(character => !/[\p{Cc}\p{Cf}]/u.test(character)).join('');
	return printable ? typed(text + printable) : state;
}
