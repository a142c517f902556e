import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {parse} from 'yaml';
import type {z} from 'zod';
import {profileFileSchema, type ProfileFile} from './profile-schema.js';
import type {Profile} from './types.js';

/** A profile file that cannot be used; the message names the file, the field and what was expected. */
export class ProfileError extends Error {
	override readonly name = 'ProfileError';
}

function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
	return issues
		.slice(0, 20)
		.map(issue => `${file}: ${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
		.join('\n');
}

function toProfile(data: ProfileFile): Profile {
	const none = (what: string) => ({unsupported: `this system defines no ${what}`});
	const {agents, locks, queue, latency} = data.panes;
	return {
		id: data.id,
		title: data.title,
		signature: data.signature,
		up: data.up
			? {promql: data.up.promql, describe: data.up.describe ?? data.up.promql}
			: {
					promql: `up * on (job, instance) group_left () group by (job, instance) (last_over_time(${data.signature[0]}[1h]))`,
					describe: `up of targets exposing ${data.signature[0]}`,
				},
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
		throw new ProfileError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
	}
	const result = profileFileSchema.safeParse(raw);
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
