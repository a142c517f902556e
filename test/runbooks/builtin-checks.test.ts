import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {allProfiles} from '../../source/profiles/registry.js';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {SeriesStore, type Labels} from '../../source/promql/series-store.js';
import {runbookQueries} from '../../source/runbooks/checks.js';
import {startAgentOrchestratorSimulator} from '../../source/sim/agent-orchestrator.js';
import {startCliOrchestratorSimulator} from '../../source/sim/cli-orchestrator.js';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator} from '../../source/sim/coding-team.js';
import {startCoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {startDevPipelineSimulator} from '../../source/sim/dev-pipeline.js';

/** Just enough of the text exposition format for the simulators' output. */
function parseExposition(text: string, job: string, instance: string): Array<{labels: Labels; value: number}> {
	const samples: Array<{labels: Labels; value: number}> = [];
	for (const line of text.split('\n')) {
		const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
		if (!match) continue;
		const labels: Record<string, string> = {__name__: match[1]!, job, instance};
		for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[name!] = JSON.parse(`"${value}"`) as string;
		samples.push({labels, value: match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3])});
	}
	return samples;
}

const store = new SeriesStore();
let atMs = 0;
const sims: Array<{close(): Promise<void>}> = [];

beforeAll(async () => {
	// Each system in the scenario whose runbook the checks belong to, scraped "a minute apart" eight times.
	const targets = await Promise.all([
		startCoordinationServerSimulator({port: 0, scenario: 'error-burst', tickMs: 50}).then(sim => ({sim, job: 'ai-coordination-server', path: '/metrics'})),
		startCodingTeamSimulator({port: 0, scenario: 'queue-backlog', tickMs: 50}).then(sim => ({sim, job: 'ai-coding-team', path: CODING_TEAM_METRICS_PATH})),
		startCliOrchestratorSimulator({port: 0, scenario: 'job-failures', tickMs: 50}).then(sim => ({sim, job: 'browser-worker', path: '/metrics'})),
		startAgentOrchestratorSimulator({port: 0, scenario: 'merge-conflicts', tickMs: 50}).then(sim => ({sim, job: 'agent-orchestrator', path: '/metrics'})),
		startDevPipelineSimulator({port: 0, scenario: 'error-burst', tickMs: 50}).then(sim => ({sim, job: 'agent_workflow', path: '/metrics'})),
	]);
	sims.push(...targets.map(target => target.sim));
	const start = Date.now() - 8 * 60_000;
	for (let scrape = 0; scrape < 8; scrape++) {
		atMs = start + scrape * 60_000;
		for (const {sim, job, path} of targets) {
			const instance = new URL(sim.url).host;
			const text = await (await fetch(`${sim.url}${path}`)).text();
			store.appendScrape(sim.url, [...parseExposition(text, job, instance), {labels: {__name__: 'up', job, instance}, value: 1}], atMs);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}, 30_000);

afterAll(async () => {
	await Promise.all(sims.map(async sim => sim.close()));
});

describe('the live checks of the built-in runbooks', () => {
	it('all evaluate (comparisons split off) on the simulators, and all but a few have a value', () => {
		const queries = [...new Set(allProfiles().flatMap(profile => profile.runbooks.flatMap(runbook => runbookQueries(runbook))))];
		const failures: string[] = [];
		const empty: string[] = [];
		for (const query of queries) {
			const result = evaluateInstant(query, store, atMs);
			if (!result.ok) failures.push(`${query}: ${result.error}`);
			else if (result.samples.length === 0) empty.push(query);
		}
		expect(failures).toEqual([]);
		// Only what eight minutes of simulators cannot have: yesterday's data, and a Redis exporter.
		expect(empty.filter(query => !/offset 1d|redis-exporter/.test(query))).toEqual([]);
		expect(queries.length - empty.length).toBeGreaterThan(100);
	});
});
