import {Box, Text} from 'ink';
import React from 'react';
import {formatAge, formatNumber} from '../../model/format.js';
import type {AlertItem} from '../../model/types.js';
import type {CheckResult, Runbook, UrlRunbookEntry} from '../../runbooks/types.js';
import {alertStateWord, alertValueText, suppressionText} from '../../model/alert-state.js';
import {doneCount, type DoneSteps} from '../../triage/done-steps.js';
import {runbookOrigin} from '../../triage/note.js';
import {osc8} from '../osc.js';
import {alertToken} from '../panes/alerts-pane.js';
import {useTheme} from '../theme.js';
import {RunbookStepList} from './runbook-steps.js';
import type {AlertPointer} from '../../model/alert-jump.js';
import type {AlertEvidence} from '../../model/evidence.js';
import {AlertEvidenceLines, evidenceLineCount, timeToFire} from './alert-evidence.js';

export type AlertViewProps = {
	readonly alert: AlertItem;
	/** False once the alert is no longer reported (resolved); the last known copy is shown. */
	readonly live: boolean;
	readonly runbook?: Runbook;
	readonly step: number;
	readonly width: number;
	readonly height: number;
	readonly now: number;
	/** Runbook steps marked done (Space), and the live answers to their PromQL. */
	readonly done?: DoneSteps;
	readonly checks?: Readonly<Record<string, CheckResult>>;
	/** What became of reading the alert's runbook_url as a runbook, when it has no other. */
	readonly urlRunbook?: UrlRunbookEntry;
	/** Draw runbook_url and generatorURL as OSC 8 links (a terminal, not TERM=dumb). */
	readonly links?: boolean;
	/** The rule and trend behind the alert (`state.evidence`), and the pane row its labels name. */
	readonly evidence?: AlertEvidence;
	readonly pointer?: AlertPointer;
	readonly paused?: boolean;
};

/** `Runbook (built-in): Title — 2/6 done · …`; a file or URL that would not fit goes on a line of its own. */
function runbookHeading(runbook: Runbook, done: number, width: number): string[] {
	const progress = `${done}/${runbook.steps.length} done · Enter walks them`;
	const short = `Runbook (${runbookOrigin(runbook)}): ${runbook.title} — ${progress}`;
	if (runbook.location === undefined || [...short].length <= width) return [short];
	return [`Runbook: ${runbook.title} — ${progress}`, runbookOrigin(runbook)];
}

/** Why the runbook_url gave no runbook, for the line that says there is none. */
function urlRunbookNote(entry: UrlRunbookEntry | undefined): string {
	if (entry === undefined) return '';
	if (entry.state === 'loading') return '; reading runbook_url…';
	if (entry.state === 'skipped') return `; runbook_url: ${entry.reason}`;
	return entry.state === 'error' ? `; runbook_url unreadable: ${entry.message}` : '';
}

function pairs(record: Readonly<Record<string, string>>, skip: readonly string[]): string {
	return Object.entries(record)
		.filter(([key]) => !skip.includes(key))
		.map(([key, value]) => `${key}=${value}`)
		.join('  ');
}

/** One alert: state, labels, annotations, runbook_url, and the runbook's steps to pick from. */
export function AlertView({alert, live, runbook, step, width, height, now, done, checks, urlRunbook, links = false, evidence, pointer, paused = false}: AlertViewProps) {
	const theme = useTheme();
	const inner = width - 4;
	const since = alert.activeAt === undefined ? '' : ` for ${formatAge(now - alert.activeAt)}`;
	const annotations = pairs(alert.annotations, ['summary', 'description', 'runbook_url']);
	const fires = timeToFire(alert, evidence?.alertId === alert.id ? evidence.rule : undefined, now);
	const fixed = 9 + evidenceLineCount(alert, evidence, inner) + (annotations ? 1 : 0) + (alert.description ? 1 : 0) + (alert.silenced?.state === 'suppressed' ? 1 : 0) + (alert.generatorUrl ? 1 : 0);
	const link = (url: string) => (links ? osc8(url, url) : url);
	const heading = runbook ? runbookHeading(runbook, doneCount(done, alert.id, runbook.steps.length), inner) : [];
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('focus')} width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold color={theme.color(alertToken(alert))} wrap="truncate">
				{`${alert.name}  ${alertStateWord(alert)}${since} · severity ${alert.severity} · value ${alertValueText(alert.value)}`}
				{fires ? ` · ${fires}` : ''}
				{alert.origin === 'local-rule' ? '  (local rule: evaluated by agentmon)' : ''}
				{live ? '' : '  (no longer reported: resolved)'}
			</Text>
			<Text wrap="truncate">{alert.summary || '(no summary annotation)'}</Text>
			{alert.silenced?.state === 'suppressed' ? (
				<Text color={theme.color('muted')} wrap="truncate">
					{suppressionText(alert.silenced)}
				</Text>
			) : null}
			{alert.description ? <Text color={theme.color('muted')} wrap="truncate">{alert.description}</Text> : null}
			<Text wrap="wrap">
				<Text color={theme.color('accent')}>labels </Text>
				{pairs(alert.labels, ['alertname'])}
			</Text>
			{annotations ? (
				<Text wrap="truncate">
					<Text color={theme.color('accent')}>annotations </Text>
					{annotations}
				</Text>
			) : null}
			<Text wrap="truncate">
				<Text color={theme.color('accent')}>runbook_url </Text>
				{alert.runbookUrl ? link(alert.runbookUrl) : alert.annotations.runbook_url ? `(not an http(s) URL: ${alert.annotations.runbook_url})` : '(none)'}
			</Text>
			{alert.generatorUrl ? (
				<Text wrap="truncate">
					<Text color={theme.color('accent')}>generatorURL </Text>
					{link(alert.generatorUrl)}
				</Text>
			) : null}
			<AlertEvidenceLines alert={alert} evidence={evidence} pointer={pointer} width={inner} now={now} paused={paused} />
			<Text> </Text>
			{runbook ? (
				<Box flexDirection="column">
					{heading.map(line => (
						<Text key={line} bold wrap="truncate">
							{line}
						</Text>
					))}
					<RunbookStepList runbook={runbook} alertId={alert.id} selected={step} done={done} checks={checks} width={inner} rows={Math.max(1, height - fixed - heading.length + 1)} highlight="inverse" />
				</Box>
			) : (
				<Text color={theme.color('muted')} wrap="truncate">
					no runbook for {alert.name}: none built in{urlRunbookNote(urlRunbook) || (alert.runbookUrl ? '; see runbook_url above' : '')}
				</Text>
			)}
		</Box>
	);
}
