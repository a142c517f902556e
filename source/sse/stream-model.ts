import {formatSeconds, formatValue} from '../model/format.js';
import {levelFor} from '../model/thresholds.js';
import type {ActivityItem, AgentsPane, LatencyPane, QueuePane, Ratio, SystemSnapshot, TablePane, UpState} from '../model/types.js';
import {codingTeam} from '../profiles/coding-team.js';
import {isUnsupported, type Level, type Threshold, type Unit} from '../profiles/types.js';
import {MAX_AGENTS, type JobEvent, type StreamSnapshot} from './snapshot.js';

/**
 * Maps the coding-team stream onto the panes agentmon draws (profile `coding-team`), with the
 * profile's thresholds. Pure. Nothing is invented: a field missing from the snapshot shows as
 * no-data (or a `–` cell) with a message naming the field.
 */

const profile = codingTeam;
const queueThreshold = isUnsupported(profile.queue) ? undefined : profile.queue.totalThreshold;
const latency = isUnsupported(profile.latency) ? undefined : profile.latency;
/** SlowJobs watches the p95; an average above the same limit means the p95 is above it too. */
const jobThreshold = latency?.histograms.find(histogram => histogram.name === 'job')?.p95Threshold;
const failureThreshold = latency?.ratios.find(ratio => ratio.name === 'job failures')?.threshold;
/** HighFailureRate (> 20 % failed) seen from the other side: success below 80 %. */
const successThreshold: Threshold | undefined =
	failureThreshold?.crit === undefined ? undefined : {crit: 100 - failureThreshold.crit, below: true, source: failureThreshold.source};
const budgetThreshold = profile.extraPanes?.flatMap(pane => pane.columns).find(column => column.name === 'over budget')?.threshold;

const missing = (field: string) => `no ${field} in the snapshot`;

/** `host:port` of a stream URL (default ports filled in), for the up target. */
export function streamInstance(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
	} catch {
		return 'stream';
	}
}

function queuePane(snapshot: StreamSnapshot): QueuePane {
	const {queued, running} = snapshot.jobs?.byStatus ?? {};
	const active = running === undefined ? [] : [{name: 'running', value: running, level: 'neutral' as const}];
	const warnings = running === undefined ? [missing('jobs.byStatus.running')] : [];
	if (queued === undefined) return {status: 'no-data', message: missing('jobs.byStatus.queued'), items: [], active, warnings};
	const level = levelFor(queued, queueThreshold);
	return {status: 'ok', depth: queued, depthLevel: level, items: [{name: 'queued', value: queued, level}], active, warnings};
}

const AGENT_COLUMNS = [
	{name: 'events', unit: 'count'},
	{name: 'share', unit: '%'},
] as const;

function agentsPane(snapshot: StreamSnapshot): AgentsPane {
	const byAgent = snapshot.agents?.byAgent;
	const total = snapshot.agents?.totalEvents;
	const base = {title: 'Agents', columns: AGENT_COLUMNS};
	if (byAgent === undefined || byAgent.entries.length === 0) {
		const message = byAgent === undefined ? missing('agents.byAgent') : 'agents.byAgent is empty';
		return {status: 'no-data', message, items: [], table: {...base, status: 'no-data', message, rows: []}};
	}
	const warnings = [
		...(total === undefined ? [`share: ${missing('agents.totalEvents')}`] : []),
		...(byAgent.dropped > 0 ? [`${byAgent.dropped} more agent types not shown (at most ${MAX_AGENTS})`] : []),
	];
	const rows = byAgent.entries
		.map(({name, value}) => ({name, events: value, share: total !== undefined && total > 0 ? (100 * value) / total : Number.NaN}))
		.sort((a, b) => a.name.localeCompare(b.name));
	const levels: Level[] = ['neutral', 'neutral'];
	return {
		status: 'ok',
		warnings,
		items: rows.map(row => ({name: row.name, state: `${formatValue(row.events, 'count')} events`, level: row.events > 0 ? 'ok' : 'neutral', values: {events: row.events, share: row.share}})),
		table: {...base, status: 'ok', warnings, rows: rows.map(row => ({name: row.name, values: [row.events, row.share], levels}))},
	};
}

function latencyPane(snapshot: StreamSnapshot): LatencyPane {
	const ratio = (name: string, field: string, value: number | undefined, unit: Unit, threshold?: Threshold): Ratio & {field: string; absent: boolean} => ({
		name,
		field,
		absent: value === undefined,
		value: value ?? Number.NaN,
		unit,
		level: levelFor(value, threshold),
	});
	const rows = [
		ratio('avg job', 'jobs.avgDuration', snapshot.jobs?.avgDuration === undefined ? undefined : snapshot.jobs.avgDuration / 1000, 's', jobThreshold),
		ratio('success', 'jobs.successRate', snapshot.jobs?.successRate === undefined ? undefined : 100 * snapshot.jobs.successRate, '%', successThreshold),
		ratio('agent errors', 'agents.errorRate', snapshot.agents?.errorRate === undefined ? undefined : 100 * snapshot.agents.errorRate, '%'),
	];
	const absent = rows.filter(row => row.absent).map(row => row.field);
	const ratios = rows.map(({name, value, unit, level}) => ({name, value, unit, level}));
	if (absent.length === rows.length) return {status: 'no-data', message: missing(absent.join(', ')), items: [], ratios: []};
	return {status: 'ok', items: [], ratios, warnings: absent.map(missing)};
}

