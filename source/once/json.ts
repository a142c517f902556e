import {alertValueJson} from '../model/alert-state.js';
import type {AppState, PaneBase, SystemSnapshot, TablePane} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookFor} from '../runbooks/match.js';
import type {SourceProxy} from '../sources/proxy.js';

/** A number for JSON: NaN and ±Infinity (nothing observed, or a bad value) become null. */
const num = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

function base(pane: PaneBase): Record<string, unknown> {
	return {
		status: pane.status,
		...(pane.message ? {message: pane.message} : {}),
		...(pane.stale ? {stale: true} : {}),
		// A batch's warning reaches every query of the batch: each once.
		...(pane.warnings?.length ? {warnings: [...new Set(pane.warnings)]} : {}),
	};
}

function table(pane: TablePane): Record<string, unknown> {
	return {
		title: pane.title,
		...base(pane),
		columns: pane.columns,
		rows: pane.rows.map(row => ({name: row.name, values: Object.fromEntries(pane.columns.map((column, index) => [column.name, num(row.values[index])]))})),
	};
}

function system(snapshot: SystemSnapshot): Record<string, unknown> {
	const {agents, locks, queue, latency} = snapshot;
	return {
		profile: snapshot.profile,
		title: snapshot.title,
		up: {status: snapshot.up.status, targets: snapshot.up.targets},
		agents: {
			...base(agents),
			items: agents.items.map(agent => ({
				name: agent.name,
				state: agent.state,
				...(agent.values ? {values: Object.fromEntries(Object.entries(agent.values).map(([key, value]) => [key, num(value)]))} : {}),
			})),
		},
		locks: {
			...base(locks),
			...(locks.total === undefined ? {} : {total: locks.total}),
			items: locks.items.map(row => ({name: row.name, value: row.value})),
			...(locks.waitP95 === undefined ? {} : {acquireP95: num(locks.waitP95), acquireUnit: 's'}),
		},
		queue: {
			...base(queue),
			...(queue.depth === undefined ? {} : {depth: queue.depth}),
			items: queue.items.map(row => ({name: row.name, value: row.value})),
			active: queue.active.map(row => ({name: row.name, value: row.value})),
		},
		latency: {
			...base(latency),
			items: latency.items.map(row => ({name: row.name, metric: row.metric, p50: num(row.p50), p95: num(row.p95), p99: num(row.p99), unit: row.unit})),
			ratios: latency.ratios.map(ratio => ({name: ratio.name, value: num(ratio.value), unit: ratio.unit})),
		},
		extras: snapshot.extras.map(table),
	};
}

/** Every failure in the picture, as `{scope, message}`. */
export function collectErrors(state: AppState): Array<{scope: string; message: string}> {
	const errors: Array<{scope: string; message: string}> = [];
	if (state.connection.state === 'error') errors.push({scope: 'source', message: state.connection.message});
	for (const snapshot of state.systems) {
		for (const pane of ['agents', 'locks', 'queue', 'latency'] as const) {
			if (snapshot[pane].status === 'error') errors.push({scope: `${snapshot.profile}/${pane}`, message: snapshot[pane].message ?? 'error'});
		}
		for (const extra of snapshot.extras) {
			if (extra.status === 'error') errors.push({scope: `${snapshot.profile}/${extra.title}`, message: extra.message ?? 'error'});
		}
	}
	if (state.alerts.status === 'error') errors.push({scope: 'alerts', message: state.alerts.message ?? 'error'});
	if (state.detection.status === 'none') errors.push({scope: 'detection', message: 'no known agent system found in the metric names'});
	return errors;
}

/**
 * The `--format json` contract, version 1 (see readme.md). `proxy`: the source's requests go through a
 * proxy, given as `source.proxy` (credentials shown as `***@`); absent when they connect directly.
 */
export function toJson(state: AppState, profiles: readonly Profile[], at: Date, proxy?: SourceProxy): Record<string, unknown> {
	return {
		version: 1,
		at: at.toISOString(),
		source: proxy ? {...state.source, proxy: proxy.proxy} : state.source,
		detection: state.detection,
		systems: state.systems.map(system),
		alerts: state.alerts.items.map(alert => ({
			name: alert.name,
			state: alert.state,
			severity: alert.severity,
			summary: alert.summary,
			activeAt: alert.activeAt === undefined ? null : new Date(alert.activeAt).toISOString(),
			value: alertValueJson(alert.value),
			labels: alert.labels,
			...(alert.runbookUrl ? {runbookUrl: alert.runbookUrl} : {}),
			runbook: runbookFor(alert, state, profiles)?.source ?? null,
			origin: alert.origin ?? 'prometheus',
			// Times are ISO strings throughout the JSON, as activeAt is.
			...(alert.silenced ? {alertmanager: {...alert.silenced, silencedBy: alert.silenced.silencedBy.map(silence => ({...silence, endsAt: silence.endsAt === undefined ? undefined : new Date(silence.endsAt).toISOString()}))}} : {}),
		})),
		...(state.alerts.warnings?.length ? {alertWarnings: [...new Set(state.alerts.warnings)]} : {}),
		errors: collectErrors(state),
	};
}
