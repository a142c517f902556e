#!/usr/bin/env node
// agentmon's benchmark (issue 7): starts the five simulators and a real Prometheus, then measures
// agentmon beside baselines run the same way in the same run, and prints one table.
//   npm run bench -- [--quick] [--runs N] [--window SECONDS] [--keys N] [--json FILE]
// It measures and never judges: the exit code is 0 whether goals are met or not (1 only when the
// bench itself cannot run).
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {parseArgs} from 'node:util';
import {cleanup, cpuSeconds, rssMb, sleep} from './lib/procs.mjs';
import {startProxy, refreshes} from './lib/proxy.mjs';
import {startPty} from './lib/pty.mjs';
import {binFlags, CLI, startStack} from './lib/stack.mjs';
import {formatTable, median, num, percentile, ratio} from './lib/table.mjs';

/** agentmon as its bin runs it (the shebang's V8 flags included, read from dist/cli.js). */
const AGENTMON = [process.execPath, ...binFlags(), CLI];
const HELLO = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), 'hello.mjs');
const INTERVAL_MS = 2000; // agentmon's default refresh

let flags;
try {
	({values: flags} = parseArgs({
		options: {
			quick: {type: 'boolean', default: false},
			runs: {type: 'string'},
			window: {type: 'string'},
			settle: {type: 'string'},
			keys: {type: 'string'},
			scale: {type: 'string'},
			json: {type: 'string'},
			help: {type: 'boolean', default: false},
		},
	}));
} catch (error) {
	process.stderr.write(`bench: ${error.message} (see --help)\n`);
	process.exit(2);
}
if (flags.help) {
	process.stdout.write(`usage: node bench/run.mjs [--quick] [--runs N] [--window SECONDS] [--settle SECONDS] [--keys N] [--json FILE]
  --quick       short CI mode: 3 runs, 10 s CPU windows, 15 key presses per pane (about a minute)
  --runs N      cold starts per program, and CPU/RSS slices per window (default 5)
  --window S    CPU/RSS window while running, in seconds (default 60; 600 for the 10-minute RSS check);
                paused: the same, at most 60 s. Windows are rounded to whole 2 s refreshes.
  --settle S    how long both programs run before that window (default 30; 10 with --quick): the
                JIT's warm-up after start, measured and shown on a row of its own
  --keys N      key presses per pane (default 40)
  --scale N     agents in the scale run's fleet (default 1000: 500 alerts, 200 lock holders)
  --json FILE   also write every raw measurement to FILE
`);
	process.exit(0);
}
const positive = (name, fallback) => {
	const value = flags[name] === undefined ? fallback : Number(flags[name]);
	if (Number.isFinite(value) && value > 0) return value;
	process.stderr.write(`bench: --${name} needs a positive number (got ${flags[name]})\n`);
	process.exit(2);
};
const RUNS = Math.round(positive('runs', flags.quick ? 3 : 5));
const WINDOW_S = positive('window', flags.quick ? 10 : 60);
const KEYS = Math.round(positive('keys', flags.quick ? 15 : 40));
const SCALE = Math.round(positive('scale', 1000));
/** `ms` rounded to whole refresh intervals (at least one). */
const wholeRefreshes = ms => Math.max(1, Math.round(ms / INTERVAL_MS)) * INTERVAL_MS;
// CPU windows are cut into RUNS slices of whole refresh intervals, so each slice holds as many refreshes.
const slice = windowS => wholeRefreshes((windowS * 1000) / RUNS);
const SLICE_MS = slice(WINDOW_S);
const PAUSED_SLICE_MS = slice(Math.min(WINDOW_S, 60)); // a long --window is for RSS; paused needs no more than a minute
// Whole refreshes too: the settle window is one slice.
const SETTLE_MS = wholeRefreshes(positive('settle', flags.quick ? 10 : 30) * 1000);

const log = message => process.stderr.write(`bench: ${message}\n`);
const began = performance.now();

