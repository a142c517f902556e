import net from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CODING_TEAM_SCENARIOS, startCodingTeamSimulator, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {waitFor} from '../helpers/wait-for.js';

type Sample = {name: string; labels: Record<string, string>; value: number};

/** Parses the Prometheus text exposition format (enough of it for prom-client's output). */
function parse(text: string): Sample[] {
	const samples: Sample[] = [];
	for (const line of text.split('\n')) {
		const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!match) continue;
		const labels: Record<string, string> = {};
		for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
		samples.push({name: match[1]!, labels, value: Number(match[3])});
	}
	return samples;
}

const METRICS_PATH = '/api/metrics/prometheus';

async function scrape(sim: CodingTeamSimulator): Promise<Sample[]> {
	const response = await fetch(`${sim.url}${METRICS_PATH}`);
	expect(response.status).toBe(200);
	return parse(await response.text());
}

const values = (samples: Sample[], name: string, key: string) =>
	Object.fromEntries(samples.filter(sample => sample.name === name).map(sample => [sample.labels[key], sample.value]));
const total = (samples: Sample[], name: string, filter: (labels: Record<string, string>) => boolean = () => true) =>
	samples.filter(sample => sample.name === name && filter(sample.labels)).reduce((sum, sample) => sum + sample.value, 0);
const inFlight = (samples: Sample[]) =>
	Object.fromEntries(
		['mechanic', 'genius'].map(mode => [
			mode,
			['job_claimed_total', 'job_completed_total', 'job_failed_total'].map(name => total(samples, name, labels => labels.mode === mode)).reduce((a, b, i) => (i === 0 ? b : a - b), 0),
		]),
	);

/** Every metric the simulator serves (the seed's Prometheus names plus agentmon's documented ones), with type and labels. */
const METRICS: Array<[string, 'counter' | 'gauge' | 'histogram', string[]]> = [
	['job_claimed_total', 'counter', ['mode']],
	['job_completed_total', 'counter', ['mode']],
	['job_failed_total', 'counter', ['mode']],
	['tokens_used_total', 'counter', ['mode']],
	['escalation_total', 'counter', ['mode']],
	['error_total', 'counter', ['type']],
	['budget_exceeded_total', 'counter', ['mode']],
	['queue_depth', 'gauge', ['mode']],
	['worker_last_heartbeat_timestamp_seconds', 'gauge', ['worker', 'agent_type', 'mode']],
	['job_duration_seconds', 'histogram', ['mode']],
	['tool_duration_seconds', 'histogram', ['tool']],
	['database_query_duration_seconds', 'histogram', ['operation']],
];

