import {spawn, type ChildProcess} from 'node:child_process';
import {closeSync, openSync, readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {freePort} from './free-port.js';
import {waitFor} from './wait-for.js';

/** A target Prometheus scrapes. */
export type ScrapeTarget = {
	/** The `job` label (`job_name`). */
	job: string;
	/** Base URL of the target, e.g. `http://127.0.0.1:3456`. */
	url: string;
	/** Default `/metrics`. */
	metricsPath?: string;
};

/** Options of {@link startPrometheus}. */
export type PrometheusOptions = {
	targets: ScrapeTarget[];
	/** Rule files, copied into the temporary directory. */
	ruleFiles?: string[];
	/** Rewrites every `for: <duration>` of the copied rule files to `for: 1s`, and drops group `interval:`s so rules run every second. */
	fastRules?: boolean;
	/** Alertmanager base URL to send alerts to. */
	alertmanagerUrl?: string;
	/** Require basic auth on every endpoint (`--web.config.file`), as a production server may. */
	basicAuth?: WebBasicAuth;
};

/** One user a daemon's web config accepts, and the password the helper itself signs in with. */
export type WebBasicAuth = {user: string; password: string; bcryptHash: string};

/** The Prometheus docs' example: the bcrypt hash (cost 12) of the password `test`. */
export const TEST_PASSWORD_HASH = '$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay';

const authHeaders = (auth: WebBasicAuth | undefined): Record<string, string> => (auth ? {authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`} : {});

/** Writes the web config of `auth` into `dir`; the flag that names it (none without auth). */
async function webConfig(dir: string, auth: WebBasicAuth | undefined): Promise<string[]> {
	if (!auth) return [];
	const file = path.join(dir, 'web.yml');
	await writeFile(file, `basic_auth_users:\n  ${auth.user}: '${auth.bcryptHash}'\n`);
	return [`--web.config.file=${file}`];
}

/** A real daemon started for a test; `stop()` kills it and removes its temporary directory. */
export type RunningDaemon = {url: string; pid: number; dir: string; stop(): Promise<void>};

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** PIDs started here and not yet seen exiting: SIGKILLed when the test process exits, whatever happened. */
const live = new Set<number>();
process.on('exit', () => {
	for (const pid of live) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
});

type Daemon = {pid: number; log: string; exited(): boolean; waitExit(ms: number): Promise<boolean>};

function logTail(log: string, lines = 25): string {
	try {
		return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

async function spawnDaemon(binary: string, args: string[], log: string): Promise<Daemon> {
	const fd = openSync(log, 'a');
	let child: ChildProcess;
	try {
		child = spawn(binary, args, {detached: true, stdio: ['ignore', fd, fd]});
	} finally {
		closeSync(fd);
	}
	child.unref();
	const pid = child.pid;
	if (pid === undefined) {
		const error = await new Promise<Error>(resolve => child.once('error', resolve));
		throw new Error(`cannot start ${binary}: ${error.message}`);
	}
	live.add(pid);
	let done = false;
	const exit = new Promise<void>(resolve => {
		child.once('exit', () => {
			done = true;
			live.delete(pid);
			resolve();
		});
	});
	const waitExit = async (ms: number) => {
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([exit, new Promise(resolve => (timer = setTimeout(resolve, ms)))]);
		clearTimeout(timer);
		return done;
	};
	return {pid, log, exited: () => done, waitExit};
}

async function kill(daemon: Daemon): Promise<void> {
	if (daemon.exited()) return;
	try {
		process.kill(daemon.pid, 'SIGTERM');
	} catch {}
	if (await daemon.waitExit(3000)) return;
	try {
		process.kill(daemon.pid, 'SIGKILL');
	} catch {}
	await daemon.waitExit(3000);
}

async function getJson(url: string, auth?: WebBasicAuth): Promise<unknown> {
	const response = await fetch(url, {signal: AbortSignal.timeout(2000), headers: authHeaders(auth)});
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	return response.json();
}

/**
 * Starts `binary` on a free loopback port (retrying with another port if it exits early), waits for `/-/ready`.
 * `args(port)` builds its arguments. Kills it and rethrows, with the log's tail, when it never becomes ready.
 */
async function startDaemon(name: string, binary: string, dir: string, args: (port: number) => string[], auth?: WebBasicAuth): Promise<{daemon: Daemon; url: string}> {
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const daemon = await spawnDaemon(binary, args(port), path.join(dir, `${name}.log`));
		const deadline = Date.now() + 30_000;
		let problem = '';
		while (!problem) {
			if (daemon.exited()) problem = `${name} exited before it was ready`;
			else if (Date.now() > deadline) problem = `${name} was not ready within 30 s`;
			else if (await fetch(`${url}/-/ready`, {signal: AbortSignal.timeout(1000), headers: authHeaders(auth)}).then(response => response.ok, () => false)) return {daemon, url};
			else await new Promise(resolve => setTimeout(resolve, 100));
		}
		await kill(daemon);
		if (attempt < 3 && /address already in use/.test(logTail(daemon.log, 5))) continue;
		throw new Error(`${problem}\n--- ${daemon.log} (tail) ---\n${logTail(daemon.log)}`);
	}
}

function stopper(daemon: Daemon, dir: string): () => Promise<void> {
	let stopping: Promise<void> | undefined;
	return async () => {
		stopping ??= (async () => {
			await kill(daemon);
			await rm(dir, {recursive: true, force: true});
		})();
		return stopping;
	};
}

/**
 * Starts a real Prometheus (1 s scrape and evaluation) scraping `targets`, with `ruleFiles`, in a temporary
 * directory; resolves once it is ready and `up` has a sample for every target.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningDaemon> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'agentmon-prometheus-'));
	try {
		const rules: string[] = [];
		for (const [index, file] of (options.ruleFiles ?? []).entries()) {
			let text = await readFile(file, 'utf8');
			if (options.fastRules) text = text.replace(/^(\s*(?:-\s+)?)for:\s*\S+[ \t]*$/gm, '$1for: 1s').replace(/^\s+interval:\s*\S+[ \t]*$/gm, '');
			const copy = path.join(dir, `${index}-${path.basename(file)}`);
			await writeFile(copy, text);
			rules.push(copy);
		}
		const jobs = new Map<string, {metrics_path: string; scheme: string; static_configs: Array<{targets: string[]}>}>();
		for (const target of options.targets) {
			const url = new URL(target.url);
			const job = jobs.get(target.job) ?? {metrics_path: target.metricsPath ?? '/metrics', scheme: url.protocol.slice(0, -1), static_configs: [{targets: []}]};
			job.static_configs[0]!.targets.push(url.host);
			jobs.set(target.job, job);
		}
		const config = {
			global: {scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s'},
			rule_files: rules,
			...(options.alertmanagerUrl ? {alerting: {alertmanagers: [{static_configs: [{targets: [new URL(options.alertmanagerUrl).host]}]}]}} : {}),
			scrape_configs: [...jobs].map(([job_name, job]) => ({job_name, ...job})),
		};
		// JSON is YAML.
		await writeFile(path.join(dir, 'prometheus.yml'), `${JSON.stringify(config, null, 2)}\n`);
		const web = await webConfig(dir, options.basicAuth);
		const {daemon, url} = await startDaemon(
			'prometheus',
			PROMETHEUS_BIN,
			dir,
			port => [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, ...web],
			options.basicAuth,
		);
		const stop = stopper(daemon, dir);
		try {
			await waitFor(async () => {
				const body = (await getJson(`${url}/api/v1/query?query=up`, options.basicAuth)) as {data?: {result?: Array<{metric: Record<string, string>}>}};
				const seen = new Set((body.data?.result ?? []).map(({metric}) => `${metric.job} ${metric.instance}`));
				return options.targets.every(target => seen.has(`${target.job} ${new URL(target.url).host}`));
			}, {timeoutMs: 30_000, intervalMs: 250, description: 'a sample of up for every target'});
		} catch (error) {
			const message = `${error instanceof Error ? error.message : String(error)}\n--- prometheus.log (tail) ---\n${logTail(daemon.log)}`;
			await stop();
			throw new Error(message);
		}
		return {url, pid: daemon.pid, dir, stop};
	} catch (error) {
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
}

/** Options of {@link startAlertmanager}. */
export type AlertmanagerOptions = {
	/** alertmanager.yml text; default: one route to a receiver named `null` that sends nothing. */
	config?: string;
	/** Require basic auth on every endpoint (`--web.config.file`). */
	basicAuth?: WebBasicAuth;
};

/** Starts a real Alertmanager (no clustering) in a temporary directory; resolves once `/-/ready` answers. */
export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<RunningDaemon> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'agentmon-alertmanager-'));
	try {
		const config = options.config ?? "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n";
		await writeFile(path.join(dir, 'alertmanager.yml'), config);
		const web = await webConfig(dir, options.basicAuth);
		const {daemon, url} = await startDaemon(
			'alertmanager',
			ALERTMANAGER_BIN,
			dir,
			port => [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', ...web],
			options.basicAuth,
		);
		return {url, pid: daemon.pid, dir, stop: stopper(daemon, dir)};
	} catch (error) {
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
}
