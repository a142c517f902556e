import {Text} from 'ink';
import React from 'react';
import type {AlertPointer} from '../../model/alert-jump.js';
import type {AlertEvidence, EvidenceTrend, RuleLookup} from '../../model/evidence.js';
import {formatAge, formatNumber, sparkline, truncate} from '../../model/format.js';
import type {AlertItem} from '../../model/types.js';
import {useTheme} from '../theme.js';

/** `for 5m` as Prometheus writes durations. */
function forText(ms: number): string {
	return ms === 0 ? 'no for:' : `for ${formatAge(ms)}`;
}

/** The time left before a pending alert fires: `fires in 3m 20s (for 5m)`; undefined when not pending or unknown. */
export function timeToFire(alert: AlertItem, lookup: RuleLookup | undefined, now: number): string | undefined {
	if (alert.state !== 'pending' || alert.activeAt === undefined || lookup?.state !== 'ok') return undefined;
	const left = alert.activeAt + lookup.rule.forMs - now;
	if (left <= 0) return 'fires at the next evaluation';
	const seconds = Math.ceil(left / 1000);
	const text = seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
	return `fires in ${text} unless it clears (${forText(lookup.rule.forMs)})`;
}

/** The rule's line: `for 5m · group X · health ok · evaluated 3s ago`, or why there is none. */
export function ruleLine(lookup: RuleLookup, now: number, paused = false): string {
	if (lookup.state === 'loading') return paused ? 'paused: read when refreshing resumes (p)' : 'reading the alerting rules…';
	if (lookup.state === 'missing') return lookup.reason;
	if (lookup.state === 'error') return `rules unreadable: ${lookup.message}`;
	const {rule} = lookup;
	const evaluated = rule.lastEvaluation === undefined ? '' : ` · evaluated ${formatAge(now - rule.lastEvaluation)} ago${rule.evaluationMs === undefined ? '' : ` in ${formatNumber(Number(rule.evaluationMs.toFixed(1)))}ms`}`;
	const health = rule.health === 'err' ? `health err: ${rule.lastError ?? 'no error given'}` : `health ${rule.health}`;
	const failed = lookup.refreshError ? ` · re-reading failed: ${lookup.refreshError}` : '';
	// The file last (relative to here when it is below): on a narrow screen it is what gets cut.
	const here = `${process.cwd()}/`;
	const file = rule.file?.startsWith(here) ? rule.file.slice(here.length) : rule.file;
	return `${forText(rule.forMs)} · ${health}${evaluated}${failed} · group ${rule.group}${file ? ` in ${file}` : ''}`;
}

/** The trend's line: sparkline, first → last value and the span it covers; or why there is none. */
export function trendLine(trend: EvidenceTrend, width: number, paused = false): string {
	if (trend.state === 'loading') return paused ? 'paused: read when refreshing resumes (p)' : 'reading the series…';
	if (trend.state === 'unavailable') return trend.reason;
	if (trend.state === 'error') return `series unreadable: ${trend.message}`;
	const finite = trend.values.filter(value => Number.isFinite(value));
	if (trend.values.length === 0) return 'no values yet (one is added with every refresh)';
	const span = formatAge(trend.to - trend.from);
	const range = finite.length === 0 ? 'the condition did not hold in this span' : `${formatNumber(finite[0])} → ${formatNumber(finite.at(-1))} · max ${formatNumber(Math.max(...finite))}`;
	const bars = sparkline(trend.values, Math.max(8, Math.min(60, width - 40)));
	const failed = trend.refreshError ? ` · latest value unreadable: ${trend.refreshError}` : '';
	return `${bars}  ${range} · last ${span}${failed}`;
}

/** The pane row line: `agent=claude-1 · Agents pane, row 3 · e jumps there`, or why none. */
export function pointerLine(pointer: AlertPointer): string {
	if (!pointer.found) return pointer.reason;
	return `${pointer.label}=${pointer.value} · ${pointer.paneTitle} pane, row ${pointer.row + 1} · e jumps there`;
}

export type AlertEvidenceProps = {
	readonly alert: AlertItem;
	readonly evidence?: AlertEvidence;
	readonly pointer?: AlertPointer;
	readonly width: number;
	readonly now: number;
	/** Refreshing is paused: nothing is read until it resumes. */
	readonly paused?: boolean;
};

/** The most lines a rule's expression takes in the alert view. */
const EXPR_LINES = 3;

/** The expression on one line, cut into lines of `width` (at most EXPR_LINES, the last one ends with … when cut). */
export function exprLines(expr: string, width: number): string[] {
	const flat = [...expr.replaceAll(/\s+/gu, ' ').trim()];
	const size = Math.max(10, width);
	const lines: string[] = [];
	for (let start = 0; start < flat.length && lines.length < EXPR_LINES; start += size) lines.push(flat.slice(start, start + size).join(''));
	if (flat.length > size * EXPR_LINES) lines[EXPR_LINES - 1] = truncate(`${lines[EXPR_LINES - 1]!}…`, size);
	return lines.length > 0 ? lines : ['–'];
}

/** How many lines AlertEvidenceLines draws for this evidence at this width. */
export function evidenceLineCount(alert: AlertItem, evidence: AlertEvidence | undefined, width: number): number {
	const rule = evidence?.alertId === alert.id ? evidence.rule : undefined;
	return 3 + (rule?.state === 'ok' ? exprLines(rule.rule.expr, width - 6).length : 1);
}

/** The rule behind an alert, its expression, its series' trend, and the pane row its labels name. */
export function AlertEvidenceLines({alert, evidence, pointer, width, now, paused = false}: AlertEvidenceProps) {
	const theme = useTheme();
	const own = evidence?.alertId === alert.id ? evidence : undefined;
	const rule: RuleLookup = own?.rule ?? {state: 'loading'};
	const expr = rule.state === 'ok' ? exprLines(rule.rule.expr, width - 6) : ['–'];
	const lines: Array<[string, string, boolean]> = [
		['rule ', ruleLine(rule, now, paused), rule.state === 'ok' && (rule.rule.health === 'err' || rule.refreshError !== undefined)],
		...expr.map((text, index): [string, string, boolean] => [index === 0 ? 'expr ' : '     ', text, false]),
		['trend', trendLine(own?.trend ?? {state: 'loading'}, width, paused), false],
		['row  ', pointer ? pointerLine(pointer) : '–', false],
	];
	return (
		<>
			{lines.map(([label, text, bad], index) => (
				// eslint-disable-next-line react/no-array-index-key -- the lines are positional
				<Text key={index} wrap="truncate">
					<Text color={theme.color('accent')}>{label} </Text>
					<Text color={bad ? theme.color('crit') : undefined}>{truncate(text, Math.max(0, width - 6))}</Text>
				</Text>
			))}
		</>
	);
}
