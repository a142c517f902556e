import {afterEach, describe, expect, it} from 'vitest';
import {CLI, runCli} from '../helpers/agentmon.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

type OnceJson = {
	source: {kind: string; url: string};
	detection: {status: string; profiles: string[]};
	systems: Array<{profile: string; up: {status: string}; agents: {status: string}; latency: {status: string}}>;
	errors: unknown[];
};

describe('agentmon --demo', () => {
	let session: TmuxSession | undefined;
	afterEach(async () => {
		await session?.kill();
		session = undefined;
	});

	it('--once detects all five simulated systems with their targets up, and exits', async () => {
		const result = await runCli(['--demo', '--once', '--format', 'json', '--interval', '1s']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const json = JSON.parse(result.stdout) as OnceJson;
		expect(json.source.kind).toBe('demo');
		expect(json.detection).toEqual({status: 'detected', profiles: ['coordination-server', 'coding-team', 'cli-orchestrator', 'agent-orchestrator', 'dev-pipeline']});
		for (const system of json.systems) {
			expect(system.up.status, system.profile).toBe('up');
			expect(system.agents.status, system.profile).toBe('ok');
		}
		expect(json.errors).toEqual([]);
	}, 30_000);

	it('starts in a terminal with all five systems within seconds, walks the story, and quits cleanly on q', async () => {
		session = await startTmux([process.execPath, CLI, '--demo'], {width: 120, height: 36});
		let screen = await session.waitFor(/\[1\/5: s or 1-5 switch\]/, 10_000);
		expect(screen).toMatch(/demo 1\/\d+: All five systems healthy/);
		expect(screen).toContain('● live');
		const titles = ['AI Coordination Server', 'AI Coding Team', 'AI CLI Orchestrator', 'Agent Orchestrator', 'Claude Development Pipeline'];
		for (const [index, title] of titles.entries()) {
			await session.keys(String(index + 1));
			screen = await session.waitFor(title);
		}
		// The coding team's stream feeds it beside the scrapes: its job events and the stream's state.
		await session.keys('2');
		screen = await session.waitFor(/Activity .*\n(?:.*\n)*.*job \d+ (claimed|completed|failed)/, 10_000);
		expect(screen).toContain('SSE live');
		await session.keys('n');
		screen = await session.waitFor(/demo 2\/\d+: An agent goes offline/);
		await session.keys('q');
		await waitFor(async () => ((await session!.exitStatus()) === 0 ? true : undefined), {timeoutMs: 5000, intervalMs: 100});
		expect(await session.capture()).not.toContain('Latency');
	}, 40_000);
});
