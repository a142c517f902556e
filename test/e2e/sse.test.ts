import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startCodingTeamSimulator, type CodingTeamSimulator} from '../../source/sim/coding-team.js';
import {CLI, runCli} from '../helpers/agentmon.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';

let sim: CodingTeamSimulator;
const streamUrl = () => `${sim.url}/api/metrics/stream`;

beforeAll(async () => {
	sim = await startCodingTeamSimulator({port: 0, scenario: 'queue-backlog', stream: {snapshotMs: 300, heartbeatMs: 500}});
});
afterAll(async () => sim?.close());

describe('agentmon --sse', () => {
	let session: TmuxSession | undefined;
	afterEach(async () => {
		sim.streamFault('none');
		await session?.kill();
		session = undefined;
	});

	it('--once prints the coding-team system from the stream alone', async () => {
		const run = await runCli(['--sse', streamUrl(), '--once', '--format', 'json']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const json = JSON.parse(run.stdout) as {source: {kind: string}; systems: Array<{profile: string; queue: {status: string; depth: number}; locks: {status: string}}>; errors: unknown[]};
		// Closing the stream after the snapshot is not an error of the source.
		expect(json.errors).toEqual([]);
		expect(json.source.kind).toBe('sse');
		expect(json.systems).toHaveLength(1);
		expect(json.systems[0]).toMatchObject({profile: 'coding-team', queue: {status: 'ok'}, locks: {status: 'unsupported'}});
		const queued = Object.values(sim.truth().queue).reduce((sum, value) => sum + value, 0);
		expect(json.systems[0]!.queue.depth).toBe(queued);
	}, 30_000);

	it('shows the live feed, says when the server stops the stream and why, and reconnects on r', async () => {
		session = await startTmux([process.execPath, CLI, '--sse', streamUrl()], {width: 120, height: 36});
		// Live from the stream's opening; the system appears with the first snapshot.
		let screen = await session.waitFor(/AI Coding Team/, 10_000);
		expect(screen).toContain('SSE live');
		screen = await session.waitFor(/Activity .*\n(?:.*\n)*.*job \d+ (claimed|completed|failed)/, 10_000);
		sim.streamFault('500');
		sim.streamFault('drop');
		screen = await session.waitFor(/SSE stopped: HTTP 500/, 10_000);
		sim.streamFault('none');
		await session.keys('r');
		await session.waitFor(/SSE live/, 10_000);
		await session.keys('q');
	}, 40_000);
});
