import {describe, expect, it} from 'vitest';
import {detectProfiles, metricPrefixes} from '../../source/profiles/detect.js';
import {allProfiles} from '../../source/profiles/registry.js';

describe('detectProfiles', () => {
	it('finds a system when any of its signature metrics exists (a fresh system lacks its counters)', () => {
		expect(detectProfiles(allProfiles(), ['up', 'coordination_server_active_locks']).map(profile => profile.id)).toEqual(['coordination-server']);
		expect(detectProfiles(allProfiles(), ['git_active_merges']).map(profile => profile.id)).toEqual(['agent-orchestrator']);
	});

	it('finds a system when all its signature metrics exist', () => {
		const names = ['up', 'scrape_duration_seconds', 'coordination_server_agent_availability', 'coordination_server_api_requests_total', 'coordination_server_active_locks'];
		expect(detectProfiles(allProfiles(), names).map(profile => profile.id)).toEqual(['coordination-server']);
	});

	it('finds nothing from Prometheus’ own metrics or a neighbour’s metrics', () => {
		expect(detectProfiles(allProfiles(), ['up', 'prometheus_build_info', 'process_cpu_seconds_total'])).toEqual([]);
		// active_sessions_count exists in two systems, so it is nobody's signature.
		expect(detectProfiles(allProfiles(), ['active_sessions_count', 'requests_total'])).toEqual([]);
	});

	it('gives every built-in profile a signature no other profile shares', () => {
		const profiles = allProfiles();
		for (const profile of profiles) {
			expect(profile.signature.length, profile.id).toBeGreaterThan(0);
			const others = profiles.filter(other => other !== profile);
			for (const name of profile.signature) expect(detectProfiles(others, [name]), `${profile.id}: ${name}`).toEqual([]);
		}
	});
});

describe('metricPrefixes', () => {
	it('counts prefixes, most common first, without Prometheus’ own', () => {
		const names = ['up', 'go_goroutines', 'myapp_requests_total', 'myapp_errors_total', 'other_thing', 'prometheus_tsdb_head_series'];
		expect(metricPrefixes(names)).toEqual([
			{prefix: 'myapp', count: 2},
			{prefix: 'other', count: 1},
		]);
	});
});
