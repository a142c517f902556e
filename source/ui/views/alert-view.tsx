import {Box, Text} from 'ink';
import React from 'react';
import {formatAge, formatNumber, truncate} from '../../model/format.js';
import type {AlertItem} from '../../model/types.js';
import type {Runbook} from '../../runbooks/types.js';
import {alertStateWord} from '../../model/alert-state.js';
import {alertToken} from '../panes/alerts-pane.js';
import {visibleWindow} from '../pane.js';
import {useTheme} from '../theme.js';

export type AlertViewProps = {
	readonly alert: AlertItem;
	/** False once the alert is no longer reported (resolved); the last known copy is shown. */
	readonly live: boolean;
	readonly runbook?: Runbook;
	readonly step: number;
	readonly width: number;
	readonly height: number;
	readonly now: number;
};

function pairs(record: Readonly<Record<string, string>>, skip: readonly string[]): string {
	return Object.entries(record)
		.filter(([key]) => !skip.includes(key))
		.map(([key, value]) => `${key}=${value}`)
		.join('  ');
}

/** Why Alertmanager holds an alert back: who silenced it and why, or what inhibits it. */
export function suppressionText(silenced: NonNullable<AlertItem['silenced']>): string {
	const silences = silenced.silencedBy.map(silence => {
		const by = silence.createdBy ? ` by ${silence.createdBy}` : '';
		const why = silence.comment ? `: ${silence.comment}` : '';
		const until = silence.endsAt === undefined ? '' : ` (until ${new Date(silence.endsAt).toISOString().slice(0, 16).replace('T', ' ')}Z)`;
		return `silenced${by}${why}${until}`;
	});
	const inhibited = silenced.inhibitedBy.length > 0 ? [`inhibited by ${silenced.inhibitedBy.length === 1 ? 'alert' : `${silenced.inhibitedBy.length} alerts`} ${silenced.inhibitedBy.join(', ')}`] : [];
	return `suppressed in Alertmanager: ${[...silences, ...inhibited].join('; ') || 'no reason given'}`;
}

/** One alert: state, labels, annotations, runbook_url, and the runbook's steps to pick from. */
export function AlertView({alert, live, runbook, step, width, height, now}: AlertViewProps) {
	const theme = useTheme();
	const inner = width - 4;
	const since = alert.activeAt === undefined ? '' : ` for ${formatAge(now - alert.activeAt)}`;
	const annotations = pairs(alert.annotations, ['summary', 'description', 'runbook_url']);
	const fixed = 9 + (annotations ? 1 : 0) + (alert.description ? 1 : 0) + (alert.silenced?.state === 'suppressed' ? 1 : 0);
	const [start, end] = visibleWindow(runbook?.steps.length ?? 0, step, Math.max(1, height - fixed));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('focus')} width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold color={theme.color(alertToken(alert))} wrap="truncate">
				{`${alert.name}  ${alertStateWord(alert)}${since} · severity ${alert.severity} · value ${formatNumber(alert.value)}`}
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
				{alert.runbookUrl ?? (alert.annotations.runbook_url ? `(not an http(s) URL: ${alert.annotations.runbook_url})` : '(none)')}
			</Text>
			<Text> </Text>
			{runbook ? (
				<Box flexDirection="column">
					<Text bold wrap="truncate">
						{`Runbook (${runbook.source}): ${runbook.title} — ${runbook.steps.length} steps · Enter walks them`}
					</Text>
					{runbook.steps.slice(start, end).map((item, offset) => {
						const index = start + offset;
						return (
							<Text key={item.title} inverse={index === step} wrap="truncate">
								{truncate(`${index === step ? '›' : ' '} ${index + 1}. ${item.title}`, inner)}
							</Text>
						);
					})}
				</Box>
			) : (
				<Text color={theme.color('muted')} wrap="truncate">
					no runbook for {alert.name}: none built in{alert.runbookUrl ? '; see runbook_url above' : ''}
				</Text>
			)}
		</Box>
	);
}
