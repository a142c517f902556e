import {describe, expect, it} from 'vitest';
import {toJson} from '../../source/once/json.js';
import {toMarkdown} from '../../source/once/markdown.js';
import {toText} from '../../source/once/text.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {ALERT, fixtureState} from '../helpers/app-harness.js';

const AT = new Date(ALERT.activeAt! + 180_000);

describe('--once output', () => {
	it('keeps the JSON contract', () => {
		const json = toJson(fixtureState(), [coordinationServer], AT) as any;
		expect(json).toMatchObject({version: 1, at: AT.toISOString(), source: {kind: 'prometheus', url: 'http://127.0.0.1:9090'}, errors: []});
		const [system] = json.systems;
		expect(system.profile).toBe('coordination-server');
		expect(system.agents).toEqual({status: 'ok', items: [{name: 'claude-code', state: 'available'}, {name: 'copilot', state: 'busy'}]});
		expect(system.locks).toMatchObject({status: 'ok', total: 4, items: [{name: 'copilot', value: 3}, {name: 'claude-code', value: 1}], acquireP95: 0.045});
		expect(system.queue).toMatchObject({status: 'ok', depth: 8, items: [{name: 'high', value: 2}, {name: 'normal', value: 5}, {name: 'low', value: 1}]});
		expect(system.latency.items[0]).toEqual({name: 'api', metric: 'coordination_server_api_response_time_seconds', p50: 0.012, p95: 0.085, p99: 0.24, unit: 's'});
		expect(system.latency.items[2]).toMatchObject({p50: null, p95: null, p99: null});
		expect(json.alerts[0]).toMatchObject({name: 'HighLockContention', state: 'firing', severity: 'warning', summary: 'High number of file locks (14)', runbook: 'built-in', value: 14});
		expect(json.alerts[0].activeAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(() => JSON.stringify(json)).not.toThrow();
	});

	it('names the proxy the source goes through: source.proxy in JSON, the source line in text and markdown', () => {
		const proxy = {proxy: 'http://***@proxy.corp:3128', note: 'via proxy http://***@proxy.corp:3128'};
		const json = toJson(fixtureState(), [coordinationServer], AT, proxy) as any;
		expect(json.source).toEqual({kind: 'prometheus', url: 'http://127.0.0.1:9090', proxy: 'http://***@proxy.corp:3128'});
		expect((toJson(fixtureState(), [coordinationServer], AT) as any).source).not.toHaveProperty('proxy');
		expect(toText(fixtureState(), [coordinationServer], AT, '5m', proxy).split('\n')[0]).toBe(`agentmon — http://127.0.0.1:9090 (via proxy http://***@proxy.corp:3128) — ${AT.toISOString()}`);
		expect(toText(fixtureState(), [coordinationServer], AT, '5m').split('\n')[0]).toBe(`agentmon — http://127.0.0.1:9090 — ${AT.toISOString()}`);
		expect(toMarkdown(fixtureState(), [coordinationServer], AT, '5m', proxy)).toContain('Source: http://127.0.0.1:9090 (via proxy http://\\*\\*\\*@proxy.corp:3128)\n');
	});

	it('lists pane errors', () => {
		const state = fixtureState();
		const failed = {...state, systems: state.systems.map(system => ({...system, queue: {...system.queue, status: 'error' as const, message: 'timed out after 10s'}}))};
		expect((toJson(failed, [coordinationServer], AT) as any).errors).toEqual([{scope: 'coordination-server/queue', message: 'timed out after 10s'}]);
	});

	it('prints text for a chat and markdown for an incident channel', () => {
		const text = toText(fixtureState(), [coordinationServer], AT, '5m');
		expect(text).toContain('Agents: 1/2 available — claude-code available, copilot busy');
		expect(text).toContain('Locks: total 4 — copilot 3, claude-code 1 · acquire p95 45ms');
		expect(text).toContain('Queue: depth 8 — high 2, normal 5, low 1');
		expect(text).toMatch(/api\s+p50\s+12ms\s+p95\s+85ms\s+p99\s+240ms/);
		expect(text).toContain('WARNING firing for 3m HighLockContention — High number of file locks (14) [runbook: built-in]');
		// eslint-disable-next-line no-control-regex
		expect(text).not.toMatch(/\u001B/);
		const markdown = toMarkdown(fixtureState(), [coordinationServer], AT, '5m');
		expect(markdown).toContain('| Locks | ok | 4 — copilot 3, claude-code 1 (acquire p95 45ms) |');
		expect(markdown).toContain('| api | 12ms | 85ms | 240ms |');
		expect(markdown).toContain('| warning | firing | HighLockContention | 3m | High number of file locks (14) | built-in |');
	});
});
