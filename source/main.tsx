import {render} from 'ink';
import React from 'react';
import {parseCli} from './config/cli-flags.js';
import {setCommands} from './keys/commands.js';
import {defaultConfigPath} from './config/config-path.js';
import {existsSync} from 'node:fs';
import type {Config} from './config/config.js';
import {formatPromDuration} from './config/duration.js';
import {sanitizeText} from './model/sanitize.js';
import {toJson} from './once/json.js';
import {toMarkdown} from './once/markdown.js';
import {toText} from './once/text.js';
import {allProfiles, findProfile} from './profiles/registry.js';
import type {Profile} from './profiles/types.js';
import {initialState} from './sources/monitor.js';
import {createSession, type Session} from './session.js';
import {requestOptions} from './sources/http-options.js';
import {describeSourceProxy, type SourceProxy} from './sources/proxy.js';
import {setUpSource, type SourceSetup} from './source-setup.js';
import {enterFullscreen, restoreTerminal} from './terminal.js';
import {App} from './ui/app.js';
import {clipboardSequence, supportsHyperlinks} from './ui/osc.js';
import {writeTriageNote} from './triage/write-note.js';

function fail(message: string, code: number): never {
	process.stderr.write(message.split('\n').map(line => `agentmon: ${line}\n`).join(''));
	process.exit(code);
}

/** The URLs the source's requests go to: the Prometheus, the `--scrape` targets, or the `--sse` stream alone. */
function sourceUrls(source: SourceSetup, config: Config): readonly string[] {
	if (source.kind === 'prometheus') return source.prometheusUrl === undefined ? [] : [source.prometheusUrl];
	if (source.kind === 'scrape') return config.scrapeUrls;
	if (source.kind === 'sse') return config.sseUrl === undefined ? [] : [config.sseUrl];
	return [];
}

async function runOnce(session: Session, config: Config, profiles: readonly Profile[], proxy: SourceProxy | undefined): Promise<number> {
	const {ok} = await session.readOnce();
	if (config.format === 'markdown') await session.prepareTriage();
	const state = session.store.getSnapshot();
	const at = new Date();
	const window = formatPromDuration(config.windowMs);
	if (config.format === 'json') process.stdout.write(`${JSON.stringify(toJson(state, profiles, at, proxy), null, 2)}\n`);
	else if (config.format === 'markdown') process.stdout.write(toMarkdown(state, profiles, at, window, proxy));
	else process.stdout.write(toText(state, profiles, at, window, proxy));
	if (!ok && state.connection.state === 'error') process.stderr.write(`agentmon: cannot read ${state.source.url}: ${state.connection.message}\n`);
	return ok ? 0 : 1;
}

function runDashboard(session: Session, config: Config, profiles: readonly Profile[], displayUrl: string, nextChapter?: () => void): void {
	// `profiles` serve runbook look-ups for every alert, whichever systems are shown.
	let exiting = false;
	const quit = (code: number) => {
		if (exiting) return;
		exiting = true;
		session.stop();
		instance.unmount();
		restoreTerminal(process.stdout);
		process.exit(code);
	};
	enterFullscreen(process.stdout);
	const instance = render(
		<App
			store={session.store}
			profiles={profiles}
			actions={{
				refresh: () => session.refresh(),
				togglePause: () => session.togglePause(),
				setWindow: direction => session.setWindow(direction),
				bell: config.bell ? () => process.stdout.write('\u0007') : undefined,
				quit,
				nextChapter,
				// Straight to the terminal, between Ink's frames: the sequence draws nothing.
				copy: text => process.stdout.write(clipboardSequence(text, process.env)),
				writeNote: (markdown, at) => writeTriageNote(markdown, at, process.env),
				watchChecks: queries => session.watchChecks(queries),
				watchAlert: alert => session.watchAlert(alert),
			}}
			links={supportsHyperlinks(process.env, process.stdout.isTTY)}
			interval={formatPromDuration(config.intervalMs)}
			window={formatPromDuration(config.windowMs)}
			color={config.color}
			displayUrl={displayUrl}
			insecure={config.connection.insecureSkipVerify}
		/>,
		{exitOnCtrlC: false, maxFps: 30, patchConsole: true},
	);
	process.on('SIGINT', () => quit(130));
	process.on('SIGTERM', () => quit(143));
	process.on('SIGHUP', () => quit(129));
	const crash = (error: unknown) => {
		// Leave the terminal usable before saying what went wrong.
		instance.unmount();
		restoreTerminal(process.stdout);
		// The message may hold server text (an error thrown with it): sanitised like everything else shown.
		process.stderr.write(`agentmon: internal error: ${sanitizeText(error instanceof Error ? error.message : String(error), {maxLength: 500})}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	session.start();
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
	let connection;
	try {
		const http = config.httpConfigFile ? await import('./config/http-config-file.js') : undefined;
		const settings = http ? http.mergeConnection(http.loadHttpConfig(config.httpConfigFile!), config.connection) : config.connection;
		if (settings.insecureSkipVerify && !config.connection.insecureSkipVerify) config = {...config, connection: {...config.connection, insecureSkipVerify: true}};
		connection = requestOptions(settings, process.env);
	} catch (error) {
		fail(error instanceof Error ? error.message : String(error), 2);
	}
	if (config.connection.insecureSkipVerify) process.stderr.write('agentmon: warning: TLS certificate verification is off (--insecure-skip-verify)\n');
	let source: SourceSetup;
	try {
		source = await setUpSource(config, profiles, connection);
	} catch (error) {
		fail(error instanceof Error ? error.message : String(error), error instanceof Error && error.name === 'RuleFileError' ? 2 : 1);
	}
	const {displayUrl} = source;
	// `--once` names the proxy the source's requests go through (none: they connect directly).
	const proxy = describeSourceProxy(sourceUrls(source, config), connection);
	if (source.prometheus) {
		const reach = await source.prometheus.buildInfo();
		if (!reach.ok && (reach.error.kind === 'network' || reach.error.kind === 'timeout' || reach.error.kind === 'tls')) {
			if (config.once && config.format === 'json') {
				// Scripts piping to jq get a document in every case; `errors` says why it is empty.
				const state = {...initialState(displayUrl), connection: {state: 'error', message: reach.error.message} as const};
				process.stdout.write(`${JSON.stringify(toJson(state, runbookProfiles, new Date(), proxy), null, 2)}\n`);
			}
			fail(`cannot reach Prometheus at ${displayUrl}: ${reach.error.message}`, 1);
		}
	}
	const alertmanager = config.alertmanagerUrl
		? new (await import('./sources/alertmanager-client.js')).AlertmanagerClient({url: config.alertmanagerUrl, timeoutMs: config.timeoutMs, request: connection})
		: undefined;
	const session = createSession({source, config, profiles, autoDetect, request: connection, alertmanager, runbookProfiles, runbookDirectory});

	if (config.once || !process.stdout.isTTY) {
		if (!config.once) process.stderr.write('agentmon: stdout is not a terminal; printing one snapshot (use --once --format json for scripts)\n');
		process.exitCode = await runOnce(session, config, runbookProfiles, proxy);
		await source.close();
		return;
	}
	const {demo} = source;
	if (demo) {
		const showStory = () => session.store.update(state => ({...state, story: demo.position()}));
		demo.onChange(showStory);
		showStory();
	}
	// The header names the proxy too: a user must be able to tell the requests do not go straight there.
	runDashboard(session, config, runbookProfiles, proxy ? `${displayUrl} ${proxy.note}` : displayUrl, demo ? () => demo.next() : undefined);
}

await main();
