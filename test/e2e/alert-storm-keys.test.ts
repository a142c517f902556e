import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {CLI} from '../helpers/agentmon.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';

/*
 * An alert storm as an on-call engineer meets it: the coordination-server simulator with a fleet of
 * 60 agents (30 offline), scraped by agentmon itself with the scale rule file, in tmux. The storm
 * is one group; Enter opens it, Enter opens the top alert, `e` jumps to the agent's row, `/`
 * filters by label, Esc clears it, `b` changes the grouping.
 */

const RULES = path.resolve(import.meta.dirname, '../../bench/scale-rules.yml');
let sim: CoordinationServerSimulator;
let session: TmuxSession | undefined;

beforeAll(async () => {
	sim = await startCoordinationServerSimulator({scale: 60});
});

afterAll(async () => {
	await session?.kill();
	await sim?.close();
});

const line = (screen: string, text: string) => screen.split('\n').find(row => row.includes(text)) ?? '';

describe('an alert storm in the terminal', () => {
	it('is grouped, opens in two Enters, jumps to the row, filters and regroups', async () => {
		session = await startTmux([process.execPath, CLI, '--scrape', `${sim.url}/metrics`, '--rules', RULES, '--interval', '1s', '--no-bell'], {width: 120, height: 36});
		let screen = await session.waitFor(/30 firing .*by alertname/, 30_000);
		expect(line(screen, 'FleetAgentOffline')).toMatch(/› WARN ×30\s+FleetAgentOffline\s+30 firing\s+agent: fleet-0001, fleet-0003, fleet-0005 \+27/);

		// Enter opens the group and selects its first alert; Enter again opens that alert.
		await session.keys('Enter');
		screen = await session.waitFor(/› WARN firing\s+FleetAgentOffline/);
		expect(line(screen, '› WARN firing')).toContain('{agent=fleet-0001}');
		await session.keys('Enter');
		screen = await session.waitFor('e jumps there');
		expect(screen).toContain('FleetAgentOffline  firing');
		expect(line(screen, 'e jumps there')).toMatch(/row\s+agent=fleet-0001 · Agents pane, row \d+ · e jumps there/);
		// The evidence: the rule agentmon evaluates (the scale rule file), its expression and the series' trend.
		screen = await session.waitFor(/trend [▁-█]+ +1 → 1/);
		expect(line(screen, 'rule ')).toMatch(/rule\s+no for: · health ok · evaluated \d+s ago .*· group agentmon_scale in .*scale-rules\.yml/);
		expect(line(screen, 'expr ')).toContain('coordination_server_agent_availability{state="offline", agent=~"fleet-.*"} == 1');

		// `e`: back on the dashboard, the Agents pane focused on fleet-0001.
		await session.keys('e');
		screen = await session.waitFor('▸ Agents');
		expect(screen).toMatch(/› fleet-0001\s+offline/);

		// `/` filters the alerts (focus moves to them); Enter keeps the filter; Esc clears it.
		await session.keys('/', 'agent=fleet-0003');
		screen = await session.waitFor(/\/agent=fleet-0003▏ · 1 of 3\d/);
		expect(screen).toContain('Enter keep Esc cancel');
		await session.keys('Enter');
		screen = await session.waitFor(/\/agent=fleet-0003 · 1 of 3\d/);
		expect(screen.split('\n').filter(row => row.includes('FleetAgentOffline'))).toHaveLength(1);
		expect(line(screen, 'FleetAgentOffline')).toContain('Agent fleet-0003 is offline');
		await session.keys('/', 'nothing-like-this', 'Enter');
		screen = await session.waitFor('no alert matches the filter (Esc clears it)');
		await session.keys('Escape');
		screen = await session.waitFor(/30 firing .*by alertname/);
		expect(screen).not.toMatch(/ of 3\d/);

		// `b`: by system; the title says so and the one group is the system's.
		await session.keys('b');
		screen = await session.waitFor('by system');
		expect(screen).toMatch(/› WARN ×3\d\s+AI Coordination Server\s+30 firing/);
		await session.keys('q');
		await expect.poll(async () => session!.exitStatus(), {timeout: 5000}).toBe(0);
	}, 90_000);
});
