import {paneOfKey} from '../model/merge.js';
import type {QueryPlan} from '../model/queries.js';
import type {Result, Sample} from './prometheus-client.js';

/** The label that tells the queries of one batch apart in its answer. */
export const BATCH_LABEL = 'agentmon_batch_query';
/** Queries per request: few requests, and a failing batch (re-sent query by query) costs little. */
export const BATCH_SIZE = 40;

/** The queries cut into batches of at most `size`. */
export function inBatches(queries: readonly string[], size = BATCH_SIZE): string[][] {
	const batches: string[][] = [];
	for (let start = 0; start < queries.length; start += size) batches.push(queries.slice(start, start + size));
	return batches;
}

/** One PromQL for several: each query tagged with its index, joined with `or` (tags keep every series apart). */
export function batchPromql(queries: readonly string[]): string {
	return queries.map((query, index) => `label_replace((${query}), "${BATCH_LABEL}", "${index}", "", "")`).join(' or ');
}

/** The answer of a batch, split back into one answer per query (the tag removed). */
export function splitBatch(samples: readonly Sample[], count: number, warnings: readonly string[]): Array<Result<Sample[]>> {
	const parts: Sample[][] = Array.from({length: count}, () => []);
	for (const sample of samples) {
		const {[BATCH_LABEL]: tag, ...labels} = sample.labels;
		const index = Number(tag);
		if (Number.isInteger(index) && index >= 0 && index < count) parts[index]!.push({labels, value: sample.value});
	}
	return parts.map(data => ({ok: true, data, warnings}));
}

/**
 * Evaluates many instant queries in a few requests: up to BATCH_SIZE per request. A batch Prometheus
 * rejects as a query (400/422: one bad query, or one that fails at evaluation) is sent again query by
 * query, so the error lands on the pane it belongs to; any other failure (network, timeout, 5xx) is
 * every query's answer.
 */
export async function queryBatched(query: (promql: string) => Promise<Result<Sample[]>>, queries: readonly string[], size = BATCH_SIZE): Promise<Array<Result<Sample[]>>> {
	const answers = await Promise.all(
		inBatches(queries, size).map(async chunk => {
			if (chunk.length === 1) return [await query(chunk[0]!)];
			const result = await query(batchPromql(chunk));
			if (result.ok) return splitBatch(result.data, chunk.length, result.warnings);
			const status = result.error.httpStatus;
			if (status === 400 || status === 422) return Promise.all(chunk.map(async single => query(single)));
			return chunk.map(() => result);
		}),
	);
	return answers.flat();
}

/**
 * Sends a refresh's queries one batched request per pane (its queries `or`-joined): a few requests
 * a refresh instead of one per query, and a pane's fault (a slow or failing query, a proxy's 5xx)
 * stays that pane's. A query shared by panes is sent once, with the first pane asking. `answer` is
 * told each query's result as soon as its request completes; the promises settle with the requests.
 */
export function askByPane(
	query: (promql: string) => Promise<Result<Sample[]>>,
	plans: readonly QueryPlan[],
	answer: (promql: string, result: Result<Sample[]>) => void,
): Array<Promise<void>> {
	const groups = new Map<string, string[]>();
	const placed = new Set<string>();
	for (const [index, plan] of plans.entries()) {
		for (const [key, promql] of plan) {
			if (placed.has(promql)) continue;
			placed.add(promql);
			const group = `${index}:${paneOfKey(key)}`;
			groups.set(group, [...(groups.get(group) ?? []), promql]);
		}
	}
	return [...groups.values()].map(async queries => {
		const answers = await queryBatched(query, queries);
		for (const [index, promql] of queries.entries()) answer(promql, answers[index]!);
	});
}
