import {isAgentsTable, isUnsupported, type Profile, type Threshold} from '../profiles/types.js';
import {formatValue} from './format.js';
import {shapeTable} from './shape-table.js';
import {worstLevel} from './thresholds.js';
import type {Result, Sample} from '../sources/prometheus-client.js';
import {QUANTILES} from './queries.js';
import {levelFor} from './thresholds.js';
import type {AgentsPane, LatencyPane, LatencyRow, LocksPane, QueuePane, Ratio, Row, SystemSnapshot, Target, UpState} from './types.js';

/** Query results by plan key; a key missing from the map was not asked. */
export type Results = ReadonlyMap<string, Result<Sample[]>>;

const byName = (a: {name: string}, b: {name: string}) => a.name.localeCompare(b.name);

function failed(result: Result<Sample[]> | undefined): string | undefined {
	return result && !result.ok ? result.error.message : undefined;
}

function warningsOf(...results: Array<Result<Sample[]> | undefined>): string[] {
	return results.flatMap(result => (result?.ok ? result.warnings : []));
}

/** Rows by a label, in the given name order, else largest first (the busiest holder on top). */
function rowsBy(samples: readonly Sample[], label: string, threshold?: Threshold, order?: readonly string[]): Row[] {
	const rank = (name: string) => {
		const index = order?.indexOf(name) ?? -1;
		return index === -1 ? Number.MAX_SAFE_INTEGER : index;
	};
	return samples
		.filter(sample => Number.isFinite(sample.value))
		.map(sample => ({name: sample.labels[label] ?? '(none)', value: sample.value, level: levelFor(sample.value, threshold)}))
		.sort((a, b) => (order ? rank(a.name) - rank(b.name) : b.value - a.value) || a.name.localeCompare(b.name));
}

function shapeUp(profile: Profile, result: Result<Sample[]> | undefined): UpState {
	if (!result?.ok) return {status: 'unknown', targets: [], describe: profile.up.describe};
	const targets: Target[] = result.data
		.map(sample => ({job: sample.labels.job ?? '', instance: sample.labels.instance ?? '', up: sample.value === 1}))
		.sort((a, b) => a.instance.localeCompare(b.instance));
	const upCount = targets.filter(target => target.up).length;
	const status = targets.length === 0 ? 'missing' : upCount === targets.length ? 'up' : upCount === 0 ? 'down' : 'partial';
	return {status, targets, describe: profile.up.describe};
}

function shapeAgents(profile: Profile, results: Results): AgentsPane {
	const spec = profile.agents;
	if (isUnsupported(spec)) return {status: 'unsupported', message: spec.unsupported, items: []};
	if (isAgentsTable(spec)) {
		const table = shapeTable(spec, results, 'agents');
		const stateIndex = Math.max(0, spec.columns.findIndex(column => column.name === spec.stateColumn));
		const items = table.rows.map(row => ({
			name: row.name,
			state: formatValue(row.values[stateIndex], spec.columns[stateIndex]!.unit),
			level: worstLevel(row.levels),
			values: Object.fromEntries(spec.columns.map((column, index) => [column.name, row.values[index]!])),
		}));
		return {status: table.status, message: table.message, warnings: table.warnings, items, table: {...table, title: 'Agents'}};
	}
	const result = results.get('agents');
	const error = failed(result);
	if (error || !result?.ok) return {status: 'error', message: error ?? 'not queried', items: []};
	const current = new Map<string, {state: string; value: number}>();
	for (const sample of result.data) {
		const name = sample.labels[spec.agentLabel] ?? '(none)';
		const state = sample.labels[spec.stateLabel] ?? 'unknown';
		const seen = current.get(name);
		if (seen === undefined || sample.value > seen.value) current.set(name, {state, value: sample.value});
	}
	if (current.size === 0) return {status: 'no-data', message: `no series for ${spec.metric}`, items: [], warnings: warningsOf(result)};
	// A state set marks the current state with a value above 0; an agent with every state at 0 reports none.
	const items = [...current].map(([name, {state, value}]) => {
		const shown = value > 0 ? state : 'no state set';
		return {name, state: shown, level: value > 0 ? (spec.stateLevels[state] ?? 'neutral') : 'warn'} as const;
	});
	return {status: 'ok', items: items.sort(byName), warnings: warningsOf(result)};
}

function shapeLocks(profile: Profile, results: Results): LocksPane {
	const spec = profile.locks;
	if (isUnsupported(spec)) return {status: 'unsupported', message: spec.unsupported, items: []};
	const result = results.get('locks');
	const wait = results.get('locks.wait');
	const error = failed(result);
	if (error || !result?.ok) return {status: 'error', message: error ?? 'not queried', items: []};
	const warnings = [...warningsOf(result, wait), ...(failed(wait) ? [`lock wait p95: ${failed(wait)}`] : [])];
	if (result.data.length === 0) return {status: 'no-data', message: `no series for ${spec.metric}`, items: [], warnings};
	const items = rowsBy(result.data, spec.byLabel, spec.rowThreshold, spec.order);
	// Series whose values are all NaN (a 0/0 in a custom query) give no rows: no data, not a total of 0.
	if (items.length === 0) return {status: 'no-data', message: `no numeric values for ${spec.metric}`, items: [], warnings};
	const total = items.reduce((sum, row) => sum + row.value, 0);
	const waitP95 = wait?.ok && wait.data[0] ? wait.data[0].value : undefined;
	return {status: 'ok', total, totalLevel: levelFor(total, spec.totalThreshold), items, waitP95, warnings};
}

