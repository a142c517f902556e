import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {allProfiles} from '../../source/profiles/registry.js';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {scrapedStore, type ScrapedStore} from '../helpers/scraped-store.js';
import {runbookQueries} from '../../source/runbooks/checks.js';

let scraped: ScrapedStore;
let store: ScrapedStore['store'];
let atMs = 0;

beforeAll(async () => {
	// Each system in the scenario whose runbook the checks belong to, scraped "a minute apart" eight times.
	scraped = await scrapedStore({coordination: 'error-burst', codingTeam: 'queue-backlog', cliOrchestrator: 'job-failures', agentOrchestrator: 'merge-conflicts', devPipeline: 'error-burst'});
	({store, atMs} = scraped);
}, 30_000);

afterAll(async () => scraped?.close());

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
