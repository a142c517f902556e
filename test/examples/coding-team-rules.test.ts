import {execFile} from 'node:child_process';
import {describe, expect, it} from 'vitest';

type Run = {code: number; output: string};

async function promtool(...args: string[]): Promise<Run> {
	return new Promise(resolve => {
		execFile('/usr/bin/promtool', args, {timeout: 30_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`});
		});
	});
}

describe('examples/coding-team', () => {
	it('alerts.yml passes promtool check rules, with the ten rules of the guide', async () => {
		const run = await promtool('check', 'rules', 'examples/coding-team/alerts.yml');
		expect(run.output).toContain('SUCCESS: 10 rules found');
		expect(run.code).toBe(0);
	});

	it('alerts.test.yml passes promtool test rules', async () => {
		const run = await promtool('test', 'rules', 'examples/coding-team/alerts.test.yml');
		expect(run.output).toContain('SUCCESS');
		expect(run.code).toBe(0);
	});

	it('prometheus.yml passes promtool check config', async () => {
		const run = await promtool('check', 'config', 'examples/coding-team/prometheus.yml');
		expect(run.output).toContain('is valid prometheus config file syntax');
		expect(run.code).toBe(0);
	});
});
