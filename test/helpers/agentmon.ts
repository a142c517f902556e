import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built CLI the e2e tests run, as a user would (`npm test` builds it first). */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

export type CliRun = {code: number; stdout: string; stderr: string};

/**
 * The proxy variables agentmon reads, blank: a proxy set on the machine running the tests (a CI runner
 * behind squid) must not decide where the CLI connects. A blank value counts as unset, as in curl and Go.
 */
export const NO_PROXY_ENV: Readonly<Record<string, string>> = Object.fromEntries(
	['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap(name => [[name, ''], [name.toLowerCase(), '']]),
);

/**
 * The environment of every CLI child of the tests (runCli, the tmux sessions): the developer's own config
 * file (contexts) must not leak into the tests, nor the machine's proxy. A test sets its own on top.
 */
export const ISOLATED: Readonly<Record<string, string>> = {XDG_CONFIG_HOME: mkdtempSync(path.join(os.tmpdir(), 'agentmon-no-config-')), ...NO_PROXY_ENV};

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
