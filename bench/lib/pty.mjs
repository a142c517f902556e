// A program in a pseudo-terminal via util-linux `script`: its stdin is a pipe the bench writes key
// presses into, its stdout a pipe whose chunks the bench timestamps as they arrive (the terminal's
// output, so "first painted frame" is the first chunk with visible text).
import {performance} from 'node:perf_hooks';
import {adopt, childEnv, childrenOf, sleep, start, stop} from './procs.mjs';

const quote = part => `'${part.replaceAll("'", "'\\''")}'`;
// CSI/OSC sequences and other escapes, to see whether a chunk has visible text.
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;
export const visible = text => text.replace(ESCAPES, '');

/**
 * Starts `argv` in a cols×rows pseudo-terminal. `spawnedAt` is taken just before the spawn.
 * Output chunks arriving less than `frameGapMs` apart count as one frame.
 */
export function startPty(argv, {cols = 120, rows = 40, frameGapMs = 15, env} = {}) {
	const command = `stty cols ${cols} rows ${rows}; exec ${argv.map(quote).join(' ')}`;
	const spawnedAt = performance.now();
	const child = start('script', ['-qfec', command, '/dev/null'], {stdio: ['pipe', 'pipe', 'pipe'], env: childEnv(env)});
	const pty = {
		child,
		spawnedAt,
		/** Output bytes and frames (bursts) so far, and when the last chunk arrived. */
		bytes: 0,
		frames: 0,
		lastOutputAt: -Infinity,
		exited: child.exited,
		waiters: new Set(),
		/** The PID of the program itself (the child of `script`), once it runs. */
		async pid() {
			for (let i = 0; i < 200; i++) {
				const [pid] = childrenOf(child.pid);
				if (pid !== undefined) {
					adopt(pid, argv.join(' '));
					return pid;
				}
				await sleep(10);
			}
			throw new Error(`no child of script for ${argv.join(' ')}`);
		},
		write(text) {
			child.stdin.write(text);
		},
		/**
		 * Resolves with the arrival time of the first chunk (or of the last two chunks together) for
		 * which `test(visibleText)` is true, or undefined after `timeoutMs`.
		 */
		waitFor(test, timeoutMs = 10_000) {
			return new Promise(resolve => {
				const waiter = {test, resolve};
				const timer = setTimeout(() => {
					pty.waiters.delete(waiter);
					resolve(undefined);
				}, timeoutMs);
				waiter.resolve = value => {
					clearTimeout(timer);
					pty.waiters.delete(waiter);
					resolve(value);
				};
				pty.waiters.add(waiter);
			});
		},
		/** The arrival time of the next output chunk, or undefined after `timeoutMs`. */
		nextOutput(timeoutMs = 1000) {
			return pty.waitFor(() => true, timeoutMs);
		},
		/** Waits until no output arrived for `quietMs` (at most `maxMs`). */
		async quiet(quietMs = 40, maxMs = 3000) {
			const deadline = performance.now() + maxMs;
			while (performance.now() - pty.lastOutputAt < quietMs && performance.now() < deadline) await sleep(5);
		},
		/** Quits with `q`, then stops `script` and the program by PID if they are still running. */
		async quit(pid) {
			try {
				child.stdin.write('q');
			} catch {}
			await Promise.race([child.exited, sleep(1500)]);
			if (pid !== undefined) await stop(pid, 1000);
			await stop(child.pid, 1000);
		},
	};
	let previous = '';
	child.stdout.on('data', chunk => {
		const at = performance.now();
		if (at - pty.lastOutputAt > frameGapMs) pty.frames++;
		pty.lastOutputAt = at;
		pty.bytes += chunk.length;
		const text = chunk.toString('utf8');
		const seen = visible(previous + text);
		previous = text;
		for (const waiter of [...pty.waiters]) if (waiter.test(seen)) waiter.resolve(at);
	});
	child.stderr.resume();
	child.stdin.on('error', () => undefined);
	return pty;
}
