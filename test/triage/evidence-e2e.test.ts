import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseCli} from '../../source/config/cli-flags.js';
import type {AlertEvidence, EvidenceTrend} from '../../source/model/evidence.js';
import type {AlertItem} from '../../source/model/types.js';
import {allProfiles} from '../../source/profiles/registry.js';
import {createSession, type Session} from '../../source/session.js';
import {setUpSource, type SourceSetup} from '../../source/source-setup.js';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {requestOptions} from '../../source/sources/http-options.js';
import {startPrometheus, type RunningDaemon} from '../helpers/prometheus.js';
import {waitFor} from '../helpers/wait-for.js';

const RULES = path.resolve('examples/coordination-server/alerts.yml');
/** A rule of the user's (`--rules`): only copilot (14 locks in lock-pileup, claude-code 12) crosses 13. */
const LOCAL_RULES = `groups:
  - name: evidence-test
    rules:
      - alert: CopilotLocks
        expr: coordination_server_active_locks > 13
        for: 3s
        labels:
          severity: info
          team: evidence
`;

/** agentmon as the CLI builds it for these flags: config, source and session, started. */
async function startAgentmon(argv: string[]): Promise<{session: Session; source: SourceSetup}> {
	const request = parseCli(argv, {});
	if (request.kind !== 'run') throw new Error(`parseCli: ${JSON.stringify(request)}`);
	const {config} = request;
	const profiles = allProfiles();
	const connection = requestOptions(config.connection, {});
	const source = await setUpSource(config, profiles, connection);
	const session = createSession({source, config, profiles, autoDetect: true, request: connection});
	session.start();
	return {session, source};
}

async function firingAlert(session: Session, name: string, agent: string): Promise<AlertItem> {
	return waitFor(() => session.store.getSnapshot().alerts.items.find(alert => alert.name === name && alert.labels.agent === agent && alert.state === 'firing'), {
		timeoutMs: 30_000,
		description: `${name} firing for ${agent}`,
	});
}

async function evidenceWhere(session: Session, ready: (evidence: AlertEvidence) => boolean, description: string, timeoutMs = 15_000): Promise<AlertEvidence> {
	return waitFor(() => {
		const evidence = session.store.getSnapshot().evidence;
		return evidence && ready(evidence) ? evidence : undefined;
	}, {timeoutMs, intervalMs: 100, description: `${description} (last: ${JSON.stringify(session.store.getSnapshot().evidence)})`});
}

const values = (trend: EvidenceTrend) => (trend.state === 'ok' ? trend.values : []);
const finite = (trend: EvidenceTrend) => values(trend).filter(Number.isFinite);

describe('alert evidence from a real Prometheus', () => {
	let sim: CoordinationServerSimulator;
	let prometheus: RunningDaemon;
	let agentmon: {session: Session; source: SourceSetup} | undefined;

	beforeAll(async () => {
		sim = await startCoordinationServerSimulator({port: 0, scenario: 'lock-pileup'});
		prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [RULES], fastRules: true});
		// Enough history that the range query's last steps (16 s apart for a 15-minute trend) hold values.
		await waitFor(async () => {
			const response = await fetch(`${prometheus.url}/api/v1/query?query=count_over_time(coordination_server_active_locks{agent="copilot"}[1m])`);
			const body = (await response.json()) as {data: {result: Array<{value: [number, string]}>}};
			return Number(body.data.result[0]?.value[1] ?? 0) >= 20;
		}, {timeoutMs: 40_000, intervalMs: 1000, description: '20 scrapes in Prometheus'});
		agentmon = await startAgentmon(['--prometheus', prometheus.url, '--interval', '1s']);
	}, 90_000);

	afterAll(async () => {
		agentmon?.session.stop();
		await agentmon?.source.close();
		await prometheus?.stop();
		await sim?.close();
	});

	it('finds the rule behind the alert (expression, for:, health) and backfills its series from query_range', async () => {
		const {session} = agentmon!;
		const copilot = await firingAlert(session, 'HighLockContention', 'copilot');
		session.watchAlert(copilot);
		expect(session.store.getSnapshot().evidence).toMatchObject({alertId: copilot.id, rule: {state: 'loading'}, trend: {state: 'loading'}});
		const evidence = await evidenceWhere(session, e => e.trend.state !== 'loading', 'rule and trend read');
		expect(evidence.rule).toMatchObject({
			state: 'ok',
			rule: {name: 'HighLockContention', group: 'ai_coordination_server', expr: 'coordination_server_active_locks > 10', forMs: 1000, health: 'ok', labels: {severity: 'warning', system: 'coordination-server'}},
		});
		const rule = evidence.rule.state === 'ok' ? evidence.rule.rule : undefined;
		expect(rule?.file).toMatch(/alerts\.yml$/);
		expect(rule?.lastEvaluation).toBeGreaterThan(Date.now() - 10_000);
		expect(rule?.evaluationMs).toBeGreaterThanOrEqual(0);
		// 60 points over 15 minutes; Prometheus has run for well under a minute, so the early ones are absent.
		expect(evidence.trend).toMatchObject({state: 'ok', stepMs: 16_000});
		expect(values(evidence.trend)).toHaveLength(60);
		expect(Number.isNaN(values(evidence.trend)[0])).toBe(true);
		// copilot's own series (14 locks), not claude-code's (12).
		expect(finite(evidence.trend).length).toBeGreaterThanOrEqual(2);
		expect(new Set(finite(evidence.trend))).toEqual(new Set([14]));
	}, 45_000);

	it('keeps the trend current with each refresh, and shows NaN once the condition stops holding', async () => {
		const {session} = agentmon!;
		const claude = await firingAlert(session, 'HighLockContention', 'claude-code');
		session.watchAlert(claude);
		const first = await evidenceWhere(session, e => e.alertId === claude.id && e.trend.state === 'ok', 'claude-code trend');
		expect(values(first.trend).at(-1)).toBe(12);
		sim.setScenario('normal');
		const after = await evidenceWhere(session, e => e.trend.state === 'ok' && Number.isNaN(values(e.trend).at(-1)), 'the newest value NaN after the locks dropped');
		expect(values(after.trend)).toHaveLength(60);
		expect(after.updatedAt).toBeGreaterThan(first.updatedAt!);
		session.watchAlert(undefined);
		expect(session.store.getSnapshot().evidence).toBeUndefined();
	}, 45_000);
});

