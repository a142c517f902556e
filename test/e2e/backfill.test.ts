import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCoordinationServerSimulator, type CoordinationServerSimulator} from '../../source/sim/coordination-server.js';
import {CLI} from '../helpers/agentmon.js';
import {startPrometheus} from '../helpers/prometheus.js';
import {startTmux} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

let sim: CoordinationServerSimulator;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

beforeAll(async () => {
	sim = await startCoordinationServerSimulator({port: 0});
	prometheus = await startPrometheus({targets: [{job: 'ai-coordination-server', url: sim.url}], ruleFiles: [path.resolve('examples/coordination-server/alerts.yml')], fastRules: true});
}, 60_000);
afterAll(async () => {
	await prometheus?.stop();
	await sim?.close();
});

/** The sparkline after a row's label: its block characters. */
const sparkline = (screen: string, row: RegExp) => (screen.split('\n').find(line => row.test(line)) ?? '').match(/[▁▂▃▄▅▆▇█]+/g)?.at(-1) ?? '';

describe('history: backfill and window keys', () => {
	it('draws full trends at once from query_range, not one point per refresh', async () => {
		// Twenty seconds of data in Prometheus before agentmon starts.
		await waitFor(async () => {
			const response = await fetch(`${prometheus.url}/api/v1/query?query=count_over_time(up[1m])`);
			const body = (await response.json()) as {data: {result: Array<{value: [number, string]}>}};
			return Number(body.data.result[0]?.value[1] ?? 0) >= 20 ? true : undefined;
		}, {timeoutMs: 40_000, intervalMs: 1000, description: '20 scrapes in Prometheus'});
		const session = await startTmux([process.execPath, CLI, '--prometheus', prometheus.url, '--interval', '1s', '--window', '1m'], {width: 120, height: 36});
		try {
			const screen = await session.waitFor(/Latency/, 10_000);
			// Within a couple of refreshes the api p95 trend holds many points: it was backfilled.
			const trend = await waitFor(async () => {
				const line = sparkline(await session.capture(), /^\S*\s*api \(s\)/);
				return line.length >= 12 ? line : undefined;
			}, {timeoutMs: 4000, intervalMs: 200, description: `a backfilled api trend (first screen:\n${screen})`});
			expect(trend.length).toBeGreaterThanOrEqual(12);
			// ] and [ step the window through 1m, 5m, 15m, 1h, 6h; the header and the latency pane say which.
			expect(await session.capture()).toContain('window 1m');
			await session.keys(']');
			let screen2 = await session.waitFor(/Latency window 5m/, 5000);
			expect(screen2).toMatch(/every 1s · window 5m/);
			await session.keys(']', ']', ']', ']');
			screen2 = await session.waitFor(/Latency window 6h/, 5000);
			await session.keys('[');
			screen2 = await session.waitFor(/Latency window 1h/, 5000);
			expect(screen2).not.toContain('✖');
		} finally {
			await session.kill();
		}
	}, 60_000);
});
