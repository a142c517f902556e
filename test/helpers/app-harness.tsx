import {cleanup, render} from 'ink-testing-library';
import React from 'react';
import {vi} from 'vitest';
import {shapeSystem} from '../../source/model/shape.js';
import {Store} from '../../source/model/store.js';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {initialState} from '../../source/sources/monitor.js';
import {App} from '../../source/ui/app.js';
import {coordinationResults} from '../fixtures/coordination-results.js';

/** Strips colour and cursor codes so assertions read the text a user sees. */
export function plain(frame: string | undefined): string {
	// eslint-disable-next-line no-control-regex
	return (frame ?? '').replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}

export const ALERT: AlertItem = {
	id: 'HighLockContention{agent=copilot,severity=warning}',
	name: 'HighLockContention',
	state: 'firing',
	severity: 'warning',
	summary: 'High number of file locks (14)',
	description: 'Many files are locked, potential contention issue',
	activeAt: Date.now() - 180_000,
	value: 14,
	labels: {alertname: 'HighLockContention', agent: 'copilot', severity: 'warning'},
	annotations: {summary: 'High number of file locks (14)', description: 'Many files are locked, potential contention issue', runbook_url: 'https://example.com/runbooks#highlockcontention'},
	runbookUrl: 'https://example.com/runbooks#highlockcontention',
};

/** A dashboard state as one good refresh of the coordination-server fixture leaves it. */
export function fixtureState(alerts: readonly AlertItem[] = [ALERT]): AppState {
	return {
		...initialState('http://127.0.0.1:9090'),
		connection: {state: 'ok'},
		updatedAt: Date.now(),
		systems: [shapeSystem(coordinationServer, coordinationResults(), Date.now())],
		alerts: {status: 'ok', items: alerts, updatedAt: Date.now()},
		history: {'coordination-server:locks.total': [1, 2, 3, 4]},
	};
}

/** Renders the real App over a store the test controls. */
export function renderApp(state: AppState = fixtureState(), color = false, insecure = false) {
	const store = new Store(state);
	const actions = {refresh: vi.fn(), togglePause: vi.fn(), quit: vi.fn(), bell: vi.fn()};
	const view = render(<App store={store} profiles={[coordinationServer]} actions={actions} interval="2s" window="5m" color={color} displayUrl="http://127.0.0.1:9090" insecure={insecure ? '(--insecure-skip-verify)' : undefined} />);
	return {...view, store, actions, text: () => plain(view.lastFrame())};
}

export {cleanup};
