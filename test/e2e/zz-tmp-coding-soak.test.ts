import path from 'node:path';
import {expect, it} from 'vitest';
import {CODING_TEAM_METRICS_PATH, startCodingTeamSimulator} from '../../source/sim/coding-team.js';
import {startPrometheus} from '../helpers/prometheus.js';

it('normal stays quiet', async () => {
	const sim = await startCodingTeamSimulator();
	const prometheus = await startPrometheus({targets: [{job: 'ai-coding-team', url: sim.url, metricsPath: CODING_TEAM_METRICS_PATH}], ruleFiles: [path.resolve('examples/coding-team/alerts.yml')], fastRules: true});
	const seen: string[] = [];
	const q = async (e: string) => JSON.stringify(((await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(e)}`)).json()) as any).data.result.map((r: any) => r.value[1]));
	try {
		for (let i = 0; i < 30; i++) {
			await new Promise(r => setTimeout(r, 2000));
			const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {data: {alerts: Array<{labels: Record<string, string>; state: string; value: string}>}};
			for (const a of body.data.alerts) seen.push(`@${i} ${a.labels.alertname} ${a.state} ${a.value} ${JSON.stringify(a.labels)}`);
		}
		seen.push('fail ' + await q('100 * sum(rate(job_failed_total[5m])) / (sum(rate(job_completed_total[5m])) + sum(rate(job_failed_total[5m])))'), 'tok ' + await q('sum(irate(tokens_used_total[2m])) / avg_over_time(sum(irate(tokens_used_total[2m]))[1h:])'));
	} finally {
		await prometheus.stop();
		await sim.close();
	}
	console.log('SEEN\n' + seen.join('\n'));
}, 150_000);
