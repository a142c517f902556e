#!/usr/bin/env node
// A CPU profile of agentmon under the bench's stack (issue 7): starts the five simulators and a real
// Prometheus, runs agentmon in a 120×40 pty with `--cpu-prof` for a while (optionally pressing j/k),
// quits it with q, and prints the functions with the most self time, by file.
//   node bench/profile.mjs [--seconds S] [--scale N] [--keys] [--pause] [--skip MS] [--top N] [--long MS] [--out DIR]
// --summarize FILE only prints the summary of a .cpuprofile written before; --long MS lists the
// tasks that kept the event loop busy for MS ms or more instead (what a key press may wait behind).
// --skip MS leaves the first MS ms of the process (start-up) out of the summary.
// Open the .cpuprofile it writes in Chrome DevTools (Performance) or speedscope for the whole picture.
import {mkdirSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {cleanup, sleep} from './lib/procs.mjs';
import {startPty} from './lib/pty.mjs';
import {binFlags, CLI, startStack} from './lib/stack.mjs';

const {values: flags} = parseArgs({
	options: {
		seconds: {type: 'string', default: '20'},
		scale: {type: 'string', default: '0'},
		keys: {type: 'boolean', default: false},
		pause: {type: 'boolean', default: false},
		out: {type: 'string', default: '/tmp/agentmon-profile'},
		top: {type: 'string', default: '30'},
		skip: {type: 'string', default: '0'},
		summarize: {type: 'string'},
		long: {type: 'string', default: '0'},
	},
});
const log = message => process.stderr.write(`profile: ${message}\n`);
const out = path.resolve(flags.out);
mkdirSync(out, {recursive: true});

/**
 * The long tasks of a .cpuprofile: stretches of samples without idle time longer than `minMs`, each
 * with what took most of it (inclusive, by function), so a key's worst wait can be traced to its cause.
 */
function longTasks(file, minMs, skipMs) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const name = node => {
		const url = node.callFrame.url.replace(/^file:\/\//, '');
		const where = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13).split('/')[0] : url ? path.relative(process.cwd(), url) : '';
		return `${node.callFrame.functionName || '(anonymous)'} ${where}`;
	};
	const tasks = [];
	let at = 0;
	let task;
	profile.samples.forEach((id, index) => {
		const delta = profile.timeDeltas[index] ?? 0;
		at += delta;
		const node = byId.get(id);
		if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') {
			if (task && task.ms >= minMs && task.start >= skipMs * 1000) tasks.push(task);
			task = undefined;
			return;
		}
		task ??= {start: at, ms: 0, frames: new Map()};
		task.ms += delta / 1000;
		const seen = new Set();
		for (let up = id; up !== undefined; up = parent.get(up)) seen.add(name(byId.get(up)));
		for (const frame of seen) task.frames.set(frame, (task.frames.get(frame) ?? 0) + delta / 1000);
	});
	const lines = [`long tasks (≥ ${minMs} ms) after ${skipMs} ms: ${tasks.length}`];
	for (const {start, ms, frames} of tasks) {
		const top = [...frames].filter(([frame]) => !/^\((root|garbage collector)\)/.test(frame) || frame.startsWith('(garbage')).sort((a, b) => b[1] - a[1]).slice(0, 12);
		lines.push(`  at ${(start / 1e6).toFixed(2)} s: ${ms.toFixed(0)} ms — ${top.map(([frame, t]) => `${frame} ${t.toFixed(0)}`).join(' · ')}`);
	}
	return lines.join('\n');
}

/** Self time by function and by file (node_modules packages collapsed) of a .cpuprofile. */
function summarize(file, top, skipMs) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const self = new Map();
	const deltas = profile.timeDeltas;
	let at = 0;
	profile.samples.forEach((id, index) => {
		at += deltas[index] ?? 0;
		if (at >= skipMs * 1000) self.set(id, (self.get(id) ?? 0) + (deltas[index] ?? 0));
	});
	const total = [...self.values()].reduce((sum, us) => sum + us, 0);
	const fns = new Map();
	const files = new Map();
	// Inclusive time: each sample counts once for every distinct function on its stack.
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const inclusive = new Map();
	const label = node => {
		const url = node.callFrame.url.replace(/^file:\/\//, '');
		const where = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13).split('/')[0] : url ? path.relative(process.cwd(), url) : '';
		return `${node.callFrame.functionName || '(anonymous)'}  ${where}${url && !url.includes('node_modules/') ? `:${node.callFrame.lineNumber + 1}` : ''}`;
	};
	for (const [id, us] of self) {
		if (byId.get(id).callFrame.functionName === '(idle)') continue;
		const seen = new Set();
		for (let at = id; at !== undefined; at = parent.get(at)) seen.add(label(byId.get(at)));
		for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
	}
	for (const [id, us] of self) {
		const {callFrame} = byId.get(id);
		const url = callFrame.url.replace(/^file:\/\//, '');
		const where = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13).split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url ? path.relative(process.cwd(), url) : `(${callFrame.functionName || 'native'})`;
		const fn = `${callFrame.functionName || '(anonymous)'}  ${where}${url && !url.includes('node_modules/') ? `:${callFrame.lineNumber + 1}` : ''}`;
		fns.set(fn, (fns.get(fn) ?? 0) + us);
		files.set(where, (files.get(where) ?? 0) + us);
	}
	const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled${skipMs ? ` after the first ${skipMs} ms` : ''}`];
	const list = (title, map) => {
		lines.push('', title);
		for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${(us / 1000).toFixed(1).padStart(9)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
	};
	list('self time by file / package', files);
	list('self time by function', fns);
	list('inclusive time by function', inclusive);
	return lines.join('\n');
}

if (flags.summarize) {
	process.stdout.write(`${Number(flags.long) > 0 ? longTasks(flags.summarize, Number(flags.long), Number(flags.skip)) : summarize(flags.summarize, Number(flags.top), Number(flags.skip))}\n`);
	process.exit(0);
}
try {
	const scale = Number(flags.scale);
	const stack = await startStack({log, scale});
	if (scale) for (let i = 0; i < 60 && (await stack.firingAlerts()) < scale / 2; i++) await sleep(500);
	const before = new Set(readdirSync(out));
	const app = startPty([process.execPath, ...binFlags(), '--cpu-prof', `--cpu-prof-dir=${out}`, CLI, '--prometheus', stack.url]);
	if ((await app.waitFrame(frame => frame.includes('Alerts'), 20_000)) === undefined) throw new Error('no frame with data');
	const pid = await app.pid();
	log(`agentmon ${pid} drew its first frame with data; profiling ${flags.seconds} s`);
	if (flags.pause) app.write('p');
	const until = Date.now() + Number(flags.seconds) * 1000;
	for (let i = 0; Date.now() < until; i++) {
		if (flags.keys) app.write(i % 2 === 0 ? 'j' : 'k');
		await sleep(flags.keys ? 250 : 500);
	}
	app.write('q');
	await Promise.race([app.exited, sleep(5000)]);
	await sleep(500);
	const written = readdirSync(out).filter(name => name.endsWith('.cpuprofile') && !before.has(name));
	for (const name of written) {
		const file = path.join(out, name);
		process.stdout.write(`${Number(flags.long) > 0 ? longTasks(file, Number(flags.long), Number(flags.skip)) : summarize(file, Number(flags.top), Number(flags.skip))}\n`);
	}
	if (written.length === 0) log('no profile written');
} finally {
	await cleanup();
}
process.exit(0);
