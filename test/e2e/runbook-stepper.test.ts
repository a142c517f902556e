import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {CLI, runCli} from '../helpers/agentmon.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {startRecordedTmux, type RecordedTmuxSession} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';
import {serve, type LoopbackServer} from '../scrape/loopback-server.js';

/*
 * The runbook stepper as a user runs it: a real Prometheus scraping the coordination-server
 * simulator with its example rules, a `--runbooks` directory of the user's own, a runbook served
 * over HTTP behind a `runbook_url`, and agentmon in tmux with its raw output logged.
 */

const ERROR_RATE = '100 * sum(rate(coordination_server_api_requests_total{status_code!~"2.."}[10s]))\n    / sum(rate(coordination_server_api_requests_total[10s]))';
const USER_RUNBOOK = `# Our API error runbook

Errors above 5% page the on-call; these are our own steps.

1. Check the error rate right now
   Over the last 10 seconds, in percent; it should be below 5%.

   \`\`\`promql
   ${ERROR_RATE.split('\n').join('\n   ')}
   \`\`\`
2. Look at the server
   \`\`\`sh
   curl -sS http://localhost:3456/health
   \`\`\`
`;
const URL_RUNBOOK = '# Lock check from the wiki\n\nServed over HTTP.\n\n1. Count the locks\n   ```promql\n   sum(coordination_server_active_locks)\n   ```\n';
const GITHUB_RUNBOOK = 'https://github.com/agentmon/agentmon/blob/main/docs/runbooks/coordination-server.md#highapierrorrate';

let sim: CoordinationServerSimulator;
let prometheus: RunningDaemon;
let wiki: LoopbackServer;
let runbooks: string;
let notes: string;
let session: RecordedTmuxSession | undefined;

beforeAll(async () => {
	wiki = await serve({'/runbooks/url.md': (_, response) => response.writeHead(200, {'content-type': 'text/markdown'}).end(URL_RUNBOOK)});
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-stepper-'));
	runbooks = path.join(dir, 'runbooks');
	notes = path.join(dir, 'notes');
	mkdirSync(runbooks);
	writeFileSync(path.join(runbooks, 'highapierrorrate.md'), USER_RUNBOOK);
	const rules = path.join(dir, 'url-runbook.yml');
	writeFileSync(
		rules,
		`groups:\n  - name: stepper\n    rules:\n      - alert: WikiRunbookAlert\n        expr: vector(1)\n        labels: {severity: info}\n        annotations:\n          summary: "An alert whose runbook lives on a wiki"\n          runbook_url: "${wiki.url}/runbooks/url.md"\n`,
	);
	sim = await startCoordinationServerSimulator({port: 0, scenario: 'error-burst'});
	prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [path.resolve('examples/coordination-server/alerts.yml'), rules], fastRules: true});
	await waitFor(
		async () => {
			const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {data: {alerts: Array<{labels: Record<string, string>; state: string}>}};
			const firing = new Set(body.data.alerts.filter(alert => alert.state === 'firing').map(alert => alert.labels.alertname));
			return firing.has('HighAPIErrorRate') && firing.has('WikiRunbookAlert');
		},
		{timeoutMs: 45_000, intervalMs: 500, description: 'HighAPIErrorRate and WikiRunbookAlert firing'},
	);
}, 90_000);

afterAll(async () => {
	await session?.kill();
	await prometheus?.stop();
	await sim?.close();
	await wiki?.close();
});

const agentmon = (...extra: string[]) => [process.execPath, CLI, '--prometheus', prometheus.url, '--runbooks', runbooks, '--interval', '1s', '--window', '1m', ...extra];

