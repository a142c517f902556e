import {closeSync, mkdirSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';

/** Where a note went, or why it could not be written. */
export type WriteResult = {readonly ok: true; readonly path: string} | {readonly ok: false; readonly message: string};

/** `agentmon-triage-20261123T120000Z.md`: sorts by time, no characters a shell or Windows dislikes. */
export function triageFileName(at: Date, attempt = 1): string {
	const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
	return `agentmon-triage-${stamp}${attempt > 1 ? `-${attempt}` : ''}.md`;
}

/**
 * Writes a triage note into `$AGENTMON_TRIAGE_DIR` (created if missing), else the current directory,
 * never over an existing file (a second note in the same second gets `-2`). Never throws.
 */
export function writeTriageNote(markdown: string, at: Date, env: NodeJS.ProcessEnv, cwd = process.cwd()): WriteResult {
	const dir = path.resolve(cwd, env.AGENTMON_TRIAGE_DIR || '.');
	try {
		mkdirSync(dir, {recursive: true});
	} catch (error) {
		return {ok: false, message: `cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`};
	}
	for (let attempt = 1; attempt <= 20; attempt++) {
		const file = path.join(dir, triageFileName(at, attempt));
		let fd: number;
		try {
			fd = openSync(file, 'wx', 0o644);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			return {ok: false, message: `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`};
		}
		try {
			writeSync(fd, markdown);
		} catch (error) {
			return {ok: false, message: `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`};
		} finally {
			closeSync(fd);
		}
		return {ok: true, path: file};
	}
	return {ok: false, message: `too many notes in ${dir} this second`};
}
