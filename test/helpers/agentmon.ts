import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built CLI the e2e tests run, as a user would (`npm test` builds it first). */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

export type CliRun = {code: number; stdout: string; stderr: string};

/** The developer's own config file (contexts) must not leak into the tests. */
export const ISOLATED = {XDG_CONFIG_HOME: mkdtempSync(path.join(os.tmpdir(), 'agentmon-no-config-'))};

/** Runs `node dist/cli.js …` to completion. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliRun> {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds it)`);
	return new Promise(resolve => {
		execFile(process.execPath, [CLI, ...args], {env: {...process.env, ...ISOLATED, ...env}, timeout: timeoutMs}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({code, stdout, stderr});
		});
	});
}
