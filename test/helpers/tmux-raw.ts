import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {ISOLATED} from './agentmon.js';

const run = promisify(execFile);

/** A program in tmux whose raw output (every byte it wrote to the terminal, escape sequences included) is logged. */
export type RawTmuxSession = {
	capture(): Promise<string>;
	keys(...keys: string[]): Promise<void>;
	waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
	/** Everything the program wrote so far, as tmux's `pipe-pane -o` received it (before tmux interprets it). */
	raw(): Buffer;
	/** Polls the raw output until it contains these bytes. */
	waitForBytes(bytes: string, timeoutMs?: number): Promise<void>;
	kill(): Promise<void>;
};

/**
 * Like startTmux (test/helpers/tmux.ts), plus `tmux pipe-pane -o 'cat >> log'` from the start, so
 * that a test can check the exact bytes of sequences the screen does not show (OSC 52, OSC 8).
 * Inside the pane tmux sets `$TMUX`, as it does for anyone running agentmon in tmux.
 */
export async function startRawTmux(command: readonly string[], options: {width: number; height: number; env?: Record<string, string>}): Promise<RawTmuxSession> {
	const socket = `agentmon-raw-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentmon-tmux-log-')), 'pane.log');
	const tmux = async (...args: string[]) => (await run('tmux', ['-L', socket, ...args], {env: {...process.env, TMUX: ''}})).stdout;
	const envArgs = Object.entries({TERM: 'xterm-256color', ...ISOLATED, ...options.env}).map(([key, value]) => `${key}=${value}`);
	const quoted = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...envArgs, ...command].map(part => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
	// The short sleep lets pipe-pane attach before the program writes its first byte.
	await tmux('new-session', '-d', '-s', 'main', '-x', String(options.width), '-y', String(options.height), `sleep 0.3; ${quoted}; echo "[exit $?]"; sleep 30`);
	await tmux('pipe-pane', '-o', '-t', 'main', `cat >> '${log}'`);
	const capture = async () => tmux('capture-pane', '-p', '-t', 'main');
	const raw = () => {
		try {
			return readFileSync(log);
		} catch {
			return Buffer.alloc(0);
		}
	};
	return {
		capture,
		raw,
		async keys(...keys) {
			for (const key of keys) await tmux('send-keys', '-t', 'main', key);
		},
		async waitFor(pattern, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			while (Date.now() < deadline) {
				screen = await capture();
				if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
				await new Promise(resolve => setTimeout(resolve, 150));
			}
			throw new Error(`screen never showed ${String(pattern)}; last screen:\n${screen}`);
		},
		async waitForBytes(bytes, timeoutMs = 5000) {
			const wanted = Buffer.from(bytes, 'utf8');
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				if (raw().includes(wanted)) return;
				await new Promise(resolve => setTimeout(resolve, 100));
			}
			throw new Error(`the pane never received ${JSON.stringify(bytes)}`);
		},
		async kill() {
			await tmux('kill-server').catch(() => undefined);
		},
	};
}
