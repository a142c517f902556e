import {Box, Text} from 'ink';
import React, {createContext, useContext, type ReactNode} from 'react';
import {formatAge} from '../model/format.js';
import {progressOf, retryText} from '../model/pane-progress.js';
import type {PaneBase} from '../model/types.js';
import {useAgeClock} from './age-clock.js';
import {useTheme} from './theme.js';
import {useClock} from './use-clock.js';

export type PaneProps = {
	readonly title: string;
	/** Text after the title, e.g. a total and a sparkline. */
	readonly summary?: ReactNode;
	readonly focused: boolean;
	readonly width?: number | string;
	readonly height: number;
	readonly children?: ReactNode;
};

/** Columns inside the pane being drawn (border and padding off), so a notice can fit its text; undefined when not a number. */
const InnerWidth = createContext<number | undefined>(undefined);

/** A bordered pane; the focused one has a bold, coloured border and a ▸ marker (visible without colour). */
export function Pane({title, summary, focused, width, height, children}: PaneProps) {
	const theme = useTheme();
	return (
		<Box
			flexDirection="column"
			borderStyle={focused ? 'bold' : 'round'}
			borderColor={theme.color(focused ? 'focus' : 'muted')}
			width={width}
			height={height}
			paddingX={1}
			// Rows past the bottom are cut; nothing is cut sideways, as every line is truncated to the
			// pane's width already. Ink slices every line of a sideways-clipped box again, at a cost
			// that dominated its frames (slice-ansi), so only the vertical clip is asked for.
			overflowY="hidden"
			flexShrink={0}
		>
			<Box>
				<Box flexShrink={0}>
					<Text bold color={theme.color(focused ? 'focus' : 'neutral')} wrap="truncate">
						{focused ? '▸ ' : ''}
						{title}
						{summary === undefined ? '' : ' '}
					</Text>
				</Box>
				{summary === undefined ? null : <Box flexShrink={1}>{summary}</Box>}
			</Box>
			<InnerWidth.Provider value={typeof width === 'number' ? width - 4 : undefined}>{children}</InnerWidth.Provider>
		</Box>
	);
}

/**
 * Props every dashboard pane takes: its data, its place and size, focus and selection. No time:
 * a pane that shows an age keeps its own clock (see age-clock.ts), so a new time alone never
 * re-renders a pane.
 */
export type PaneViewProps<T> = {
	readonly pane: T;
	readonly focused: boolean;
	readonly selected: number;
	readonly width: number;
	readonly height: number;
};

/** A pane with a sparkline of its headline number. */
export type TrendPaneProps<T> = PaneViewProps<T> & {readonly trend: readonly number[]};

/** Rows a pane of this height has for data, under its border and title. */
export function innerRows(height: number): number {
	return Math.max(0, height - 3);
}

/** `waiting for Prometheus 3s…`: what a pane still waiting for this refresh's answer says (no number in its first second). */
export function waitingText(waiting: {readonly since: number; readonly source: string}, now: number): string {
	const age = now - waiting.since >= 1000 ? ` ${formatAge(now - waiting.since)}` : '';
	return `waiting for ${waiting.source}${age}…`;
}

/**
 * The line that explains a pane that is not plainly ok: no data (and the metric looked for),
 * unsupported (and why), an error (and, when old data is still shown, how old it is, and when a
 * request held back for Retry-After goes out again), or that this refresh's answer is late. Its
 * own clock ticks while it counts seconds (waiting, a Retry-After countdown), and only then; the
 * age of the data shown moves on at the granularity it is shown (see useAgeClock).
 */
