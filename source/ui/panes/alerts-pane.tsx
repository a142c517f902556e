import {Text} from 'ink';
import React, {useMemo} from 'react';
import {distinguishingLabels} from '../../model/alert-labels.js';
import {groupCounts, groupSpread, type AlertGroupRow, type AlertList} from '../../model/alert-groups.js';
import {formatAge, truncate} from '../../model/format.js';
import {alertStateWord, countAlerts} from '../../model/alert-state.js';
import type {AlertItem, AlertsPane as AlertsData} from '../../model/types.js';
import {useAgeClock} from '../age-clock.js';
import {innerRows, noticeLines, Pane, PaneNotice, visibleWindow, type PaneViewProps} from '../pane.js';
import {runbookTag, useRunbookProgress} from '../runbook-progress.js';
import {memoPane} from '../memo-pane.js';
import {useTheme, type Token} from '../theme.js';

export type AlertsPaneProps = PaneViewProps<AlertsData> & {
	/** Whether agentmon has a runbook for the alert. */
	readonly hasRunbook: (alert: AlertItem) => boolean;
	/** Alerts that started firing since they were last selected: marked ✱ until then. */
	readonly unseen?: ReadonlySet<string>;
	/** The rows shown: the filter and grouping applied (see alert-groups.ts). */
	readonly list: AlertList;
	/** The filter is being typed (`/`): the title shows it with a cursor. */
	readonly editing?: boolean;
};

const GROUP_NAMES = {none: '', alertname: 'alertname', system: 'system', target: 'agent/queue/lock'} as const;

/** The title's note on the filter and grouping: `/agent=a▏ · 12 of 500 · by alertname`. */
export function listNote(list: AlertList, editing: boolean): string {
	const typed = list.filter?.source ?? '';
	const filter = editing ? `/${typed}▏` : typed ? `/${typed}` : '';
	const count = typed ? `${list.shown.length} of ${list.total}` : '';
	const invalid = list.filter?.error ? `(${list.filter.error})` : '';
	const grouped = list.groupBy === 'none' ? '' : `by ${GROUP_NAMES[list.groupBy]}`;
	return [filter, invalid, count, grouped].filter(Boolean).join(' · ');
}

/** A group's row: `▸ HighAPIErrorRate ×124  120 firing · 4 pending  agent: a, b, c +121` (`spread`: the counts and what varies). */
function groupText(group: AlertGroupRow, selected: boolean, nameWidth: number, spread: string): string {
	const mark = selected ? '›' : group.expanded ? '▾' : '▸';
	const worst = group.alerts[0]!;
	return `${mark} ${worst.severity.slice(0, 4).toUpperCase().padEnd(4)} ${`×${group.alerts.length}`.padEnd(9)} ${truncate(group.label, nameWidth).padEnd(nameWidth)} ${spread}`;
}

/** The colour of an alert: by severity when firing, muted-warn when only pending, muted when suppressed. */
export function alertToken(alert: AlertItem): Token {
	if (alert.silenced?.state === 'suppressed') return 'muted';
	if (alert.state !== 'firing') return 'warn';
	const severity = alert.severity.toLowerCase();
	return severity === 'critical' || severity === 'error' ? 'crit' : severity === 'warning' ? 'warn' : 'neutral';
}

/** The pane's title counts: firing (by severity), pending, suppressed, new; what a storm comes down to. */
export function alertCounts(items: readonly AlertItem[], unseen = 0): string {
	const {firing: firingItems, pending, suppressed} = countAlerts(items);
	const bySeverity = new Map<string, number>();
	for (const alert of firingItems) bySeverity.set(alert.severity.toLowerCase(), (bySeverity.get(alert.severity.toLowerCase()) ?? 0) + 1);
	const severities = bySeverity.size > 1 ? ` (${[...bySeverity].map(([severity, count]) => `${count} ${severity}`).join(', ')})` : '';
	const local = items.some(alert => alert.origin === 'local-rule') ? ' · local rules' : '';
	const quiet = suppressed > 0 ? ` · ${suppressed} suppressed` : '';
	const fresh = unseen > 0 ? ` · ${unseen} new ✱` : '';
	return items.length === 0 ? 'none firing' : `${firingItems.length} firing${severities} · ${pending} pending${quiet}${fresh}${local}`;
}