describe('the runbook stepper against a real Prometheus', () => {
	it('--once --format markdown prints a Triage section: the user runbook, the URL runbook, live check values', async () => {
		const result = await runCli(['--prometheus', prometheus.url, '--runbooks', runbooks, '--once', '--format', 'markdown']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const triage = result.stdout.slice(result.stdout.indexOf('## Triage'));
		expect(triage).toMatch(/### HighAPIErrorRate — firing for \d+s/);
		expect(triage).toContain(`**Runbook** (from ${path.join(runbooks, 'highapierrorrate.md')}): Our API error runbook`);
		expect(triage).toContain('1. Check the error rate right now\n   ```promql\n   100 * sum(');
		expect(triage).toMatch(/→ \d+(\.\d+)? ✗ fail \(should be below 5%\)/);
		expect(triage).toContain(`**Runbook** (from ${wiki.url}/runbooks/url.md): Lock check from the wiki`);
		expect(triage).toMatch(/1\. Count the locks\n {3}```promql\n {3}sum\(coordination_server_active_locks\)\n {3}```\n {3}→ \d+/);
		// The alerts table says where each runbook came from.
		expect(result.stdout).toMatch(/\| critical \| firing \| HighAPIErrorRate \| [^|]* \| [^|]* \| directory \|/);
		expect(result.stdout).toMatch(/\| info \| firing \| WikiRunbookAlert \| [^|]* \| [^|]* \| url \|/);
	}, 30_000);

	it('reaches the user runbook of the top alert with Enter, Enter and shows a live check that follows the scenario', async () => {
		sim.setScenario('error-burst');
		session = await startRecordedTmux(agentmon(), {width: 120, height: 36, env: {AGENTMON_TRIAGE_DIR: notes}});
		await session.waitFor(/› CRIT firing\s+HighAPIErrorRate/, 20_000);
		await session.keys('Enter');
		let screen = await session.waitFor('Runbook: Our API error runbook — 0/2 done · Enter walks them');
		expect(screen).toContain(`from ${path.join(runbooks, 'highapierrorrate.md')}`);
		await session.keys('Enter');
		screen = await session.waitFor(/Step 1\. \[ \] Check the error rate right now/);
		expect(screen).toContain(`runbook from ${path.join(runbooks, 'highapierrorrate.md')}`);
		expect(screen).toContain('step 1 of 2 · 0/2 done');
		screen = await session.waitFor(/PromQL: {2}= \d+(\.\d+)? ✗ fail \(should be below 5%\)/);
		const failing = Number(/= (\d+(?:\.\d+)?) ✗/.exec(screen)![1]);
		expect(failing).toBeGreaterThan(5);
		sim.setScenario('normal');
		screen = await session.waitFor(/PromQL: {2}= \d+(\.\d+)? ✓ pass \(should be below 5%\)/, 30_000);
		expect(Number(/= (\d+(?:\.\d+)?) ✓/.exec(screen)![1])).toBeLessThan(5);
	}, 60_000);

	it('copies the step command with c as OSC 52 through tmux, byte for byte', async () => {
		await session!.keys('c');
		await session!.waitFor('copied: 100 * sum(rate(coordination_server_api_requests_total{status_code!~"2.."}[10s])) … (2 lines)');
		const expected = `\u001BPtmux;\u001B\u001B]52;c;${Buffer.from(ERROR_RATE).toString('base64')}\u0007\u001B\\`;
		await session!.waitForBytes(expected);
	}, 20_000);

	it('draws runbook_url as an OSC 8 link in the alert view, byte for byte', async () => {
		await session!.keys('Escape');
		await session!.waitFor(`runbook_url ${GITHUB_RUNBOOK}`);
		await session!.waitForBytes(`\u001B]8;;${GITHUB_RUNBOOK}\u0007${GITHUB_RUNBOOK}\u001B]8;;\u0007`);
	}, 20_000);

	it('writes a triage note with w that says what the screen says', async () => {
		await session!.keys('Space');
		await session!.waitFor('1/2 done');
		await session!.keys('Enter');
		await session!.waitFor(/Step 1\. \[x\]/);
		// Paused, the screen and the note are read from the same data.
		await session!.keys('p');
		const screen = await session!.waitFor('‖ paused');
		const shown = /PromQL: {2}= (.+?)\s*│/.exec(screen)![1]!;
		await session!.keys('w');
		const after = await session!.waitFor(/triage note written: (\S+)/);
		const file = /triage note written: (\S+)/.exec(after)![1]!;
		expect(path.dirname(file)).toBe(notes);
		expect(path.basename(file)).toMatch(/^agentmon-triage-\d{8}T\d{6}Z\.md$/);
		const note = readFileSync(file, 'utf8');
		expect(note).toContain(`- source ${prometheus.url} (prometheus)`);
		expect(note).toMatch(/### HighAPIErrorRate — firing for \d+[sm]/);
		expect(note).toContain('- labels `severity=critical system=coordination-server`');
		expect(note).toContain(`- runbook_url ${GITHUB_RUNBOOK}`);
		expect(note).toContain(`**Runbook** (from ${path.join(runbooks, 'highapierrorrate.md')}): Our API error runbook — 1/2 done`);
		expect(note).toContain('1. [x] Check the error rate right now');
		expect(note).toContain(`   → ${shown}\n`);
		expect(note).toContain('2. [ ] Look at the server\n   ```sh\n   curl -sS http://localhost:3456/health\n   ```');
		await session!.keys('p');
		await session!.waitFor('● live');
	}, 30_000);

	it('walks a runbook read from the runbook_url of an alert without one, with its live check', async () => {
		await session!.keys('Escape');
		await session!.waitFor('runbook_url');
		await session!.keys('Escape');
		await session!.waitFor('Latency');
		await session!.waitFor('[runbook 1/2]');
		await session!.keys('G', 'Enter');
		let screen = await session!.waitFor('Lock check from the wiki — 0/1 done');
		expect(screen).toContain('WikiRunbookAlert');
		expect(screen).toContain(`from ${wiki.url}/runbooks/url.md`);
		await session!.keys('Enter');
		screen = await session!.waitFor(/PromQL: {2}= \d+/);
		expect(screen).toContain(`runbook from ${wiki.url}/runbooks/url.md`);
		expect(screen).toContain('Step 1. [ ] Count the locks');
		const locks = Object.values(sim.truth().locks).reduce((sum, value) => sum + value, 0);
		expect(screen).toMatch(new RegExp(`PromQL: {2}= ${locks}\\b`));
		await session!.keys('q');
		await session!.kill();
		session = undefined;
	}, 30_000);

	it('refuses a broken runbook before starting, naming the file and line (exit 2)', async () => {
		const broken = mkdtempSync(path.join(os.tmpdir(), 'agentmon-broken-runbooks-'));
		writeFileSync(path.join(broken, 'HighAPIErrorRate.md'), '# Broken\n\n1. Check\n   ```promql\n   up\n');
		const result = await runCli(['--prometheus', prometheus.url, '--runbooks', broken, '--once']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`agentmon: ${path.join(broken, 'HighAPIErrorRate.md')}:4: the code block opened here is never closed (\`\`\`)\n`);
		const missing = await runCli(['--prometheus', prometheus.url, '--runbooks', path.join(broken, 'nope'), '--once']);
		expect(missing).toMatchObject({code: 2, stderr: `agentmon: --runbooks ${path.join(broken, 'nope')}: cannot read the directory (ENOENT)\n`});
	});

	it('draws no links under TERM=dumb', async () => {
		const dumb = await startRecordedTmux(agentmon(), {width: 120, height: 36, env: {TERM: 'dumb'}});
		try {
			await dumb.waitFor('HighAPIErrorRate', 20_000);
			await dumb.keys('Enter');
			await dumb.waitFor(`runbook_url ${GITHUB_RUNBOOK}`);
			await new Promise(resolve => setTimeout(resolve, 1500));
			expect(dumb.raw().includes(Buffer.from('\u001B]8;;'))).toBe(false);
		} finally {
			await dumb.kill();
		}
	}, 30_000);
});
