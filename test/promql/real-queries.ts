import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parse as parseYaml} from 'yaml';
import {planQueries} from '../../source/model/queries.js';
import {allProfiles} from '../../source/profiles/registry.js';
import {agentOrchestratorRunbooks} from '../../source/runbooks/agent-orchestrator.js';
import {cliOrchestratorRunbooks} from '../../source/runbooks/cli-orchestrator.js';
import {codingTeamRunbooks} from '../../source/runbooks/coding-team.js';
import {coordinationServerRunbooks} from '../../source/runbooks/coordination-server.js';
import {devPipelineRunbooks} from '../../source/runbooks/dev-pipeline.js';

/** Every distinct query the profiles plan (5 minute window), as the app sends them. */
export function profileQueries(): string[] {
	return [...new Set(allProfiles().flatMap(profile => [...planQueries(profile, 300_000).values()]))];
}

/** The `expr` of every rule in `examples/<system>/alerts.yml`. */
export function alertExpressions(): string[] {
	const expressions: string[] = [];
	for (const dir of readdirSync('examples', {withFileTypes: true})) {
		const file = path.join('examples', dir.name, 'alerts.yml');
		if (!dir.isDirectory() || !readdirSync(path.join('examples', dir.name)).includes('alerts.yml')) continue;
		const doc = parseYaml(readFileSync(file, 'utf8')) as {groups: Array<{rules: Array<{expr?: unknown}>}>};
		for (const group of doc.groups) for (const rule of group.rules) if (rule.expr !== undefined) expressions.push(String(rule.expr).trim());
	}
	return expressions;
}

/** The PromQL commands of the built-in runbooks. */
export function runbookQueries(): string[] {
	const runbooks = [agentOrchestratorRunbooks, cliOrchestratorRunbooks, codingTeamRunbooks, coordinationServerRunbooks, devPipelineRunbooks].flat();
	return [...new Set(runbooks.flatMap(runbook => runbook.steps.flatMap(step => (step.commands ?? []).filter(command => command.lang === 'promql').map(command => command.code))))];
}