/** Firing and pending alerts, most severe first, with their age and summary; filtered and grouped. */
function AlertsPaneView({pane, list, editing = false, hasRunbook, unseen, focused, selected, width, height}: AlertsPaneProps) {
	const theme = useTheme();
	const progressOf = useRunbookProgress();
	const notice = noticeLines(pane);
	const rows = innerRows(height) - notice;
	const [start, end] = visibleWindow(list.rows.length, selected, rows);
	const inner = width - 4;
	// Work over every alert (a storm has hundreds) is done when the list changes, not at every key.
	const nameWidth = useMemo(() => Math.min(28, Math.max(12, ...list.rows.map(row => (row.kind === 'group' ? row.label : row.alert.name).length))), [list.rows]);
	const distinct = useMemo(() => distinguishingLabels(list.shown), [list.shown]);
	const firing = useMemo(() => pane.items.some(alert => alert.state === 'firing'), [pane.items]);
	const counts = useMemo(() => alertCounts(pane.items, unseen?.size ?? 0), [pane.items, unseen?.size]);
	const spreads = useMemo(() => new Map<AlertGroupRow, string>(), [list.rows]);
	const spreadOf = (group: AlertGroupRow) => {
		let spread = spreads.get(group);
		if (spread === undefined) spreads.set(group, (spread = `${groupCounts(group.alerts)}  ${groupSpread(group.alerts)}`));
		return spread;
	};
	const visible = list.rows.slice(start, end);
	// Ages move on by themselves (not with every refresh): only those on screen, as precisely as shown.
	const now = useAgeClock(visible.map(row => (row.kind === 'alert' ? row.alert.activeAt : undefined)));
	const note = listNote(list, editing);
	const summary = (
		<Text color={theme.color(firing ? 'crit' : 'muted')} wrap="truncate">
			{counts}
			{note ? <Text color={theme.color(editing ? 'focus' : 'accent')}>{`  ${note}`}</Text> : null}
			{pane.status === 'ok' && list.rows.length > 0 && !editing ? <Text color={theme.color('muted')}>{list.groupBy === 'none' ? '  Enter: alert and runbook' : '  Enter: open'}</Text> : null}
		</Text>
	);
	return (
		<Pane title="Alerts" summary={summary} focused={focused} width={width} height={height}>
			<PaneNotice pane={pane} />
			{pane.status === 'ok' && pane.items.length === 0 ? <Text color={theme.color('ok')}>✓ no alerts firing or pending</Text> : null}
			{pane.status === 'ok' && pane.items.length > 0 && list.rows.length === 0 ? <Text color={theme.color('muted')}>no alert matches the filter (Esc clears it)</Text> : null}
			{visible.map((row, offset) => {
				const isSelected = focused && start + offset === selected;
				if (row.kind === 'group') {
					const worst = row.alerts[0]!;
					return (
						<Text key={row.id} inverse={isSelected} bold color={theme.color(pane.stale ? 'muted' : alertToken(worst))} wrap="truncate">
							{truncate(groupText(row, isSelected, nameWidth, spreadOf(row)), inner)}
						</Text>
					);
				}
				const {alert} = row;
				const age = alert.activeAt === undefined ? '' : formatAge(now - alert.activeAt);
				const isNew = unseen?.has(alert.id) === true;
				const mark = isSelected ? '›' : isNew ? '✱' : alert.state === 'firing' ? '●' : '◔';
				const head = `${row.indent ? '  ' : ''}${mark} ${alert.severity.slice(0, 4).toUpperCase().padEnd(4)} ${alertStateWord(alert).padEnd(9)} ${truncate(alert.name, nameWidth).padEnd(nameWidth)} ${age.padStart(5)} `;
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

/** {@link AlertsPaneView}, rendered again only when what it shows changed. */
export const AlertsPane = memoPane(AlertsPaneView);
