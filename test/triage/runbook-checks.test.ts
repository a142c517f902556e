import {describe, expect, it} from 'vitest';
import type {AlertItem} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import type {MetricsBackend} from '../../source/sources/backend.js';
import {Monitor} from '../../source/sources/monitor.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';
import {firingAlertQueries, RunbookFeed, trustedOrigins} from '../../source/triage/runbook-feed.js';

const LOCKS = 'coordination_server_active_locks';
const ALERT: AlertItem = {id: 'HighLockContention{}', name: 'HighLockContention', state: 'firing', severity: 'warning', summary: '', description: '', labels: {alertname: 'HighLockContention', system: 'coordination-server'}, annotations: {}};

/** A backend whose answers the test sets, counting the queries it is asked. */
function fakeBackend(values: Record<string, number>) {
	const asked: string[] = [];
	const backend: MetricsBackend = {
		async query(promql): Promise<Result<Sample[]>> {
			asked.push(promql);
			if (promql === 'bad(') return {ok: false, error: {kind: 'http', message: 'HTTP 400 bad_data: parse error', retryable: false}};
			return {ok: true, data: promql in values ? [{labels: {agent: 'copilot'}, value: values[promql]!}] : [], warnings: []};
		},
		async metricNames() {
			return {ok: true, data: [], warnings: []};
		},
		async alerts() {
			return {ok: true, data: [ALERT], warnings: []};
		},
	};
	return {backend, asked};
}

describe('runbook checks in the monitor', () => {
	it('evaluates the registered queries with every refresh, at once when new, and keeps errors per query', async () => {
		const values: Record<string, number> = {[LOCKS]: 14};
		const {backend, asked} = fakeBackend(values);
		let now = 1000;
		const monitor = new Monitor({client: backend, url: 'x', profiles: [coordinationServer], intervalMs: 60_000, windowMs: 60_000, now: () => now});
		monitor.setChecks([LOCKS, 'bad(']);
		await new Promise(resolve => setTimeout(resolve, 10));
		expect(monitor.store.getSnapshot().checks).toEqual({
			[LOCKS]: {ok: true, at: 1000, samples: [{labels: {agent: 'copilot'}, value: 14}]},
			'bad(': {ok: false, at: 1000, error: 'HTTP 400 bad_data: parse error'},
		});
		values[LOCKS] = 3;
		now = 2000;
		await monitor.pollOnce();
		expect(monitor.store.getSnapshot().checks?.[LOCKS]).toEqual({ok: true, at: 2000, samples: [{labels: {agent: 'copilot'}, value: 3}]});
		// Registered again: nothing new to evaluate at once. Dropped: no longer asked.
		const before = asked.length;
		monitor.setChecks([LOCKS]);
		expect(asked.length).toBe(before);
		monitor.setChecks([]);
		await monitor.pollOnce();
		expect(asked.slice(before)).not.toContain(LOCKS);
	});

	it('for --once, evaluates the checks of every firing alert\'s runbook', async () => {
		const {backend} = fakeBackend({[LOCKS]: 14});
		const monitor = new Monitor({client: backend, url: 'x', profiles: [coordinationServer], intervalMs: 60_000, windowMs: 60_000});
		await monitor.pollOnce();
		const feed = new RunbookFeed({store: monitor.store, checks: monitor, profiles: [coordinationServer], timeoutMs: 1000, trustedOrigins: []});
		const queries = firingAlertQueries(monitor.store.getSnapshot(), [coordinationServer]);
		expect(queries).toContain(LOCKS);
		await feed.prepareOnce();
		const checks = monitor.store.getSnapshot().checks ?? {};
		expect(Object.keys(checks).sort()).toEqual([...queries].sort());
		expect(checks[LOCKS]).toMatchObject({ok: true, samples: [{value: 14}]});
	});

	it('trusts only the origins of the servers named', () => {
		expect(trustedOrigins('https://user:pw@prom.example.com:9090/prometheus', undefined, 'http://am:9093', 'not a url')).toEqual(['https://prom.example.com:9090', 'http://am:9093']);
	});
});
