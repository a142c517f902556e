import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import type {CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {runCli, CLI} from '../helpers/agentmon.js';
import {startPrometheus} from '../helpers/prometheus.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/coordination-server/alerts.yml');

let sim: CoordinationServerSimulator;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

type OnceJson = {
	systems: Array<{
		agents: {status: string; items: Array<{name: string; state: string}>};
		locks: {status: string; total?: number; items: Array<{name: string; value: number}>};
		queue: {status: string; depth?: number; items: Array<{name: string; value: number}>; active: Array<{name: string; value: number}>};
		latency: {status: string; items: Array<{name: string; p50: number | null; p95: number | null; p99: number | null; unit: string}>};
	}>;
	alerts: Array<{name: string; state: string; severity: string; runbook: string | null; labels: Record<string, string>}>;
	errors: unknown[];
};

async function once(): Promise<OnceJson> {
	const result = await runCli(['--prometheus', prometheus.url, '--once', '--format', 'json', '--window', '1m']);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	return JSON.parse(result.stdout) as OnceJson;
}

const byName = (rows: Array<{name: string; value: number}>) => Object.fromEntries(rows.map(row => [row.name, row.value]));

beforeAll(async () => {
	sim = await startCoordinationServerSimulator({port: 0, scenario: 'normal'});
	prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [RULES], fastRules: true});
}, 60_000);

afterAll(async () => {
	await prometheus?.stop();
	await sim?.close();
});

