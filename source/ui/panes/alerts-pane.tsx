import {Text} from 'ink';
import React from 'react';
import {distinguishingLabels} from '../../model/alert-labels.js';
import {formatAge, truncate} from '../../model/format.js';
import {alertStateWord} from '../../model/alert-state.js';
import type {AlertItem, AlertsPane as AlertsData} from '../../model/types.js';
import {innerRows, noticeLines, Pane, PaneNotice, visibleWindow, type PaneViewProps} from '../pane.js';
import {runbookTag, useRunbookProgress} from '../runbook-progress.js';
import {useTheme, type Token} from '../theme.js';

export type AlertsPaneProps = PaneViewProps<AlertsData> & {
	/** Whether agentmon has a runbook for the alert. */
	readonly hasRunbook: (alert: AlertItem) => boolean;
	/** Alerts that started firing since they were last selected: marked ✱ until then. */
	readonly unseen?: ReadonlySet<string>;
};

/** The colour of an alert: by severity when firing, muted-warn when only pending, muted when suppressed. */
export function alertToken(alert: AlertItem): Token {
	if (alert.silenced?.state === 'suppressed') return 'muted';
	if (alert.state !== 'firing') return 'warn';
	const severity = alert.severity.toLowerCase();
	return severity === 'critical' || severity === 'error' ? 'crit' : severity === 'warning' ? 'warn' : 'neutral';
}

/** The pane's title counts: firing (by severity), pending, suppressed, new; what a storm comes down to. */
export function alertCounts(items: readonly AlertItem[], unseen = 0): string {
	const suppressed = items.filter(alert => alert.silenced?.state === 'suppressed').length;
	const firingItems = items.filter(alert => alert.state === 'firing' && alert.silenced?.state !== 'suppressed');
	const pending = items.filter(alert => alert.state === 'pending').length;
	const bySeverity = new Map<string, number>();
	for (const alert of firingItems) bySeverity.set(alert.severity.toLowerCase(), (bySeverity.get(alert.severity.toLowerCase()) ?? 0) + 1);
	const severities = bySeverity.size > 1 ? ` (${[...bySeverity].map(([severity, count]) => `${count} ${severity}`).join(', ')})` : '';
	const local = items.some(alert => alert.origin === 'local-rule') ? ' · local rules' : '';
	const quiet = suppressed > 0 ? ` · ${suppressed} suppressed` : '';
	const fresh = unseen > 0 ? ` · ${unseen} new ✱` : '';
	return items.length === 0 ? 'none firing' : `${firingItems.length} firing${severities} · ${pending} pending${quiet}${fresh}${local}`;
}

/** Firing and pending alerts, most severe first, with their age and summary. */
export function AlertsPane({pane, hasRunbook, unseen, focused, selected, width, height, now}: AlertsPaneProps) {
	const theme = useTheme();
	const progressOf = useRunbookProgress();
	const notice = noticeLines(pane);
	const rows = innerRows(height) - notice;
	const [start, end] = visibleWindow(pane.items.length, selected, rows);
	const inner = width - 4;
	const nameWidth = Math.min(28, Math.max(12, ...pane.items.map(alert => alert.name.length)));
	const distinct = distinguishingLabels(pane.items);
	const summary = (
		<Text color={theme.color(pane.items.some(alert => alert.state === 'firing') ? 'crit' : 'muted')} wrap="truncate">
			{alertCounts(pane.items, unseen?.size ?? 0)}
			{pane.status === 'ok' && pane.items.length > 0 ? <Text color={theme.color('muted')}>{'  Enter: alert and runbook'}</Text> : null}
		</Text>
	);
	return (
		<Pane title="Alerts" summary={summary} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} now={now} />
			{pane.status === 'ok' && pane.items.length === 0 ? <Text color={theme.color('ok')}>✓ no alerts firing or pending</Text> : null}
			{pane.items.slice(start, end).map((alert, offset) => {
				const isSelected = focused && start + offset === selected;
				const age = alert.activeAt === undefined ? '' : formatAge(now - alert.activeAt);
				const isNew = unseen?.has(alert.id) === true;
				const head = `${isSelected ? '›' : isNew ? '✱' : alert.state === 'firing' ? '●' : '◔'} ${alert.severity.slice(0, 4).toUpperCase().padEnd(4)} ${alertStateWord(alert).padEnd(9)} ${truncate(alert.name, nameWidth).padEnd(nameWidth)} ${age.padStart(5)} `;
				const which = distinct.get(alert.id);
				const tail = `${which ? `{${which}} ` : ''}${alert.summary || alert.description}${runbookTag(hasRunbook(alert), progressOf(alert))}`;
				return (
					<Text key={alert.id} inverse={isSelected} bold={isNew} color={theme.color(pane.stale ? 'muted' : alertToken(alert))} wrap="truncate">
						{head}
						{truncate(tail, Math.max(0, inner - head.length))}
					</Text>
				);
			})}
		</Pane>
	);
}
