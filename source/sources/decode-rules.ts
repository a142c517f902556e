import type {AlertRuleInfo} from '../model/evidence.js';
import {sanitizeLabels, sanitizeText} from '../model/sanitize.js';

/** Alerting rules kept from one answer of `/api/v1/rules`; the rest are dropped with a warning. */
export const MAX_RULES = 10_000;

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** Seconds (a number, or a numeric string) as ms, fractions kept; undefined for anything else or a negative number. */
function secondsToMs(value: unknown): number | undefined {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** An RFC 3339 time as ms since epoch; undefined when unreadable or before 1970 (Prometheus says `0001-01-01T00:00:00Z` for "never"). */
function timeMs(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.length > 64) return undefined;
	const ms = Date.parse(value);
	return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function decodeRule(raw: Fields, group: string, file: string | undefined): AlertRuleInfo {
	const healthText = sanitizeText(raw.health, {maxLength: 20});
	const health = healthText === 'ok' || healthText === 'err' ? healthText : 'unknown';
	const lastError = typeof raw.lastError === 'string' && raw.lastError !== '' ? sanitizeText(raw.lastError, {maxLength: 1000}) : undefined;
	const lastEvaluation = timeMs(raw.lastEvaluation);
	const evaluationMs = secondsToMs(raw.evaluationTime);
	return {
		// The alerts' alertname passes sanitizeLabels: the same limit, so a long name still matches.
		name: sanitizeText(raw.name, {maxLength: 1024}),
		group,
		...(file ? {file} : {}),
		// Kept multi-line (rule files write long expressions over several lines): it is evaluated again.
		expr: sanitizeText(raw.query, {maxLength: 20_000, singleLine: false}),
		forMs: Math.round(secondsToMs(raw.duration) ?? 0),
		health,
		...(lastError ? {lastError} : {}),
		...(lastEvaluation === undefined ? {} : {lastEvaluation}),
		...(evaluationMs === undefined ? {} : {evaluationMs}),
		labels: sanitizeLabels(raw.labels),
	};
}

/**
 * Decodes the `data` of `/api/v1/rules`: the alerting rules of every group (recording rules are
 * skipped, whatever `type=` the server honoured), every string sanitised, at most MAX_RULES kept.
 * Never throws: anything malformed is skipped or read as absent.
 */
export function decodeRules(data: unknown): {rules: AlertRuleInfo[]; dropped: number} {
	const rules: AlertRuleInfo[] = [];
	let dropped = 0;
	for (const rawGroup of list(fields(data).groups)) {
		const group = fields(rawGroup);
		const groupName = sanitizeText(group.name, {maxLength: 200});
		const file = typeof group.file === 'string' && group.file !== '' ? sanitizeText(group.file, {maxLength: 500}) : undefined;
		for (const rawRule of list(group.rules)) {
			const rule = fields(rawRule);
			// A rule without a name could never be an alert's.
			if (rule.type !== 'alerting' || typeof rule.name !== 'string' || rule.name === '') continue;
			if (rules.length >= MAX_RULES) dropped++;
			else rules.push(decodeRule(rule, groupName, file));
		}
	}
	return {rules, dropped};
}
