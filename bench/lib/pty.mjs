// A program in a pseudo-terminal via util-linux `script`: its stdin is a pipe the bench writes key
// presses into, its stdout a pipe whose chunks the bench timestamps as they arrive. Ink wraps every
// frame in synchronized-output marks (BSU … ESU), so frames are cut out of the stream exactly.
import {performance} from 'node:perf_hooks';
import {StringDecoder} from 'node:string_decoder';
import {adopt, childEnv, childrenOf, sleep, start, stop} from './procs.mjs';

const BSU = '\u001B[?2026h';
const ESU = '\u001B[?2026l';
const quote = part => `'${part.replaceAll("'", "'\\''")}'`;
// CSI and OSC sequences and other escapes, to keep only the visible text.
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;
export const visible = text => text.replace(ESCAPES, '').replaceAll('\r', '');

/** Starts `argv` in a cols×rows pseudo-terminal; `spawnedAt` is taken just before the spawn. */
export function startPty(argv, {cols = 120, rows = 40, env} = {}) {
	const command = `stty cols ${cols} rows ${rows}; exec ${argv.map(quote).join(' ')}`;
	const spawnedAt = performance.now();
	const child = start('script', ['-qfec', command, '/dev/null'], {stdio: ['pipe', 'pipe', 'pipe'], env: childEnv(env)});
	const chunkWaiters = new Set();
	const frameWaiters = new Set();
	const wait = (set, test, timeoutMs) =>
		new Promise(resolve => {
			const waiter = {test};
			const timer = setTimeout(() => waiter.done(undefined), timeoutMs);
			waiter.done = value => {
				clearTimeout(timer);
				set.delete(waiter);
				resolve(value);
			};
			set.add(waiter);
		});
	const pty = {
		spawnedAt,
		exited: child.exited,
		/** Output bytes and complete frames so far, the visible text of the last frame. */
		bytes: 0,
		frames: 0,
		lastFrame: '',
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
		/** Arrival time of the first output chunk whose visible text passes `test`; undefined after `timeoutMs`. */
		waitFor: (test, timeoutMs = 15_000) => wait(chunkWaiters, test, timeoutMs),
		/** Arrival time of the end of the first complete frame whose visible text passes `test`. */
		waitFrame: (test, timeoutMs = 15_000) => wait(frameWaiters, test, timeoutMs),
		/** Quits with `q`, then stops the program and `script` by PID if they still run. */
		async quit(pid) {
			if (child.exitCode === null && child.signalCode === null) child.stdin.write('q');
			await Promise.race([child.exited, sleep(1500)]);
			if (pid !== undefined) await stop(pid, 1000);
			await stop(child.pid, 1000);
		},
	};
	const decoder = new StringDecoder('utf8');
	let buffer = '';
	child.stdout.on('data', chunk => {
		const at = performance.now();
		pty.bytes += chunk.length;
		const text = decoder.write(chunk);
		const seen = visible(text);
		for (const waiter of [...chunkWaiters]) if (waiter.test(seen)) waiter.done(at);
		buffer += text;
		for (;;) {
			const begin = buffer.indexOf(BSU);
			const end = begin === -1 ? -1 : buffer.indexOf(ESU, begin);
			if (end === -1) {
				buffer = begin === -1 ? buffer.slice(-BSU.length) : buffer.slice(begin);
				break;
			}
			pty.frames++;
			pty.lastFrame = visible(buffer.slice(begin + BSU.length, end));
			buffer = buffer.slice(end + ESU.length);
			for (const waiter of [...frameWaiters]) if (waiter.test(pty.lastFrame)) waiter.done(at);
		}
	});
	child.stderr.resume();
	child.stdin.on('error', () => undefined);
	return pty;
}
