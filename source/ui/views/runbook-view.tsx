import {Box, Text} from 'ink';
import React from 'react';
import {truncate} from '../../model/format.js';
import type {Runbook} from '../../runbooks/types.js';
import {visibleWindow} from '../pane.js';
import {useTheme} from '../theme.js';

export type RunbookViewProps = {
	readonly runbook: Runbook;
	readonly step: number;
	readonly width: number;
	readonly height: number;
};

/**
 * One runbook step at a time: what to do, why, and the exact commands, with the other steps
 * listed below. The step's title and commands never shrink; the explanation and the list give
 * way on short terminals.
 */
export function RunbookView({runbook, step, width, height}: RunbookViewProps) {
	const theme = useTheme();
	const current = runbook.steps[step];
	const inner = width - 4;
	const commandLines = (current?.commands ?? []).reduce((sum, command) => sum + 1 + command.code.split('\n').length, 0);
	const roomy = height >= 30;
	const listRows = Math.max(3, Math.min(runbook.steps.length, height - 2 - 4 - commandLines - (roomy ? 6 : 3)));
	const [start, end] = visibleWindow(runbook.steps.length, step, listRows);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('focus')} width={width} height={height} paddingX={1} overflow="hidden">
			<Box flexShrink={0}>
				<Text color={theme.color('muted')} wrap="truncate">
					{`${runbook.title} · ${runbook.source} runbook · step ${step + 1} of ${runbook.steps.length}`}
				</Text>
			</Box>
			{roomy ? (
				<Box flexShrink={1} overflow="hidden">
					<Text wrap="wrap">{runbook.summary}</Text>
				</Box>
			) : null}
			{current ? (
				<Box flexDirection="column" flexShrink={1} overflow="hidden" marginTop={1}>
					<Box flexShrink={0}>
						<Text bold color={theme.color('focus')} wrap="truncate">
							{`Step ${step + 1}. ${current.title}`}
						</Text>
					</Box>
					{current.detail ? (
						<Box flexShrink={1} overflow="hidden">
							<Text wrap="wrap">{current.detail}</Text>
						</Box>
					) : null}
					{(current.commands ?? []).map(command => (
						<Box key={command.code} flexDirection="column" flexShrink={0}>
							<Text color={theme.color('muted')}>{command.lang === 'promql' ? 'PromQL:' : 'Shell:'}</Text>
							{command.code.split('\n').map((line, index) => (
								<Text key={`${index}-${line}`} color={theme.color('accent')} wrap="truncate">
									{`  ${line}`}
								</Text>
							))}
						</Box>
					))}
				</Box>
			) : null}
			<Box flexDirection="column" flexShrink={0} marginTop={1}>
				{runbook.steps.slice(start, end).map((item, offset) => {
					const index = start + offset;
					return (
						<Text key={item.title} color={theme.color(index === step ? 'focus' : 'muted')} bold={index === step} wrap="truncate">
							{truncate(`${index === step ? '›' : ' '} ${index + 1}. ${item.title}`, inner)}
						</Text>
					);
				})}
			</Box>
		</Box>
	);
}
