import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {shapeSystem, type Results} from '../../source/model/shape.js';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {toJson} from '../../source/once/json.js';
import {toText} from '../../source/once/text.js';
import {allProfiles} from '../../source/profiles/registry.js';
import {initialState} from '../../source/sources/monitor.js';
import {cleanup, renderApp} from '../helpers/app-harness.js';

/** Query results a real Prometheus gave for each profile (test/fixtures/recorded/record.mjs). */
function recorded(id: string): Results {
	const file = JSON.parse(readFileSync(`test/fixtures/recorded/${id}.json`, 'utf8')) as {results: Record<string, {ok: boolean; data?: Array<{labels: Record<string, string>; value: number | string}>; warnings?: string[]}>};
	return new Map(
		Object.entries(file.results).map(([key, result]) => [
			key,
			result.ok ? {ok: true, data: result.data!.map(sample => ({labels: sample.labels, value: Number(sample.value)})), warnings: result.warnings ?? []} : (result as never),
		]),
	);
}

function recordedState(): AppState {
	const now = Date.now();
	const alerts = JSON.parse(readFileSync('test/fixtures/recorded/alerts.json', 'utf8')) as AlertItem[];
	return {
		...initialState('http://127.0.0.1:9090'),
		detection: {status: 'detected', profiles: allProfiles().map(profile => profile.id)},
		connection: {state: 'ok'},
		updatedAt: now,
		systems: allProfiles().map(profile => shapeSystem(profile, recorded(profile.id), now)),
		alerts: {status: 'ok', items: alerts, updatedAt: now},
	};
}

afterEach(() => {
	cleanup();
});

describe('recorded answers of a real Prometheus scraping all five simulators', () => {
	it('fills every pane of every system, none in error', () => {
		for (const system of recordedState().systems) {
			for (const pane of [system.agents, system.locks, system.queue, system.latency, ...system.extras]) {
				expect(pane.status, `${system.profile}`).not.toBe('error');
				if (pane.status !== 'unsupported') expect(pane.status, `${system.profile}: ${pane.message ?? ''}`).toBe('ok');
			}
			expect(system.up.status, system.profile).toBe('up');
		}
	});

	it('draws each system with its keys 1 to 5', async () => {
		const {text, stdin} = renderApp(recordedState());
		const titles = ['AI Coordination Server', 'AI Coding Team', 'AI CLI Orchestrator V2', 'Agent Orchestrator', 'Claude Development Pipeline'];
		const rows = ['claude-code', 'worker-1', 'chatgpt', 'coder', 'architect'];
		for (const [index, title] of titles.entries()) {
			stdin.write(String(index + 1));
			await vi.waitFor(() => expect(text()).toContain(`${title} [${index + 1}/5`));
			expect(text()).toContain(rows[index]);
			expect(text()).not.toContain('✖');
		}
	});

	it('prints every system in text and JSON', () => {
		const state = recordedState();
		const text = toText(state, allProfiles(), new Date(), '1m');
		for (const profile of allProfiles()) expect(text).toContain(`[${profile.id}]`);
		const json = toJson(state, allProfiles(), new Date()) as {systems: unknown[]; errors: unknown[]};
		expect(json.systems).toHaveLength(5);
		expect(json.errors).toEqual([]);
	});
});
