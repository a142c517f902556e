import {afterEach, describe, expect, it} from 'vitest';
import type {AlertItem} from '../../source/model/types.js';
import {alertCounts} from '../../source/ui/panes/alerts-pane.js';
import {ALERT, cleanup, fixtureState, renderApp} from '../helpers/app-harness.js';

const delay = async (ms = 60) => new Promise(resolve => setTimeout(resolve, ms));
const down = '\u001B[B';

const NEW: AlertItem = {...ALERT, id: 'HighAPIErrorRate{severity=critical}', name: 'HighAPIErrorRate', severity: 'critical', summary: 'High API error rate (12%)', labels: {alertname: 'HighAPIErrorRate', severity: 'critical'}};

afterEach(() => cleanup());

describe('new firing alerts', () => {
	it('ring the bell once, are marked ✱ and counted until selected; those firing at start do not ring', async () => {
		const app = renderApp(fixtureState([ALERT]));
		await delay();
		expect(app.actions.bell).not.toHaveBeenCalled();
		app.store.update(state => ({...state, alerts: {...state.alerts, items: [NEW, ALERT]}}));
		await expect.poll(() => app.actions.bell.mock.calls.length, {timeout: 3000}).toBe(1);
		// The alerts pane has the focus with the first row selected: the new alert is the selected one.
		app.store.update(state => ({...state, alerts: {...state.alerts, items: [ALERT, NEW]}}));
		await expect.poll(() => app.text(), {timeout: 3000}).toMatch(/1 new ✱/);
		expect(app.text()).toMatch(/✱ CRIT firing\s+HighAPIErrorRate/);
		app.stdin.write(down);
		// Polled, not after a fixed delay: on a loaded CI machine the key's two renders can take longer.
		await expect.poll(() => app.text(), {timeout: 3000}).not.toContain('✱');
		// A refresh with the same alerts does not ring again.
		app.store.update(state => ({...state, alerts: {...state.alerts, items: [...state.alerts.items]}}));
		await delay();
		expect(app.actions.bell).toHaveBeenCalledTimes(1);
	});

	it('count a storm by severity in the title', () => {
		const storm = Array.from({length: 500}, (_, index): AlertItem => ({...ALERT, id: `A${index}`, severity: index < 20 ? 'critical' : 'warning'}));
		expect(alertCounts(storm, 3)).toBe('500 firing (20 critical, 480 warning) · 0 pending · 3 new ✱');
	});
});
