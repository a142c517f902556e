import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {parse} from 'yaml';
import type {z} from 'zod';
import {sanitizeText} from '../model/sanitize.js';
import {profileFileSchema, type ProfileFile} from './profile-schema.js';
import type {Profile} from './types.js';
import {upSpec} from './up-query.js';

/** A profile file that cannot be used; the message names the file, the field and what was expected. */
export class ProfileError extends Error {
	override readonly name = 'ProfileError';
}

/**
 * Every string of a profile file (keys too) passes the sanitiser before anything else sees it:
 * its titles, labels and runbook text reach the screen like server text does. Newlines stay
 * (runbook details and code blocks), every other control character is shown visibly.
 */
function sanitizeDeep(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return sanitizeText(value, {singleLine: false, maxLength: 8000});
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.slice(0, 1000).map(item => sanitizeDeep(item, depth + 1));
	return Object.fromEntries(Object.entries(value).slice(0, 1000).map(([key, item]) => [sanitizeText(key, {maxLength: 200}), sanitizeDeep(item, depth + 1)]));
}

/**
 * One line per problem, naming the field. A union (a pane that may be a table or a state set)
 * reports the branch that came closest, with its own field paths, not just "invalid input".
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[], base: ReadonlyArray<PropertyKey> = []): Array<{path: PropertyKey[]; message: string}> {
	return issues.flatMap(issue => {
		const path = [...base, ...issue.path];
		if (issue.code === 'invalid_union' && issue.errors.length > 0) {
			const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
			return flattenIssues(closest, path);
		}
		return [{path, message: issue.message}];
	});
}

function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
	return flattenIssues(issues)
		.slice(0, 20)
		.map(issue => `${file}: ${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${sanitizeText(issue.message, {maxLength: 300})}`)
		.join('\n');
}

function toProfile(data: ProfileFile): Profile {
	const none = (what: string) => ({unsupported: `this system defines no ${what}`});
	const {agents, locks, queue, latency} = data.panes;
	return {
		id: data.id,
		title: data.title,
		signature: data.signature,
		up: data.up ? {promql: data.up.promql, describe: data.up.describe ?? data.up.promql} : upSpec(undefined, data.signature[0]!),
		agents: agents ?? none('agents pane'),
		locks: locks ?? none('locks'),
		queue: queue ?? none('queue'),
		latency: latency ?? none('latency histograms'),
		extraPanes: data.extraPanes,
		runbooks: data.runbooks.map(runbook => ({...runbook, source: 'profile' as const})),
		notes: data.notes,
	};
}

/** Reads and validates one custom profile file (YAML or JSON). */
export function loadProfileFile(file: string): Profile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new ProfileError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	let raw: unknown;
	try {
		raw = parse(text, {maxAliasCount: 100});
	} catch (error) {
		throw new ProfileError(`${file}: not valid YAML: ${sanitizeText((error as Error).message.split('\n')[0], {maxLength: 300})}`);
	}
	const result = profileFileSchema.safeParse(sanitizeDeep(raw));
	if (!result.success) throw new ProfileError(describeIssues(file, result.error.issues));
	const agents = result.data.panes.agents;
	if (agents && 'kind' in agents && agents.kind === 'table' && !agents.columns.some(column => column.name === agents.stateColumn)) {
		throw new ProfileError(`${file}: panes.agents.stateColumn: expected one of the column names (${agents.columns.map(column => column.name).join(', ')})`);
	}
	return toProfile(result.data);
}

/** Loads a profile file, or every `.yaml`/`.yml` file of a directory (sorted by name). */
export function loadProfiles(target: string): Profile[] {
	let isDirectory = false;
	try {
		isDirectory = statSync(target).isDirectory();
	} catch {
		throw new ProfileError(`${target}: no such profile file or directory`);
	}
	if (!isDirectory) return [loadProfileFile(target)];
	const files = readdirSync(target)
		.filter(name => /\.ya?ml$/i.test(name))
		.sort();
	if (files.length === 0) throw new ProfileError(`${target}: the directory has no .yaml profile files`);
	return files.map(name => loadProfileFile(path.join(target, name)));
}
