import type {EvalResult, InstantSample} from '../../source/promql/evaluate.js';

/** What Prometheus' HTTP API answers to `/api/v1/query`. */
export type PrometheusAnswer =
	| {status: 'success'; data: {resultType: 'vector'; result: Array<{metric: Record<string, string>; value: [number, string]}>} | {resultType: 'scalar'; result: [number, string]} | {resultType: 'matrix'; result: Array<{metric: Record<string, string>; values: Array<[number, string]>}>}}
	| {status: 'error'; errorType: string; error: string};

/** A sample value as the API writes it (`"1e-01"`, `"NaN"`, `"+Inf"`). */
export function promValue(text: string): number {
	if (text === '+Inf') return Infinity;
	if (text === '-Inf') return -Infinity;
	return Number(text);
}

/** Canonical text of a label set. */
export function labelText(labels: Record<string, string>): string {
	return `{${Object.keys(labels)
		.sort()
		.map(name => `${name}=${JSON.stringify(labels[name])}`)
		.join(', ')}}`;
}

/** Equal within a relative tolerance; NaN equals NaN; infinities must match exactly. */
export function closeEnough(a: number, b: number, relative = 1e-9): boolean {
	if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
	if (a === b) return true;
	return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
}

/** Prometheus' answer as instant samples (a scalar as one sample without labels). */
export function promSamples(answer: PrometheusAnswer): InstantSample[] | {error: string} {
	if (answer.status === 'error') return {error: answer.error};
	const {data} = answer;
	if (data.resultType === 'scalar') return [{labels: {}, value: promValue(data.result[1])}];
	if (data.resultType === 'vector') return data.result.map(({metric, value}) => ({labels: metric, value: promValue(value[1])}));
	return {error: `unexpected result type ${data.resultType}`};
}

/** Differences between a local result and Prometheus' (label sets, then values); empty when they agree. */
export function differences(local: EvalResult, remote: InstantSample[] | {error: string}): string[] {
	if (!local.ok || !Array.isArray(remote)) {
		if (!local.ok && !Array.isArray(remote)) return local.error === remote.error ? [] : [`errors differ: local "${local.error}", Prometheus "${remote.error}"`];
		return [`local ${local.ok ? `${local.samples.length} samples` : `error "${local.error}"`}, Prometheus ${Array.isArray(remote) ? `${remote.length} samples` : `error "${remote.error}"`}`];
	}
	const mine = new Map(local.samples.map(sample => [labelText(sample.labels), sample.value]));
	const theirs = new Map(remote.map(sample => [labelText(sample.labels), sample.value]));
	const out: string[] = [];
	for (const [labels, value] of theirs) {
		if (!mine.has(labels)) out.push(`missing locally: ${labels} = ${value}`);
		else if (!closeEnough(mine.get(labels)!, value)) out.push(`${labels}: local ${mine.get(labels)} vs Prometheus ${value}`);
	}
	for (const [labels, value] of mine) if (!theirs.has(labels)) out.push(`only local: ${labels} = ${value}`);
	if (local.samples.length !== mine.size) out.push(`local result repeats a label set (${local.samples.length} samples, ${mine.size} label sets)`);
	return out;
}
