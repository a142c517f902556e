import {mkdtempSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI, runCli} from '../helpers/agentmon.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';

/*
 * The terminal through agentmon's life in a real terminal (tmux): resizes down to compact and "too
 * small" and back with no stale rows, an uncaught error and Ctrl+C with requests in flight both
 * leaving the terminal as they found it, and stdout as a pipe.
 */

let session: TmuxSession | undefined;
afterEach(async () => {
	await session?.kill();
	session = undefined;
});

/** Every screen line fits the terminal's width (a stale or overlong row would not). */
function fits(screen: string, width: number): boolean {
	return screen.split('\n').every(line => [...line].length <= width);
}

describe('the terminal', () => {
	it('follows resizes: full, compact, too small, and back, with no stale rows', async () => {
		session = await startTmux([process.execPath, CLI, '--demo'], {width: 120, height: 36});
		let screen = await session.waitFor(/Latency window/, 20_000);
		await session.resize(50, 14);
		screen = await session.waitFor(/^Agents /m);
		expect(screen).not.toContain('Latency window');
		expect(screen).toMatch(/^Alerts /m);
		expect(fits(screen, 50)).toBe(true);
		await session.resize(30, 10);
		screen = await session.waitFor('terminal too small (30×10)');
		expect(screen).toContain('needs at least 40×12');
		expect(fits(screen, 30)).toBe(true);
		await session.resize(120, 36);
		screen = await session.waitFor(/Latency window/);
		expect(screen).not.toContain('terminal too small');
		expect(screen).not.toMatch(/^Agents {2}/m);
		expect(fits(screen, 120)).toBe(true);
		// The bottom border and the footer are where a 36-row terminal has them: nothing left over below.
		const lines = screen.split('\n');
		expect(lines[33]).toMatch(/^[┗╰]/);
		expect(lines[34]).toMatch(/q quit/);
		await session.keys('q');
		await expect.poll(async () => session!.exitStatus(), {timeout: 5000}).toBe(0);
		expect(await session.modes()).toEqual({alternateScreen: false, cursorVisible: true});
	}, 60_000);

	it('an uncaught error restores the terminal, says what went wrong on one sanitised line, and exits 1', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-crash-'));
		const crash = path.join(dir, 'crash.mjs');
		// Loaded before agentmon: an error nobody catches, once the dashboard is up.
		writeFileSync(crash, "setTimeout(() => { throw new Error('boom \\u001b[31mred\\u001b[0m'); }, 4000);\n");
		session = await startTmux([process.execPath, '--import', crash, CLI, '--demo'], {width: 120, height: 36});
		await session.waitFor(/Latency window/, 20_000);
		expect((await session.modes()).alternateScreen).toBe(true);
		const screen = await session.waitFor('[exit 1]', 15_000);
		expect(screen).toMatch(/agentmon: internal error: boom .*red/);
		expect(await session.captureStyled()).not.toMatch(/\u001B\[31m/);
		expect(await session.modes()).toEqual({alternateScreen: false, cursorVisible: true});
	}, 60_000);

	it('Ctrl+C quits at once, exit 130, while a request hangs', async () => {
		// A Prometheus that accepts connections and never answers.
		const sockets: net.Socket[] = [];
		const server = net.createServer(socket => sockets.push(socket));
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as net.AddressInfo;
		try {
			session = await startTmux([process.execPath, CLI, '--prometheus', `http://127.0.0.1:${port}`, '--timeout', '30s'], {width: 100, height: 30});
			await expect.poll(() => sockets.length, {timeout: 10_000}).toBeGreaterThan(0);
			await new Promise(resolve => setTimeout(resolve, 500));
			const pressed = Date.now();
			await session.keys('C-c');
			await expect.poll(async () => session!.exitStatus(), {timeout: 3000, interval: 50}).toBe(130);
			expect(Date.now() - pressed).toBeLessThan(3000);
			expect(await session.modes()).toEqual({alternateScreen: false, cursorVisible: true});
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		}
	}, 60_000);

	it('with stdout a pipe, prints one plain snapshot and says so on stderr', async () => {
		const run = await runCli(['--demo'], {}, 60_000);
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('stdout is not a terminal; printing one snapshot');
		expect(run.stdout).toMatch(/^agentmon — embedded demo/);
		expect(run.stdout).toContain('AI Coordination Server [coordination-server]');
		expect(run.stdout).not.toMatch(/\u001B/);
	}, 90_000);
});
