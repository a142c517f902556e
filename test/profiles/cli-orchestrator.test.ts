import {describe, expect, it} from 'vitest';
import {planQueries} from '../../source/model/queries.js';
import {shapeSystem, type Results} from '../../source/model/shape.js';
import {cliOrchestrator} from '../../source/profiles/cli-orchestrator.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';

const NOW = 1_700_000_000_000;
const ok = (data: Sample[]): Result<Sample[]> => ({ok: true, data, warnings: []});
const empty = ok([]);
const byProvider = (values: Record<string, number>): Result<Sample[]> => ok(Object.entries(values).map(([provider, value]) => ({labels: {provider}, value})));
const byInstance = (value: number): Result<Sample[]> => ok([{labels: {instance: '127.0.0.1:9090'}, value}]);
const quantiles = (p50: number, p95: number, p99: number): Result<Sample[]> =>
	ok([
		{labels: {quantile: '0.5'}, value: p50},
		{labels: {quantile: '0.95'}, value: p95},
		{labels: {quantile: '0.99'}, value: p99},
	]);

/** Query results as a real Prometheus answers them for the cli-orchestrator simulator (normal scenario). */
function results(overrides: Record<string, Result<Sample[]>> = {}): Results {
	return new Map(
		Object.entries({
			up: ok([{labels: {job: 'browser-worker', instance: '127.0.0.1:9090'}, value: 1}]),
			'agents.accounts': byProvider({chatgpt: 3, claude: 2, gemini: 1}),
			'agents.sessions': byProvider({chatgpt: 2, claude: 2, gemini: 1}),
			'agents.expired': byProvider({chatgpt: 0, claude: 0, gemini: 0}),
			'agents.expires in h': byProvider({chatgpt: 120, claude: 96, gemini: 200}),
			'agents.req/s': byProvider({chatgpt: 6, claude: 6, gemini: 6}),
			'agents.success': byProvider({chatgpt: 99, claude: 100, gemini: 98}),
			queue: ok([
				{labels: {queue: 'chatgpt'}, value: 4},
				{labels: {queue: 'claude'}, value: 2},
				{labels: {queue: 'gemini'}, value: 0},
			]),
			'latency.browser request': quantiles(7, 11.5, 12),
			'latency.API gateway': quantiles(0.1, 0.23, 0.25),
			'ratio.job failures': ok([{labels: {}, value: 1}]),
			'ratio.API errors': ok([{labels: {}, value: 1}]),
			'ratio.requests': ok([{labels: {}, value: 18}]),
			'ratio.API requests': ok([{labels: {}, value: 36}]),
			'extra.0.daily used': byProvider({chatgpt: 120, claude: 45, gemini: 10}),
			'extra.0.daily limit': byProvider({chatgpt: 500, claude: 200, gemini: 100}),
			'extra.0.daily %': byProvider({chatgpt: 24, claude: 22.5, gemini: 10}),
			'extra.0.monthly used': byProvider({chatgpt: 2400, claude: 900}),
			'extra.1.CPU': byInstance(35),
			'extra.1.memory': byInstance(50),
			'extra.1.disk free': byInstance(60),
			'extra.1.redis up': byInstance(1),
			...overrides,
		}),
	);
}

