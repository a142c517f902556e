import {sanitizeLabels} from '../model/sanitize.js';
import {httpGet} from './http-get.js';
import type {RequestOptions} from './http-options.js';
import type {Result} from './prometheus-client.js';
import {parsePromValue} from './prom-value.js';
import {BATCH_LABEL, batchPromql, inBatches} from './query-batch.js';

/** One series of a range query: labels (sanitised) and its values by time (ms). */
export type RangeSeries = {readonly labels: Readonly<Record<string, string>>; readonly values: ReadonlyMap<number, number>};

/** Where range queries go: a Prometheus base URL with the connection's headers and TLS. */
export type RangeTarget = {readonly url: string; readonly timeoutMs: number; readonly request?: RequestOptions};

/** The times of a range, oldest first: `count` steps of `stepMs` ending at `endMs`. */
export function rangeTimes(endMs: number, stepMs: number, count: number): number[] {
	const end = Math.floor(endMs / 1000) * 1000;
	return Array.from({length: count}, (_, index) => end - (count - 1 - index) * stepMs);
}

/**
 * Decodes the body of `/api/v1/query_range`: each series' labels (sanitised) and values by time, read
 * as Prometheus writes floats (`"+Inf"`, `"NaN"`, `"1e-01"`; anything else is NaN). A string says why
 * the body is not a range vector. Never throws.
 */
export function decodeMatrix(body: string): RangeSeries[] | string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return 'the answer was not Prometheus API JSON';
	}
	const data = (parsed as {data?: {resultType?: unknown; result?: unknown}})?.data;
	if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) return 'the answer was not a range vector';
	return data.result.slice(0, 100_000).map((raw: unknown) => {
		const record = (typeof raw === 'object' && raw !== null ? raw : {}) as {metric?: unknown; values?: unknown};
		const values = new Map<number, number>();
		for (const pair of Array.isArray(record.values) ? record.values.slice(0, 20_000) : []) {
			if (Array.isArray(pair) && typeof pair[0] === 'number') values.set(Math.round(pair[0] * 1000), parsePromValue(pair[1]) ?? Number.NaN);
		}
		return {labels: sanitizeLabels(record.metric), values};
	});
}

/** `GET /api/v1/query_range` for one PromQL over `times` (evenly spaced). */
export async function queryRange(target: RangeTarget, promql: string, times: readonly number[]): Promise<Result<RangeSeries[]>> {
	const stepMs = times.length > 1 ? times[1]! - times[0]! : 1000;
	const params = new URLSearchParams({query: promql, start: String(times[0]! / 1000), end: String(times.at(-1)! / 1000), step: `${stepMs / 1000}s`});
	const base = target.url.endsWith('/') ? target.url.slice(0, -1) : target.url;
	const answer = await httpGet(`${base}/api/v1/query_range?${params.toString()}`, {timeoutMs: target.timeoutMs, request: target.request, accept: 'application/json'});
	if (!answer.ok) return answer;
	const series = decodeMatrix(answer.data.body);
	if (typeof series === 'string') return {ok: false, error: {kind: 'bad-response', message: series, retryable: true}};
	return {ok: true, data: series, warnings: []};
}

/** Range queries for many PromQL, batched like instant ones; each query's answer, or its batch's failure. */
export async function queryRangeBatched(target: RangeTarget, queries: readonly string[], times: readonly number[]): Promise<Array<Result<RangeSeries[]>>> {
	const answers = await Promise.all(
		inBatches(queries).map(async (chunk): Promise<Array<Result<RangeSeries[]>>> => {
			const result = await queryRange(target, batchPromql(chunk), times);
			if (!result.ok) return chunk.map(() => result);
			const parts: RangeSeries[][] = chunk.map(() => []);
			for (const series of result.data) {
				const {[BATCH_LABEL]: tag, ...labels} = series.labels;
				parts[Number(tag)]?.push({labels, values: series.values});
			}
			return parts.map(data => ({ok: true, data, warnings: []}));
		}),
	);
	return answers.flat();
}
