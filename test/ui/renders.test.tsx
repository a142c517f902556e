import {Text} from 'ink';
import {render} from 'ink-testing-library';
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {AgentsPane as AgentsData, AppState} from '../../source/model/types.js';
import {memoPane} from '../../source/ui/memo-pane.js';
import {cleanup, fixtureState, renderApp} from '../helpers/app-harness.js';

// The agents pane, counted: how often the dashboard asks it to draw (memoised as the real one is).
const agentsRenders = vi.hoisted(() => ({count: 0}));
vi.mock('../../source/ui/panes/agents-pane.js', async () => {
	const {memoPane: memo} = await import('../../source/ui/memo-pane.js');
	const {Text: InkText} = await import('ink');
	const ReactModule = await import('react');
	return {
		AgentsPane: memo(({pane}: {pane: AgentsData}) => {
			agentsRenders.count++;
			return ReactModule.createElement(InkText, null, `agents: ${pane.items.map(agent => agent.name).join(', ')}`);
		}),
	};
});

afterEach(() => {
	cleanup();
	agentsRenders.count = 0;
});

/** The state after another refresh that read the same data: new objects and new times throughout, same values. */
function sameDataLater(state: AppState, at: number): AppState {
	const copy = structuredClone(state) as AppState;
	return {
		...copy,
		updatedAt: at,
		systems: copy.systems.map(system => ({...system, agents: {...system.agents, updatedAt: at}, locks: {...system.locks, updatedAt: at}})),
		alerts: {...copy.alerts, updatedAt: at},
	};
}

const settle = async () => new Promise(resolve => setTimeout(resolve, 50));

describe('rendering only what changed (issue 7)', () => {
	it('draws nothing when a refresh brings the same data (new objects, new times)', async () => {
		const {store, frames, lastFrame} = renderApp();
		await vi.waitFor(() => expect(lastFrame()).toContain('agents: claude-code'));
		await settle();
		const drawn = frames.length;
		const renders = agentsRenders.count;
		store.update(state => sameDataLater(state, Date.now() + 2000));
		store.update(state => sameDataLater(state, Date.now() + 4000));
		await settle();
		expect(frames.length).toBe(drawn);
		expect(agentsRenders.count).toBe(renders);
		// The store itself has the exact times (the triage note and the evidence feed read them).
		expect(store.getSnapshot().updatedAt).toBeGreaterThan(Date.now() + 3000);
	});

	it('draws a frame when one pane changes, and does not draw the others again', async () => {
		const {store, frames, text} = renderApp();
		await vi.waitFor(() => expect(text()).toContain('total 4'));
		await settle();
		const drawn = frames.length;
		const renders = agentsRenders.count;
		store.update(state => {
			const later = sameDataLater(state, Date.now() + 2000);
			const [system] = later.systems;
			return {...later, systems: [{...system!, locks: {...system!.locks, total: 9}}]};
		});
		await vi.waitFor(() => expect(text()).toContain('total 9'));
		await settle();
		expect(frames.length).toBe(drawn + 1);
		expect(agentsRenders.count).toBe(renders);
		// Its own data changed: then it draws again.
		store.update(state => {
			const [system] = state.systems;
			return {...state, systems: [{...system!, agents: {...system!.agents, items: [{name: 'new-agent', state: 'idle', level: 'ok'}]}}]};
		});
		await vi.waitFor(() => expect(text()).toContain('agents: new-agent'));
		expect(agentsRenders.count).toBe(renders + 1);
	});

	it('a key that moves the selection in one pane does not draw the others again', async () => {
		const {stdin, text} = renderApp(fixtureState());
		await vi.waitFor(() => expect(text()).toContain('agents: claude-code'));
		// Tab, Tab: from the alerts to the agents (it draws again, focused), then to the locks.
		stdin.write('\t');
		await settle();
		stdin.write('\t');
		await vi.waitFor(() => expect(text()).toContain('▸ Locks'));
		await settle();
		const renders = agentsRenders.count;
		const frame = text();
		stdin.write('j');
		await vi.waitFor(() => expect(text()).not.toBe(frame));
		await settle();
		expect(agentsRenders.count).toBe(renders);
	});
});

describe('memoPane', () => {
	it('renders again only when a prop draws something else (a rebuilt plain object with the same values does not)', () => {
		let count = 0;
		const Counted = memoPane(({pane, width}: {pane: {title: string; rows: readonly number[]}; width: number}) => {
			count++;
			return <Text>{`${pane.title} ${pane.rows.join(',')} ${width}`}</Text>;
		});
		const rows = [1, 2];
		const view = render(<Counted pane={{title: 'T', rows}} width={10} />);
		view.rerender(<Counted pane={{title: 'T', rows}} width={10} />);
		expect(count).toBe(1);
		view.rerender(<Counted pane={{title: 'T', rows: [1, 2]}} width={10} />);
		expect(count).toBe(2);
		view.rerender(<Counted pane={{title: 'T', rows: [1, 2]}} width={12} />);
		expect(count).toBe(3);
		view.unmount();
	});
});
