import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {evaluateInstant} from '../../source/promql/evaluate.js';
import {SeriesStore} from '../../source/promql/series-store.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {fiveTargets, startFiveSimulators, type FiveSimulators} from '../helpers/simulators.js';
import {differences, labelText, promSamples, promValue, type PrometheusAnswer} from './compare-results.js';
import {EXTRA_QUERIES, INVALID_QUERIES} from './extra-queries.js';
import {parsePromql} from '../../source/promql/parse.js';
import {alertExpressions, profileQueries, runbookQueries} from './real-queries.js';

/** An alert expression with its final comparison made a `bool` one, so that it returns values even when not firing. */
function boolVariant(expression: string): string | undefined {
	const variant = expression.replace(/(>=|<=|==|!=|>|<)(\s*-?[\d.]+(?:e[+-]?\d+)?\s*)$/, '$1 bool$2');
	return variant === expression ? undefined : variant;
}

let prometheus: RunningDaemon | undefined;
let sims: FiveSimulators | undefined;

async function api(pathAndQuery: string, params: Record<string, string>): Promise<PrometheusAnswer> {
	const response = await fetch(`${prometheus!.url}${pathAndQuery}`, {method: 'POST', body: new URLSearchParams(params), signal: AbortSignal.timeout(10_000)});
	return (await response.json()) as PrometheusAnswer;
}

beforeAll(async () => {
	sims = await startFiveSimulators();
	const {coordination, codingTeam, cliOrchestrator, agentOrchestrator, devPipeline} = sims;
	prometheus = await startPrometheus({targets: fiveTargets(sims)});
	// Alert scenarios make rates, resets and histograms move; a second switch half-way changes gauges mid-window.
	coordination.setScenario('error-burst');
	codingTeam.setScenario('token-spike');
	cliOrchestrator.setScenario('job-failures');
	agentOrchestrator.setScenario('merge-conflicts');
	devPipeline.setScenario('error-burst');
	await new Promise(resolve => setTimeout(resolve, 12_000));
	coordination.setScenario('lock-pileup');
	cliOrchestrator.setScenario('queue-backlog');
	agentOrchestrator.setScenario('concurrent-merges');
	await new Promise(resolve => setTimeout(resolve, 12_000));
}, 90_000);

afterAll(async () => {
	await prometheus?.stop();
	await sims?.close();
});

describe('local evaluation against Prometheus 2.42 on the same samples', () => {
	it('agrees on every profile query, alert expression and extra query', async () => {
		// A time a few scrapes back, so that every sample at or before it is committed in Prometheus.
		const atMs = Date.now() - 3000;
		const time = (atMs / 1000).toFixed(3);
		const store = new SeriesStore();
		const names = ((await (await fetch(`${prometheus!.url}/api/v1/label/__name__/values`)).json()) as {data: string[]}).data;
		let staleMarkers = 0;
		for (const name of names) {
			const raw = await api('/api/v1/query', {query: `{__name__=${JSON.stringify(name)}}[10m]`, time});
			if (raw.status !== 'success' || raw.data.resultType !== 'matrix') throw new Error(`raw samples of ${name}: ${JSON.stringify(raw)}`);
			const live = await api('/api/v1/query', {query: `{__name__=${JSON.stringify(name)}}`, time});
			const present = new Set(live.status === 'success' && live.data.resultType === 'vector' ? live.data.result.map(({metric}) => labelText(metric)) : []);
			for (const {metric, values} of raw.data.result) {
				for (const [t, v] of values) store.append(metric, Math.round(t * 1000), promValue(v));
				// The API never returns staleness markers: a series recent enough to be seen but not seen got one.
				const last = Math.round(values[values.length - 1]![0] * 1000);
				if (!present.has(labelText(metric)) && last >= atMs - store.lookbackMs) {
					store.appendStaleMarker(metric, Math.min(last + 1000, atMs));
					staleMarkers++;
				}
			}
		}
		const alerts = alertExpressions();
		const boolVariants = alerts.map(boolVariant).filter(variant => variant !== undefined);
		const queries = [...new Set([...profileQueries(), ...alerts, ...boolVariants, ...runbookQueries(), ...EXTRA_QUERIES])];
		const mismatches: string[] = [];
		let nonEmpty = 0;
		for (const query of queries) {
			const local = evaluateInstant(query, store, atMs, {subqueryStepMs: 1000});
			const remote = promSamples(await api('/api/v1/query', {query, time}));
			if (Array.isArray(remote) && remote.length > 0) nonEmpty++;
			const found = differences(local, remote);
			if (process.env.PQ_DEBUG) console.log(JSON.stringify(query).slice(0, 90), local.ok ? local.samples.length : local.error, Array.isArray(remote) ? remote.length : remote.error);
			if (found.length > 0) mismatches.push(`${query}\n    ${found.slice(0, 8).join('\n    ')}`);
		}
		expect(mismatches, `${mismatches.length} of ${queries.length} queries differ (${staleMarkers} staleness markers inferred):\n${mismatches.join('\n')}`).toEqual([]);
		// The comparison means something only if most queries return data.
		expect(nonEmpty).toBeGreaterThan(queries.length * 0.7);
	}, 60_000);

	it('reports the same parse errors, at the same positions', async () => {
		const mismatches: string[] = [];
		for (const query of INVALID_QUERIES) {
			const answer = await api('/api/v1/query', {query, time: '1'});
			const theirs = answer.status === 'error' ? answer.error.replace(/^invalid parameter "query": (\d+):(\d+): parse error: /, (_, line: string, char: string) => (line === '1' ? `parse error at char ${char}: ` : `parse error at line ${line}, char ${char}: `)) : 'no error';
			const local = parsePromql(query);
			const mine = local.ok ? 'no error' : local.error;
			if (mine !== theirs) mismatches.push(`${JSON.stringify(query)}\n    local:      ${mine}\n    Prometheus: ${theirs}`);
		}
		expect(mismatches, mismatches.join('\n')).toEqual([]);
	});
});
