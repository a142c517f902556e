import {render} from 'ink';
import React from 'react';
import type {Config} from './config/config.js';
import {formatPromDuration} from './config/duration.js';
import type {Demo} from './demo/demo.js';
import {sanitizeText} from './model/sanitize.js';
import type {Store} from './model/store.js';
import type {AlertItem, AppState} from './model/types.js';
import type {Profile} from './profiles/types.js';
import type {Session} from './session.js';
import {enterFullscreen, restoreTerminal} from './terminal.js';
import {writeTriageNote} from './triage/write-note.js';
import {App, type AppActions} from './ui/app.js';
import {clipboardSequence, supportsHyperlinks} from './ui/osc.js';

export type DashboardOptions = {
	/** The store drawn from the first frame on; the session fills it once it is open. */
	readonly store: Store<AppState>;
	readonly config: Config;
	/** Profiles whose runbooks serve every alert, whichever systems are shown. */
	readonly profiles: readonly Profile[];
	/** The source as the header names it (with the proxy, if any). */
	readonly displayUrl: string;
	/** `--demo`: `n` moves its story on once it runs. */
	readonly demo: boolean;
	/** Set while some connection does not verify TLS certificates: the header's red warning names which. */
	readonly insecure?: string;
};

/** The drawn dashboard, waiting for its session. */
export type Dashboard = {
	/** Starts the session and routes the keys' actions to it; `demo` when the source is the embedded demo. */
	attach(session: Session, demo?: Demo): void;
	/** Unmounts and gives the terminal back, before a start-up failure is reported. */
	teardown(): void;
};

/**
 * Draws the dashboard now, on a store still "connecting…", so the first frame does not wait for
 * the data side to load or for Prometheus to answer. Until `attach`, the keys that need a session
 * do nothing (q and Ctrl+C quit at once), and what the views ask to watch is kept for it.
 */
export function startDashboard({store, config, profiles, displayUrl, demo: isDemo, insecure}: DashboardOptions): Dashboard {
	let session: Session | undefined;
	let demo: Demo | undefined;
	// What the views asked to watch before the session was there: handed to it on attach.
	let checks: readonly string[] = [];
	let watched: AlertItem | undefined;
	let exiting = false;
	const quit = (code: number) => {
		if (exiting) return;
		exiting = true;
		session?.stop();
		instance.unmount();
		restoreTerminal(process.stdout);
		process.exit(code);
	};
	const actions: AppActions = {
		refresh: () => session?.refresh(),
		togglePause: () => void session?.togglePause(),
		setWindow: direction => session?.setWindow(direction),
		bell: config.bell ? () => process.stdout.write('\u0007') : undefined,
		quit,
		nextChapter: isDemo ? () => demo?.next() : undefined,
		// Straight to the terminal, between Ink's frames: the sequence draws nothing.
		copy: text => process.stdout.write(clipboardSequence(text, process.env)),
		writeNote: (markdown, at) => writeTriageNote(markdown, at, process.env),
		watchChecks(queries) {
			checks = queries;
			session?.watchChecks(queries);
		},
		watchAlert(alert) {
			watched = alert;
			session?.watchAlert(alert);
		},
	};
	enterFullscreen(process.stdout);
	const instance = render(
		<App
			store={store}
			profiles={profiles}
			actions={actions}
			links={supportsHyperlinks(process.env, process.stdout.isTTY)}
			interval={formatPromDuration(config.intervalMs)}
			window={formatPromDuration(config.windowMs)}
			color={config.color}
			displayUrl={displayUrl}
			insecure={insecure}
		/>,
		{exitOnCtrlC: false, maxFps: 30, patchConsole: true},
	);
	process.on('SIGINT', () => quit(130));
	process.on('SIGTERM', () => quit(143));
	process.on('SIGHUP', () => quit(129));
	const teardown = () => {
		instance.unmount();
		restoreTerminal(process.stdout);
	};
	const crash = (error: unknown) => {
		// Leave the terminal usable before saying what went wrong.
		teardown();
		// The message may hold server text (an error thrown with it): sanitised like everything else shown.
		process.stderr.write(`agentmon: internal error: ${sanitizeText(error instanceof Error ? error.message : String(error), {maxLength: 500})}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	return {
		teardown,
		attach(opened, running) {
			if (exiting) return;
			session = opened;
			demo = running;
			if (demo) {
				const shown = demo;
				const showStory = () => store.update(state => ({...state, story: shown.position()}));
				shown.onChange(showStory);
				showStory();
			}
			if (checks.length > 0) session.watchChecks(checks);
			if (watched) session.watchAlert(watched);
			session.start();
		},
	};
}
