import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {sanitizeText} from '../model/sanitize.js';
import {MAX_RUNBOOK_CHARS, parseRunbookMarkdown, RunbookParseError} from './parse-markdown.js';
import type {Runbook} from './types.js';

/** Largest runbook file read, in bytes. */
const MAX_FILE_BYTES = MAX_RUNBOOK_CHARS;

/**
 * Reads `--runbooks DIR`: every `<AlertName>.md` in it (not in subdirectories) as the runbook of that
 * alertname, keyed in lower case because file names and alertnames may differ in case. Throws
 * RunbookParseError naming the directory, or the file and line, for anything it cannot use.
 */
export function loadRunbookDirectory(dir: string): Record<string, Runbook> {
	let names: string[];
	try {
		if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), {code: 'ENOTDIR'});
		names = readdirSync(dir).sort();
	} catch (error) {
		throw new RunbookParseError(`--runbooks ${dir}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	const runbooks: Record<string, Runbook> = {};
	const files: Record<string, string> = {};
	for (const name of names) {
		if (!/\.md$/i.test(name)) continue;
		const file = path.join(dir, name);
		const alert = sanitizeText(name.slice(0, -3), {maxLength: 200});
		let text: string;
		try {
			if (!statSync(file).isFile()) continue;
			if (statSync(file).size > MAX_FILE_BYTES) throw new RunbookParseError(`${file}:1: larger than ${MAX_FILE_BYTES / 1024} KiB`);
			text = readFileSync(file, 'utf8');
		} catch (error) {
			if (error instanceof RunbookParseError) throw error;
			throw new RunbookParseError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
		const key = alert.toLowerCase();
		if (files[key]) throw new RunbookParseError(`${file}:1: ${path.basename(files[key])} is the runbook of the same alert (names match without regard to case)`);
		files[key] = file;
		runbooks[key] = parseRunbookMarkdown(text, {file, alert, source: 'directory'});
	}
	return runbooks;
}