/** Cold start: spawn → first chunk with visible text (and, for agentmon, → first frame showing the Alerts pane). */
async function coldStart(kind, prometheusUrl) {
	const argv = {
		agentmon: [...AGENTMON, '--prometheus', prometheusUrl],
		demo: [...AGENTMON, '--demo'],
		hello: [process.execPath, HELLO],
		node: [process.execPath, '-e', "process.stdout.write('.')"],
		harness: ['printf', '.'],
	}[kind];
	const pty = startPty(argv);
	const first = pty.waitFor(text => /\S/.test(text), 15_000);
	const data = kind === 'agentmon' || kind === 'demo' ? pty.waitFrame(frame => frame.includes('Alerts'), 15_000) : first;
	const [firstAt, dataAt] = await Promise.all([first, data]);
	if (firstAt === undefined || dataAt === undefined) log(`${kind}: no ${firstAt === undefined ? 'first frame' : 'frame with data'} within 15 s (run left out)`);
	if (kind === 'agentmon' || kind === 'demo' || kind === 'hello') await pty.quit(await pty.pid().catch(() => undefined));
	else await Promise.race([pty.exited, sleep(3000)]);
	return {first: firstAt - pty.spawnedAt, data: dataAt - pty.spawnedAt};
}

async function coldStarts(prometheusUrl) {
	const kinds = ['agentmon', 'demo', 'hello', 'node', 'harness'];
	const results = Object.fromEntries(kinds.map(kind => [kind, []]));
	// Round 0 warms the disk cache and is discarded; the order rotates so no program always runs first.
	for (let round = 0; round <= RUNS; round++) {
		for (const kind of [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)]) {
			const result = await coldStart(kind, prometheusUrl);
			if (round > 0) results[kind].push(result);
		}
	}
	return results;
}

/** CPU % of one core of each pid over `count` (RUNS) consecutive slices of `sliceMs`. */
async function cpuSlices(pids, sliceMs, count = RUNS) {
	const per = pids.map(() => []);
	for (let slice = 0; slice < count; slice++) {
		const before = pids.map(cpuSeconds);
		const from = performance.now();
		await sleep(sliceMs);
		const seconds = (performance.now() - from) / 1000;
		pids.forEach((pid, index) => per[index].push(((cpuSeconds(pid) - before[index]) / seconds) * 100));
	}
	return per;
}

/** Line of the selection marker › in a frame (the header's "agentmon › …" path aside). */
const markerLine = frame => frame.split('\n').findIndex(line => line.includes('›') && !line.includes('agentmon ›'));

/** Whether the selection marker is on the storm's alert group (`FleetAgentOffline ×500` at 1,000 agents: the only one of 100 or more). */
const stormSelected = frame => /×\d{3,}\s/.test(frame.split('\n')[markerLine(frame)] ?? '');

/**
 * Key → frame: writes the key and times the end of the first complete frame whose selection marker
 * moved, so frames drawn for other reasons (refresh, clock) in between are not mistaken for it.
 */
async function press(pty, key) {
	const before = markerLine(pty.lastFrame);
	const sentAt = performance.now();
	const moved = pty.waitFrame(frame => markerLine(frame) !== before, 2000);
	pty.write(key);
	const at = await moved;
	return at === undefined ? undefined : at - sentAt;
}