describe('agentmon against a real Prometheus scraping the coordination-server simulator', () => {
	it('--once --format json reports exactly what the simulator serves', async () => {
		const truth = sim.truth();
		const json = await waitFor(async () => {
			const snapshot = await once();
			const latency = snapshot.systems[0]?.latency.items.find(row => row.name === 'api');
			return latency?.p95 !== null && latency?.p95 !== undefined ? snapshot : undefined;
		}, {timeoutMs: 30_000, intervalMs: 1000});
		const [system] = json.systems;
		expect(system!.agents.status).toBe('ok');
		expect(Object.fromEntries(system!.agents.items.map(agent => [agent.name, agent.state]))).toEqual(Object.fromEntries(truth.agents.map(agent => [agent.name, agent.state])));
		expect(byName(system!.locks.items)).toEqual(truth.locks);
		expect(system!.locks.total).toBe(Object.values(truth.locks).reduce((sum, value) => sum + value, 0));
		expect(byName(system!.queue.items)).toEqual(truth.pending);
		expect(system!.queue.depth).toBe(Object.values(truth.pending).reduce((sum, value) => sum + value, 0));
		expect(byName(system!.queue.active)).toEqual(truth.activeTasks);
		const api = system!.latency.items.find(row => row.name === 'api')!;
		expect(api.unit).toBe('s');
		expect(api.p50!).toBeGreaterThan(0);
		expect(api.p50!).toBeLessThanOrEqual(api.p95!);
		expect(api.p95!).toBeLessThanOrEqual(api.p99!);
		expect(json.errors).toEqual([]);
	}, 40_000);

	it('shows an alert caused by a scenario as firing, with its built-in runbook', async () => {
		sim.setScenario('lock-pileup');
		const json = await waitFor(async () => {
			const snapshot = await once();
			return snapshot.alerts.some(alert => alert.name === 'HighLockContention' && alert.state === 'firing') ? snapshot : undefined;
		}, {timeoutMs: 40_000, intervalMs: 1000});
		const alert = json.alerts.find(candidate => candidate.name === 'HighLockContention')!;
		expect(alert).toMatchObject({severity: 'warning', runbook: 'built-in'});
		expect(byName(json.systems[0]!.locks.items)).toEqual(sim.truth().locks);
	}, 50_000);

	it('prints text and markdown from the same poll', async () => {
		const text = await runCli(['--prometheus', prometheus.url, '--once']);
		expect(text.code).toBe(0);
		expect(text.stdout).toContain('AI Coordination Server [coordination-server]');
		expect(text.stdout).toMatch(/Locks: total \d+/);
		const markdown = await runCli(['--prometheus', prometheus.url, '--once', '--format', 'markdown']);
		expect(markdown.stdout).toContain('| pane | status | value |');
	});

	describe('in a real terminal (tmux)', () => {
		let session: TmuxSession | undefined;
		afterAll(async () => session?.kill());

		it.each([
			[120, 36],
			[80, 24],
		])('shows the panes at %ix%i and reaches the runbook first step with Enter, Enter', async (width, height) => {
			await session?.kill();
			session = await startTmux([process.execPath, CLI, '--prometheus', prometheus.url, '--interval', '1s', '--window', '1m'], {width, height});
			let screen = await session.waitFor(/HighLockContention/, 20_000);
			for (const title of ['Agents', 'Locks', 'Queue', 'Latency', 'Alerts']) expect(screen).toContain(title);
			expect(screen).toContain('claude-code');
			expect(screen).toContain('● live');
			await session.keys('Enter');
			screen = await session.waitFor('runbook_url');
			expect(screen).toMatch(/Runbook \(built-in\)/);
			await session.keys('Enter');
			screen = await session.waitFor(/step 1 of \d+/);
			expect(screen).toContain('Step 1.');
			// One Escape at a time: two in one read reach Ink as a single (Alt+)Escape.
			await session.keys('Escape');
			await session.waitFor('runbook_url');
			await session.keys('Escape');
			await session.waitFor('Latency');
			await session.keys('q');
			await waitFor(async () => ((await session!.exitStatus()) === 0 ? true : undefined), {timeoutMs: 5000, intervalMs: 100});
			// The alternate screen is left on exit: the dashboard is gone from the terminal.
			expect(await session.capture()).not.toContain('Latency');
		}, 40_000);
	});

	it.each([
		['SIGTERM', 143],
		['SIGHUP', 129],
		['SIGINT', 130],
	] as const)('restores the terminal and exits %s with %i', async (signal, code) => {
		const session = await startTmux([process.execPath, CLI, '--prometheus', prometheus.url], {width: 100, height: 30});
		try {
			await session.waitFor('Latency');
			process.kill(await session.pid(), signal);
			const screen = await session.waitFor(/\[exit \d+\]/, 5000);
			expect(screen).toContain(`[exit ${code}]`);
			expect(screen).not.toContain('Latency');
		} finally {
			await session.kill();
		}
	}, 30_000);

	it.each([
		['NO_COLOR=1', {NO_COLOR: '1'}, []],
		['TERM=dumb', {TERM: 'dumb'}, []],
		['--no-color', {}, ['--no-color']],
	] as const)('draws no colour with %s', async (_, env, flags) => {
		const session = await startTmux([process.execPath, CLI, '--prometheus', prometheus.url, ...flags], {width: 100, height: 30, env});
		try {
			await session.waitFor('Latency');
			// SGR colour parameters: 30–37, 90–97 (foreground), 40–47, 100–107 (background), 38;/48; (256 and true colour).
			// eslint-disable-next-line no-control-regex
			const colours = (await session.captureStyled()).match(/\u001B\[[0-9;]*m/g)?.filter(code => /(^|[[;])(3[0-8]|9[0-7]|4[0-8]|10[0-7])(;|m)/.test(code)) ?? [];
			expect(colours).toEqual([]);
		} finally {
			await session.kill();
		}
		const coloured = await startTmux([process.execPath, CLI, '--prometheus', prometheus.url], {width: 100, height: 30});
		try {
			await coloured.waitFor('Latency');
			expect(await coloured.captureStyled()).toMatch(/\u001B\[(?:[0-9;]*;)?3[0-7]m/);
		} finally {
			await coloured.kill();
		}
	}, 40_000);

	it('draws the dashboard with keys disabled when stdin is a pipe', async () => {
		const piped = await startTmux(['sh', '-c', `sleep 20 | '${process.execPath}' '${CLI}' --prometheus ${prometheus.url}`], {width: 100, height: 30});
		try {
			const screen = await piped.waitFor(/Agents[\s\S]*keys disabled: stdin is not a terminal/);
			expect(screen).not.toContain('Raw mode is not supported');
		} finally {
			await piped.kill();
		}
	}, 30_000);

	it('exits 1 with one sentence when Prometheus cannot be reached, 2 on bad usage', async () => {
		const dead = await runCli(['--prometheus', 'http://127.0.0.1:9', '--once']);
		expect(dead.code).toBe(1);
		expect(dead.stderr.trim()).toBe('agentmon: cannot reach Prometheus at http://127.0.0.1:9: connection refused');
		const deadJson = await runCli(['--prometheus', 'http://127.0.0.1:9', '--once', '--format', 'json']);
		expect(deadJson.code).toBe(1);
		expect(JSON.parse(deadJson.stdout)).toMatchObject({version: 1, systems: [], errors: [{scope: 'source', message: 'connection refused'}]});
		const bad = await runCli(['--interval', 'abc']);
		expect(bad.code).toBe(2);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
		expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
	});
});
