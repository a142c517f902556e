import {describe, expect, it} from 'vitest';
import {toJson} from '../../source/once/json.js';
import {toMarkdown} from '../../source/once/markdown.js';
import {toText} from '../../source/once/text.js';
import type {AppState} from '../../source/model/types.js';
import {allProfiles} from '../../source/profiles/registry.js';
import {fixtureState} from '../helpers/app-harness.js';

/** A picture whose locks and latency panes came with Prometheus warnings, one repeated by a batch. */
function warned(): AppState {
	const state = fixtureState([]);
	const [system] = state.systems;
	return {
		...state,
		systems: [{...system!, locks: {...system!.locks, warnings: ['PromQL info: metric might not be a counter', 'PromQL info: metric might not be a counter']}, latency: {...system!.latency, warnings: ['info: result truncated']}}],
	};
}

describe('warnings in --once', () => {
	const at = new Date('2026-11-23T12:00:00Z');

	it('text and markdown say every warning once, named by pane', () => {
		const text = toText(warned(), allProfiles(), at, '5m');
		expect(text.match(/warning from the server — Locks: PromQL info: metric might not be a counter/g)).toHaveLength(1);
		expect(text).toContain('warning from the server — Latency: info: result truncated');
		const markdown = toMarkdown(warned(), allProfiles(), at, '5m');
		expect(markdown).toContain('Warnings from the server:\n\n- Locks: PromQL info: metric might not be a counter\n- Latency: info: result truncated\n');
	});

	it('JSON lists a pane warning once', () => {
		const json = toJson(warned(), allProfiles(), at) as {systems: Array<{locks: {warnings: string[]}}>};
		expect(json.systems[0]!.locks.warnings).toEqual(['PromQL info: metric might not be a counter']);
	});
});
