import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ScrapeBackend} from '../../source/local/scrape-backend.js';
import {planQueries} from '../../source/model/queries.js';
import {findProfile} from '../../source/profiles/registry.js';
import {startCodingTeamSimulator, CODING_TEAM_METRICS_PATH, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {PrometheusClient, type Sample} from '../../source/sources/prometheus-client.js';
import {runCli} from '../helpers/agentmon.js';
import {startPrometheus} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

/**
 * Rates and percentiles agentmon computes from its own scrapes (--scrape) against what a real
 * Prometheus computes for the same simulators in the same minute. The two scrape at different
 * instants of random traffic, so values agree within a tolerance, not exactly: 10 % relative
 * (or 0.05 absolute, for values near zero). The exact arithmetic is checked on identical samples
 * by test/promql/prometheus-differential.test.ts.
 */
const RELATIVE = 0.1;
const ABSOLUTE = 0.05;

let coordination: CoordinationServerSimulator;
let codingTeam: CodingTeamSimulator;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
let local: ScrapeBackend;
let timer: NodeJS.Timeout | undefined;

const profiles = ['coordination-server', 'coding-team'].map(id => findProfile(id)!);
const targets = () => [`${coordination.url}/metrics`, `${codingTeam.url}${CODING_TEAM_METRICS_PATH}`];

beforeAll(async () => {
	[coordination, codingTeam] = await Promise.all([startCoordinationServerSimulator(), startCodingTeamSimulator()]);
	prometheus = await startPrometheus({
		targets: [
			{job: 'ai-coordination-server', url: coordination.url},
			{job: 'ai-coding-team', url: codingTeam.url, metricsPath: CODING_TEAM_METRICS_PATH},
		],
	});
	local = new ScrapeBackend({targets: targets(), timeoutMs: 2000, windowMs: 60_000, profiles, rules: []});
	await local.beginPoll();
	timer = setInterval(() => void local.beginPoll(), 1000);
}, 60_000);

afterAll(async () => {
	if (timer) clearInterval(timer);
	await prometheus?.stop();
	await Promise.all([coordination?.close(), codingTeam?.close()]);
});

const key = (sample: Sample) => JSON.stringify(Object.entries(sample.labels).filter(([name]) => name !== '__name__').sort());
const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= Math.max(ABSOLUTE, RELATIVE * Math.max(Math.abs(a), Math.abs(b)));

describe('--scrape computes what Prometheus computes', () => {
	it('agrees with a real Prometheus on every rate, ratio and percentile of two systems', async () => {
		const client = new PrometheusClient({url: prometheus.url, timeoutMs: 5000});
		// Twenty seconds of data on both sides.
		await waitFor(async () => {
			const up = await client.query('count(up == 1)');
			return up.ok && up.data[0]?.value === 2 ? true : undefined;
		}, {timeoutMs: 30_000, intervalMs: 500, description: 'Prometheus scraping both simulators'});
		await new Promise(resolve => setTimeout(resolve, 20_000));
		const mismatches: string[] = [];
		let compared = 0;
		for (const profile of profiles) {
			for (const [name, promql] of planQueries(profile, 60_000)) {
				if (!/rate\(|histogram_quantile/.test(promql)) continue;
				const [remote, mine] = await Promise.all([client.query(promql), local.query(promql)]);
				expect(remote.ok && mine.ok, `${profile.id} ${name}`).toBe(true);
				if (!remote.ok || !mine.ok) continue;
				const theirs = new Map(remote.data.map(sample => [key(sample), sample.value]));
				for (const sample of mine.data) {
					const expected = theirs.get(key(sample));
					compared++;
					if (expected === undefined) mismatches.push(`${profile.id} ${name} ${key(sample)}: only local`);
					else if (!close(sample.value, expected)) mismatches.push(`${profile.id} ${name} ${key(sample)}: local ${sample.value}, Prometheus ${expected}`);
				}
				if (mine.data.length !== remote.data.length) mismatches.push(`${profile.id} ${name}: ${mine.data.length} series local, ${remote.data.length} in Prometheus`);
			}
		}
		expect(compared).toBeGreaterThan(40);
		// Random traffic sampled at different instants: allow the odd outlier, never a pattern.
		expect(mismatches.length, mismatches.join('\n')).toBeLessThanOrEqual(Math.floor(compared * 0.05));
	}, 60_000);

	it('--scrape --once shows the simulator as served, with its rules evaluated locally', async () => {
		coordination.setScenario('lock-pileup');
		const run = await runCli(['--scrape', `${coordination.url}/metrics`, '--once', '--format', 'json', '--interval', '500ms']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const json = JSON.parse(run.stdout) as {
			source: {kind: string};
			detection: {profiles: string[]};
			systems: Array<{profile: string; up: {status: string}; agents: {items: Array<{name: string; state: string}>}; locks: {total: number; items: Array<{name: string; value: number}>}; queue: {items: Array<{name: string; value: number}>}}>;
			alerts: Array<{name: string; origin: string; runbook: string | null}>;
		};
		const truth = coordination.truth();
		expect(json.source.kind).toBe('scrape');
		expect(json.detection.profiles).toEqual(['coordination-server']);
		const [system] = json.systems;
		expect(system!.up.status).toBe('up');
		expect(Object.fromEntries(system!.agents.items.map(agent => [agent.name, agent.state]))).toEqual(Object.fromEntries(truth.agents.map(agent => [agent.name, agent.state])));
		expect(Object.fromEntries(system!.locks.items.map(row => [row.name, row.value]))).toEqual(truth.locks);
		expect(Object.fromEntries(system!.queue.items.map(row => [row.name, row.value]))).toEqual(truth.pending);
		// HighLockContention has `for: 5m`: after two scrapes it is pending, from a local rule, with its runbook.
		expect(json.alerts.find(alert => alert.name === 'HighLockContention')).toMatchObject({origin: 'local-rule', runbook: 'built-in'});
		coordination.setScenario('normal');
	}, 30_000);

	it('says which target cannot be scraped, and exits 1 when none can', async () => {
		const run = await runCli(['--scrape', 'http://127.0.0.1:9/metrics', '--once', '--interval', '200ms']);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('cannot scrape http://127.0.0.1:9/metrics: connection refused');
	}, 30_000);
});
