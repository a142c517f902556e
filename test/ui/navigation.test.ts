import {describe, expect, it} from 'vitest';
import {alertRow, initialNav, navigate, paneOrder, selectedRow, topView, type NavContext} from '../../source/ui/navigation.js';

const context: NavContext = {panes: paneOrder(1), rows: {agents: 2, locks: 3, queue: 0, latency: 3, 'extra-0': 4, alerts: 2}, alertIds: ['A{}', 'B{}'], selectedAlertId: 'A{}', stepCount: 5, systemCount: 3};

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
		expect(navigate(initialNav, 'focus-prev', context).focus).toBe('extra-0');
	});

	it('clamps selections to the rows a pane has', () => {
		let state = navigate(initialNav, 'focus-next', context);
		state = navigate(navigate(navigate(state, 'select-down', context), 'select-down', context), 'select-down', context);
		expect(selectedRow(state, 'agents')).toBe(1);
		state = navigate(state, 'select-first', context);
		expect(selectedRow(state, 'agents')).toBe(0);
		state = navigate(state, 'select-last', context);
		expect(selectedRow(state, 'agents')).toBe(1);
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

	it('switches systems by number and in turn, keeping the alert selection', () => {
		let state = navigate(initialNav, 'select-down', context);
		state = navigate(state, 'system-3', context);
		expect(state.system).toBe(2);
		expect(selectedRow(state, 'alerts')).toBe(1);
		expect(navigate(state, 'next-system', context).system).toBe(0);
		expect(navigate(navigate(state, 'system-1', context), 'system-9', context).system).toBe(0);
	});

	it('keeps the cursor on the same alert when a new one sorts above it', () => {
		const state = navigate(initialNav, 'select-down', context);
		expect(alertRow(state, ['A{}', 'B{}'])).toBe(1);
		expect(alertRow(state, ['NEW{}', 'A{}', 'B{}'])).toBe(2);
		// When the selected alert resolves, the cursor stays at its row, clamped.
		expect(alertRow(state, ['A{}'])).toBe(0);
		const next = navigate(state, 'select-up', {...context, rows: {...context.rows, alerts: 3}, alertIds: ['NEW{}', 'A{}', 'B{}']});
		expect(next.selectedAlert).toBe('A{}');
	});

	it('toggles help and closes it with back', () => {
		const help = navigate(initialNav, 'help', context);
		expect(help.help).toBe(true);
		expect(navigate(help, 'focus-next', context)).toBe(help);
		expect(navigate(help, 'back', context).help).toBe(false);
	});
});
