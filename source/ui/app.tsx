import {Box, Text, useInput, useStdin} from 'ink';
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {parseDuration} from '../config/duration.js';
import {resolveCommand, type KeyPress, type Scope} from '../keys/commands.js';
import {splitInput} from '../keys/split-input.js';
import type {Store} from '../model/store.js';
import type {AlertItem, AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookFor} from '../runbooks/match.js';
import {Footer} from './footer.js';
import {Header, headerBanners} from './header.js';
import {alertRow, editFilter, initialNav, navigate, topView, type NavState} from './navigation.js';
import type {AlertList} from '../model/alert-groups.js';
import {CompactView} from './views/compact-view.js';
import {alertListOf, navContext, scopeOf} from './navigation-context.js';
import {alertPointer, ruleExpr} from '../model/alert-jump.js';
import {DetectionView} from './views/detection-view.js';
import {makeTheme, ThemeProvider} from './theme.js';
import {useTerminalSize} from './use-terminal-size.js';
import {useAlertNews} from './use-alert-news.js';
import {AlertView} from './views/alert-view.js';
import {Dashboard} from './views/dashboard.js';
import {HelpView} from './views/help-view.js';
import {RunbookView} from './views/runbook-view.js';
import {RunbookProgressProvider} from './runbook-progress.js';
import {useTriage, type TriageActions} from './use-triage.js';
import {ClockContext} from './age-clock.js';
import {rememberAlerts} from './seen-alerts.js';
import {useShared, useShownState} from './shown-state.js';
import {useClock} from './use-clock.js';

/** What the UI may ask of the data side; the UI itself never fetches. */
export type AppActions = TriageActions & {
	readonly refresh: () => void;
	readonly togglePause: () => void;
	/** Rings the terminal bell (a new alert started firing); absent with --no-bell. */
	readonly bell?: () => void;
	/** `[` / `]`: the next shorter or longer window of rates and percentiles. */
	readonly setWindow?: (direction: -1 | 1) => void;
	readonly quit: (exitCode: number) => void;
	/** The demo's next chapter (`--demo` only). */
	readonly nextChapter?: () => void;
	/** The alert whose view is open (undefined when none): its rule and trend are read into `state.evidence`. */
	readonly watchAlert?: (alert: AlertItem | undefined) => void;
};

export type AppProps = {
	readonly store: Store<AppState>;
	readonly profiles: readonly Profile[];
	readonly actions: AppActions;
	/** Display forms of the flags, e.g. `2s` and `5m`. */
	readonly interval: string;
	readonly window: string;
	readonly color: boolean;
	/** The source URL with secrets removed. */
	readonly displayUrl: string;
	/** TLS verification is off: a warning stays on screen. */
	readonly insecure?: string;
	/** Draw runbook_url and generatorURL as OSC 8 links (a terminal that is not TERM=dumb). */
	readonly links?: boolean;
};

/** The smallest terminal agentmon draws anything in. */
export const MIN_SIZE = {columns: 40, rows: 12};
/** Below this the dashboard's panes would be slivers: one line a pane instead. */
export const COMPACT_BELOW = {columns: 60, rows: 20};

/** Whether two navigation states ask for the same alert list (filter, grouping, open groups). */
const sameList = (a: NavState, b: NavState) => a.filter === b.filter && a.groupBy === b.groupBy && a.expanded === b.expanded;

