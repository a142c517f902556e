import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {scrapedStore, type ScrapedStore} from '../helpers/scraped-store.js';
import {alertExpressions, profileQueries, runbookQueries} from './real-queries.js';

let scraped: ScrapedStore;
let store: ScrapedStore['store'];
let atMs = 0;

beforeAll(async () => {
	// Alert scenarios, so rates, resets and histograms move; eight scrapes a minute apart (see scrapedStore).
	scraped = await scrapedStore({coordination: 'error-burst', codingTeam: 'token-spike', cliOrchestrator: 'job-failures', agentOrchestrator: 'merge-conflicts', devPipeline: 'error-burst'}, {pauseMs: 150});
	({store, atMs} = scraped);
}, 30_000);

afterAll(async () => scraped?.close());

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