async function session(stack) {
	const proxy = await startProxy(stack.url);
	const app = startPty([...AGENTMON, '--prometheus', proxy.url]);
	const hello = startPty([process.execPath, HELLO, '--interval', String(INTERVAL_MS)]);
	try {
		const ready = await Promise.all([app.waitFrame(frame => frame.includes('Alerts'), 20_000), hello.waitFrame(frame => frame.includes('Hello'), 20_000)]);
		if (ready.includes(undefined)) throw new Error('agentmon or the hello-world never drew its first frame');
		const pids = [await app.pid(), await hello.pid()];
		await sleep(INTERVAL_MS); // past the start-up burst and the first refresh after detection
		const out = {};

		// The first seconds after start are the JIT's (V8 compiles the code the refreshes run, on a
		// background thread): measured on their own, then the running window, which is what an idle
		// dashboard costs for as long as it stays open.
		log(`CPU while settling: ${SETTLE_MS / 1000} s`);
		out.cpuSettle = (await cpuSlices(pids, SETTLE_MS, 1)).map(([value]) => value);
		out.rssStart = pids.map(rssMb);

		log(`CPU and RSS while running: ${RUNS} × ${SLICE_MS / 1000} s`);
		let from = performance.now();
		let counters = [app.frames, app.bytes, hello.frames];
		out.cpu = await cpuSlices(pids, SLICE_MS);
		let to = performance.now();
		out.rssEnd = pids.map(rssMb);
		out.refreshes = refreshes(await proxy.records(), from, to, INTERVAL_MS);
		out.running = {seconds: (to - from) / 1000, appFrames: app.frames - counters[0], appBytes: app.bytes - counters[1], helloFrames: hello.frames - counters[2]};

		log(`CPU while paused: ${RUNS} × ${PAUSED_SLICE_MS / 1000} s`);
		app.write('p');
		hello.write('p');
		await sleep(1000); // let a poll in flight answer and the "paused" frame be drawn
		from = performance.now();
		counters = [app.frames, hello.frames];
		out.cpuPaused = await cpuSlices(pids, PAUSED_SLICE_MS);
		to = performance.now();
		out.paused = {seconds: (to - from) / 1000, appFrames: app.frames - counters[0], helloFrames: hello.frames - counters[1], requests: (await proxy.records()).filter(record => record.start >= from && record.start < to).length};
		app.write('p');
		hello.write('p');

		for (let i = 0; i < 20 && (await stack.firingAlerts()) < 2; i++) await sleep(500);
		await sleep(INTERVAL_MS * (0.5 + Math.random())); // not in step with the refreshes and the hello-world's ticks
		out.keys = {};
		for (const pane of ['alerts', 'agents']) {
			if (pane === 'agents') {
				// Focus order: agents, locks, queue, latency, extras, alerts; Tab from alerts wraps to agents.
				const focused = app.waitFrame(frame => frame.includes('▸ Agents'), 2000);
				app.write('\t');
				if ((await focused) === undefined) log('Tab did not focus the agents pane');
				await sleep(150 + Math.random() * 200); // the Tab's frame must not throttle the first press
			}
			log(`key → frame in the ${pane} pane: ${KEYS} presses`);
			const appTimes = [];
			const helloTimes = [];
			for (let i = 0; i < KEYS; i++) {
				const key = i % 2 === 0 ? 'j' : 'k';
				appTimes.push(await press(app, key));
				helloTimes.push(await press(hello, key));
				// Random moments relative to refreshes and clock ticks, and far enough apart that a press
				// never waits for Ink's frame throttle (maxFps 10) because of the previous press.
				await sleep(150 + Math.random() * 200);
			}
			out.keys[pane] = {app: appTimes, hello: helloTimes};
		}
		await Promise.all([app.quit(pids[0]), hello.quit(pids[1])]);
		return out;
	} finally {
		await Promise.all([app.quit(), hello.quit()]);
		await proxy.close();
	}
}