/** Providers, the one input handler, and the view on top of the drill-down stack. */
export function App({store, profiles, actions, interval, window, color, displayUrl, insecure, links = false}: AppProps) {
	// The state as shown: a store update that changes nothing on screen renders nothing.
	const state = useShownState(store);
	// Ink reports undefined (not false) for a piped stdin, and useInput only skips raw mode on false.
	const keysEnabled = useStdin().isRawModeSupported === true;
	const {columns, rows} = useTerminalSize();
	// Alerts seen since start, so a view stays open on an alert that resolved meanwhile (bounded).
	const seen = useRef(new Map<string, AlertItem>());
	const seenItems = useRef<readonly AlertItem[]>([]);
	// Keys are applied to the newest navigation state and data at once (not at the next render), so
	// two keys typed before a re-render (Enter, Enter; `/` then text) each see what the one before did.
	const latest = useRef({state, profiles});
	latest.current = {state, profiles};
	const [nav, setNav] = useState<NavState>(initialNav);
	const navRef = useRef(nav);
	if (seenItems.current !== state.alerts.items) {
		seenItems.current = state.alerts.items;
		rememberAlerts(seen.current, state.alerts.items, nav.stack.flatMap(view => ('alertId' in view ? [view.alertId] : [])));
	}
	// What runbooks and grouping depend on (systems' targets, runbooks read): keeps its identity while
	// unchanged, so the alert list and the runbook look-ups are not redone at every refresh.
	const runbookState = useShared({systems: state.systems.map(system => ({profile: system.profile, up: system.up})), runbooks: state.runbooks});
	// The alert list drawn last, reused by the key handling while the navigation asks for the same one.
	const listRef = useRef<{nav: NavState; list: AlertList} | undefined>(undefined);
	const apply = useCallback((press: KeyPress) => {
		const current = navRef.current;
		let next: NavState;
		if (current.filterEdit) next = editFilter(current, press);
		else {
			const command = resolveCommand(press, [scopeOf(current), 'global']);
			const drawn = listRef.current;
			const list = drawn && sameList(drawn.nav, current) && drawn.list;
			next = command === undefined ? current : navigate(current, command, navContext(current, latest.current.state, latest.current.profiles, id => seen.current.get(id), list || undefined));
		}
		if (next !== current) {
			navRef.current = next;
			setNav(next);
		}
	}, []);
	// eslint-disable-next-line react-hooks/exhaustive-deps -- the alerts and what grouping reads (runbookState) are all it uses of the state
	const list = useMemo(() => alertListOf(nav, state, profiles), [nav.filter, nav.groupBy, nav.expanded, state.alerts.items, runbookState, profiles]);
	listRef.current = {nav, list};

	const alertIds = useMemo(() => list.rows.map(row => row.id), [list]);
	const unseen = useAlertNews(state.alerts.items, state.alerts.status === 'ok', nav.focus === 'alerts' || topView(nav).kind !== 'dashboard' ? (topView(nav).kind === 'dashboard' ? alertIds[alertRow(nav, alertIds)] : (topView(nav) as {alertId: string}).alertId) : undefined, nav, actions.bell);
	const systemIndex = Math.min(nav.system, Math.max(0, state.systems.length - 1));
	const system = state.systems[systemIndex];
	const view = topView(nav);
	const viewAlert = view.kind === 'dashboard' ? undefined : state.alerts.items.find(alert => alert.id === view.alertId) ?? seen.current.get(view.alertId);
	const runbook = viewAlert ? runbookFor(viewAlert, state, profiles) : undefined;
	const hasRunbook = useCallback((alert: AlertItem) => runbookFor(alert, runbookState, profiles) !== undefined, [runbookState, profiles]);
	const theme = useMemo(() => makeTheme(color), [color]);
	// A new object at every render: the ages on screen move on in the frame the App draws anyway.
	const clock = {paused: state.paused, stepMs: parseDuration(interval) ?? 2000, drawnAt: Date.now()};
	// The exact time of the last read, for the header's "data 5s old": the state shown keeps an older
	// one while a refresh brings nothing new (see shown-state.ts).
	const lastRead = useCallback(() => store.getSnapshot().updatedAt, [store]);
	// The alert view shows ages and countdowns in seconds: it ticks while open (not while paused).
	useClock(view.kind === 'alert' && !state.paused);
	const scope: Scope = scopeOf(nav);
	const alertOf = useCallback((id: string) => state.alerts.items.find(alert => alert.id === id) ?? seen.current.get(id), [state]);
	const triage = useTriage({state, nav, profiles, actions, alertOf, runbook, shown: list.shown, runbookState, latest: store.getSnapshot});
	const {watchAlert} = actions;
	const watchedId = view.kind === 'dashboard' ? undefined : view.alertId;
	useEffect(() => {
		watchAlert?.(watchedId === undefined ? undefined : alertOf(watchedId));
		// Only when another alert is opened: the alert's own updates do not restart its evidence.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [watchedId, watchAlert]);
	const pointerRef = useRef<ReturnType<typeof alertPointer> | undefined>(undefined);
	const pointer = useMemo(() => (viewAlert ? alertPointer(viewAlert, state, profiles, ruleExpr(state, viewAlert.id)) : undefined), [viewAlert, state, profiles]);
	pointerRef.current = pointer;

	useInput(
		(input, key) => {
			// Two Escs in one read (a quick double Esc over tmux or SSH) come as one "meta+Esc": two presses.
			const presses = key.escape && input === '\u001B' ? [{input: '', key}, {input: '', key}] : splitInput({input, key});
			for (const press of presses) {
				triage.clearNotice();
				// While the filter is typed every key is text, but Ctrl+C still quits.
				if (navRef.current.filterEdit && !(press.key.ctrl && press.input === 'c')) {
					apply(press);
					continue;
				}
				// Global commands with side effects first; no view binds their keys (a registry test checks).
				const command = resolveCommand(press, ['global']);
				if (command === 'quit') return actions.quit(0);
				if (command === 'interrupt') return actions.quit(130);
				const local = resolveCommand(press, [scopeOf(navRef.current)]);
				if (command === 'refresh') actions.refresh();
				else if (command === 'pause') actions.togglePause();
				else if (command === 'window-shorter' || command === 'window-longer') actions.setWindow?.(command === 'window-shorter' ? -1 : 1);
				else if (actions.nextChapter && local === 'next-chapter') actions.nextChapter();
				else if (local === 'jump-to-row' && pointerRef.current?.found !== true) triage.say(`no row to jump to: ${pointerRef.current?.reason ?? 'no alert on screen'}`);
				else if (!triage.handle(press, navRef.current)) apply(press);
			}
		},
		{isActive: keysEnabled},
	);

	// One row short of the terminal: at full height Ink 6 clears the whole screen every frame.
	const height = rows - 1;
	if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
		return (
			<Text>
				terminal too small ({columns}×{rows}); agentmon needs at least {MIN_SIZE.columns}×{MIN_SIZE.rows}
			</Text>
		);
	}
	const breadcrumb = view.kind === 'dashboard' ? [] : view.kind === 'alert' ? [viewAlert?.name ?? 'alert'] : [viewAlert?.name ?? 'alert', 'runbook'];
	const headerHeight = 1 + headerBanners(system, insecure).length + (state.story ? 1 : 0);
	const bodyHeight = height - headerHeight - 1;
	const now = Date.now();
	const selectedInView = Math.min(nav.step, Math.max(0, (runbook?.steps.length ?? 1) - 1));

	let body: React.ReactNode;
	if (nav.help) body = <HelpView width={columns} height={bodyHeight} />;
	else if (view.kind === 'alert' && viewAlert) {
		const urlRunbook = viewAlert.runbookUrl === undefined ? undefined : state.runbooks?.urls[viewAlert.runbookUrl];
		body = <AlertView alert={viewAlert} live={state.alerts.items.some(alert => alert.id === viewAlert.id)} runbook={runbook} step={selectedInView} width={columns} height={bodyHeight} now={now} done={nav.done} checks={state.checks} urlRunbook={urlRunbook} links={links} evidence={state.evidence} pointer={pointer} paused={state.paused} />;
	} else if (view.kind === 'runbook' && runbook) body = <RunbookView runbook={runbook} alertId={view.alertId} step={selectedInView} done={nav.done} checks={state.checks} width={columns} height={bodyHeight} />;
	else if (state.detection.status === 'none') body = <DetectionView detection={state.detection} width={columns} height={bodyHeight} />;
	else if (system && (columns < COMPACT_BELOW.columns || rows < COMPACT_BELOW.rows)) body = <CompactView state={state} system={system} list={list} selected={alertRow(nav, alertIds)} width={columns} height={bodyHeight} />;
	else if (system) body = <Dashboard state={state} system={system} nav={nav} window={state.window ?? window} hasRunbook={hasRunbook} unseen={unseen} list={list} alertIds={alertIds} width={columns} height={bodyHeight} />;
	else body = <Box height={bodyHeight}><Text>{state.connection.state === 'error' ? `cannot read ${displayUrl}: ${state.connection.message}` : state.stream?.status.state === 'live' ? `connected to ${displayUrl}; waiting for the first snapshot…` : `connecting to ${displayUrl}…`}</Text></Box>;

	return (
		<ThemeProvider theme={theme}>
			<ClockContext.Provider value={clock}>
			<RunbookProgressProvider value={triage.progressOf}>
				<Box flexDirection="column" width={columns} height={height}>
					<Header state={state} system={system} systemIndex={systemIndex} url={displayUrl} interval={interval} breadcrumb={breadcrumb} width={columns} insecure={insecure} lastRead={lastRead} />
					{body}
					{triage.notice ? (
						<Text wrap="truncate">{triage.notice}</Text>
					) : nav.filterEdit ? (
						<Text color={theme.color('focus')} wrap="truncate">
							filter: text, or label=value · label!=value · label=~regex (words: all must match) Enter keep Esc cancel Ctrl+U clear
						</Text>
					) : (
						<Footer scope={scope} keysEnabled={keysEnabled} width={columns} />
					)}
				</Box>
			</RunbookProgressProvider>
			</ClockContext.Provider>
		</ThemeProvider>
	);
}
