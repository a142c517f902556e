import {existsSync} from 'node:fs';
import {parseCli} from './config/cli-flags.js';
import type {Config} from './config/config.js';
import {defaultConfigPath} from './config/config-path.js';
import {formatPromDuration} from './config/duration.js';
import {setCommands} from './keys/commands.js';
import {initialState} from './model/initial-state.js';
import {Store} from './model/store.js';
import type {AppState} from './model/types.js';
import {allProfiles, findProfile} from './profiles/registry.js';
import type {Profile} from './profiles/types.js';
import type {Runbook} from './runbooks/types.js';
import type {Session} from './session.js';
import {planSource, type SourcePlan, type SourceSetup} from './source-setup.js';
import {buildConnections, insecureNote, type Connections} from './sources/connections.js';
import {describeSourceProxy, type SourceProxy} from './sources/proxy.js';

// Start-up is split so the dashboard draws its first frame early: this module loads only what
// reading the command line needs. Ink and the UI load for the dashboard (dashboard.tsx), the data
// side (monitor, HTTP clients, stream) after the first frame, and `--once` never loads Ink at all.

/** Undoes what the dashboard did to the terminal before a failure is reported (set once it draws). */
let teardown: (() => void) | undefined;

function fail(message: string, code: number): never {
	teardown?.();
	process.stderr.write(message.split('\n').map(line => `agentmon: ${line}\n`).join(''));
	process.exit(code);
}

/** What the command line asks for, read and checked: everything a run needs before it connects. */
type Prepared = {
	readonly config: Config;
	readonly profiles: readonly Profile[];
	/** Profiles whose runbooks serve every alert, whichever systems are shown. */
	readonly runbookProfiles: readonly Profile[];
	readonly runbookDirectory?: Readonly<Record<string, Runbook>>;
	readonly autoDetect: boolean;
	readonly connections: Connections;
	readonly plan: SourcePlan;
	/** The proxy the source's requests go through (none: they connect directly). */
	readonly proxy?: SourceProxy;
	/** Set when some source's certificates are not verified: which, e.g. `(--insecure-skip-verify)` or `for alertmanager (its http config file)`. */
	readonly insecure?: string;
};

/**
 * Builds the source, checks that a Prometheus answers, and opens the session on `store` (a new one
 * by default). A failure exits as before: 1 when the source cannot be reached or started, 2 for a
 * bad `--rules` file; `--once --format json` still prints a document saying why it is empty.
 */
async function connect({config, profiles, runbookProfiles, runbookDirectory, autoDetect, connections, plan, proxy}: Prepared, store?: Store<AppState>): Promise<{session: Session; source: SourceSetup}> {
	const [{setUpSource}, {openSession}] = await Promise.all([import('./source-setup.js'), import('./session.js')]);
	let source: SourceSetup;
	try {
		source = await setUpSource(config, profiles, connections.shared, connections.bySource);
	} catch (error) {
		fail(error instanceof Error ? error.message : String(error), error instanceof Error && error.name === 'RuleFileError' ? 2 : 1);
	}
	if (source.prometheus) {
		const reach = await source.prometheus.buildInfo();
		if (!reach.ok && (reach.error.kind === 'network' || reach.error.kind === 'timeout' || reach.error.kind === 'tls')) {
			if (config.once && config.format === 'json') {
				// Scripts piping to jq get a document in every case; `errors` says why it is empty.
				const {toJson} = await import('./once/json.js');
				const state = {...initialState(plan.displayUrl), connection: {state: 'error', message: reach.error.message} as const};
				process.stdout.write(`${JSON.stringify(toJson(state, runbookProfiles, new Date(), proxy), null, 2)}\n`);
			}
			fail(`cannot reach Prometheus at ${plan.displayUrl}: ${reach.error.message}`, 1);
		}
	}
	const alertmanager = config.alertmanagerUrl
		? new (await import('./sources/alertmanager-client.js')).AlertmanagerClient({url: config.alertmanagerUrl, timeoutMs: config.timeoutMs, request: connections.bySource.alertmanager})
		: undefined;
	const session = await openSession({source, config, profiles, autoDetect, request: connections.shared, requests: connections.bySource, alertmanager, runbookProfiles, runbookDirectory, store});
	return {session, source};
}

