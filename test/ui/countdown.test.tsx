import {cleanup, render} from 'ink-testing-library';
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {markWaiting} from '../../source/model/pane-progress.js';
import type {AppState, LocksPane} from '../../source/model/types.js';
import {initialState} from '../../source/sources/monitor.js';
import {Header} from '../../source/ui/header.js';
import {noticeLines, Pane, PaneNotice} from '../../source/ui/pane.js';
import {plain} from '../helpers/app-harness.js';

afterEach(() => cleanup());

const failing = (retryAt: number): AppState => ({...initialState('http://prometheus:9090'), connection: {state: 'error', message: 'timed out after 2s', retryAt}});

function header(state: AppState) {
	const view = render(<Header state={state} systemIndex={0} url="http://prometheus:9090" interval="1s" breadcrumb={[]} width={100} />);
	return {...view, text: () => plain(view.lastFrame())};
}

function notice(pane: LocksPane) {
	const view = render(
		<Pane title="Locks" focused={false} width={80} height={5}>
			<PaneNotice pane={pane} now={Date.now()} />
		</Pane>,
	);
	// The pane's inside, wrapped lines joined.
	return {...view, text: () => plain(view.lastFrame()).replace(/[│╭╮╰╯─]/g, '').replace(/\s+/g, ' ')};
}

describe('the header’s retry', () => {
	it('counts down to the next try each second, then says it is retrying', async () => {
		const view = header(failing(Date.now() + 2900));
		expect(view.text()).toContain('✖ timed out after 2s · retry in 3s');
		await vi.waitFor(() => expect(view.text()).toContain('retry in 2s'), {timeout: 1500, interval: 50});
		await vi.waitFor(() => expect(view.text()).toContain('retry in 1s'), {timeout: 1500, interval: 50});
		await vi.waitFor(() => expect(view.text()).toContain('· retrying…'), {timeout: 1500, interval: 50});
	});
});

describe('PaneNotice', () => {
	const LOCKS: LocksPane = {status: 'ok', total: 4, items: [{name: 'copilot', value: 4, level: 'ok'}], updatedAt: Date.now()};

	it('says a pane is waiting for this refresh’s answer, counting the seconds, on one line', async () => {
		const pane = markWaiting(LOCKS, Date.now() - 1100, 'Prometheus');
		expect(noticeLines(pane)).toBe(1);
		const view = notice(pane);
		expect(view.text()).toContain('waiting for Prometheus 1s…');
		await vi.waitFor(() => expect(view.text()).toContain('waiting for Prometheus 2s…'), {timeout: 1500, interval: 50});
	});

	it('says nothing of seconds in the first one', () => {
		expect(notice(markWaiting(LOCKS, Date.now() - 300, 'Prometheus')).text()).toContain('waiting for Prometheus…');
	});

	it('counts down a failed pane’s Retry-After, beside how old its data is', async () => {
		const pane = {...LOCKS, status: 'error', message: 'HTTP 429: 429 Too Many Requests', stale: true, retryAt: Date.now() + 2900} as LocksPane;
		const view = notice(pane);
		expect(view.text()).toMatch(/✖ HTTP 429: 429 Too Many Requests · Retry-After: retry in 3s \(showing data \d+s old\)/);
		await vi.waitFor(() => expect(view.text()).toContain('Retry-After: retry in 2s'), {timeout: 1500, interval: 50});
	});

	it('keeps a failed pane’s error while it waits again', () => {
		const pane = markWaiting({...LOCKS, status: 'error', message: 'timed out after 2s', stale: true} as LocksPane, Date.now() - 1200, 'Prometheus');
		expect(notice(pane).text()).toMatch(/✖ timed out after 2s · retrying 1s… \(showing data \d+s old\)/);
	});
});
