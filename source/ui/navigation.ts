import type {CommandId} from '../keys/commands.js';
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
};

/** What the reducer needs to know about the data: panes and their row counts, the alert under the cursor. */
export type NavContext = {
	/** Focus order of the current system's panes. */
	readonly panes: readonly PaneId[];
	readonly rows: Readonly<Record<PaneId, number>>;
	/** Ids of the alerts in display order. */
	readonly alertIds: readonly string[];
	readonly selectedAlertId?: string;
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
		case 'open':
			if (view.kind === 'dashboard' && state.focus === 'alerts' && context.selectedAlertId) {
				return {...state, stack: [...state.stack, {kind: 'alert', alertId: context.selectedAlertId}], step: 0};
			}
			if (view.kind === 'alert' && context.stepCount > 0) return {...state, stack: [...state.stack, {kind: 'runbook', alertId: view.alertId}]};
			return state;
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
