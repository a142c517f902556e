import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';

describe('examples/all-simulators/prometheus.yml', () => {
	it('is a valid Prometheus config whose rule files all load', () => {
		const output = execFileSync('promtool', ['check', 'config', 'prometheus.yml'], {cwd: 'examples/all-simulators', encoding: 'utf8'});
		expect(output).toContain('SUCCESS');
		expect(output).not.toContain('FAILED');
	});
});
