import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {matchesFilter, parseAlertFilter} from '../../source/model/alert-filter.js';
import type {AlertItem} from '../../source/model/types.js';

function alert(name: string, labels: Record<string, string>, extra: Partial<AlertItem> = {}): AlertItem {
	return {id: `${name}{${JSON.stringify(labels)}}`, name, state: 'firing', severity: labels.severity ?? 'warning', summary: `${name} summary`, description: '', labels: {alertname: name, ...labels}, annotations: {}, ...extra};
}

const lock = alert('HighLockContention', {agent: 'copilot', severity: 'warning'});
const offline = alert('AgentOffline', {agent: 'claude-code', severity: 'critical'}, {summary: 'Agent claude-code is offline'});
const silenced = alert('AgentOffline', {agent: 'copilot', severity: 'critical'}, {silenced: {state: 'suppressed', silencedBy: [{id: 's1'}], inhibitedBy: []}});
const all = [lock, offline, silenced];
const keep = (filter: string) => all.filter(item => matchesFilter(item, parseAlertFilter(filter))).map(item => `${item.name}/${item.labels.agent}`);

describe('the alerts filter', () => {
	it('finds text anywhere, ignoring case: name, summary, state, label values', () => {
		expect(keep('offline')).toEqual(['AgentOffline/claude-code', 'AgentOffline/copilot']);
		expect(keep('COPILOT')).toEqual(['HighLockContention/copilot', 'AgentOffline/copilot']);
		expect(keep('silenced')).toEqual(['AgentOffline/copilot']);
		expect(keep('severity=crit')).toEqual([]);
	});

	it('matches labels as PromQL matchers do: =, !=, =~ and !~, regexes anchored', () => {
		expect(keep('agent=copilot')).toEqual(['HighLockContention/copilot', 'AgentOffline/copilot']);
		expect(keep('agent!=copilot')).toEqual(['AgentOffline/claude-code']);
		expect(keep('agent=~cl.*')).toEqual(['AgentOffline/claude-code']);
		expect(keep('agent=~cl')).toEqual([]);
		expect(keep('agent!~c.*')).toEqual([]);
		expect(keep('alertname=AgentOffline')).toEqual(['AgentOffline/claude-code', 'AgentOffline/copilot']);
		// A missing label is empty: `team!=db` keeps alerts without a team, `team=` finds them.
		expect(keep('team!=db')).toHaveLength(3);
		expect(keep('team=')).toHaveLength(3);
	});

	it('needs every word to match, and keeps a quoted phrase whole', () => {
		expect(keep('agent=copilot severity=critical')).toEqual(['AgentOffline/copilot']);
		expect(keep('offline claude')).toEqual(['AgentOffline/claude-code']);
		expect(keep('"claude-code is offline"')).toEqual(['AgentOffline/claude-code']);
		expect(keep('"code is copilot"')).toEqual([]);
	});

	it('says which regex it cannot read and filters by the rest', () => {
		const filter = parseAlertFilter('agent=~( severity=critical');
		expect(filter.error).toBe('agent=~(: not a valid regex');
		expect(all.filter(item => matchesFilter(item, filter))).toHaveLength(2);
	});

	it('never throws on any typed text', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 60}), text => {
				const filter = parseAlertFilter(text);
				for (const item of all) matchesFilter(item, filter);
			}),
		);
	});
});
