import {execFile} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PAYLOADS, SHOWN} from '../fixtures/hostile/payloads.js';
import {longUrl, runbookUrl} from '../fixtures/hostile/prometheus-api.js';
import {auditTerminalBytes, describeFindings, forbiddenCharacter} from '../fixtures/hostile/terminal-bytes.js';
import {CLI, ISOLATED, type CliRun} from '../helpers/agentmon.js';
import {sourceArgs, startHostileServer, type HostileServer, type HostileSource} from '../helpers/hostile-server.js';

// `--once` against a server whose every string is hostile (test/helpers/hostile-server.ts): the output
// shows that text visibly, emits none of it, keeps JSON valid and markdown tables whole, and caps huge input.
// The dashboard in a terminal: hostile-terminal.test.ts.

const FORMATS = ['text', 'markdown', 'json'] as const;

let server: HostileServer;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'agentmon-hostile-'));

beforeAll(async () => {
	server = await startHostileServer();
});
afterAll(async () => server?.close());

/** Runs the built CLI to completion; unlike runCli it keeps stdout past 1 MB (100k agents in JSON). */
async function agentmon(args: readonly string[], timeoutMs = 30_000): Promise<CliRun> {
	return new Promise(resolve => {
		execFile(process.execPath, [CLI, ...args], {env: {...process.env, ...ISOLATED}, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

/** Output off a terminal: no escape sequence at all (RELIABILITY 19), no control, C1, bidi or invisible character. */
function expectInert(output: string, what: string): void {
	const {findings} = auditTerminalBytes(Buffer.from(output));
	expect(findings, `${what}:\n${describeFindings(findings)}`).toEqual([]);
	expect(output.includes('\u001B'), `${what} holds an ESC`).toBe(false);
}

/** Every string in a JSON value. */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
	return [];
}

/** Valid JSON whose every key and value is sanitised and capped; returns the parsed document. */
function expectSafeJson(stdout: string, what: string): Record<string, unknown> {
	const document = JSON.parse(stdout) as Record<string, unknown>;
	// One assertion for all (100k agents make 300k strings): the first few offenders, described.
	const offenders = strings(document).flatMap(text => {
		const problem = forbiddenCharacter(text) ?? (text.length > 4096 ? `${text.length} characters long` : undefined);
		return problem ? [`${problem}: ${JSON.stringify(text.slice(0, 80))}`] : [];
	});
	expect(offenders.slice(0, 5), what).toEqual([]);
	return document;
}

/** Every markdown table row has as many cells as its header: a pipe in server text cannot add a column. */
function expectTablesIntact(markdown: string): void {
	const cells = (line: string) => line.replaceAll('\\\\', '').replaceAll('\\|', '').split('|').length;
	let header: number | undefined;
	for (const line of markdown.split('\n')) {
		if (!line.startsWith('|')) header = undefined;
		else if (header === undefined) header = cells(line);
		else expect(cells(line), `table row: ${line.slice(0, 120)}`).toBe(header);
	}
}

const SOURCES: readonly HostileSource[] = ['--prometheus', '--prometheus --alertmanager', '--scrape', '--sse'];

describe('agentmon --once against a hostile server', () => {
	it.each(SOURCES)('%s: text, markdown and JSON show the hostile text visibly and emit none of it', async name => {
		const [text, markdown, json] = await Promise.all(FORMATS.map(async format => agentmon([...sourceArgs(server)[name], '--once', '--format', format])));
		for (const [format, run] of [['text', text!], ['markdown', markdown!], ['json', json!]] as const) {
			expect(run.code, `${format}: ${run.stderr}`).toBe(0);
			expectInert(run.stdout, `${name} ${format} stdout`);
			expectInert(run.stderr, `${name} ${format} stderr`);
		}
		for (const shown of Object.values(SHOWN)) expect(text!.stdout).toContain(shown);
		// Markdown escapes backslashes and pipes.
		expect(markdown!.stdout).toContain(SHOWN.title.replaceAll('\\', '\\\\'));
		expectTablesIntact(markdown!.stdout);
		const document = expectSafeJson(json!.stdout, `${name} json`);
		expect(strings(document).some(value => value.includes(SHOWN.title))).toBe(true);
	});

	it('JSON keeps javascript: and control-laden runbook URLs out, and names who silenced an alert', async () => {
		const run = await agentmon([...sourceArgs(server)['--prometheus --alertmanager'], '--once', '--format', 'json']);
		const {alerts} = expectSafeJson(run.stdout, 'alerts') as {alerts: Array<{name: string; runbookUrl?: string; alertmanager?: {silencedBy: Array<{createdBy?: string; comment?: string}>}}>};
		const origin = new URL(server.alertmanager).origin;
		expect(alerts.flatMap(alert => (alert.runbookUrl ? [alert.runbookUrl] : [])).sort()).toEqual([longUrl(origin), runbookUrl(origin)].sort());
		const silence = alerts.flatMap(alert => alert.alertmanager?.silencedBy ?? []).find(item => item.createdBy !== undefined);
		expect(silence?.createdBy).toBe(SHOWN.title);
		expect(silence?.comment).toContain(SHOWN.clear);
	});

	it('a Prometheus error, bad_data or a proxy 502 page, reaches stderr as one sanitised line', async () => {
		const [badData, proxy, badDataJson, queryError] = await Promise.all([
			agentmon(['--prometheus', server.prometheus('bad-data'), '--once']),
			agentmon(['--prometheus', server.prometheus('proxy-502'), '--once']),
			agentmon(['--prometheus', server.prometheus('bad-data'), '--once', '--format', 'json']),
			agentmon(['--prometheus', server.prometheus('query-error'), '--once', '--format', 'json']),
		]);
		for (const run of [badData, proxy, badDataJson, queryError]) {
			expect(run.code).toBe(1);
			expectInert(run.stdout, 'stdout');
			expectInert(run.stderr, 'stderr');
		}
		expect(badData.stderr.trim().split('\n')).toHaveLength(1);
		expect(badData.stderr).toMatch(/HTTP 400 bad_data: .*\\x1b\[2J/);
		expect(proxy.stderr.trim().split('\n')).toHaveLength(1);
		expect(proxy.stderr).toContain(String.raw`HTTP 502: 502 Bad Gateway \x1b]0;pwned\x07`);
		expect(strings(expectSafeJson(badDataJson.stdout, 'bad-data json')).some(value => value.includes('bad_data'))).toBe(true);
		const {errors} = expectSafeJson(queryError.stdout, 'query-error json') as {errors: Array<{scope: string; message: string}>};
		expect(errors.find(error => error.scope === 'coordination-server/agents')?.message).toMatch(/^HTTP 422 execution: \\x1b\[2J/);
	});

	it('a --rules file with hostile group names and durations fails with one sanitised line', async () => {
		const file = path.join(scratch, 'rules.yml');
		writeFileSync(file, `groups:\n  - name: ${JSON.stringify(PAYLOADS.title)}\n    rules:\n      - alert: A\n        expr: up == 0\n        for: ${JSON.stringify(PAYLOADS.clipboard)}\n`);
		const run = await agentmon(['--scrape', server.metrics, '--rules', file, '--once']);
		expect(run.code).toBe(2);
		expectInert(run.stderr, 'stderr');
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(run.stderr).toContain(String.raw`groups.\x1b]0;pwned\x07.rules.0.for: "\x1b]52;c;`);
	});

	it('100k series, 10k alerts and 1 MB labels: answers in seconds, the 1 MB label shortened', async () => {
		const started = Date.now();
		const run = await agentmon(['--prometheus', server.prometheus('huge'), '--once', '--format', 'json']);
		expect(run.code, run.stderr).toBe(0);
		expect(Date.now() - started).toBeLessThan(20_000);
		const document = expectSafeJson(run.stdout, 'huge json') as {systems: Array<{agents: {items: Array<{name: string}>}; queue: {items: Array<{name: string}>}}>; alerts: unknown[]};
		const [system] = document.systems;
		const longest = Math.max(...system!.agents.items.map(agent => agent.name.length), ...system!.queue.items.map(row => row.name.length));
		expect(longest).toBeLessThanOrEqual(1024);
		expect(run.stdout).not.toContain('HUGE-TAIL');
		expect(system!.agents.items.length).toBeGreaterThan(1000);
		expect(document.alerts.length).toBeLessThanOrEqual(5000);
	}, 30_000);
});
