import v8 from 'node:v8';
import vm from 'node:vm';
import {describe, expect, it} from 'vitest';
import {parseExposition} from '../../source/scrape/exposition.js';

/** About 5 MB: 50 000 samples of histogram families and of series with a unique label each. */
function bigExposition(): string {
	const lines: string[] = [];
	const les = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
	for (let family = 0; family * 13 < 25_000; family++) {
		lines.push(`# HELP http_request_duration_seconds_${family} Duration of HTTP requests`, `# TYPE http_request_duration_seconds_${family} histogram`);
		for (const le of les) lines.push(`http_request_duration_seconds_${family}_bucket{method="POST",route="/api/v1/agents/${family}/tasks",status_code="200",le="${le}"} ${family * 7}`);
		lines.push(`http_request_duration_seconds_${family}_sum{method="POST",route="/api/v1/agents/${family}/tasks",status_code="200"} ${family * 1.25}`);
	}
	for (let index = 0; index < 25_000; index++) {
		lines.push(`agent_task_state{agent="agent-${index}",task="task-${index * 31}",state="running",queue="default-priority"} ${index * 1.5} 1700000000000`);
	}
	return `${lines.join('\n')}\n`;
}

describe('parseExposition cost', () => {
	it('parses a 5 MB exposition of 50 000 samples in a fraction of a second', () => {
		const text = bigExposition();
		expect(text.length).toBeGreaterThan(4_500_000);
		const times: number[] = [];
		let samples = 0;
		for (let run = 0; run < 5; run++) {
			const started = performance.now();
			const exposition = parseExposition(text);
			times.push(performance.now() - started);
			samples = exposition.samples.length;
			expect(exposition.errors).toEqual([]);
		}
		expect(samples).toBeGreaterThanOrEqual(50_000);
		// Here ~60–100 ms warm; the bound leaves room for a busy CI machine running other suites.
		expect(Math.min(...times)).toBeLessThan(400);
	});

	it('keeps no reference to the input: samples of ten 20 MB expositions hold well under 20 MB', () => {
		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as () => void;
		const make = (round: number) =>
			Array.from({length: 20}, (_, index) => `m{long="a label value longer than thirteen ${round}-${index}"} 1\n# ${'x'.repeat(1_000_000)}`).join('\n');
		gc();
		const before = process.memoryUsage().heapUsed;
		const kept = Array.from({length: 10}, (_, round) => parseExposition(make(round)).samples);
		gc();
		const retained = process.memoryUsage().heapUsed - before;
		expect(kept.flat()).toHaveLength(200);
		// A plain slice of 13 or more characters would keep each 20 MB text alive: 200 MB.
		expect(retained).toBeLessThan(20 * 1024 * 1024);
	});
});
