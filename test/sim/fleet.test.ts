import {describe, expect, it} from 'vitest';
import {makeFleet} from '../../source/sim/fleet.js';
import {startCoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {parseCli} from '../../source/config/cli-flags.js';

describe('the scale fleet (simulate coordination-server --scale N)', () => {
	it('has N agents, half offline and a fifth holding locks, none of them offline', () => {
		const {agents} = makeFleet(1000);
		expect(agents).toHaveLength(1000);
		expect(agents.filter(agent => agent.state === 'offline')).toHaveLength(500);
		const holders = agents.filter(agent => agent.locks > 0);
		expect(holders).toHaveLength(200);
		expect(holders.every(agent => agent.state !== 'offline' && agent.locks <= 15)).toBe(true);
		expect(makeFleet(0).agents).toEqual([]);
	});

	it('is served by the coordination simulator beside its own two agents', async () => {
		const sim = await startCoordinationServerSimulator({port: 0, scale: 20});
		try {
			const text = await (await fetch(`${sim.url}/metrics`)).text();
			expect(text).toContain('coordination_server_agent_availability{agent="fleet-0001",state="offline"} 1');
			expect(text).toContain('coordination_server_active_locks{agent="fleet-0002"} 1');
			const truth = sim.truth();
			expect(truth.agents).toHaveLength(22);
			expect(truth.locks['fleet-0002']).toBe(1);
		} finally {
			await sim.close();
		}
	});

	it('is asked for on the command line, for the coordination server only', () => {
		expect(parseCli(['simulate', 'coordination-server', '--scale', '1000'], {})).toEqual({kind: 'simulate', profile: 'coordination-server', scale: 1000, port: undefined, scenario: undefined});
		expect(parseCli(['simulate', 'dev-pipeline', '--scale', '10'], {})).toMatchObject({kind: 'usage-error', message: '--scale is for simulate coordination-server only.'});
		expect(parseCli(['simulate', 'coordination-server', '--scale', 'lots'], {})).toMatchObject({kind: 'usage-error'});
	});
});