function shapeQueue(profile: Profile, results: Results): QueuePane {
	const spec = profile.queue;
	if (isUnsupported(spec)) return {status: 'unsupported', message: spec.unsupported, items: [], active: []};
	const result = results.get('queue');
	const active = results.get('queue.active');
	const error = failed(result);
	if (error || !result?.ok) return {status: 'error', message: error ?? 'not queried', items: [], active: []};
	const warnings = [...warningsOf(result, active), ...(failed(active) ? [`active tasks: ${failed(active)}`] : [])];
	const activeRows = active?.ok && spec.active ? rowsBy(active.data, spec.active.byLabel) : [];
	if (result.data.length === 0) return {status: 'no-data', message: `no series for ${spec.metric}`, items: [], active: activeRows, warnings};
	const items = rowsBy(result.data, spec.byLabel, spec.rowThreshold, spec.order);
	if (items.length === 0) return {status: 'no-data', message: `no numeric values for ${spec.metric}`, items: [], active: activeRows, warnings};
	const depth = items.reduce((sum, row) => sum + row.value, 0);
	return {status: 'ok', depth, depthLevel: levelFor(depth, spec.totalThreshold), items, active: activeRows, warnings};
}

function shapeLatency(profile: Profile, results: Results): LatencyPane {
	const spec = profile.latency;
	if (isUnsupported(spec)) return {status: 'unsupported', message: spec.unsupported, items: [], ratios: []};
	const items: LatencyRow[] = [];
	const errors: string[] = [];
	const causes: string[] = [];
	const warnings: string[] = [];
	const missing: string[] = [];
	for (const histogram of spec.histograms) {
		const result = results.get(`latency.${histogram.name}`);
		if (!result?.ok) {
			causes.push(failed(result) ?? 'not queried');
			errors.push(`${histogram.name}: ${causes.at(-1)}`);
			continue;
		}
		warnings.push(...result.warnings);
		if (result.data.length === 0) {
			missing.push(histogram.metric);
			continue;
		}
		const at = (q: string) => result.data.find(sample => sample.labels.quantile === q)?.value ?? Number.NaN;
		const [p50, p95, p99] = QUANTILES.map(at) as [number, number, number];
		items.push({name: histogram.name, metric: histogram.metric, p50, p95, p99, unit: histogram.unit, level: levelFor(p95, histogram.p95Threshold)});
	}
	const ratios: Ratio[] = [];
	for (const ratio of spec.ratios) {
		const result = results.get(`ratio.${ratio.name}`);
		if (!result?.ok) {
			warnings.push(`${ratio.name}: ${failed(result) ?? 'not queried'}`);
			continue;
		}
		const value = result.data[0]?.value ?? Number.NaN;
		ratios.push({name: ratio.name, value, unit: ratio.unit, level: levelFor(value, ratio.threshold)});
	}
	if (items.length === 0 && errors.length > 0) {
		// One cause for every histogram (the server down, one request for all of them) reads once.
		const once = errors.length === spec.histograms.length && new Set(causes).size === 1;
		return {status: 'error', message: once ? causes[0]! : errors.join('; '), items: [], ratios};
	}
	warnings.push(...errors);
	// rate() needs two scrapes inside the window, so a histogram seen once also lands here.
	const noRate = `no rate yet for ${missing.map(name => `${name}_bucket`).join(', ')} (absent, or fewer than two scrapes in the window)`;
	const ratiosRead = ratios.some(ratio => Number.isFinite(ratio.value));
	if (items.length === 0 && (spec.histograms.length === 0 || ratiosRead)) {
		return {status: 'ok', items, ratios, warnings: missing.length > 0 ? [...warnings, noRate] : warnings};
	}
	if (items.length === 0) return {status: 'no-data', message: noRate, items: [], ratios, warnings};
	return {status: 'ok', items, ratios, warnings};
}

/** Turns one refresh's query results into the panes of one system. Pure. */
export function shapeSystem(profile: Profile, results: Results, now: number): SystemSnapshot {
	const stamp = <T extends {status: string}>(pane: T): T => (pane.status === 'ok' || pane.status === 'no-data' ? {...pane, updatedAt: now} : pane);
	return {
		profile: profile.id,
		title: profile.title,
		up: shapeUp(profile, results.get('up')),
		agents: stamp(shapeAgents(profile, results)),
		locks: stamp(shapeLocks(profile, results)),
		queue: stamp(shapeQueue(profile, results)),
		latency: stamp(shapeLatency(profile, results)),
		extras: (profile.extraPanes ?? []).map((table, index) => stamp(shapeTable(table, results, `extra.${index}`))),
	};
}
