import {describe, expect, it} from 'vitest';
import {doneCount, isDone} from '../../source/triage/done-steps.js';
import {initialNav, navigate, paneOrder, type NavContext} from '../../source/ui/navigation.js';

const context: NavContext = {panes: paneOrder(0), rows: {alerts: 2}, alertIds: ['A{}', 'B{}'], selectedAlertId: 'A{}', stepCount: 4, systemCount: 1};

describe('toggle-done', () => {
	it('marks the selected step of the alert on screen, per alert, and never on the dashboard', () => {
		expect(navigate(initialNav, 'toggle-done', context)).toBe(initialNav);
		let state = navigate(initialNav, 'open', context);
		state = navigate(navigate(state, 'select-down', context), 'toggle-done', context);
		expect(isDone(state.done, 'A{}', 1)).toBe(true);
		state = navigate(navigate(state, 'open', context), 'step-next', context);
		state = navigate(state, 'toggle-done', context);
		expect(doneCount(state.done, 'A{}', 4)).toBe(2);
		expect(doneCount(state.done, 'B{}', 4)).toBe(0);
		// Left and entered again: still marked; toggled again: not.
		state = navigate(navigate(navigate(state, 'back', context), 'back', context), 'open', context);
		expect(doneCount(state.done, 'A{}', 4)).toBe(2);
		state = navigate(navigate(state, 'select-down', context), 'toggle-done', context);
		expect(isDone(state.done, 'A{}', 1)).toBe(false);
		expect(navigate(state, 'toggle-done', {...context, stepCount: 0})).toBe(state);
	});
});
