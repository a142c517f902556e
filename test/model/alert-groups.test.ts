import {describe, expect, it} from 'vitest';
import {parseAlertFilter} from '../../source/model/alert-filter.js';
import {alertList, groupCounts, groupKeyOf, groupSpread, STORM_ALERTS} from '../../source/model/alert-groups.js';
import {alertPointer} from '../../source/model/alert-jump.js';
import type {AlertItem, AppState, SystemSnapshot} from '../../source/model/types.js';
import {allProfiles} from '../../source/profiles/registry.js';

function alert(name: string, labels: Record<string, string>, extra: Partial<AlertItem> = {}): AlertItem {
	return {id: `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}}`, name, state: 'firing', severity: 'warning', summary: '', description: '', labels: {alertname: name, ...labels}, annotations: {}, ...extra};
}

const profiles = allProfiles();
const ok = {status: 'ok' as const};
/** A coordination-server snapshot with two agents, lock rows and queue rows. */
const coordination: SystemSnapshot = {
	profile: 'coordination-server',
	title: 'AI Coordination Server',
	up: {status: 'up', describe: '', targets: [{job: 'coordination', instance: 'h:3456', up: true}]},
	agents: {...ok, items: [{name: 'claude-code', state: 'available', level: 'ok'}, {name: 'copilot', state: 'offline', level: 'crit'}]},
	locks: {...ok, items: [{name: 'copilot', value: 14, level: 'crit'}, {name: 'claude-code', value: 2, level: 'ok'}]},
	queue: {...ok, items: [{name: 'high', value: 3, level: 'ok'}], active: []},
	latency: {...ok, items: [], ratios: []},
	extras: [],
};
const state = {systems: [coordination], runbooks: undefined} as unknown as AppState;
const keyOf = (by: 'alertname' | 'system' | 'target') => groupKeyOf(by, state, profiles);

const storm = Array.from({length: 30}, (_, index) => alert('FleetAgentOffline', {agent: `fleet-${index}`, job: 'coordination', instance: 'h:3456'}));
const other = alert('HighLockContention', {agent: 'copilot', job: 'coordination', instance: 'h:3456'}, {state: 'pending'});

describe('alert groups', () => {
	it('stays a flat list until a storm, then groups by alertname; a group of one is its alert', () => {
		const few = alertList(storm.slice(0, STORM_ALERTS), {keyOf});
		expect(few.groupBy).toBe('none');
		expect(few.rows).toHaveLength(STORM_ALERTS);
		const list = alertList([...storm, other], {keyOf});
		expect(list.groupBy).toBe('alertname');
		expect(list.rows.map(row => [row.kind, row.id])).toEqual([
			['group', 'group:alertname:FleetAgentOffline'],
			['alert', other.id],
		]);
	});

	it('opens a group in place, its alerts after it, in triage order', () => {
		const list = alertList([...storm, other], {keyOf, expanded: ['group:alertname:FleetAgentOffline']});
		expect(list.rows).toHaveLength(32);
		expect(list.rows[1]).toMatchObject({kind: 'alert', id: storm[0]!.id, indent: true});
		expect(list.rows.at(-1)).toMatchObject({kind: 'alert', id: other.id, indent: false});
	});

	it('groups by system (the profile title) and by the agent, queue or lock the labels name', () => {
		const bySystem = alertList([...storm, other], {keyOf, groupBy: 'system'});
		expect(bySystem.rows).toEqual([expect.objectContaining({kind: 'group', label: 'AI Coordination Server'})]);
		const offline = alert('AgentOffline', {agent: 'copilot', job: 'coordination', instance: 'h:3456'});
		const byTarget = alertList([offline, other, storm[0]!], {keyOf, groupBy: 'target'});
		expect(byTarget.rows.map(row => (row.kind === 'group' ? `${row.label} ×${row.alerts.length}` : row.id))).toEqual(['agent=copilot ×2', storm[0]!.id]);
	});

	it('filters before grouping, and counts what passes', () => {
		const list = alertList([...storm, other], {keyOf, filter: parseAlertFilter('agent=~fleet-1.*')});
		expect(list.shown).toHaveLength(11);
		expect(list.total).toBe(31);
		expect(list.groupBy).toBe('none');
	});

	it('describes a group by its counts and what varies in it', () => {
		const silenced = alert('FleetAgentOffline', {agent: 'x'}, {silenced: {state: 'suppressed', silencedBy: [], inhibitedBy: ['abc']}});
		expect(groupCounts([...storm.slice(0, 3), other, silenced])).toBe('3 firing · 1 pending · 1 suppressed');
		expect(groupSpread(storm)).toBe('agent: fleet-0, fleet-1, fleet-2 +27');
	});
});

describe('alertPointer', () => {
	it("finds the pane row an alert's labels name, the alert's own system first", () => {
		expect(alertPointer(alert('AgentOffline', {agent: 'copilot', job: 'coordination', instance: 'h:3456'}), state, profiles)).toEqual({
			found: true,
			system: 0,
			pane: 'agents',
			row: 1,
			label: 'agent',
			value: 'copilot',
			paneTitle: 'Agents',
		});
		expect(alertPointer(alert('QueueBacklog', {priority: 'high'}), state, profiles)).toMatchObject({found: true, pane: 'queue', row: 0});
	});

	it('says why there is no row', () => {
		expect(alertPointer(alert('AgentOffline', {agent: 'gone'}), state, profiles)).toEqual({found: false, label: 'agent', value: 'gone', reason: 'agent=gone is not a row of the agents pane now'});
		expect(alertPointer(alert('Watchdog', {}), state, profiles)).toEqual({found: false, reason: 'its labels name no agent, queue or lock of the panes'});
	});
});

describe('alertPointer with the rule read', () => {
	it("prefers the pane whose metric the rule's expression reads", () => {
		const contention = alert('HighLockContention', {agent: 'copilot', job: 'coordination', instance: 'h:3456'});
		expect(alertPointer(contention, state, profiles)).toMatchObject({pane: 'agents', row: 1});
		expect(alertPointer(contention, state, profiles, 'coordination_server_active_locks > 10')).toMatchObject({found: true, pane: 'locks', row: 0, paneTitle: 'Locks'});
	});
});
