import {useCallback, useEffect, useMemo, useState} from 'react';
import {resolveCommand, type KeyPress} from '../keys/commands.js';
import type {AlertItem, AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookQueries} from '../runbooks/checks.js';
import {runbookFor} from '../runbooks/match.js';
import type {Runbook} from '../runbooks/types.js';
import {doneCount} from '../triage/done-steps.js';
import {triageNote} from '../triage/note.js';
import type {WriteResult} from '../triage/write-note.js';
import {topView, type NavState} from './navigation.js';
import {scopeOf} from './navigation-context.js';
import type {ProgressOf} from './runbook-progress.js';

/** What the triage keys ask of the world outside the UI (the terminal's clipboard, the file system, the monitor). */
export type TriageActions = {
	/** `c`: puts text on the clipboard (OSC 52 to the terminal). */
	readonly copy?: (text: string) => void;
	/** `w`: writes a triage note; returns where, or why not. */
	readonly writeNote?: (markdown: string, at: Date) => WriteResult;
	/** The PromQL of the runbook on screen, for the monitor to evaluate with every refresh. */
	readonly watchChecks?: (queries: readonly string[]) => void;
};

type TriageArgs = {
	readonly state: AppState;
	readonly nav: NavState;
	readonly profiles: readonly Profile[];
	readonly actions: TriageActions;
	/** The alert a view shows, also once it resolved. */
	readonly alertOf: (id: string) => AlertItem | undefined;
	/** The runbook on screen (alert or runbook view). */
	readonly runbook?: Runbook;
	/** The alerts the dashboard shows (the filter applied): what `w` writes from there. */
	readonly shown?: readonly AlertItem[];
	/** What runbook look-ups read of the state (systems' targets, runbooks), identity kept while unchanged. */
	readonly runbookState?: Parameters<typeof runbookFor>[1];
	/** The store's state now, timestamps exact (the state shown may keep older ones): what `w` writes. */
	readonly latest?: () => AppState;
};

/** What `c` copies in this navigation state: the selected step's first command, or why nothing. */
export function commandToCopy(nav: NavState, runbook: Runbook | undefined): {text?: string; notice: string} {
	if (!runbook) return {notice: 'nothing to copy: this alert has no runbook'};
	const index = Math.max(0, Math.min(nav.step, runbook.steps.length - 1));
	const command = runbook.steps[index]?.commands?.[0];
	if (!command) return {notice: `nothing to copy: step ${index + 1} has no command`};
	const [first = '', ...rest] = command.code.split('\n');
	return {text: command.code, notice: `copied: ${first}${rest.length > 0 ? ` … (${rest.length + 1} lines)` : ''}`};
}

/**
 * The triage side of the App: a one-line notice (what `c` copied, where `w` wrote), the live
 * checks of the runbook on screen handed to the monitor, and each alert's runbook progress.
 */
export function useTriage({state, nav, profiles, actions, alertOf, runbook, shown: shownAlerts, runbookState = state, latest}: TriageArgs) {
	const [notice, setNotice] = useState<string>();
	// One string for the effect's dependency; PromQL may span lines, never NUL.
	const key = runbookQueries(runbook).join('\u0000');
	const {watchChecks} = actions;
	useEffect(() => {
		watchChecks?.(key ? key.split('\u0000') : []);
	}, [key, watchChecks]);

	const progressOf: ProgressOf = useMemo(() => {
		const done = nav.done;
		return (alert: AlertItem) => {
			const own = runbookFor(alert, runbookState, profiles);
			return own ? {done: doneCount(done, alert.id, own.steps.length), total: own.steps.length} : undefined;
		};
	}, [nav.done, runbookState, profiles]);

	/** Runs `c` or `w` when the key means one of them in this navigation state; false for any other key. */
	const handle = useCallback(
		(press: KeyPress, current: NavState): boolean => {
			const command = resolveCommand(press, [scopeOf(current)]);
			if (command !== 'copy-command' && command !== 'write-note') return false;
			const view = topView(current);
			const alert = view.kind === 'dashboard' ? undefined : alertOf(view.alertId);
			const shown = alert ? runbookFor(alert, state, profiles) : undefined;
			if (command === 'copy-command') {
				const {text, notice: said} = commandToCopy(current, shown);
				if (text !== undefined && !actions.copy) setNotice('cannot copy here: no terminal to send the clipboard to');
				else {
					if (text !== undefined) actions.copy!(text);
					setNotice(said);
				}
				return true;
			}
			if (!actions.writeNote) {
				setNotice('cannot write a triage note here');
				return true;
			}
			const at = new Date();
			const alerts = alert ? [alert] : (shownAlerts ?? state.alerts.items);
			const written = actions.writeNote(triageNote({state: latest?.() ?? state, profiles, alerts, at, done: current.done}), at);
			setNotice(written.ok ? `triage note written: ${written.path}` : `cannot write the triage note: ${written.message}`);
			return true;
		},
		[actions, alertOf, state, profiles, shownAlerts, latest],
	);

	const clearNotice = useCallback(() => setNotice(undefined), []);
	return {notice, handle, clearNotice, say: setNotice, progressOf};
}
