import {z} from 'zod';
import {sanitizeText} from '../model/sanitize.js';

/**
 * Decoders for the `data` of the coding-team stream's events (`event: snapshot`, `event: jobs`).
 *
 * Lenient where a server may differ (unknown fields are ignored, every section and field is optional,
 * a field with an unusable value is dropped as if missing), strict where a wrong value would mislead
 * (counts are finite and non-negative, rates lie in 0..1). Every string is sanitised here, so nothing
 * downstream sees a control byte. Sizes are capped; see the constants below.
 */

/** Largest snapshot `data` decoded, in UTF-16 code units (~64 KiB of ASCII JSON); larger ones are bad events. */
export const MAX_SNAPSHOT_CHARS = 64 * 1024;
/** Largest `jobs` event `data` decoded. */
export const MAX_JOB_EVENT_CHARS = 16 * 1024;
/** Entries kept of `agents.byAgent` (the largest); more are counted in `dropped`. */
export const MAX_AGENTS = 200;
/** Entries kept of the other maps (`jobs.byMode`, `insights.byCategory`). */
export const MAX_MAP_ENTRIES = 50;
/** `timeseries` points kept (the newest). */
export const MAX_TIMESERIES_POINTS = 100;
/** Longest name kept (agent types, modes, categories), in code points. */
const MAX_NAME = 64;

/** Counts by name, largest first; `dropped` says how many valid entries did not fit. */
export type Counts = {readonly entries: ReadonlyArray<{readonly name: string; readonly value: number}>; readonly dropped: number};

/** One `timeseries` point; `timestamp` in ms since epoch. */
export type TimePoint = {
	readonly timestamp: number;
	readonly jobsCreated?: number;
	readonly tokensUsed?: number;
	readonly jobsCompleted?: number;
	readonly jobsFailed?: number;
};

/** A decoded `event: snapshot`: the seed's ledger metrics. A field absent here was missing or unusable. */
export type StreamSnapshot = {
	/** The server's time of the snapshot, ms since epoch. */
	readonly timestamp?: number;
	/** When agentmon received it. */
	readonly receivedAt: number;
	readonly jobs?: {
		readonly total?: number;
		readonly byStatus?: {readonly queued?: number; readonly running?: number; readonly completed?: number; readonly failed?: number};
		readonly byMode?: Counts;
		/** Milliseconds. */
		readonly avgDuration?: number;
		/** 0..1 */
		readonly successRate?: number;
	};
	readonly agents?: {readonly totalEvents?: number; readonly byAgent?: Counts; readonly toolCalls?: number; /** 0..1 */ readonly errorRate?: number};
	readonly budget?: {readonly totalTokens?: number; readonly avgTokensPerJob?: number; readonly budgetExceeded?: number};
	readonly conversations?: {readonly total?: number; readonly avgMessages?: number; readonly byRole?: {readonly user?: number; readonly assistant?: number; readonly system?: number}};
	readonly system?: {readonly ledgerEntries?: number; readonly entriesLast24h?: number; readonly storageBytes?: number};
	readonly insights?: {readonly total?: number; readonly byCategory?: Counts; /** 0..1 */ readonly avgConfidence?: number};
	/** Oldest first. */
	readonly timeseries?: readonly TimePoint[];
};

/** The job lifecycle changes the seed's ledger streams; others are passed on with their (sanitised) type. */
export const JOB_EVENT_TYPES = ['claimed', 'completed', 'failed', 'escalated', 'budget_exceeded'] as const;

/** A decoded `event: jobs`. */
export type JobEvent = {
	readonly type: string;
	readonly jobId: string;
	readonly mode?: string;
	readonly agentType?: string;
	readonly durationMs?: number;
	readonly tokens?: number;
	readonly error?: string;
	/** The server's time of the change, ms since epoch. */
	readonly at?: number;
	/** When agentmon received it. */
	readonly receivedAt: number;
};

/** What a decoder returns: the value, or why the event was unusable (sanitised, short). */
export type Decoded<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly reason: string};

