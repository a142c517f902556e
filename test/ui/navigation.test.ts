import {describe, expect, it} from 'vitest';
import {initialNav, navigate, topView, type NavContext} from '../../source/ui/navigation.js';

const context: NavContext = {rows: {agents: 2, locks: 3, queue: 0, latency: 3, alerts: 2}, selectedAlertId: 'A{}', stepCount: 5};

describe('navigate', () => {
	it('starts on the alerts pane so the top alert is one Enter away', () => {
		expect(initialNav.focus).toBe('alerts');
		const opened = navigate(initialNav, 'open', context);
		expect(topView(opened)).toEqual({kind: 'alert', alertId: 'A{}'});
		const runbook = navigate(opened, 'open', context);
		expect(topView(runbook)).toEqual({kind: 'runbook', alertId: 'A{}'});
		expect(runbook.step).toBe(0);
	});

	it('cycles focus both ways', () => {
		const next = navigate(initialNav, 'focus-next', context);
		expect(next.focus).toBe('agents');
		expect(navigate(next, 'focus-prev', context).focus).toBe('alerts');
	});

	it('clamps selections to the rows a pane has', () => {
		let state = navigate(initialNav, 'focus-next', context);
		state = navigate(navigate(navigate(state, 'select-down', context), 'select-down', context), 'select-down', context);
		expect(state.selected.agents).toBe(1);
		state = navigate(state, 'select-first', context);
		expect(state.selected.agents).toBe(0);
		state = navigate(state, 'select-last', context);
		expect(state.selected.agents).toBe(1);
	});

	it('pops the stack with back and never pops the dashboard', () => {
		const deep = navigate(navigate(initialNav, 'open', context), 'open', context);
		const back = navigate(deep, 'back', context);
		expect(topView(back).kind).toBe('alert');
		expect(topView(navigate(navigate(back, 'back', context), 'back', context)).kind).toBe('dashboard');
	});

	it('moves through runbook steps within bounds', () => {
		let state = navigate(navigate(initialNav, 'open', context), 'open', context);
		for (let index = 0; index < 9; index++) state = navigate(state, 'step-next', context);
		expect(state.step).toBe(4);
		expect(navigate(state, 'step-prev', context).step).toBe(3);
	});

	it('does nothing on Enter outside the alerts pane or without alerts', () => {
		expect(navigate(navigate(initialNav, 'focus-next', context), 'open', context).stack).toHaveLength(1);
		expect(navigate(initialNav, 'open', {...context, selectedAlertId: undefined}).stack).toHaveLength(1);
	});

	it('toggles help and closes it with back', () => {
		const help = navigate(initialNav, 'help', context);
		expect(help.help).toBe(true);
		expect(navigate(help, 'focus-next', context)).toBe(help);
		expect(navigate(help, 'back', context).help).toBe(false);
	});
});
