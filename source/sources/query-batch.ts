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

/**
 * The queries a PromQL carries, in order: those {@link batchPromql} joined, or the PromQL itself. For
 * what watches agentmon's requests (the bench's counting proxy, tests' stand-ins for Prometheus).
 */
export function unbatchPromql(promql: string): string[] {
	const tag = `), "${BATCH_LABEL}", "`;
	if (!promql.includes(tag)) return [promql];
	return promql
		.split(new RegExp(`\\), "${BATCH_LABEL}", "\\d+", "", ""\\)(?: or )?`))
		.filter(Boolean)
		.map(part => part.replace(/^label_replace\(\(/, ''));
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