describe('alert evidence from agentmon\'s own rule engine (--scrape, --rules)', () => {
	let sim: CoordinationServerSimulator;
	let dir: string;
	let agentmon: {session: Session; source: SourceSetup} | undefined;

	beforeAll(async () => {
		sim = await startCoordinationServerSimulator({port: 0, scenario: 'lock-pileup'});
		dir = await mkdtemp(path.join(os.tmpdir(), 'agentmon-evidence-'));
		await writeFile(path.join(dir, 'rules.yml'), LOCAL_RULES);
		agentmon = await startAgentmon(['--scrape', `${sim.url}/metrics`, '--rules', path.join(dir, 'rules.yml'), '--interval', '1s']);
	}, 30_000);

	afterAll(async () => {
		agentmon?.session.stop();
		await agentmon?.source.close();
		await sim?.close();
		await rm(dir, {recursive: true, force: true});
	});

	it('reports the local rule and grows the trend one refresh at a time', async () => {
		const {session} = agentmon!;
		const alert = await firingAlert(session, 'CopilotLocks', 'copilot');
		expect(alert.origin).toBe('local-rule');
		session.watchAlert(alert);
		const evidence = await evidenceWhere(session, e => e.trend.state === 'ok', 'local rule and trend');
		expect(evidence.rule).toMatchObject({
			state: 'ok',
			rule: {name: 'CopilotLocks', group: 'evidence-test', expr: 'coordination_server_active_locks > 13', forMs: 3000, health: 'ok', labels: {severity: 'info', team: 'evidence'}},
		});
		const rule = evidence.rule.state === 'ok' ? evidence.rule.rule : undefined;
		expect(rule?.file).toBe(path.join(dir, 'rules.yml'));
		expect(rule?.lastEvaluation).toBeGreaterThan(Date.now() - 5000);
		// No range queries here: it starts with the value now and grows.
		expect(values(evidence.trend)).toEqual([14]);
		expect(evidence.trend).toMatchObject({stepMs: 1000});
		const grown = await evidenceWhere(session, e => values(e.trend).length >= 3, 'three points');
		expect(finite(grown.trend)).toEqual(values(grown.trend));
		expect(new Set(values(grown.trend))).toEqual(new Set([14]));
		sim.setScenario('normal');
		await evidenceWhere(session, e => Number.isNaN(values(e.trend).at(-1)), 'NaN once copilot holds 3 locks');
	}, 45_000);

	it('finds a built-in rule with its real for:, and says so when no rule has the alert\'s name', async () => {
		const {session} = agentmon!;
		const stray: AlertItem = {id: 'Nope{}', name: 'Nope', state: 'firing', severity: 'none', summary: '', description: '', labels: {alertname: 'Nope'}, annotations: {}};
		session.watchAlert(stray);
		const missing = await evidenceWhere(session, e => e.alertId === 'Nope{}' && e.rule.state !== 'loading', 'the stray alert looked up');
		expect(missing.rule).toEqual({state: 'missing', reason: expect.stringMatching(/^no alerting rule named Nope in the rule files agentmon evaluates/)});
		expect(missing.trend).toEqual({state: 'unavailable', reason: 'no alerting rule to take the expression from'});
		const locks: AlertItem = {...stray, id: 'HighLockContention{x}', name: 'HighLockContention', labels: {alertname: 'HighLockContention', severity: 'warning', system: 'coordination-server', agent: 'copilot'}};
		session.watchAlert(locks);
		const found = await evidenceWhere(session, e => e.alertId === locks.id && e.rule.state === 'ok', 'HighLockContention looked up');
		expect(found.rule).toMatchObject({rule: {forMs: 300_000, file: expect.stringMatching(/examples\/coordination-server\/alerts\.yml$/)}});
	}, 30_000);
});
