import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {CLI, runCli} from '../helpers/agentmon.js';
import {startAlertmanager, startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

/*
 * `--alertmanager` as a user runs it (issue 5): the coordination-server simulator piling up locks,
 * a real Prometheus with the example rules (`for:` shortened to 1 s) sending to a real Alertmanager,
 * and agentmon — `--once --format json|text` and the TUI in tmux — reading both. A silence created
 * through Alertmanager's API for one of the two HighLockContention alerts shows that alert as
 * suppressed, with who created the silence and why; expiring it makes the alert fire again.
 */

const RULES = path.resolve('examples/coordination-server/alerts.yml');
const ALERTMANAGER_YML = `route:
  receiver: 'null'
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: 'null'
`;
const CREATED_BY = 'oncall-test';
const COMMENT = 'deploy in progress';

/** One alert of Alertmanager's `GET /api/v2/alerts`, as much of it as the test reads. */
type AmAlert = {labels: Record<string, string>; status: {state: string; silencedBy: string[]; inhibitedBy: string[]}};
/** One alert of agentmon's `--format json` (the fields asserted here). */
type JsonAlert = {name: string; state: string; labels: Record<string, string>; origin: string; alertmanager?: Record<string, unknown>};

let sim: CoordinationServerSimulator;
let alertmanager: RunningDaemon;
let prometheus: RunningDaemon;
let silenceId: string | undefined;
let session: TmuxSession | undefined;

/** The HighLockContention alerts Alertmanager holds, by `agent`. */
async function lockAlerts(): Promise<Map<string, AmAlert>> {
	const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {signal: AbortSignal.timeout(2000)});
	expect(response.status).toBe(200);
	const alerts = (await response.json()) as AmAlert[];
	return new Map(alerts.filter(alert => alert.labels.alertname === 'HighLockContention').map(alert => [alert.labels.agent ?? '', alert]));
}

/** Waits until Alertmanager shows both agents' HighLockContention alerts in these states. */
async function untilStates(states: {'claude-code': string; copilot: string}, description: string): Promise<Map<string, AmAlert>> {
	return waitFor(
		async () => {
			const alerts = await lockAlerts();
			return alerts.get('claude-code')?.status.state === states['claude-code'] && alerts.get('copilot')?.status.state === states.copilot ? alerts : undefined;
		},
		{timeoutMs: 45_000, intervalMs: 250, description},
	);
}

beforeAll(async () => {
	// lock-pileup: claude-code holds 12 locks and copilot 14, both above HighLockContention's 10.
	sim = await startCoordinationServerSimulator({port: 0, scenario: 'lock-pileup'});
	alertmanager = await startAlertmanager({config: ALERTMANAGER_YML});
	prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [RULES], fastRules: true, alertmanagerUrl: alertmanager.url});
	await untilStates({'claude-code': 'active', copilot: 'active'}, 'both HighLockContention alerts active in Alertmanager');
}, 90_000);

afterAll(async () => {
	await session?.kill();
	await prometheus?.stop();
	await alertmanager?.stop();
	await sim?.close();
});

const jsonAlerts = (stdout: string) => (JSON.parse(stdout) as {alerts: JsonAlert[]}).alerts.filter(alert => alert.name === 'HighLockContention');
const byAgent = (alerts: JsonAlert[], agent: string) => alerts.find(alert => alert.labels.agent === agent);

