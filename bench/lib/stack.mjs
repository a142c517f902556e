// The five simulators (`node dist/cli.js simulate …`) and a real Prometheus scraping them every
// second with every system's alert rules (their `for:` shortened to 1s so alerts fire quickly).
import {readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {freePort, onCleanup, sleep, start, stop} from './procs.mjs';

const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

/**
 * The V8 flags of the bin's shebang line (`#!/usr/bin/env -S node --max-semi-space-size=1 …`):
 * the bench runs agentmon exactly as `agentmon` runs, whatever flags the bin carries.
 */
export function binFlags(cli = CLI) {
	const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
	const match = /^#!.*\bnode\b(.*)$/.exec(first);
	return match ? match[1].trim().split(/\s+/).filter(Boolean) : [];
}
const PROMETHEUS = '/usr/bin/prometheus';

/** Profile, the `job` name its guide uses, and a scenario that makes one of its alerts fire. */
const SYSTEMS = [
	['coordination-server', 'ai-coordination-server', 'lock-pileup'],
	['coding-team', 'ai-coding-team', 'queue-backlog'],
	['cli-orchestrator', 'browser-worker', 'queue-backlog'],
	['agent-orchestrator', 'agent-orchestrator', 'concurrent-merges'],
	['dev-pipeline', 'agent_workflow', 'low-success'],
];

async function getJson(url) {
	const response = await fetch(url, {signal: AbortSignal.timeout(2000)});
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	return response.json();
}

/** Starts one simulator on a free port (`--port 0`) and resolves with its metrics URL. */
async function startSimulator(profile, scenario, scale) {
	const child = start(process.execPath, [CLI, 'simulate', profile, '--port', '0', '--scenario', scenario, ...(scale && profile === 'coordination-server' ? ['--scale', String(scale)] : [])]);
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`simulator ${profile} did not start: ${output}`)), 15_000);
		child.stdout.on('data', chunk => {
			output += chunk;
			const match = / on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({profile, pid: child.pid, metrics: new URL(match[1])});
			}
		});
		child.stderr.on('data', chunk => (output += chunk));
		child.exited.then(code => reject(new Error(`simulator ${profile} exited (${code}): ${output}`)));
	});
}

/**
 * Starts the simulators and Prometheus; resolves once `up` has a sample for every target. With
 * `scale`, the coordination server gets a fleet of that many agents and bench/scale-rules.yml
 * fires one alert per offline fleet agent (scale / 2).
 */
export async function startStack({log = () => undefined, scale = 0} = {}) {
	const simulators = await Promise.all(SYSTEMS.map(([profile, , scenario]) => startSimulator(profile, scenario, scale)));
	log(`simulators: ${simulators.map(sim => `${sim.profile} ${sim.metrics.host}`).join(', ')}`);

	const dir = await mkdtemp(path.join(os.tmpdir(), 'agentmon-bench-'));
	let prometheusPid;
	onCleanup(async () => {
		if (prometheusPid !== undefined) await stop(prometheusPid);
		await rm(dir, {recursive: true, force: true});
	});
	const rules = [];
	for (const [profile] of SYSTEMS) {
		const text = await readFile(path.join(ROOT, 'examples', profile, 'alerts.yml'), 'utf8');
		const file = path.join(dir, `${profile}.yml`);
		await writeFile(file, text.replace(/^(\s*(?:-\s+)?)for:\s*\S+[ \t]*$/gm, '$1for: 1s').replace(/^\s+interval:\s*\S+[ \t]*$/gm, ''));
		rules.push(file);
	}
	if (scale) rules.push(path.join(ROOT, 'bench', 'scale-rules.yml'));
	const config = {
		global: {scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s'},
		rule_files: rules,
		scrape_configs: simulators.map((sim, index) => ({
			job_name: SYSTEMS[index][1],
			metrics_path: sim.metrics.pathname,
			static_configs: [{targets: [sim.metrics.host]}],
		})),
	};
	await writeFile(path.join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2)); // JSON is YAML

	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const child = start(PROMETHEUS, [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
		prometheusPid = child.pid;
		let stderr = '';
		child.stderr.on('data', chunk => (stderr = (stderr + chunk).slice(-4000)));
		child.stdout.resume();
		const deadline = Date.now() + 30_000;
		let ready = false;
		while (!ready && Date.now() < deadline && child.exitCode === null) {
			ready = await fetch(`${url}/-/ready`, {signal: AbortSignal.timeout(1000)}).then(response => response.ok, () => false);
			if (!ready) await sleep(100);
		}
		if (!ready) {
			await stop(child.pid);
			if (attempt < 3 && /address already in use/.test(stderr)) continue;
			throw new Error(`Prometheus was not ready:\n${stderr}`);
		}
		const expected = simulators.map((sim, index) => `${SYSTEMS[index][1]} ${sim.metrics.host}`);
		const upDeadline = Date.now() + 30_000;
		for (;;) {
			const body = await getJson(`${url}/api/v1/query?query=up`).catch(() => undefined);
			const seen = new Set((body?.data?.result ?? []).map(({metric}) => `${metric.job} ${metric.instance}`));
			if (expected.every(target => seen.has(target))) break;
			if (Date.now() > upDeadline) throw new Error(`up never had a sample for every target (saw ${[...seen].join(', ')})`);
			await sleep(250);
		}
		return {
			url,
			pid: child.pid,
			simulators,
			/** Number of firing alerts now. */
			async firingAlerts() {
				const body = await getJson(`${url}/api/v1/query?query=${encodeURIComponent('count(ALERTS{alertstate="firing"})')}`).catch(() => undefined);
				return Number(body?.data?.result?.[0]?.value?.[1] ?? 0);
			},
		};
	}
}
