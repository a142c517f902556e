import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {SeriesStore, type Labels} from '../../source/promql/series-store.js';
import {startAgentOrchestratorSimulator} from '../../source/sim/agent-orchestrator.js';
import {startCliOrchestratorSimulator} from '../../source/sim/cli-orchestrator.js';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator} from '../../source/sim/coding-team.js';
import {startCoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {startDevPipelineSimulator} from '../../source/sim/dev-pipeline.js';
import {alertExpressions, profileQueries, runbookQueries} from './real-queries.js';

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

const SCRAPES = 8;
const store = new SeriesStore();
let atMs = 0;
const sims: Array<{close(): Promise<void>}> = [];

beforeAll(async () => {
	const targets = await Promise.all([
		startCoordinationServerSimulator({port: 0, scenario: 'error-burst', tickMs: 50}).then(sim => ({sim, job: 'ai-coordination-server', path: '/metrics'})),
		startCodingTeamSimulator({port: 0, scenario: 'token-spike', tickMs: 50}).then(sim => ({sim, job: 'ai-coding-team', path: CODING_TEAM_METRICS_PATH})),
		startCliOrchestratorSimulator({port: 0, scenario: 'job-failures', tickMs: 50}).then(sim => ({sim, job: 'browser-worker', path: '/metrics'})),
		startAgentOrchestratorSimulator({port: 0, scenario: 'merge-conflicts', tickMs: 50}).then(sim => ({sim, job: 'agent-orchestrator', path: '/metrics'})),
		startDevPipelineSimulator({port: 0, scenario: 'error-burst', tickMs: 50}).then(sim => ({sim, job: 'agent_workflow', path: '/metrics'})),
	]);
	sims.push(...targets.map(target => target.sim));
	// Eight scrapes stamped a minute apart (the simulators run faster), so that 5 minute rates and the [1h:] subquery see data.
	const start = Date.now() - SCRAPES * 60_000;
	for (let scrape = 0; scrape < SCRAPES; scrape++) {
		atMs = start + scrape * 60_000;
		for (const {sim, job, path} of targets) {
			const instance = new URL(sim.url).host;
			const text = await (await fetch(`${sim.url}${path}`)).text();
			const samples = parseExposition(text, job, instance);
			store.appendScrape(sim.url, [...samples, {labels: {__name__: 'up', job, instance}, value: 1}], atMs);
		}
		await new Promise(resolve => setTimeout(resolve, 150));
	}
}, 30_000);

afterAll(async () => {
	await Promise.all(sims.map(async sim => sim.close()));
});

describe('the queries agentmon really runs', () => {
	it('all evaluate on scraped simulator data, the [1h:] subquery included', () => {
		const queries = [...new Set([...profileQueries(), ...alertExpressions(), ...runbookQueries()])];
		const failures: string[] = [];
		let withData = 0;
		for (const query of queries) {
			const result = evaluateInstant(query, store, atMs);
			if (!result.ok) failures.push(`${query}: ${result.error}`);
			else if (result.samples.length > 0) withData++;
		}
		expect(failures).toEqual([]);
		expect(withData).toBeGreaterThan(queries.length / 2);
		const spike = evaluateInstant('2 * avg_over_time(sum(irate(tokens_used_total[2m]))[1h:])', store, atMs);
		expect(spike.ok && spike.samples.length).toBe(1);
	});
});