/** Key → frame at scale: agentmon against the stack with a fleet, once every fleet alert fires. */
async function scaleKeys(stack, scale) {
	const app = startPty([...AGENTMON, '--prometheus', stack.url]);
	try {
		for (let i = 0; i < 60 && (await stack.firingAlerts()) < scale / 2; i++) await sleep(500);
		const firing = await stack.firingAlerts();
		if ((await app.waitFrame(frame => /\d{3} firing/.test(frame), 20_000)) === undefined) log('agentmon never showed the alert storm');
		await sleep(INTERVAL_MS * (0.5 + Math.random()));
		const pid = await app.pid();
		const out = {firing, keys: {}, rss: rssMb(pid)};
		const [cpu] = await cpuSlices([pid], SLICE_MS);
		out.cpu = cpu;
		for (const pane of ['alerts', 'agents']) {
			if (pane === 'alerts') {
				// The storm is one group (by alertname): select it (a critical alert of another system may
				// sort above it; Enter there would open that alert's view instead), open it, and scroll its alerts.
				for (let i = 0; i < 12 && !stormSelected(app.lastFrame); i++) {
					const moved = app.waitFrame(frame => markerLine(frame) !== markerLine(app.lastFrame), 2000);
					app.write('j');
					await moved;
					await sleep(100);
				}
				if (!stormSelected(app.lastFrame)) log('the storm\'s alert group could not be selected');
				const opened = app.waitFrame(frame => frame.includes('▾'), 2000);
				app.write('\r');
				if ((await opened) === undefined) log('Enter did not open the alert group');
				await sleep(150 + Math.random() * 200);
			}
			if (pane === 'agents') {
				const focused = app.waitFrame(frame => frame.includes('▸ Agents'), 2000);
				app.write('\t');
				if ((await focused) === undefined) log('Tab did not focus the agents pane');
				await sleep(150 + Math.random() * 200);
			}
			log(`at scale: key → frame in the ${pane} pane: ${KEYS} presses`);
			const times = [];
			for (let i = 0; i < KEYS; i++) {
				times.push(await press(app, i % 2 === 0 ? 'j' : 'k'));
				await sleep(150 + Math.random() * 200);
			}
			out.keys[pane] = times;
		}
		await app.quit(pid);
		return out;
	} finally {
		await app.quit();
	}
}

