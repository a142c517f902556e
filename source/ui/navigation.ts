import type {CommandId} from '../keys/commands.js';

/** The panes of the dashboard in focus order. */
export const PANES = ['agents', 'locks', 'queue', 'latency', 'alerts'] as const;
export type PaneId = (typeof PANES)[number];

/** A page of the drill-down stack. */
export type View =
	| {readonly kind: 'dashboard'}
	| {readonly kind: 'alert'; readonly alertId: string}
	| {readonly kind: 'runbook'; readonly alertId: string};

/** UI state that is not data: focus, selections, the drill-down stack, the help overlay. */
export type NavState = {
	readonly focus: PaneId;
	readonly selected: Readonly<Record<PaneId, number>>;
	/** Never empty; the dashboard is at the bottom. */
	readonly stack: readonly View[];
	/** Selected runbook step in the alert and runbook views. */
	readonly step: number;
	readonly help: boolean;
};

/** Row counts the reducer needs to clamp selections, and the alert under the cursor. */
export type NavContext = {
	readonly rows: Readonly<Record<PaneId, number>>;
	readonly selectedAlertId?: string;
	readonly stepCount: number;
};

export const initialNav: NavState = {
	focus: 'alerts',
	selected: {agents: 0, locks: 0, queue: 0, latency: 0, alerts: 0},
	stack: [{kind: 'dashboard'}],
	step: 0,
	help: false,
};

/** The view on top of the stack. */
export function topView(state: NavState): View {
	return state.stack.at(-1) ?? {kind: 'dashboard'};
}

const clamp = (value: number, count: number) => Math.max(0, Math.min(value, count - 1));

function select(state: NavState, context: NavContext, to: (current: number, count: number) => number): NavState {
	const count = context.rows[state.focus];
	if (count === 0) return state;
	const next = clamp(to(state.selected[state.focus], count), count);
	return next === state.selected[state.focus] ? state : {...state, selected: {...state.selected, [state.focus]: next}};
}

/** Applies a command to the navigation state. Pure; commands that are not about navigation leave it as it is. */
export function navigate(state: NavState, command: CommandId, context: NavContext): NavState {
	const view = topView(state);
	if (command === 'help') return {...state, help: !state.help};
	if (state.help) return command === 'back' ? {...state, help: false} : state;
	switch (command) {
		case 'focus-next':
		case 'focus-prev': {
			const index = PANES.indexOf(state.focus) + (command === 'focus-next' ? 1 : -1);
			return {...state, focus: PANES[(index + PANES.length) % PANES.length]!};
		}
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
		case 'open':
			if (view.kind === 'dashboard' && state.focus === 'alerts' && context.selectedAlertId) {
				return {...state, stack: [...state.stack, {kind: 'alert', alertId: context.selectedAlertId}], step: 0};
			}
			if (view.kind === 'alert' && context.stepCount > 0) return {...state, stack: [...state.stack, {kind: 'runbook', alertId: view.alertId}]};
			return state;
		case 'back':
			return state.stack.length > 1 ? {...state, stack: state.stack.slice(0, -1)} : state;
		default:
			return state;
	}
}
