import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/agentmon.js';
import {startPrometheus} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

/** A sixth system no built-in profile knows, described only by examples/custom-profile.yaml. */
async function startMyAgents(): Promise<{url: string; close: () => Promise<void>}> {
	const registry = new Registry();
	const up = new Gauge({name: 'myagents_agent_up', help: 'agent state', labelNames: ['agent', 'state'], registers: [registry]});
	for (const [agent, current] of [['alpha', 'idle'], ['beta', 'stuck']]) {
		for (const state of ['idle', 'working', 'stuck']) up.set({agent, state}, state === current ? 1 : 0);
	}
	const locks = new Gauge({name: 'myagents_locks_held', help: 'locks', labelNames: ['agent'], registers: [registry]});
	locks.set({agent: 'alpha'}, 2);
	locks.set({agent: 'beta'}, 7);
	const queued = new Gauge({name: 'myagents_tasks_queued', help: 'queued', labelNames: ['queue'], registers: [registry]});
	queued.set({queue: 'default'}, 12);
	queued.set({queue: 'urgent'}, 3);
	const duration = new Histogram({name: 'myagents_task_duration_seconds', help: 'task time', buckets: [1, 5, 10, 30, 60], registers: [registry]});
	const done = new Counter({name: 'myagents_tasks_done_total', help: 'done', registers: [registry]});
	const failed = new Counter({name: 'myagents_tasks_failed_total', help: 'failed', registers: [registry]});
	const tokens = new Counter({name: 'myagents_tokens_total', help: 'tokens', labelNames: ['agent'], registers: [registry]});
	let tick = 0;
	const timer = setInterval(() => {
		tick++;
		duration.observe(2 + (tick % 5));
		done.inc();
		if (tick % 4 === 0) failed.inc();
		tokens.inc({agent: 'alpha'}, 100);
		tokens.inc({agent: 'beta'}, 50);
	}, 100);
	timer.unref();
	const server = http.createServer(async (request, response) => {
		if (request.url !== '/metrics') return void response.writeHead(404).end();
		response.writeHead(200, {'content-type': registry.contentType}).end(await registry.metrics());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => {
			clearInterval(timer);
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

let system: Awaited<ReturnType<typeof startMyAgents>>;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

beforeAll(async () => {
	system = await startMyAgents();
	prometheus = await startPrometheus({targets: [{job: 'my-agents', url: system.url}]});
}, 60_000);

afterAll(async () => {
	await prometheus?.stop();
	await system?.close();
});

describe('a custom profile against a real Prometheus', () => {
	it('fills every pane the file describes', async () => {
		const json = await waitFor(async () => {
			const run = await runCli(['--prometheus', prometheus.url, '--profile', 'examples/custom-profile.yaml', '--once', '--format', 'json', '--window', '1m']);
			const parsed = JSON.parse(run.stdout);
			return parsed.systems[0]?.latency.items[0]?.p95 !== null && parsed.systems[0]?.extras[0]?.rows.length === 2 ? parsed : undefined;
		}, {timeoutMs: 30_000, intervalMs: 1000});
		const [mine] = json.systems;
		expect(mine.profile).toBe('my-agents');
		expect(mine.up.status).toBe('up');
		expect(mine.agents.items).toEqual([{name: 'alpha', state: 'idle'}, {name: 'beta', state: 'stuck'}]);
		expect(mine.locks).toMatchObject({status: 'ok', total: 9, items: [{name: 'beta', value: 7}, {name: 'alpha', value: 2}]});
		expect(mine.queue).toMatchObject({status: 'ok', depth: 15});
		expect(mine.latency.items[0]).toMatchObject({name: 'task', unit: 's'});
		expect(mine.latency.items[0].p50).toBeGreaterThan(1);
		expect(mine.latency.ratios[0].value).toBeGreaterThan(0);
		expect(mine.extras[0]).toMatchObject({title: 'Tokens', status: 'ok'});
		expect(mine.extras[0].rows.map((row: {name: string}) => row.name)).toEqual(['alpha', 'beta']);
		expect(json.errors).toEqual([]);
	}, 40_000);

	it('is not auto-detected as a built-in system, and auto mode says what it found', async () => {
		const run = await runCli(['--prometheus', prometheus.url, '--once']);
		expect(run.stdout).toContain('No known agent system found');
		expect(run.stdout).toContain('myagents_*');
	});

	it('rejects a broken profile with the file and field, exit 2', async () => {
		const run = await runCli(['--profile', 'test/fixtures/no-such-profile.yaml', '--prometheus', prometheus.url]);
		expect(run.code).toBe(2);
		expect(run.stderr.trim()).toBe('agentmon: test/fixtures/no-such-profile.yaml: no such profile file or directory');
	});
});
