import {describe, expect, it} from 'vitest';
import {BATCH_LABEL, batchPromql, queryBatched, splitBatch, unbatchPromql} from '../../source/sources/query-batch.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';

const ok = (data: Sample[]): Result<Sample[]> => ({ok: true, data, warnings: []});

describe('query batches', () => {
	it('tags each query and joins them with or', () => {
		expect(batchPromql(['up', 'sum(x)'])).toBe(`label_replace((up), "${BATCH_LABEL}", "0", "", "") or label_replace((sum(x)), "${BATCH_LABEL}", "1", "", "")`);
	});

	it('reads the queries back out of a batch, in order, whatever they contain', () => {
		const queries = ['up', 'label_replace(histogram_quantile(0.5, sum by (le) (rate(x_bucket[1m]))), "quantile", "0.5", "", "") or vector(1)', 'sum by (agent) (locks{a="b"})'];
		expect(unbatchPromql(batchPromql(queries))).toEqual(queries);
		expect(unbatchPromql('sum(x) or up')).toEqual(['sum(x) or up']);
	});

	it('splits an answer back per query, without the tag, warnings on each', () => {
		const parts = splitBatch([{labels: {[BATCH_LABEL]: '1', agent: 'a'}, value: 2}, {labels: {[BATCH_LABEL]: '0'}, value: 1}, {labels: {[BATCH_LABEL]: '9'}, value: 3}], 2, ['w']);
		expect(parts).toEqual([
			{ok: true, data: [{labels: {}, value: 1}], warnings: ['w']},
			{ok: true, data: [{labels: {agent: 'a'}, value: 2}], warnings: ['w']},
		]);
	});

	it('sends few requests, re-sends a rejected batch query by query, and shares any other failure', async () => {
		const sent: string[] = [];
		const answer = async (promql: string): Promise<Result<Sample[]>> => {
			sent.push(promql);
			if (promql.includes(' or ') && promql.includes('bad(')) return {ok: false, error: {kind: 'http', httpStatus: 400, message: 'HTTP 400 bad_data: parse error', retryable: false}};
			if (promql.startsWith('bad(')) return {ok: false, error: {kind: 'http', httpStatus: 400, message: 'HTTP 400 bad_data: unknown function', retryable: false}};
			if (promql.includes('down')) return {ok: false, error: {kind: 'network', message: 'connection refused', retryable: true}};
			const tags = [...promql.matchAll(/"(\d+)", "", ""\)/g)].map(match => match[1]!);
			return ok(tags.map(tag => ({labels: {[BATCH_LABEL]: tag}, value: Number(tag)})));
		};
		const queries = Array.from({length: 90}, (_, index) => `q${index}`);
		const answers = await queryBatched(answer, queries, 40);
		expect(sent).toHaveLength(3);
		expect(answers.map(result => (result.ok ? result.data[0]?.value : undefined))).toEqual(queries.map((_, index) => index % 40));

		sent.length = 0;
		const mixed = await queryBatched(answer, ['a', 'bad(b)', 'c'], 40);
		expect(sent).toEqual([batchPromql(['a', 'bad(b)', 'c']), 'a', 'bad(b)', 'c']);
		expect(mixed.map(result => result.ok)).toEqual([true, false, true]);
		expect(mixed[1]).toMatchObject({ok: false, error: {message: 'HTTP 400 bad_data: unknown function'}});

		const down = await queryBatched(answer, ['down1', 'x'], 40);
		expect(down.every(result => !result.ok && result.error.message === 'connection refused')).toBe(true);
	});
});
