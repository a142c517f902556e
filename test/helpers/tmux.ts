import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {ISOLATED} from './agentmon.js';

const run = promisify(execFile);

export type TmuxSession = {
	/** The screen as text, one line per row. */
	capture(): Promise<string>;
	/** The screen with its escape sequences (colours and attributes), as tmux holds it. */
	captureStyled(): Promise<string>;
	/** Sends tmux key names (`Enter`, `Tab`, `Escape`, `q`, `C-c`). */
	keys(...keys: string[]): Promise<void>;
	/** Polls the screen until it matches, returning it; throws with the last screen on timeout. */
	waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
	/** The pane's command exit status once it ended, undefined while it runs. */
	exitStatus(): Promise<number | undefined>;
	/** PID of the program itself (the child of the pane's shell). */
	pid(): Promise<number>;
	/** Kills the tmux server of this session (and so the program). */
	kill(): Promise<void>;
	/** Resizes the terminal (tmux sends the program SIGWINCH). */
	resize(width: number, height: number): Promise<void>;
	/** What the terminal's modes are now: the alternate screen on, the cursor shown. */
	modes(): Promise<{alternateScreen: boolean; cursorVisible: boolean}>;
};

/**
 * Runs a command in a real terminal: a detached tmux session on its own server socket, sized
 * width×height. CI variables are removed for the child, or Ink would draw only the last frame.
 */
export async function startTmux(command: readonly string[], options: {width: number; height: number; env?: Record<string, string>}): Promise<TmuxSession> {
	const socket = `agentmon-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const tmux = async (...args: string[]) => (await run('tmux', ['-L', socket, ...args], {env: {...process.env, TMUX: ''}})).stdout;
	const envArgs = Object.entries({TERM: 'xterm-256color', ...ISOLATED, ...options.env}).map(([key, value]) => `${key}=${value}`);
	const quoted = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...envArgs, ...command].map(part => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
	await tmux('new-session', '-d', '-s', 'main', '-x', String(options.width), '-y', String(options.height), `${quoted}; echo "[exit $?]"; sleep 30`);
	await tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
	const capture = async () => tmux('capture-pane', '-p', '-t', 'main');
	return {
		capture,
		async captureStyled() {
			return tmux('capture-pane', '-p', '-e', '-t', 'main');
		},
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
		async exitStatus() {
			const match = /\[exit (\d+)\]/.exec(await capture());
			return match ? Number(match[1]) : undefined;
		},
		async pid() {
			const shell = (await tmux('list-panes', '-t', 'main', '-F', '#{pane_pid}')).trim();
			const {stdout} = await run('pgrep', ['-P', shell]);
			return Number(stdout.trim().split('\n')[0]);
		},
		async kill() {
			await tmux('kill-server').catch(() => undefined);
		},
		async resize(width, height) {
			await tmux('resize-window', '-t', 'main', '-x', String(width), '-y', String(height));
		},
		async modes() {
			const [alternate, cursor] = (await tmux('display-message', '-p', '-t', 'main', '#{alternate_on} #{cursor_flag}')).trim().split(' ');
			return {alternateScreen: alternate === '1', cursorVisible: cursor === '1'};
		},
	};
}

/** A session whose every output byte is recorded, escape sequences included, as the terminal received them. */
export type RecordedTmuxSession = TmuxSession & {
	/** Everything the program wrote so far (tmux `pipe-pane -o`, before tmux interprets it). */
	raw(): Buffer;
	/** Polls the recording until it contains these bytes (UTF-8). */
	waitForBytes(bytes: string, timeoutMs?: number): Promise<void>;
};

/**
 * startTmux, recording the program's raw output from before its first byte: the pane's shell sets
 * up `tmux pipe-pane` (inside the pane `$TMUX` names this server), then execs the program. For the
 * bytes the screen does not show (OSC 52, OSC 8) and audits of everything written.
 */
export async function startRecordedTmux(command: readonly string[], options: {width: number; height: number; env?: Record<string, string>}): Promise<RecordedTmuxSession> {
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentmon-tmux-raw-')), 'pane.bin');
	writeFileSync(file, '');
	const script = `tmux pipe-pane -o "cat >> '${file}'" && exec "$0" "$@"`;
	const session = await startTmux(['sh', '-c', script, ...command], options);
	const raw = () => readFileSync(file);
	return {
		...session,
		raw,
		async waitForBytes(bytes, timeoutMs = 5000) {
			const wanted = Buffer.from(bytes, 'utf8');
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				if (raw().includes(wanted)) return;
				await new Promise(resolve => setTimeout(resolve, 100));
			}
			throw new Error(`the pane never received ${JSON.stringify(bytes)}`);
		},
	};
}
