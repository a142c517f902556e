import {describe, expect, it} from 'vitest';
import type {AlertList} from '../../source/model/alert-groups.js';
import type {AlertItem} from '../../source/model/types.js';
import {alertRow, editFilter, initialNav, navigate, paneOrder, selectedRow, topView, type NavContext, type NavState} from '../../source/ui/navigation.js';

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

describe('the alerts filter and groups', () => {
	const item = (id: string): AlertItem => ({id, name: id, state: 'firing', severity: 'warning', summary: '', description: '', labels: {}, annotations: {}});
	const [a, b, c] = [item('A{1}'), item('A{2}'), item('B{}')];
	const list = (expanded: boolean): AlertList => ({
		groupBy: 'alertname',
		shown: [a, b, c],
		total: 3,
		rows: [{kind: 'group', id: 'group:alertname:A', label: 'A', alerts: [a, b], expanded}, ...(expanded ? [{kind: 'alert' as const, id: a.id, alert: a, indent: true}, {kind: 'alert' as const, id: b.id, alert: b, indent: true}] : []), {kind: 'alert', id: c.id, alert: c, indent: false}],
	});
	const grouped = (nav: NavState, expanded = (nav.expanded ?? []).length > 0): NavContext => {
		const alertList = list(expanded);
		const alertIds = alertList.rows.map(row => row.id);
		return {...context, alertList, alertIds, rows: {...context.rows, alerts: alertIds.length}, selectedAlertId: alertIds[alertRow(nav, alertIds)]};
	};
	const type = (nav: NavState, text: string) => [...text].reduce((state, input) => editFilter(state, {input, key: {}}), nav);

	it('Enter opens a group and selects its first alert, so the top alert of a storm is two Enters from its view', () => {
		const opened = navigate(initialNav, 'open', grouped(initialNav));
		expect(opened.expanded).toEqual(['group:alertname:A']);
		expect(opened.selectedAlert).toBe('A{1}');
		expect(topView(navigate(opened, 'open', grouped(opened))).kind).toBe('alert');
	});

	it('← closes the group of the selected alert and selects the group; → opens it again', () => {
		const opened = navigate(initialNav, 'open', grouped(initialNav));
		const down = navigate(opened, 'select-down', grouped(opened));
		expect(down.selectedAlert).toBe('A{2}');
		const closed = navigate(down, 'collapse-group', grouped(down));
		expect(closed.expanded).toEqual([]);
		expect(closed.selectedAlert).toBe('group:alertname:A');
		expect(navigate(closed, 'expand-group', grouped(closed)).expanded).toEqual(['group:alertname:A']);
	});

	it('b cycles the grouping from the one in force', () => {
		const next = navigate(initialNav, 'group', grouped(initialNav));
		expect(next.groupBy).toBe('system');
		expect(navigate({...initialNav, groupBy: 'target'}, 'group', {...context, alertList: {...list(false), groupBy: 'target'}}).groupBy).toBe('none');
	});

	it('/ edits the filter as typed; Enter keeps it, Esc puts the old one back, Esc on the dashboard clears it', () => {
		let nav = navigate({...initialNav, focus: 'agents'}, 'filter', context);
		expect(nav.focus).toBe('alerts');
		expect(nav.filterEdit).toEqual({previous: undefined});
		nav = type(nav, 'agent=cq');
		nav = editFilter(nav, {input: '', key: {backspace: true}});
		nav = type(nav, 'o\u001B[31m');
		expect(nav.filter).toBe('agent=co[31m');
		nav = editFilter(nav, {input: 'w', key: {ctrl: true}});
		expect(nav.filter).toBe('');
		nav = editFilter(type(nav, 'agent=copilot'), {input: '', key: {return: true}});
		expect(nav).toMatchObject({filter: 'agent=copilot', filterEdit: undefined});
		const again = editFilter(type(navigate(nav, 'filter', context), ' x'), {input: '', key: {escape: true}});
		expect(again).toMatchObject({filter: 'agent=copilot', filterEdit: undefined});
		expect(navigate(again, 'clear-filter', context).filter).toBeUndefined();
		// An empty filter kept with Enter is no filter.
		expect(editFilter(navigate(initialNav, 'filter', context), {input: '', key: {return: true}}).filter).toBeUndefined();
	});

	it('e jumps from the alert view to the row its labels name', () => {
		const view = navigate(initialNav, 'open', context);
		const jumped = navigate(view, 'jump-to-row', {...context, jump: {system: 1, pane: 'locks', row: 2}});
		expect(topView(jumped).kind).toBe('dashboard');
		expect(jumped).toMatchObject({system: 1, focus: 'locks'});
		expect(selectedRow(jumped, 'locks')).toBe(2);
		expect(navigate(view, 'jump-to-row', context)).toBe(view);
	});
});
