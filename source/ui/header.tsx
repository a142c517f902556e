import {Box, Text} from 'ink';
import React from 'react';
import {parseDuration} from '../config/duration.js';
import {formatAge, truncate} from '../model/format.js';
import {retryText} from '../model/pane-progress.js';
import type {AppState, SystemSnapshot} from '../model/types.js';
import {streamBadge} from './stream-summary.js';
import {useTheme} from './theme.js';
import {useClock} from './use-clock.js';

export type HeaderProps = {
	readonly state: AppState;
	readonly system?: SystemSnapshot;
	/** Index of `system` among `state.systems`, for the system tabs. */
	readonly systemIndex: number;
	readonly url: string;
	readonly interval: string;
	readonly breadcrumb: readonly string[];
	readonly width: number;
	/** Set while TLS verification is off: for which connections, e.g. `(--insecure-skip-verify)` or `for alertmanager`. */
	readonly insecure?: string;
	/**
	 * When data was last read, exactly (the store's `updatedAt`): `state` may be the state as shown,
	 * which keeps an older time while refreshes bring nothing new. Defaults to `state.updatedAt`.
	 */
	readonly lastRead?: () => number | undefined;
};

/** Data is fresh for two refresh intervals; the header names its age only after that. */
function freshForMs(interval: string): number {
	return 2 * (parseDuration(interval) ?? 2000);
}

function connectionText(state: AppState, now: number, freshMs: number): {text: string; token: 'ok' | 'warn' | 'crit' | 'muted'} {
	if (state.paused) return {text: `‖ paused${state.updatedAt === undefined ? '' : ` · data ${formatAge(now - state.updatedAt)} old`}`, token: 'warn'};
	const {connection} = state;
	if (connection.state === 'connecting') return {text: '… connecting', token: 'muted'};
	if (connection.state === 'error') {
		// Counts down with the header's clock, which ticks while the connection is not ok.
		const retry = connection.retryAt === undefined ? '' : ` · ${retryText(connection.retryAt, now)}`;
		return {text: `✖ ${connection.message}${retry}`, token: 'crit'};
	}
	const age = state.updatedAt === undefined || now - state.updatedAt < freshMs ? '' : ` · data ${formatAge(now - state.updatedAt)} old`;
	return {text: `● live${age}`, token: age ? 'warn' : 'ok'};
}

/** The stream's state after the connection's; the worse of the two colours the whole. */
function withStream(status: {text: string; token: 'ok' | 'warn' | 'crit' | 'muted'}, state: AppState, now: number): {text: string; token: 'ok' | 'warn' | 'crit' | 'muted'} {
	if (!state.stream || state.paused) return status;
	const streamState = state.stream.status.state;
	const token = streamState === 'stopped' ? 'crit' : streamState === 'live' ? 'ok' : 'warn';
	const rank = {ok: 0, muted: 1, warn: 2, crit: 3} as const;
	return {text: `${status.text} · ${streamBadge(state.stream.status, now)}`, token: rank[token] > rank[status.token] ? token : status.token};
}

/** The red lines under the header: TLS verification off, and the system's own scrape target down or missing. */
export function headerBanners(system: SystemSnapshot | undefined, insecure: string | undefined, scraper = 'Prometheus'): string[] {
	const banners: string[] = [];
	if (insecure) banners.push(`TLS certificate verification is OFF ${insecure}: anyone between you and the server can read and change this data`);
	const up = system?.up;
	if (up?.status === 'down' || up?.status === 'partial') {
		const down = up.targets.filter(target => !target.up).map(target => target.instance);
		banners.push(`${system?.title} scrape target DOWN: ${down.join(', ')} (up == 0): ${scraper} cannot scrape it`);
	} else if (up?.status === 'missing') {
		banners.push(`no scrape target found for ${system?.title} (looked for ${up.describe})`);
	}
	return banners;
}

/** Source, system, connection state and data age; banners when something needs attention. */
export function Header({state: shown, system, systemIndex, url, interval, breadcrumb, width, insecure, lastRead}: HeaderProps) {
	const theme = useTheme();
	const freshMs = freshForMs(interval);
	const updatedAt = lastRead ? lastRead() : shown.updatedAt;
	const state = updatedAt === shown.updatedAt ? shown : {...shown, updatedAt};
	const stream = state.stream?.status.state;
	// The clock ticks once a second only while something here counts seconds (a story countdown, an
	// error's retry, a stream reconnecting, data older than two refreshes); otherwise it wakes once,
	// when the data would turn old.
	const counting = state.story !== undefined || state.connection.state !== 'ok' || (stream !== undefined && stream !== 'live');
	const staleAt = state.updatedAt === undefined ? undefined : state.updatedAt + freshMs;
	// Re-checked when it wakes: while data keeps being read, no frame is drawn for the moment it would have turned old.
	const recheck = () => {
		const read = lastRead?.();
		return read === undefined ? undefined : read + freshMs;
	};
	const clock = useClock(!state.paused && (counting || (staleAt !== undefined && Date.now() >= staleAt)), state.paused ? undefined : staleAt, recheck);
	// The clock decides when to draw again; what is drawn is measured against the time now.
	const now = Math.max(clock, Date.now());
	const status = withStream(connectionText(state, now, freshMs), state, now);
	// The connection state is what matters most when it is bad: it keeps at least half the line.
	const connection = {...status, text: truncate(status.text, Math.max(20, width - 28))};
	// Alerts belong to every system, so the alert views' path does not name the system on show.
	const title = breadcrumb.length > 0 ? 'alerts' : state.detection.status === 'none' ? 'no known system found' : (system?.title ?? 'connecting');
	// The left side (where am I) wins; the right side gives up the URL, then the interval, when space is short.
	const count = state.systems.length > 1 && breadcrumb.length === 0 ? `${systemIndex + 1}/${state.systems.length}` : '';
	const path = `agentmon › ${[title, ...breadcrumb].join(' › ')}`;
	const longTabs = count ? ` [${count}: s or 1-${Math.min(9, state.systems.length)} switch]` : '';
	const room = width - connection.text.length - 2;
	const left = truncate(path.length + longTabs.length <= room - 30 ? `${path}${longTabs}` : `${path}${count ? ` [${count}]` : ''}`, Math.max(10, room));
	const spare = width - left.length - connection.text.length - 4;
	const every = ` · every ${interval}${state.window ? ` · window ${state.window}` : ''}`;
	const right = spare >= every.length + 12 ? ` · ${truncate(url, spare - every.length - 3)}${every}` : spare >= every.length ? every : '';
	const banners = headerBanners(system, insecure, state.source.kind === 'prometheus' ? 'Prometheus' : 'agentmon');
	const story = state.story;
	const storyText = story
		? `demo ${story.index + 1}/${story.count}: ${story.title} — ${story.hint} · next in ${Math.max(0, Math.ceil((story.nextAt - now) / 1000))}s (n: next now)`
		: undefined;
	return (
		<Box flexDirection="column" width={width}>
			<Box justifyContent="space-between" width={width}>
				<Text bold wrap="truncate">
					{left}
				</Text>
				<Text wrap="truncate">
					<Text color={theme.color(connection.token)}>{connection.text}</Text>
					<Text color={theme.color('muted')}>{right}</Text>
				</Text>
			</Box>
			{storyText ? (
				<Text color={theme.color('accent')} wrap="truncate">
					{storyText}
				</Text>
			) : null}
			{banners.map(banner => (
				<Text key={banner} inverse color={theme.color('crit')} wrap="truncate">
					{` ${banner} `}
				</Text>
			))}
		</Box>
	);
}
