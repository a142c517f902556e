// Child processes the bench starts, and their cleanup: everything is stopped by PID at the end,
// on error and on SIGINT/SIGTERM. Also free ports and /proc readings.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** PIDs started here and not yet seen exiting. */
const live = new Map();
const cleanups = [];

let configHome;
/**
 * Environment for programs drawn in a pseudo-terminal: no CI variables (Ink would draw only the last
 * frame), production React, default colours, and an empty config directory (no user config file,
 * key remaps or context).
 */
export function childEnv(extra = {}) {
	if (configHome === undefined) {
		configHome = mkdtempSync(path.join(os.tmpdir(), 'agentmon-bench-config-'));
		onCleanup(async () => rmSync(configHome, {recursive: true, force: true}));
	}
	const env = {...process.env, TERM: 'xterm-256color', SHELL: '/bin/sh', XDG_CONFIG_HOME: configHome, ...extra};
	for (const name of Object.keys(env)) {
		if (['CI', 'CONTINUOUS_INTEGRATION', 'NODE_ENV', 'TMUX', 'NO_COLOR', 'FORCE_COLOR', 'PROMETHEUS_URL'].includes(name) || name.startsWith('AGENTMON_')) delete env[name];
	}
	return env;
}

/** Spawns a process in its own process group and remembers its PID until it exits. */
export function start(command, args, options = {}) {
	const child = spawn(command, args, {detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options});
	if (child.pid === undefined) throw new Error(`cannot start ${command}`);
	const pid = child.pid;
	live.set(pid, command);
	child.exited = new Promise(resolve => child.once('exit', (code, signal) => {
		live.delete(pid);
		resolve(code ?? signal);
	}));
	return child;
}

/** Remembers a PID started indirectly (the program `script` runs), so cleanup kills it too. */
export function adopt(pid, name) {
	live.set(pid, name);
}

export function alive(pid) {
	try {
		process.kill(pid, 0);
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
	} catch {
		return false;
	}
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(pid, graceMs = 3000) {
	if (!alive(pid)) return live.delete(pid);
	try {
		process.kill(pid, 'SIGTERM');
	} catch {}
	const deadline = Date.now() + graceMs;
	while (alive(pid) && Date.now() < deadline) await sleep(25);
	if (alive(pid)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
	live.delete(pid);
}

/** Runs `fn` (async) at cleanup, before the remaining PIDs are stopped. */
export function onCleanup(fn) {
	cleanups.push(fn);
}

let cleaning;
export async function cleanup() {
	cleaning ??= (async () => {
		for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
		await Promise.all([...live.keys()].map(pid => stop(pid)));
	})().finally(() => {
		// Ready for what is started next (the bench's scale run comes after the first stack is gone).
		cleaning = undefined;
	});
	return cleaning;
}

process.on('exit', () => {
	for (const pid of live.keys()) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		process.stderr.write(`\nbench: ${signal}, stopping what it started…\n`);
		void cleanup().finally(() => process.exit(130));
	});
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address();
			server.close(() => resolve(port));
		});
	});
}

let clockTicks;
/** CPU seconds (user + system, all threads) used so far by `pid`, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
	clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'})) || 100;
	const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after "(comm) ": state is field 3, utime 14, stime 15.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Resident set size in MB, from /proc/<pid>/status. */
export function rssMb(pid) {
	const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

/** PIDs whose parent is `ppid`. */
export function childrenOf(ppid) {
	const found = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const text = readFileSync(`/proc/${name}/stat`, 'utf8');
			if (Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]) === ppid) found.push(Number(name));
		} catch {}
	}
	return found;
}