/** ms since epoch from a number (seconds below 1e11, else ms) or a date string; undefined otherwise. */
function epochMs(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e11 ? value * 1000 : value;
	if (typeof value !== 'string' || value.length > 64) return undefined;
	const parsed = Date.parse(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** A plain object's number entries as {@link Counts}, or undefined for anything else. */
function counts(value: unknown, max: number): Counts | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const seen = new Map<string, number>();
	for (const [key, count] of Object.entries(value)) {
		if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) continue;
		const name = sanitizeText(key, {maxLength: MAX_NAME}) || '(empty)';
		if (!seen.has(name)) seen.set(name, count);
	}
	const entries = [...seen].map(([name, count]) => ({name, value: count})).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
	return {entries: entries.slice(0, max), dropped: Math.max(0, entries.length - max)};
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const count = optional(z.number().nonnegative());
const fraction = optional(z.number().min(0).max(1));
// A transform is a required key in zod 4; `.optional()` lets the key be absent.
const epoch = z.unknown().transform(epochMs);
const timestamp = epoch.optional();
const countsOf = (max: number) => z.unknown().transform(value => counts(value, max)).optional();
/** A string (or a number, for ids) made safe to print, at most `max` code points; empty is unusable. */
const text = (max: number) => z.union([z.string(), z.number()]).transform(value => sanitizeText(String(value), {maxLength: max})).refine(value => value !== '', 'empty');

const point = z.object({timestamp: epoch.pipe(z.number()), jobsCreated: count, tokensUsed: count, jobsCompleted: count, jobsFailed: count});

/** Keeps the newest points that decode; the rest are dropped. */
const timeseries = z
	.unknown()
	.transform(value => {
		if (!Array.isArray(value)) return undefined;
		return value.slice(-MAX_TIMESERIES_POINTS).flatMap(item => {
			const parsed = point.safeParse(item);
			return parsed.success ? [parsed.data] : [];
		});
	})
	.optional();

const snapshotSchema = z.object({
	timestamp,
	jobs: optional(
		z.object({
			total: count,
			byStatus: optional(z.object({queued: count, running: count, completed: count, failed: count})),
			byMode: countsOf(MAX_MAP_ENTRIES),
			avgDuration: count,
			successRate: fraction,
		}),
	),
	agents: optional(z.object({totalEvents: count, byAgent: countsOf(MAX_AGENTS), toolCalls: count, errorRate: fraction})),
	budget: optional(z.object({totalTokens: count, avgTokensPerJob: count, budgetExceeded: count})),
	conversations: optional(z.object({total: count, avgMessages: count, byRole: optional(z.object({user: count, assistant: count, system: count}))})),
	system: optional(z.object({ledgerEntries: count, entriesLast24h: count, storageBytes: count})),
	insights: optional(z.object({total: count, byCategory: countsOf(MAX_MAP_ENTRIES), avgConfidence: fraction})),
	timeseries,
});

const jobEventSchema = z.object({
	type: text(32),
	jobId: text(128),
	mode: optional(text(32)),
	agentType: optional(text(MAX_NAME)),
	durationMs: count,
	tokens: count,
	error: optional(text(300)),
	at: timestamp,
});

const SECTIONS = ['jobs', 'agents', 'budget', 'conversations', 'system', 'insights', 'timeseries'] as const;

/** JSON.parse that reports instead of throwing; `data` longer than `max` is refused unread. */
function parseJson(data: string, max: number, what: string): Decoded<unknown> {
	if (data.length > max) return {ok: false, reason: `${what} larger than ${Math.round(max / 1024)} KiB`};
	try {
		return {ok: true, value: JSON.parse(data) as unknown};
	} catch {
		return {ok: false, reason: `${what} is not JSON`};
	}
}

/** The first zod issue as `path: message`, sanitised. */
function describeIssue(error: z.ZodError, what: string): string {
	const issue = error.issues[0];
	const path = issue?.path.map(String).join('.') ?? '';
	return sanitizeText(`${what}${path ? ` ${path}` : ''}: ${issue?.message ?? 'invalid'}`, {maxLength: 200});
}

/** Decodes the `data` of an `event: snapshot`. Never throws. */
export function decodeSnapshot(data: string, receivedAt: number): Decoded<StreamSnapshot> {
	const json = parseJson(data, MAX_SNAPSHOT_CHARS, 'snapshot');
	if (!json.ok) return json;
	if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) return {ok: false, reason: 'snapshot is not a JSON object'};
	const parsed = snapshotSchema.safeParse(json.value);
	if (!parsed.success) return {ok: false, reason: describeIssue(parsed.error, 'snapshot')};
	if (SECTIONS.every(section => parsed.data[section] === undefined)) return {ok: false, reason: `snapshot has none of ${SECTIONS.join(', ')}`};
	return {ok: true, value: {...parsed.data, receivedAt}};
}

/** Decodes the `data` of an `event: jobs`; `type` and `jobId` are required. Never throws. */
export function decodeJobEvent(data: string, receivedAt: number): Decoded<JobEvent> {
	const json = parseJson(data, MAX_JOB_EVENT_CHARS, 'jobs event');
	if (!json.ok) return json;
	const parsed = jobEventSchema.safeParse(json.value);
	if (!parsed.success) return {ok: false, reason: describeIssue(parsed.error, 'jobs event')};
	return {ok: true, value: {...parsed.data, receivedAt}};
}
