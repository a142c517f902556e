import {describe, expect, it} from 'vitest';
import {allProfiles} from '../../source/profiles/registry.js';
import {runbookFor, systemOfAlert} from '../../source/runbooks/match.js';

const state = {
	systems: [
		{profile: 'coding-team', up: {targets: [{job: 'ai-coding-team', instance: 'ct:3000'}]}},
		{profile: 'dev-pipeline', up: {targets: [{job: 'agent_workflow', instance: 'dp:9091'}]}},
	],
};

describe('runbookFor', () => {
	it('tells two systems’ HighErrorRate apart by the scrape target when the rule has no system label', () => {
		const pipeline = {name: 'HighErrorRate', labels: {alertname: 'HighErrorRate', job: 'agent_workflow', instance: 'dp:9091', agent: 'developer'}};
		const team = {name: 'HighErrorRate', labels: {alertname: 'HighErrorRate', job: 'ai-coding-team', instance: 'ct:3000'}};
		expect(systemOfAlert(pipeline, state, allProfiles())).toBe('dev-pipeline');
		expect(systemOfAlert(team, state, allProfiles())).toBe('coding-team');
		const pipelineRunbook = runbookFor(pipeline, state, allProfiles());
		const teamRunbook = runbookFor(team, state, allProfiles());
		expect(pipelineRunbook).toBe(allProfiles().find(profile => profile.id === 'dev-pipeline')!.runbooks.find(runbook => runbook.alert === 'HighErrorRate'));
		expect(teamRunbook).toBe(allProfiles().find(profile => profile.id === 'coding-team')!.runbooks.find(runbook => runbook.alert === 'HighErrorRate'));
	});

	it('prefers the system label, and finds a runbook by name when nothing else tells', () => {
		expect(systemOfAlert({name: 'X', labels: {system: 'dev-pipeline', job: 'ai-coding-team', instance: 'ct:3000'}}, state, allProfiles())).toBe('dev-pipeline');
		expect(runbookFor({name: 'HighLockContention', labels: {}}, state, allProfiles())?.alert).toBe('HighLockContention');
		expect(runbookFor({name: 'NoSuchAlert', labels: {}}, state, allProfiles())).toBeUndefined();
	});
});