async function runOnce(prepared: Prepared): Promise<number> {
	const {config, runbookProfiles: profiles, proxy} = prepared;
	const {session, source} = await connect(prepared);
	if (!config.once) process.stderr.write('agentmon: stdout is not a terminal; printing one snapshot (use --once --format json for scripts)\n');
	const [{toJson}, {toMarkdown}, {toText}] = await Promise.all([import('./once/json.js'), import('./once/markdown.js'), import('./once/text.js')]);
	const {ok} = await session.readOnce();
	if (config.format === 'markdown') await session.prepareTriage();
	const state = session.store.getSnapshot();
	const at = new Date();
	const window = formatPromDuration(config.windowMs);
	if (config.format === 'json') process.stdout.write(`${JSON.stringify(toJson(state, profiles, at, proxy), null, 2)}\n`);
	else if (config.format === 'markdown') process.stdout.write(toMarkdown(state, profiles, at, window, proxy));
	else process.stdout.write(toText(state, profiles, at, window, proxy));
	if (!ok && state.connection.state === 'error') process.stderr.write(`agentmon: cannot read ${state.source.url}: ${state.connection.message}\n`);
	await source.close();
	return ok ? 0 : 1;
}

/** Draws the dashboard at once ("connecting…"), then connects and hands it the session. */
async function runDashboard(prepared: Prepared): Promise<void> {
	const {config, plan, autoDetect, profiles, proxy} = prepared;
	const {startDashboard} = await import('./dashboard.js');
	// The store the first frame shows; the session fills this same store once it is open.
	const forced = autoDetect ? {} : {detection: {status: 'forced', profiles: profiles.map(profile => profile.id)} as const};
	const store = new Store<AppState>({...initialState(plan.displayUrl, plan.kind), window: formatPromDuration(config.windowMs), ...forced});
	// The header names the proxy too: a user must be able to tell the requests do not go straight there.
	const dashboard = startDashboard({store, config, profiles: prepared.runbookProfiles, displayUrl: proxy ? `${plan.displayUrl} ${proxy.note}` : plan.displayUrl, demo: plan.kind === 'demo', insecure: prepared.insecure});
	teardown = dashboard.teardown;
	const {session, source} = await connect(prepared, store);
	dashboard.attach(session, source.demo);
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	// yaml and zod load only when there is a config file to read: start-up stays light otherwise.
	const wantsConfig = argv.some(arg => /^--(config|context)(=|$)/.test(arg)) || existsSync(defaultConfigPath(process.env));
	const configFile = wantsConfig ? await import('./config/config-file.js') : undefined;
	const request = parseCli(argv, process.env, configFile ? wanted => configFile.loadContext(wanted, process.env) : undefined);
	if (request.kind === 'help') return void process.stdout.write(`${request.text}\n`);
	if (request.kind === 'version') return void process.stdout.write(`${request.text}\n`);
	if (request.kind === 'usage-error') fail(request.message, 2);
	if (request.kind === 'simulate') {
		const {runSimulator} = await import('./sim/run.js');
		try {
			await runSimulator({profile: request.profile, port: request.port, scenario: request.scenario, scale: request.scale});
		} catch (error) {
			fail(error instanceof Error ? error.message : String(error), 2);
		}
		return;
	}

	let {config} = request;
	if (config.commands) setCommands(config.commands);
	const autoDetect = config.profiles.length === 1 && config.profiles[0] === 'auto';
	let profiles: Profile[];
	try {
		// yaml and zod load only when a profile file is named: start-up stays light otherwise.
		const needsFiles = !autoDetect && config.profiles.some(id => !findProfile(id));
		const files = needsFiles ? await import('./profiles/custom-profile.js') : undefined;
		profiles = autoDetect ? [...allProfiles()] : config.profiles.flatMap(id => findProfile(id) ?? files!.loadProfiles(id));
	} catch (error) {
		fail(error instanceof Error && error.name === 'ProfileError' ? error.message : String(error), 2);
	}
	const clash = profiles.find((profile, index) => profiles.findIndex(other => other.id === profile.id) !== index);
	if (clash) fail(`profile id "${clash.id}" is used twice (a custom profile may not reuse a built-in id)`, 2);
	const runbookProfiles = [...profiles, ...allProfiles().filter(profile => !profiles.includes(profile))];
	let runbookDirectory;
	try {
		runbookDirectory = config.runbooksDir === undefined ? undefined : (await import('./runbooks/load-directory.js')).loadRunbookDirectory(config.runbooksDir);
	} catch (error) {
		fail(error instanceof Error ? error.message : String(error), 2);
	}
	let connections;
	try {
		connections = await buildConnections(config, process.env);
	} catch (error) {
		fail(error instanceof Error ? error.message : String(error), 2);
	}
	const insecure = insecureNote(connections.insecure, config);
	if (insecure) process.stderr.write(`agentmon: warning: TLS certificate verification is off ${insecure}\n`);
	const plan = planSource(config);
	const proxy = describeSourceProxy(plan.urls, plan.kind === 'demo' ? connections.shared : connections.bySource[plan.kind]);
	const prepared: Prepared = {config, profiles, runbookProfiles, runbookDirectory, autoDetect, connections, plan, proxy, insecure};

	if (config.once || !process.stdout.isTTY) {
		process.exitCode = await runOnce(prepared);
		return;
	}
	await runDashboard(prepared);
}

await main();
