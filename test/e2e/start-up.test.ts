import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI} from '../helpers/agentmon.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';

/*
 * Start-up in a real terminal (tmux): the dashboard draws its first frame before the data side has
 * loaded or Prometheus has answered (issue 7), and the failures of connecting still end as before.
 */

let session: TmuxSession | undefined;
let server: net.Server | undefined;
const held: net.Socket[] = [];
afterEach(async () => {
	await session?.kill();
	session = undefined;
	for (const socket of held.splice(0)) socket.destroy();
	await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)));
	server = undefined;
});

/** A Prometheus that accepts connections and never answers; resolves with its port and the sockets it holds. */
async function silentServer(): Promise<{port: number; sockets: net.Socket[]}> {
	const sockets: net.Socket[] = [];
	server = net.createServer(socket => {
		sockets.push(socket);
		held.push(socket);
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	return {port: (server.address() as net.AddressInfo).port, sockets};
}

describe('start-up', () => {
	it('draws the dashboard while Prometheus has not answered yet, and q quits at once', async () => {
		const {port, sockets} = await silentServer();
		session = await startTmux([process.execPath, CLI, '--prometheus', `http://127.0.0.1:${port}`, '--timeout', '30s'], {width: 100, height: 30});
		// The reachability check is under way (its socket is open) and unanswered: the frame is already there.
		const screen = await session.waitFor(`connecting to http://127.0.0.1:${port}…`, 15_000);
		expect(screen).toContain('agentmon › connecting');
		expect(screen).toMatch(/q quit/);
		await expect.poll(() => sockets.length, {timeout: 10_000}).toBeGreaterThan(0);
		await session.keys('q');
		await expect.poll(async () => session!.exitStatus(), {timeout: 3000, interval: 50}).toBe(0);
	}, 40_000);

	it('when Prometheus cannot be reached, gives the terminal back, says so on one line and exits 1', async () => {
		// A port nothing listens on: taken, then closed again.
		const {port} = await silentServer();
		await new Promise(resolve => server!.close(resolve));
		server = undefined;
		session = await startTmux([process.execPath, CLI, '--prometheus', `http://127.0.0.1:${port}`], {width: 100, height: 30});
		const screen = await session.waitFor('[exit 1]', 15_000);
		const lines = screen.split('\n').filter(line => line.trim() !== '');
		// The normal screen again: the message and the exit status, nothing of the dashboard left.
		expect(lines).toEqual([`agentmon: cannot reach Prometheus at http://127.0.0.1:${port}: connection refused`, '[exit 1]']);
	}, 40_000);
});