function report(cold, live) {
	const first = kind => median(cold[kind].map(run => run.first));
	const [app, hello, bare, harness] = ['agentmon', 'hello', 'node', 'harness'].map(first);
	const appData = median(cold.agentmon.map(run => run.data));
	const keys = who => [...live.keys.alerts[who], ...live.keys.agents[who]];
	const p = (who, q) => percentile(keys(who), q);
	const missing = keys('app').filter(value => value === undefined).length;
	const scaleKeyTimes = [...live.scale.keys.alerts, ...live.scale.keys.agents];
	const scaleP = q => percentile(scaleKeyTimes, q);
	const scaleMissing = scaleKeyTimes.filter(value => value === undefined).length;
	const perRefresh = field => median(live.refreshes.map(refresh => refresh[field]));
	const duplicates = live.refreshes.filter(refresh => refresh.requests > refresh.distinct || refresh.queries > refresh.distinctQueries).length;
	const overlaps = live.refreshes.filter(refresh => refresh.overlapped).length;
	const refreshCount = live.refreshes.length;
	const verdict = (ok, miss) => (ok ? 'pass' : `MISS ${miss}`);
	const over = (value, goal, unit) => `${num(value, unit === '%' ? 2 : 0)}${unit} > ${goal}${unit} (${num((value / goal - 1) * 100)}% over)`;

	const rows = [
		['metric', 'median', 'baseline', 'ratio', 'goal (issue 7)', 'result'],
		['cold start → first frame, ms', num(app), `${num(hello)} Ink hello`, ratio(app, hello), '≤ 1.5× hello-world, ≤ 400 ms', verdict(app <= 1.5 * hello && app <= 400, [app > 1.5 * hello ? `${ratio(app, hello)} > 1.5×` : '', app > 400 ? over(app, 400, ' ms') : ''].filter(Boolean).join('; '))],
		['cold start → first frame, ms', num(app), `${num(bare)} node -e`, ratio(app, bare), '—', 'info'],
		['cold start → first frame of --demo, ms', num(first('demo')), `${num(hello)} Ink hello`, ratio(first('demo'), hello), '≤ 1.5× hello-world, ≤ 400 ms', verdict(first('demo') <= 1.5 * hello && first('demo') <= 400, [first('demo') > 1.5 * hello ? `${ratio(first('demo'), hello)} > 1.5×` : '', first('demo') > 400 ? over(first('demo'), 400, ' ms') : ''].filter(Boolean).join('; '))],
		['cold start → --demo frame with data, ms', num(median(cold.demo.map(run => run.data))), `${num(hello)} Ink hello`, ratio(median(cold.demo.map(run => run.data)), hello), '—', 'info'],
		['cold start → frame with data, ms', num(appData), `${num(hello)} Ink hello`, ratio(appData, hello), '—', 'info'],
		['CPU running, % of a core', num(median(live.cpu[0]), 2), `${num(median(live.cpu[1]), 2)} hello@2s`, ratio(median(live.cpu[0]), median(live.cpu[1])), '≤ 1%', verdict(median(live.cpu[0]) <= 1, over(median(live.cpu[0]), 1, '%'))],
		[`CPU settling (${num(SETTLE_MS / 1000)} s after the first frame), %`, num(live.cpuSettle[0], 2), `${num(live.cpuSettle[1], 2)} hello@2s`, ratio(live.cpuSettle[0], live.cpuSettle[1]), '—', 'info'],
		['CPU paused, % of a core', num(median(live.cpuPaused[0]), 2), `${num(median(live.cpuPaused[1]), 2)} hello`, ratio(median(live.cpuPaused[0]), median(live.cpuPaused[1])), '0 (no CPU at all)', verdict(median(live.cpuPaused[0]) === 0, `${num(median(live.cpuPaused[0]), 2)}% > 0`)],
		['frames drawn while paused, /min', num((live.paused.appFrames / live.paused.seconds) * 60), `${num((live.paused.helloFrames / live.paused.seconds) * 60)} hello`, '—', '0 (nothing re-rendered)', verdict(live.paused.appFrames === 0, `${live.paused.appFrames} frames in ${num(live.paused.seconds)} s`)],
		['HTTP requests while paused', String(live.paused.requests), '—', '—', '0 (no polling)', verdict(live.paused.requests === 0, `${live.paused.requests} requests`)],
		['RSS after window, MB', num(live.rssEnd[0], 1), `${num(live.rssEnd[1], 1)} hello`, ratio(live.rssEnd[0], live.rssEnd[1]), '≤ 80 MB', verdict(live.rssEnd[0] <= 80, over(live.rssEnd[0], 80, ' MB'))],
		[`RSS growth over ${num(live.running.seconds)} s, MB`, `${live.rssEnd[0] >= live.rssStart[0] ? '+' : ''}${num(live.rssEnd[0] - live.rssStart[0], 1)}`, `${live.rssEnd[1] >= live.rssStart[1] ? '+' : ''}${num(live.rssEnd[1] - live.rssStart[1], 1)} hello`, '—', 'flat over 10 min', live.running.seconds >= 600 ? 'info' : 'info (short window)'],
		['key → frame p50, ms', num(p('app', 0.5), 1), `${num(p('hello', 0.5), 1)} hello`, ratio(p('app', 0.5), p('hello', 0.5)), '—', 'info'],
		['key → frame p95, ms', num(p('app', 0.95), 1), `${num(p('hello', 0.95), 1)} hello`, ratio(p('app', 0.95), p('hello', 0.95)), '—', 'info'],
		[`at scale (${live.scale.firing} alerts firing): key → frame p50, ms`, num(scaleP(0.5), 1), `${num(p('hello', 0.5), 1)} hello`, ratio(scaleP(0.5), p('hello', 0.5)), '—', 'info'],
		[`at scale: key → frame p95, ms`, num(scaleP(0.95), 1), `${num(p('hello', 0.95), 1)} hello`, ratio(scaleP(0.95), p('hello', 0.95)), '≤ 50 ms', verdict(scaleP(0.95) <= 50 && scaleMissing === 0, scaleMissing ? `${scaleMissing} keys drew no frame` : over(scaleP(0.95), 50, ' ms'))],
		['at scale: CPU running, % of a core', num(median(live.scale.cpu), 2), `${num(median(live.cpu[1]), 2)} hello@2s`, ratio(median(live.scale.cpu), median(live.cpu[1])), '—', 'info'],
		['at scale: RSS, MB', num(live.scale.rss, 1), `${num(live.rssEnd[1], 1)} hello`, ratio(live.scale.rss, live.rssEnd[1]), '≤ 80 MB', verdict(live.scale.rss <= 80, over(live.scale.rss, 80, ' MB'))],
		['HTTP requests per refresh', num(perRefresh('requests')), `${num(perRefresh('distinctQueries'))} queries`, ratio(perRefresh('requests'), perRefresh('distinctQueries')), '≤ 1 per distinct query', verdict(duplicates === 0 && refreshCount > 0, `${duplicates} of ${refreshCount} refreshes repeat a query`)],
		['PromQL queries per refresh (all / distinct)', `${num(perRefresh('queries'))} / ${num(perRefresh('distinctQueries'))}`, '—', '—', 'each once', verdict(duplicates === 0 && refreshCount > 0, `${duplicates} of ${refreshCount} refreshes repeat a query`)],
		['HTTP KB per refresh, in / out', `${num(perRefresh('responseBytes') / 1024, 1)} / ${num(perRefresh('requestBytes') / 1024, 1)}`, '—', '—', '—', 'info'],
		['overlapping polls', `${overlaps} of ${refreshCount}`, '—', '—', 'never', verdict(overlaps === 0 && refreshCount > 0, `${overlaps} overlapped`)],
		['terminal bytes per refresh, KB', num(live.running.appBytes / 1024 / Math.max(1, refreshCount), 1), '—', '—', '—', 'info'],
		['frames per refresh', num(live.running.appFrames / Math.max(1, refreshCount), 1), `${num(live.running.helloFrames / Math.max(1, refreshCount), 1)} hello`, '—', '—', 'info'],
	];
	const slices = values => values.map(value => num(value, 2)).join(' ');
	const lines = [
		formatTable(rows),
		'',
		`Cold starts: medians of ${RUNS} runs each (after a discarded warm-up round), in a 120×40 pty (util-linux script); first frame = first output with`,
		`  visible text, frame with data = first frame showing the Alerts pane. All pay the same harness cost (script + stty + exec printf: ${num(harness)} ms).`,
		`CPU: ${RUNS} slices of ${SLICE_MS / 1000} s (paused ${PAUSED_SLICE_MS / 1000} s) after ${SETTLE_MS / 1000} s settling, from /proc/<pid>/stat (10 ms ticks); agentmon running ${slices(live.cpu[0])} %, paused ${slices(live.cpuPaused[0])} %;`,
		`  hello running ${slices(live.cpu[1])} %, paused ${slices(live.cpuPaused[1])} %. RSS at the window's start ${num(live.rssStart[0], 1)} MB (hello ${num(live.rssStart[1], 1)} MB).`,
		`Keys: ${keys('app').length} presses (j/k) over the alerts and agents panes, 150–350 ms apart; time to the end of the first frame whose selection moved.`,
		`HTTP: ${refreshCount} refreshes through a counting proxy; the slowest answered in ${num(Math.max(...live.refreshes.map(refresh => refresh.durationMs).filter(Number.isFinite)))} ms (a refresh still answering when the window closed left out).`,
		`Scale: the coordination server with a fleet of ${SCALE} agents (simulate --scale), ${SCALE / 5} of them holding locks, and bench/scale-rules.yml firing one alert per offline agent.`,
	];
	return lines.join('\n');
}

let exitCode = 0;
try {
	log(`runs ${RUNS}, window ${WINDOW_S} s, ${KEYS} key presses per pane${flags.quick ? ' (quick)' : ''}`);
	const stack = await startStack({log});
	log(`Prometheus ${stack.url} has up for all five simulators after ${num((performance.now() - began) / 1000, 1)} s`);
	log(`cold starts: ${RUNS} + 1 warm-up rounds`);
	const cold = await coldStarts(stack.url);
	const live = await session(stack);
	await cleanup();
	log(`scale: ${SCALE} agents (${SCALE / 2} offline, each an alert; ${SCALE / 5} lock holders)`);
	const big = await startStack({log, scale: SCALE});
	live.scale = await scaleKeys(big, SCALE);
	process.stdout.write(`\n${report(cold, live)}\n`);
	if (flags.json) writeFileSync(flags.json, `${JSON.stringify({flags, runs: RUNS, sliceMs: SLICE_MS, cold, live}, null, 1)}\n`);
} catch (error) {
	process.stderr.write(`bench: failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	exitCode = 1;
} finally {
	await cleanup();
	log(`done in ${num((performance.now() - began) / 1000, 1)} s`);
}
process.exit(exitCode);
