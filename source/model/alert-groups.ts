import type {Profile} from '../profiles/types.js';
import {paneRowLabels} from '../profiles/row-labels.js';
import {systemOfAlert} from '../runbooks/match.js';
import {matchesFilter, type AlertFilter} from './alert-filter.js';
import {countAlerts} from './alert-state.js';
import type {AlertItem, AppState} from './types.js';

/** What the alerts pane groups by (`b` cycles): the alertname, the system, or the agent, queue or lock the labels name. */
export type GroupBy = 'none' | 'alertname' | 'system' | 'target';
export const GROUP_ORDER: readonly GroupBy[] = ['none', 'alertname', 'system', 'target'];

/** Beyond this many alerts the list is grouped by alertname until the user picks a grouping: a storm stays a screenful. */
export const STORM_ALERTS = 20;

/** A row of the alerts pane: a group of alerts (collapsed or open), or one alert. */
export type AlertGroupRow = {
	readonly kind: 'group';
	readonly id: string;
	/** What the group's alerts share, as shown: `HighAPIErrorRate`, `Coordination Server`, `agent=claude-1`. */
	readonly label: string;
	readonly alerts: readonly AlertItem[];
	readonly expanded: boolean;
};
export type AlertRowItem = {readonly kind: 'alert'; readonly id: string; readonly alert: AlertItem; readonly indent: boolean};
export type AlertListRow = AlertGroupRow | AlertRowItem;

/** The alerts pane's rows after the filter and grouping, with what the title says about them. */
export type AlertList = {
	readonly rows: readonly AlertListRow[];
	/** The grouping in force (auto-grouping in a storm included). */
	readonly groupBy: GroupBy;
	/** Alerts that pass the filter, and all of them. */
	readonly shown: readonly AlertItem[];
	readonly total: number;
	readonly filter?: AlertFilter;
};

/** How to group: by a key of each alert, and how the key is shown. */
export type GroupKeyOf = (alert: AlertItem) => {readonly key: string; readonly label: string};

/** The first label of an alert that names a pane row (its own system's panes first): `agent=claude-1`. */
export function targetLabel(alert: AlertItem, system: string | undefined, profiles: readonly Profile[]): {label: string; value: string} | undefined {
	const own = profiles.find(profile => profile.id === system);
	const ordered = own ? [own, ...profiles.filter(profile => profile !== own)] : profiles;
	for (const profile of ordered) {
		for (const {label} of paneRowLabels(profile)) {
			const value = alert.labels[label];
			if (value !== undefined && value !== '') return {label, value};
		}
	}
	return undefined;
}

/** The grouping key function for one kind of grouping, against the picture now. */
export function groupKeyOf(by: Exclude<GroupBy, 'none'>, state: Pick<AppState, 'systems' | 'runbooks'>, profiles: readonly Profile[]): GroupKeyOf {
	if (by === 'alertname') return alert => ({key: alert.name, label: alert.name});
	const systemOf = (alert: AlertItem) => systemOfAlert(alert, state, profiles);
	if (by === 'system') {
		return alert => {
			const id = systemOf(alert);
			const title = profiles.find(profile => profile.id === id)?.title ?? id;
			return id === undefined ? {key: '', label: '(no system)'} : {key: id, label: title ?? id};
		};
	}
	return alert => {
		const target = targetLabel(alert, systemOf(alert), profiles);
		return target ? {key: `${target.label}=${target.value}`, label: `${target.label}=${target.value}`} : {key: '', label: '(no agent, queue or lock label)'};
	};
}

export type AlertListOptions = {
	readonly filter?: AlertFilter;
	/** The user's choice; undefined is automatic: by alertname in a storm, else none. */
	readonly groupBy?: GroupBy;
	/** Ids of the open groups. */
	readonly expanded?: readonly string[];
	/** Builds the key function for a grouping (see groupKeyOf). */
	readonly keyOf: (by: Exclude<GroupBy, 'none'>) => GroupKeyOf;
};

/**
 * The alerts pane's rows: the alerts that pass the filter, in triage order, grouped. A group of one
 * alert is shown as that alert; a group is ordered by its most urgent alert and, when open, is
 * followed by its alerts.
 */
export function alertList(items: readonly AlertItem[], {filter, groupBy, expanded = [], keyOf}: AlertListOptions): AlertList {
	const shown = filter && filter.terms.length > 0 ? items.filter(alert => matchesFilter(alert, filter)) : items;
	const by: GroupBy = groupBy ?? (shown.length > STORM_ALERTS ? 'alertname' : 'none');
	const base = {groupBy: by, shown, total: items.length, ...(filter ? {filter} : {})};
	if (by === 'none') return {...base, rows: shown.map(alert => ({kind: 'alert', id: alert.id, alert, indent: false}))};
	const key = keyOf(by);
	const groups = new Map<string, {label: string; alerts: AlertItem[]}>();
	for (const alert of shown) {
		const {key: groupKey, label} = key(alert);
		const group = groups.get(groupKey);
		if (group) group.alerts.push(alert);
		else groups.set(groupKey, {label, alerts: [alert]});
	}
	const rows: AlertListRow[] = [];
	for (const [groupKey, {label, alerts}] of groups) {
		if (alerts.length === 1) {
			rows.push({kind: 'alert', id: alerts[0]!.id, alert: alerts[0]!, indent: false});
			continue;
		}
		const id = `group:${by}:${groupKey}`;
		const open = expanded.includes(id);
		rows.push({kind: 'group', id, label, alerts, expanded: open});
		if (open) for (const alert of alerts) rows.push({kind: 'alert', id: alert.id, alert, indent: true});
	}
	return {...base, rows};
}

/** Counts of a group's alerts for its row: `12 firing · 3 pending · 2 suppressed`. */
export function groupCounts(alerts: readonly AlertItem[]): string {
	const counts = countAlerts(alerts);
	const {pending, suppressed} = counts;
	const firing = counts.firing.length;
	return [firing > 0 ? `${firing} firing` : '', pending > 0 ? `${pending} pending` : '', suppressed > 0 ? `${suppressed} suppressed` : ''].filter(Boolean).join(' · ');
}

/** What varies inside a group, in a few values: `agent: a, b, c +9`. */
export function groupSpread(alerts: readonly AlertItem[], max = 3): string {
	const keys = [...new Set(alerts.flatMap(alert => Object.keys(alert.labels)))].filter(key => key !== 'alertname' && new Set(alerts.map(alert => alert.labels[key])).size > 1).sort();
	const key = keys[0];
	if (key === undefined) return '';
	const values = [...new Set(alerts.map(alert => alert.labels[key] ?? ''))];
	return `${key}: ${values.slice(0, max).join(', ')}${values.length > max ? ` +${values.length - max}` : ''}`;
}
