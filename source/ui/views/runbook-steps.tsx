import {Text} from 'ink';
import React from 'react';
import {truncate} from '../../model/format.js';
import {stepVerdict} from '../../runbooks/checks.js';
import {expandTabs} from '../../runbooks/expand-tabs.js';
import type {CheckResult, Runbook} from '../../runbooks/types.js';
import {isDone, type DoneSteps} from '../../triage/done-steps.js';
import {runbookOrigin} from '../../triage/note.js';
import {visibleWindow} from '../pane.js';
import {useTheme} from '../theme.js';

/** How a view names where its runbook came from: `built-in runbook`, `runbook from ./runbooks/X.md`, `runbook from https://…`. */
export function runbookSourceLabel(runbook: Runbook): string {
	return runbook.source === 'built-in' || runbook.source === 'profile' ? `${runbook.source} runbook` : `runbook ${runbookOrigin(runbook)}`;
}

/** A heading and where the runbook came from: one line when both fit, else the source on a line of its own. */
export function withSource(heading: string, source: string, width: number): string[] {
	return [...heading].length + 3 + [...source].length <= width ? [`${heading} · ${source}`] : [heading, source];
}

export type RunbookStepListProps = {
	readonly runbook: Runbook;
	readonly alertId: string;
	readonly selected: number;
	readonly done?: DoneSteps;
	readonly checks?: Readonly<Record<string, CheckResult>>;
	readonly width: number;
	readonly rows: number;
	/** The alert view shows the selection in reverse video, the runbook view in the focus colour. */
	readonly highlight: 'inverse' | 'focus';
};

/** The steps as a checklist: `› 2. [x] Title  ✓`, the done mark from Space, the mark from the step's live checks. */
export function RunbookStepList({runbook, alertId, selected, done, checks, width, rows, highlight}: RunbookStepListProps) {
	const theme = useTheme();
	const [start, end] = visibleWindow(runbook.steps.length, selected, rows);
	return (
		<>
			{runbook.steps.slice(start, end).map((step, offset) => {
				const index = start + offset;
				const current = index === selected;
				const verdict = stepVerdict(step, checks);
				const mark = verdict === 'pass' ? '  ✓' : verdict === 'fail' ? '  ✗' : '';
				const head = `${current ? '›' : ' '} ${index + 1}. [${isDone(done, alertId, index) ? 'x' : ' '}] `;
				const title = truncate(expandTabs(step.title), Math.max(1, width - head.length - mark.length));
				const colour = highlight === 'focus' ? theme.color(current ? 'focus' : 'muted') : undefined;
				return (
					<Text key={`${index}-${step.title}`} inverse={highlight === 'inverse' && current} bold={highlight === 'focus' && current} color={colour} wrap="truncate">
						{head}
						{title}
						{mark ? <Text color={theme.color(verdict === 'pass' ? 'ok' : 'crit')}>{mark}</Text> : null}
					</Text>
				);
			})}
		</>
	);
}
