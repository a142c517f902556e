import {execFile} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {cliOrchestratorRunbooks} from '../../source/runbooks/cli-orchestrator.js';

type Run = {code: number; output: string};

async function promtool(...args: string[]): Promise<Run> {
	return new Promise(resolve => {
		execFile('/usr/bin/promtool', args, {timeout: 30_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`});
		});
	});
}

describe('examples/cli-orchestrator', () => {
	it('alerts.yml passes promtool check rules, with the fifteen configured alerts of the guide', async () => {
		const run = await promtool('check', 'rules', 'examples/cli-orchestrator/alerts.yml');
		expect(run.output).toContain('SUCCESS: 15 rules found');
		expect(run.code).toBe(0);
	});

	it('alerts.test.yml passes promtool test rules', async () => {
		const run = await promtool('test', 'rules', 'examples/cli-orchestrator/alerts.test.yml');
		expect(run.output).toContain('SUCCESS');
		expect(run.code).toBe(0);
	});

	it('prometheus.yml passes promtool check config', async () => {
		const run = await promtool('check', 'config', 'examples/cli-orchestrator/prometheus.yml');
		expect(run.output).toContain('is valid prometheus config file syntax');
		expect(run.code).toBe(0);
	});

	it('has a built-in runbook for every alert rule, and none for a rule that does not exist', async () => {
		const {readFile} = await import('node:fs/promises');
		const text = await readFile('examples/cli-orchestrator/alerts.yml', 'utf8');
		const alerts = [...text.matchAll(/^\s*- alert: (\w+)$/gm)].map(match => match[1]);
		expect(alerts).toHaveLength(15);
		expect(cliOrchestratorRunbooks.map(runbook => runbook.alert).sort()).toEqual([...alerts].sort());
		for (const runbook of cliOrchestratorRunbooks) {
			expect(runbook.title.length, runbook.alert).toBeLessThanOrEqual(70);
			expect(runbook.steps.length, runbook.alert).toBeGreaterThanOrEqual(4);
			expect(runbook.steps.length, runbook.alert).toBeLessThanOrEqual(7);
			expect(runbook.steps[0]!.commands?.[0]?.lang, runbook.alert).toBe('promql');
			expect(runbook.source).toBe('built-in');
		}
	});
});