describe('--alertmanager against a real Prometheus and Alertmanager', () => {
	it('--once --format json: before any silence both alerts are active in Alertmanager', async () => {
		const result = await runCli(['--once', '--format', 'json', '--prometheus', prometheus.url, '--alertmanager', alertmanager.url]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const alerts = jsonAlerts(result.stdout);
		expect(alerts).toHaveLength(2);
		for (const agent of ['claude-code', 'copilot']) {
			expect(byAgent(alerts, agent)).toMatchObject({state: 'firing', origin: 'prometheus', alertmanager: {state: 'active', silencedBy: [], inhibitedBy: []}});
		}
	}, 30_000);

	it('a silence created through the API: --once --format json shows that alert suppressed, by whom and why', async () => {
		const now = Date.now();
		const endsAt = now + 3_600_000;
		const response = await fetch(`${alertmanager.url}/api/v2/silences`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({
				matchers: [
					{name: 'alertname', value: 'HighLockContention', isRegex: false, isEqual: true},
					{name: 'agent', value: 'copilot', isRegex: false, isEqual: true},
				],
				startsAt: new Date(now).toISOString(),
				endsAt: new Date(endsAt).toISOString(),
				createdBy: CREATED_BY,
				comment: COMMENT,
			}),
		});
		expect(response.status).toBe(200);
		silenceId = ((await response.json()) as {silenceID: string}).silenceID;
		expect(silenceId).toMatch(/^[0-9a-f-]{36}$/);
		const am = await untilStates({'claude-code': 'active', copilot: 'suppressed'}, 'copilot HighLockContention silenced');
		expect(am.get('copilot')!.status.silencedBy).toEqual([silenceId]);

		const result = await runCli(['--once', '--format', 'json', '--prometheus', prometheus.url, '--alertmanager', alertmanager.url]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const document = JSON.parse(result.stdout) as {errors: unknown[]};
		expect(document.errors).toEqual([]);
		const alerts = jsonAlerts(result.stdout);
		expect(alerts).toHaveLength(2);
		const silenced = byAgent(alerts, 'copilot')!;
		expect(silenced).toMatchObject({
			state: 'firing',
			origin: 'prometheus',
			alertmanager: {
				state: 'suppressed',
				silencedBy: [{id: silenceId, createdBy: CREATED_BY, comment: COMMENT, endsAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)}],
				inhibitedBy: [],
			},
		});
		const silence = (silenced.alertmanager!.silencedBy as Array<{endsAt: string}>)[0]!;
		expect(Math.abs(Date.parse(silence.endsAt) - endsAt)).toBeLessThan(2000);
		expect(byAgent(alerts, 'claude-code')).toMatchObject({state: 'firing', alertmanager: {state: 'active', silencedBy: [], inhibitedBy: []}});
		// Suppressed alerts sort after the active ones.
		expect(alerts.map(alert => alert.labels.agent)).toEqual(['claude-code', 'copilot']);
	}, 60_000);

	it('$ALERTMANAGER_URL instead of the flag: --once --format text marks the alert (silenced)', async () => {
		const result = await runCli(['--once', '--format', 'text', '--prometheus', prometheus.url], {ALERTMANAGER_URL: alertmanager.url});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n').filter(line => line.includes('HighLockContention'));
		expect(lines).toHaveLength(2);
		expect(lines.filter(line => line.includes('(silenced)'))).toHaveLength(1);
		// The count line agrees with the TUI's title: the silenced alert is not counted as firing.
		expect(result.stdout).toContain('Alerts: 1 firing, 0 pending, 1 suppressed in Alertmanager');
		// Markdown for the incident channel: the state column says silenced, and Triage leaves it out with a note.
		const markdown = await runCli(['--once', '--format', 'markdown', '--prometheus', prometheus.url], {ALERTMANAGER_URL: alertmanager.url});
		expect(markdown.code).toBe(0);
		expect(markdown.stdout).toMatch(/\| warning \| silenced \| HighLockContention \{agent=copilot\}/);
		expect(markdown.stdout).toContain('1 firing alert is suppressed in Alertmanager (silenced or inhibited) and left out here.');
		expect(markdown.stdout.slice(markdown.stdout.indexOf('## Triage'))).not.toContain('### HighLockContention — silenced');
		const json = await runCli(['--once', '--format', 'json', '--prometheus', prometheus.url], {ALERTMANAGER_URL: alertmanager.url});
		expect(json.code).toBe(0);
		expect(byAgent(jsonAlerts(json.stdout), 'copilot')).toMatchObject({alertmanager: {state: 'suppressed', silencedBy: [{id: silenceId, createdBy: CREATED_BY, comment: COMMENT}]}});
		// An empty variable is no Alertmanager at all.
		const none = await runCli(['--once', '--format', 'json', '--prometheus', prometheus.url], {ALERTMANAGER_URL: ''});
		expect(none.code).toBe(0);
		for (const alert of jsonAlerts(none.stdout)) expect(alert.alertmanager).toBeUndefined();
	}, 60_000);

	it('in tmux: the row says silenced, the title counts 1 suppressed, Enter says who and why; expiring the silence makes it fire again', async () => {
		session = await startTmux([process.execPath, CLI, '--prometheus', prometheus.url, '--alertmanager', alertmanager.url, '--interval', '1s'], {width: 120, height: 36});
		let screen = await session.waitFor('1 firing · 0 pending · 1 suppressed', 30_000);
		const row = (agent: string) => screen.split('\n').find(line => line.includes('HighLockContention') && line.includes(`{agent=${agent}}`));
		// Focus starts on Alerts with the first row (the active alert) selected; the silenced one sorts after it.
		expect(row('claude-code')).toMatch(/› WARN firing\s+HighLockContention/);
		expect(row('copilot')).toMatch(/[●✱] WARN silenced\s+HighLockContention/);
		expect(screen.indexOf('{agent=claude-code}')).toBeLessThan(screen.indexOf('{agent=copilot}'));

		await session.keys('Down');
		screen = await session.waitFor(/› WARN silenced\s+HighLockContention/);
		expect(row('copilot')).toMatch(/› WARN silenced/);
		await session.keys('Enter');
		screen = await session.waitFor(`suppressed in Alertmanager: silenced by ${CREATED_BY}: ${COMMENT}`);
		expect(screen).toMatch(new RegExp(`suppressed in Alertmanager: silenced by ${CREATED_BY}: ${COMMENT} \\(until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ\\)`));
		expect(screen).toMatch(/HighLockContention {2}silenced for [\dhms]+ · severity warning · value 14/);
		expect(screen).toContain('agent=copilot');
		// The evidence, from the real Prometheus: the rule from /api/v1/rules, its expression, a trend
		// backfilled by query_range, and the Locks row the rule's metric and the agent label name.
		screen = await session.waitFor(/trend [▁-█ ]+ +14 → 14 · max 14/, 20_000);
		const evidence = (label: string) => screen.split('\n').find(text => text.includes(`│ ${label}`)) ?? '';
		expect(evidence('rule ')).toMatch(/rule {2}for 1s · health ok · evaluated \d+s ago in [\d.]+ms · group \S+/);
		expect(evidence('expr ')).toContain('expr  coordination_server_active_locks > 10');
		expect(evidence('row ')).toMatch(/row {3}agent=copilot · Locks pane, row \d+ · e jumps there/);

		const expired = await fetch(`${alertmanager.url}/api/v2/silence/${silenceId}`, {method: 'DELETE'});
		expect(expired.status).toBe(200);
		// The open alert view follows: firing again, the suppression line gone.
		screen = await session.waitFor(/HighLockContention {2}firing for [\dhms]+ · severity warning · value 14/, 30_000);
		expect(screen).not.toContain('suppressed in Alertmanager');
		await session.keys('Escape');
		screen = await session.waitFor('2 firing · 0 pending', 15_000);
		expect(screen).not.toContain('suppressed');
		expect(screen).not.toContain('silenced');
		expect(row('copilot')).toMatch(/WARN firing\s+HighLockContention/);
		expect(row('claude-code')).toMatch(/WARN firing\s+HighLockContention/);
		await untilStates({'claude-code': 'active', copilot: 'active'}, 'copilot active again in Alertmanager');

		await session.keys('q');
		await waitFor(async () => (await session!.exitStatus()) === 0, {timeoutMs: 10_000, description: 'agentmon exiting 0 on q'});
		await session.kill();
		session = undefined;
	}, 90_000);
});