describe('coding-team simulator', () => {
	let sim: CodingTeamSimulator;
	beforeAll(async () => {
		sim = await startCodingTeamSimulator({port: 0, tickMs: 50});
	});
	afterAll(async () => sim?.close());

	it('serves every metric with its labels on the seed path', async () => {
		expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
		const text = await (await fetch(`${sim.url}${METRICS_PATH}`)).text();
		const samples = parse(text);
		for (const [name, type, labels] of METRICS) {
			expect(text, name).toContain(`# TYPE ${name} ${type}\n`);
			const names = type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
			for (const sampleName of names) {
				const series = samples.filter(sample => sample.name === sampleName);
				expect(series.length, sampleName).toBeGreaterThan(0);
				for (const sample of series) expect(Object.keys(sample.labels).filter(key => key !== 'le').sort(), sampleName).toEqual([...labels].sort());
			}
		}
		expect(Object.keys(values(samples, 'job_completed_total', 'mode')).sort()).toEqual(['genius', 'mechanic']);
		expect(Object.keys(values(samples, 'tool_duration_seconds_count', 'tool')).sort()).toEqual(['apply_patch', 'read_file']);
		const health = await fetch(`${sim.url}/api/health`);
		expect(await health.json()).toMatchObject({status: 'ok', database: 'connected', workers: 3});
	});

	it('serves the normal gauges, equal to truth()', async () => {
		const truth = sim.truth();
		expect(truth.queue).toEqual({mechanic: 12, genius: 3});
		expect(truth.running).toEqual({mechanic: 2, genius: 1});
		expect(truth.workers.map(({worker, mode, agentType, stale}) => [worker, mode, agentType, stale])).toEqual([
			['worker-1', 'mechanic', 'coder', false],
			['worker-2', 'mechanic', 'reviewer', false],
			['worker-3', 'genius', 'planner', false],
		]);
		const samples = await scrape(sim);
		expect(values(samples, 'queue_depth', 'mode')).toEqual(truth.queue);
		expect(inFlight(samples)).toEqual(truth.running);
		const now = Date.now() / 1000;
		for (const age of Object.values(values(samples, 'worker_last_heartbeat_timestamp_seconds', 'worker'))) expect(now - age).toBeLessThan(2);
	});

	it('advances counters and histograms on its timer, keeping jobs in flight constant', async () => {
		const before = total(await scrape(sim), 'job_claimed_total');
		await waitFor(async () => total(await scrape(sim), 'job_claimed_total') > before + 10, {timeoutMs: 5000, intervalMs: 50});
		const samples = await scrape(sim);
		expect(inFlight(samples)).toEqual(sim.truth().running);
		expect(total(samples, 'tokens_used_total')).toBeGreaterThan(0);
		const failed = total(samples, 'job_failed_total');
		expect(failed / (failed + total(samples, 'job_completed_total'))).toBeLessThan(0.2);
		const jobMean = total(samples, 'job_duration_seconds_sum') / total(samples, 'job_duration_seconds_count');
		expect(jobMean).toBeGreaterThan(5);
		expect(jobMean).toBeLessThan(50);
	});

	it('switches scenario in-process: gauges at once', async () => {
		sim.setScenario('queue-backlog');
		expect(sim.scenario).toBe('queue-backlog');
		expect(values(await scrape(sim), 'queue_depth', 'mode')).toEqual({mechanic: 95, genius: 40});

		sim.setScenario('worker-down');
		const truth = sim.truth();
		expect(truth.running).toEqual({mechanic: 1, genius: 1});
		const stale = truth.workers.find(worker => worker.worker === 'worker-2')!;
		expect(stale.stale).toBe(true);
		expect(Date.now() / 1000 - stale.lastHeartbeat).toBeGreaterThan(110);
		await new Promise(resolve => setTimeout(resolve, 120));
		const samples = await scrape(sim);
		expect(values(samples, 'worker_last_heartbeat_timestamp_seconds', 'worker')['worker-2']).toBe(stale.lastHeartbeat);
		expect(inFlight(samples)).toEqual({mechanic: 1, genius: 1});
		expect(await (await fetch(`${sim.url}/api/health`)).json()).toMatchObject({workers: 2});

		sim.setScenario('error-burst');
		const start = total(await scrape(sim), 'error_total');
		await waitFor(async () => total(await scrape(sim), 'error_total') > start + 40, {timeoutMs: 5000, intervalMs: 50});

		expect(() => sim.setScenario('nope' as never)).toThrow(/valid scenarios: normal, job-failures/);
		sim.setScenario('normal');
		expect(sim.truth().workers.every(worker => !worker.stale)).toBe(true);
		expect(inFlight(await scrape(sim))).toEqual({mechanic: 2, genius: 1});
	});

	it('switches scenario over HTTP', async () => {
		const post = await fetch(`${sim.url}/_sim/scenario?name=token-spike`, {method: 'POST'});
		expect(post.status).toBe(200);
		expect(await post.json()).toEqual({scenario: 'token-spike'});
		expect(sim.scenario).toBe('token-spike');
		expect(await (await fetch(`${sim.url}/_sim/scenario`)).json()).toEqual({scenario: 'token-spike', scenarios: [...CODING_TEAM_SCENARIOS]});
		const bad = await fetch(`${sim.url}/_sim/scenario?name=bogus`, {method: 'POST'});
		expect(bad.status).toBe(400);
		expect(sim.scenario).toBe('token-spike');
		await fetch(`${sim.url}/_sim/scenario?name=normal`, {method: 'POST'});
		expect(sim.scenario).toBe('normal');
	});

	it('answers 503 on the metrics path in the down scenario, while /api/health still answers', async () => {
		sim.setScenario('down');
		expect((await fetch(`${sim.url}${METRICS_PATH}`)).status).toBe(503);
		expect((await fetch(`${sim.url}/api/health`)).status).toBe(200);
		sim.setScenario('normal');
		expect((await fetch(`${sim.url}${METRICS_PATH}`)).status).toBe(200);
		expect((await fetch(`${sim.url}/metrics`)).status).toBe(404);
	});
});

describe('coding-team simulator lifecycle', () => {
	it('frees the port on close(), even with a keep-alive connection open', async () => {
		const sim = await startCodingTeamSimulator();
		await (await fetch(`${sim.url}${METRICS_PATH}`, {headers: {connection: 'keep-alive'}})).text();
		await sim.close();
		await sim.close();
		await expect(fetch(`${sim.url}${METRICS_PATH}`)).rejects.toThrow();
		await new Promise<void>((resolve, reject) => {
			const server = net.createServer().once('error', reject);
			server.listen(sim.port, '127.0.0.1', () => server.close(() => resolve()));
		});
	});

	it('rejects an unknown scenario, listing the valid ones', async () => {
		await expect(startCodingTeamSimulator({scenario: 'bogus' as never})).rejects.toThrow(/valid scenarios: normal/);
	});
});
