import {Box, Text} from 'ink';
import React from 'react';
import {checkOfCommand, checkOutcome} from '../../runbooks/checks.js';
import {expandTabs} from '../../runbooks/expand-tabs.js';
import type {CheckResult, Runbook, RunbookCommand, RunbookStep} from '../../runbooks/types.js';
import {doneCount, isDone, type DoneSteps} from '../../triage/done-steps.js';
import {useTheme} from '../theme.js';
import {RunbookStepList, runbookSourceLabel, withSource} from './runbook-steps.js';

export type RunbookViewProps = {
	readonly runbook: Runbook;
	/** The alert the runbook is walked for: done marks belong to it. */
	readonly alertId: string;
	readonly step: number;
	/** Steps marked done (Space). */
	readonly done?: DoneSteps;
	/** Live answers to the steps' PromQL, by query. */
	readonly checks?: Readonly<Record<string, CheckResult>>;
	readonly width: number;
	readonly height: number;
};

/** One command: its language and, for PromQL, the live value and pass/fail, then the code. */
function CommandBlock({step, command, checks}: {readonly step: RunbookStep; readonly command: RunbookCommand; readonly checks?: Readonly<Record<string, CheckResult>>}) {
	const theme = useTheme();
	const spec = checkOfCommand(step, command);
	const outcome = spec ? checkOutcome(spec, checks?.[spec.query]) : undefined;
	const token = outcome?.verdict === 'pass' ? 'ok' : outcome?.verdict === 'fail' ? 'crit' : 'neutral';
	return (
		<Box flexDirection="column" flexShrink={0}>
			<Text color={theme.color('muted')} wrap="truncate">
				{command.lang === 'promql' ? 'PromQL:' : 'Shell:'}
				{outcome ? <Text color={theme.color(token)}>{`  = ${outcome.text}`}</Text> : null}
			</Text>
			{expandTabs(command.code).split('\n').map((line, index) => (
				<Text key={`${index}-${line}`} color={theme.color('accent')} wrap="truncate">
					{`  ${line}`}
				</Text>
			))}
		</Box>
	);
}

/**
 * One runbook step at a time: what to do, why, and the exact commands with their live values,
 * with the checklist of all steps below. The step's title and commands never shrink; the
 * explanation and the list give way on short terminals.
 */
export function RunbookView({runbook, alertId, step, done, checks, width, height}: RunbookViewProps) {
	const theme = useTheme();
	const current = runbook.steps[step];
	const commandLines = (current?.commands ?? []).reduce((sum, command) => sum + 1 + command.code.split('\n').length, 0);
	const roomy = height >= 30;
	const total = runbook.steps.length;
	const header = withSource(`${runbook.title} · step ${step + 1} of ${total} · ${doneCount(done, alertId, total)}/${total} done`, runbookSourceLabel(runbook), width - 4);
	const listRows = Math.max(3, Math.min(runbook.steps.length, height - 2 - 3 - header.length - commandLines - (roomy ? 6 : 3)));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('focus')} width={width} height={height} paddingX={1} overflow="hidden">
			<Box flexShrink={0} flexDirection="column">
				{header.map(line => (
					<Text key={line} color={theme.color('muted')} wrap="truncate">
						{line}
					</Text>
				))}
			</Box>
			{roomy ? (
				<Box flexShrink={1} overflow="hidden">
					<Text wrap="wrap">{expandTabs(runbook.summary)}</Text>
				</Box>
			) : null}
			{current ? (
				<Box flexDirection="column" flexShrink={1} overflow="hidden" marginTop={1}>
					<Box flexShrink={0}>
						<Text bold color={theme.color('focus')} wrap="truncate">
							{`Step ${step + 1}. ${isDone(done, alertId, step) ? '[x]' : '[ ]'} ${expandTabs(current.title)}`}
						</Text>
					</Box>
					{current.detail ? (
						<Box flexShrink={1} overflow="hidden">
							<Text wrap="wrap">{expandTabs(current.detail)}</Text>
						</Box>
					) : null}
					{(current.commands ?? []).map((command, index) => (
						<CommandBlock key={`${index}-${command.code}`} step={current} command={command} checks={checks} />
					))}
				</Box>
			) : null}
			<Box flexDirection="column" flexShrink={0} marginTop={1}>
				<RunbookStepList runbook={runbook} alertId={alertId} selected={step} done={done} checks={checks} width={width - 4} rows={listRows} highlight="focus" />
			</Box>
		</Box>
	);
}