export function PaneNotice({pane, now: drawnAt = 0}: {readonly pane: PaneBase; readonly now?: number}) {
	const theme = useTheme();
	const width = useContext(InnerWidth);
	const {waiting, retryAt} = progressOf(pane);
	const clock = useClock(waiting !== undefined || (retryAt !== undefined && retryAt > Date.now()));
	const shownAge = pane.status === 'error' && pane.stale ? pane.updatedAt : undefined;
	const now = Math.max(drawnAt, clock, useAgeClock([shownAge]));
	if (pane.status === 'error') {
		const age = pane.stale && pane.updatedAt !== undefined ? ` (showing data ${formatAge(now - pane.updatedAt)} old)` : '';
		// Short: in a narrow pane the tail is kept whole and the message gives way.
		const seconds = waiting && now - waiting.since >= 1000 ? ` ${formatAge(now - waiting.since)}` : '';
		const retry = waiting ? ` · retrying${seconds}…` : retryAt === undefined ? '' : ` · Retry-After: ${retryText(retryAt, now)}`;
		const tail = `${retry}${age}`;
		const lines = width === undefined ? [`✖ ${pane.message}${tail}`] : fitLines(`✖ ${pane.message}`, tail, width, 2);
		return (
			<Box height={2} overflow="hidden" flexDirection="column">
				{lines.map((line, index) => (
					<Text key={index} color={theme.color('crit')} wrap={width === undefined ? 'wrap' : 'truncate'}>
						{line}
					</Text>
				))}
			</Box>
		);
	}
	// The last data stays shown under this line until the answer comes.
	if (waiting) return <Text color={theme.color('warn')} wrap="truncate-end">{waitingText(waiting, now)}</Text>;
	if (pane.status === 'ok') {
		const warnings = [...new Set(pane.warnings)];
		if (warnings.length === 0) return null;
		// One line: the first warning, shortened so the count of the others always shows.
		const more = warnings.length > 1 ? ` (+${warnings.length - 1} more; --once lists all)` : '';
		const line = width === undefined ? `⚠ ${warnings[0]}${more}` : (fitLines(`⚠ ${warnings[0]}`, more, width, 1)[0] ?? '');
		return <Text color={theme.color('warn')} wrap="truncate">{line}</Text>;
	}
	if (pane.status === 'no-data') return <Text color={theme.color('muted')} wrap="truncate-end">no data: {pane.message}</Text>;
	return <Text color={theme.color('muted')} wrap="truncate-end">{pane.message}</Text>;
}

/** Greedy word wrap at `width` columns; a word longer than a line is cut. */
function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length <= width) {
			line += ` ${word}`;
			continue;
		}
		if (line) lines.push(line);
		let rest = word;
		for (; rest.length > width; rest = rest.slice(width)) lines.push(rest.slice(0, width));
		line = rest;
	}
	lines.push(line);
	return lines;
}

/**
 * `text` then `tail` word-wrapped into at most `rows` lines of `width` columns. When they do not
 * fit, the text is shortened with an ellipsis: the tail (a countdown, how old the data shown is)
 * always shows whole, never cut after "showing data 3s".
 */
export function fitLines(text: string, tail: string, width: number, rows: number): string[] {
	if (width <= 0 || rows <= 0) return [];
	const whole = wrapWords(`${text}${tail}`, width);
	if (whole.length <= rows) return whole;
	const chars = [...text];
	for (let keep = Math.min(chars.length, rows * width); keep > 0; keep--) {
		const lines = wrapWords(`${chars.slice(0, keep).join('').trimEnd()}…${tail}`, width);
		if (lines.length <= rows) return lines;
	}
	return wrapWords(tail.trim(), width).slice(0, rows);
}

/** Rows the PaneNotice of this pane takes. */
export function noticeLines(pane: PaneBase): number {
	if (pane.status === 'error') return 2;
	return pane.status === 'ok' && !pane.warnings?.length && progressOf(pane).waiting === undefined ? 0 : 1;
}

/** The first and last+1 index of rows to show so the selected row stays visible. */
export function visibleWindow(count: number, selected: number, rows: number): [number, number] {
	if (rows <= 0) return [0, 0];
	if (count <= rows) return [0, count];
	const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), count - rows);
	return [start, start + rows];
}