describe('cli-orchestrator profile', () => {
	it('plans a query for every pane with the seed metric names and the window, none for locks', () => {
		const plan = planQueries(cliOrchestrator, 300_000);
		expect(plan.get('up')).toContain('up{job=~"browser-worker|api-gateway|quota-tracker"}');
		expect(plan.get('up')).toContain('last_over_time(quota_daily_limit[1h])');
		expect(plan.get('agents.accounts')).toBe('sum by (provider) (active_accounts_count)');
		expect(plan.get('agents.success')).toBe('100 * sum by (provider) (rate(requests_completed_total[5m])) / sum by (provider) (rate(requests_total[5m]))');
		expect([...plan.keys()].some(key => key.startsWith('locks'))).toBe(false);
		expect(plan.get('queue')).toBe('sum by (queue) (bullmq_queue_waiting)');
		expect(plan.get('latency.browser request')).toContain('histogram_quantile(0.95, sum by (le) (rate(request_duration_seconds_bucket[5m])))');
		expect(plan.get('latency.API gateway')).toContain('rate(api_latency_seconds_bucket[5m])');
		expect(plan.get('ratio.job failures')).toBe('100 * (sum(rate(requests_failed_total[5m])) or vector(0)) / sum(rate(requests_total[5m]))');
		expect(plan.get('extra.0.daily %')).toBe('100 * sum by (provider) (quota_daily_used) / sum by (provider) (quota_daily_limit)');
		expect(plan.get('extra.1.CPU')).toContain('node_cpu_seconds_total{mode="idle"}[5m]');
		for (const promql of plan.values()) expect(promql).not.toContain('$window');
	});

	it('uses signature metrics the simulator always exports', () => {
		expect(cliOrchestrator.signature).toEqual(['quota_daily_limit', 'active_accounts_count', 'expired_sessions_count']);
	});

	it('shapes every pane of a healthy system; locks say they are unsupported', () => {
		const system = shapeSystem(cliOrchestrator, results(), NOW);
		expect(system.up).toMatchObject({status: 'up', targets: [{job: 'browser-worker', up: true}]});
		expect(system.agents.status).toBe('ok');
		expect(system.agents.items.map(item => [item.name, item.state, item.level])).toEqual([
			['chatgpt', '3', 'ok'],
			['claude', '2', 'ok'],
			['gemini', '1', 'ok'],
		]);
		expect(system.agents.items[1]!.values).toMatchObject({accounts: 2, sessions: 2, expired: 0, 'expires in h': 96});
		expect(system.locks).toEqual({status: 'unsupported', message: 'this system exposes no locks', items: []});
		expect(system.queue).toMatchObject({status: 'ok', depth: 6, updatedAt: NOW});
		expect(system.queue.items.map(row => [row.name, row.value, row.level])).toEqual([
			['chatgpt', 4, 'ok'],
			['claude', 2, 'ok'],
			['gemini', 0, 'ok'],
		]);
		expect(system.latency.items.map(row => [row.name, row.p95, row.level])).toEqual([
			['browser request', 11.5, 'ok'],
			['API gateway', 0.23, 'neutral'],
		]);
		expect(system.latency.ratios.map(ratio => [ratio.name, ratio.level])).toEqual([
			['job failures', 'ok'],
			['API errors', 'ok'],
			['requests', 'neutral'],
			['API requests', 'neutral'],
		]);
		const [quota, hosts] = system.extras;
		expect(quota).toMatchObject({status: 'ok', title: 'Quota by provider'});
		expect(quota!.rows.map(row => row.name)).toEqual(['chatgpt', 'claude', 'gemini']);
		expect(quota!.rows[0]!.values).toEqual([120, 500, 24, 2400]);
		// gemini has no monthly quota: NaN, never an invented 0.
		expect(Number.isNaN(quota!.rows[2]!.values[3])).toBe(true);
		expect(hosts).toMatchObject({status: 'ok', title: 'Hosts and Redis', rows: [{name: '127.0.0.1:9090', values: [35, 50, 60, 1], levels: ['ok', 'ok', 'ok', 'ok']}]});
	});

	it('colours from the seed alert thresholds', () => {
		const system = shapeSystem(
			cliOrchestrator,
			results({
				'agents.accounts': byProvider({chatgpt: 3, claude: 2, gemini: 0}),
				'agents.expired': byProvider({chatgpt: 2, claude: 0, gemini: 1}),
				'agents.expires in h': byProvider({chatgpt: 120, claude: 6, gemini: 0}),
				queue: ok([{labels: {queue: 'chatgpt'}, value: 180}]),
				'latency.browser request': quantiles(50, 80, 88),
				'ratio.job failures': ok([{labels: {}, value: 35}]),
				'ratio.API errors': ok([{labels: {}, value: 30}]),
				'extra.0.daily %': byProvider({chatgpt: 100, claude: 95, gemini: 10}),
				'extra.1.CPU': byInstance(92),
				'extra.1.disk free': byInstance(5),
				'extra.1.redis up': byInstance(0),
			}),
			NOW,
		);
		expect(system.agents.items.map(item => [item.name, item.level])).toEqual([
			['chatgpt', 'warn'],
			['claude', 'warn'],
			['gemini', 'crit'],
		]);
		expect(system.queue.items[0]!.level).toBe('warn');
		expect(system.latency.items[0]!.level).toBe('warn');
		expect(system.latency.ratios.slice(0, 2).map(ratio => ratio.level)).toEqual(['warn', 'crit']);
		expect(system.extras[0]!.rows.map(row => row.levels[2])).toEqual(['crit', 'warn', 'ok']);
		expect(system.extras[1]!.rows[0]!.levels).toEqual(['warn', 'ok', 'warn', 'crit']);
	});

	it('says which metrics it looked for when there is no data, never a zero', () => {
		const none = Object.fromEntries([...planQueries(cliOrchestrator, 60_000).keys()].map(key => [key, empty]));
		const system = shapeSystem(cliOrchestrator, results(none), NOW);
		expect(system.up.status).toBe('missing');
		expect(system.agents).toMatchObject({status: 'no-data', message: 'no series for active_accounts_count, active_sessions_count, expired_sessions_count, requests_total'});
		expect(system.locks.status).toBe('unsupported');
		expect(system.queue).toMatchObject({status: 'no-data', message: 'no series for bullmq_queue_waiting'});
		expect(system.latency).toMatchObject({status: 'no-data', message: expect.stringContaining('request_duration_seconds_bucket, api_latency_seconds_bucket')});
		expect(system.extras.map(extra => extra.message)).toEqual([
			'no series for quota_daily_used, quota_daily_limit, quota_monthly_used',
			'no series for node_cpu_seconds_total, node_memory_MemAvailable_bytes, node_filesystem_avail_bytes, redis_up',
			'no series for request_duration_seconds_bucket, api_latency_seconds_bucket',
		]);
	});
});