type FieldColumn = {readonly name: string; readonly field: string; readonly unit: Unit; readonly threshold?: Threshold};

/** A one-row table of a snapshot section's fields: a missing field is a `–` cell and a warning naming it. */
function sectionTable(title: string, sectionName: string, section: Readonly<Record<string, unknown>> | undefined, columns: readonly FieldColumn[]): TablePane {
	const base = {title, columns: columns.map(({name, unit}) => ({name, unit}))};
	if (section === undefined) return {...base, status: 'no-data', message: missing(sectionName), rows: []};
	const values = columns.map(column => section[column.field]).map(value => (typeof value === 'number' ? value : Number.NaN));
	const warnings = columns.filter((_, index) => Number.isNaN(values[index])).map(column => missing(`${sectionName}.${column.field}`));
	const levels = columns.map((column, index) => levelFor(values[index], column.threshold));
	return {...base, status: 'ok', warnings, rows: [{name: sectionName, values, levels}]};
}

/** The coding-team system as the stream shows it at `at` (ms since epoch); `url` names the up target. */
export function streamSystem(snapshot: StreamSnapshot, at: number, url?: string): SystemSnapshot {
	const stamp = <T extends {status: string}>(pane: T): T => ({...pane, updatedAt: at});
	const up: UpState = {status: 'up', targets: [{job: 'sse', instance: url === undefined ? 'stream' : streamInstance(url), up: true}], describe: 'the coding-team metrics stream'};
	return {
		profile: profile.id,
		title: profile.title,
		up,
		agents: stamp(agentsPane(snapshot)),
		locks: {status: 'unsupported', message: isUnsupported(profile.locks) ? profile.locks.unsupported : 'this system exposes no locks', items: []},
		queue: stamp(queuePane(snapshot)),
		latency: stamp(latencyPane(snapshot)),
		extras: [
			stamp(
				sectionTable('Budget', 'budget', snapshot.budget, [
					{name: 'tokens', field: 'totalTokens', unit: 'count'},
					{name: 'avg/job', field: 'avgTokensPerJob', unit: 'count'},
					{name: 'over budget', field: 'budgetExceeded', unit: 'count', threshold: budgetThreshold},
				]),
			),
			stamp(
				sectionTable('Ledger', 'system', snapshot.system, [
					{name: 'entries', field: 'ledgerEntries', unit: 'count'},
					{name: 'last 24 h', field: 'entriesLast24h', unit: 'count'},
					{name: 'storage', field: 'storageBytes', unit: 'bytes'},
				]),
			),
		],
	};
}

/** `12.3k`, `1.23M`: token counts short enough for a feed line. */
export function formatTokens(tokens: number): string {
	// The switch points are where 3 significant digits would round up to the next unit (999 999 → 1M, not 1000k).
	if (tokens >= 999_500) return `${Number((tokens / 1e6).toPrecision(3))}M`;
	if (tokens >= 999.5) return `${Number((tokens / 1e3).toPrecision(3))}k`;
	return String(Math.round(tokens));
}

const VERBS: Readonly<Record<string, string>> = {budget_exceeded: 'went over budget'};
const LEVELS: Readonly<Record<string, Level>> = {completed: 'ok', failed: 'crit', escalated: 'warn', budget_exceeded: 'warn'};

/**
 * One line of the activity feed for a job event, e.g. `job 1234 completed (mechanic, coder) 42s 12.3k tokens`
 * (the feed shows the time beside it). Failed is crit, escalated and over budget are warn, completed ok.
 */
export function activityItem(event: JobEvent): ActivityItem {
	const who = [event.mode, event.agentType].filter(part => part !== undefined);
	const parts = [
		`job ${event.jobId} ${VERBS[event.type] ?? event.type}`,
		...(who.length > 0 ? [`(${who.join(', ')})`] : []),
		...(event.durationMs === undefined ? [] : [formatSeconds(event.durationMs / 1000)]),
		...(event.tokens === undefined ? [] : [`${formatTokens(event.tokens)} tokens`]),
	];
	const text = parts.join(' ') + (event.error === undefined ? '' : `: ${event.error}`);
	return {at: event.at ?? event.receivedAt, text, level: LEVELS[event.type] ?? 'neutral'};
}
