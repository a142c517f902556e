import net from 'node:net';
import {expect} from 'vitest';
import type {Simulator} from '../../source/sim/types.js';

/** One sample of the Prometheus text exposition format. */
export type Sample = {name: string; labels: Record<string, string>; value: number};

/** A metric a simulator must serve: its name, type and label names. */
export type MetricSpec = [name: string, type: 'counter' | 'gauge' | 'histogram', labels: string[]];

/** Parses the Prometheus text exposition format (enough of it for prom-client's output). */
export function parse(text: string): Sample[] {
	const samples: Sample[] = [];
	for (const line of text.split('\n')) {
		const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!match) continue;
		const labels: Record<string, string> = {};
		for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
		samples.push({name: match[1]!, labels, value: Number(match[3])});
	}
	return samples;
}

/** Fetches `sim.url + metricsPath`, expects 200 and returns the parsed samples. */
export async function scrape(sim: {url: string}, metricsPath = '/metrics'): Promise<Sample[]> {
	const response = await fetch(`${sim.url}${metricsPath}`);
	expect(response.status).toBe(200);
	return parse(await response.text());
}

/** The values of the series `name`, keyed by their label `key`. */
export const values = (samples: Sample[], name: string, key: string): Record<string, number> =>
	Object.fromEntries(samples.filter(sample => sample.name === name).map(sample => [sample.labels[key], sample.value]));

/** The sum of the series `name` whose labels pass `filter`. */
export const total = (samples: Sample[], name: string, filter: (labels: Record<string, string>) => boolean = () => true) =>
	samples.filter(sample => sample.name === name && filter(sample.labels)).reduce((sum, sample) => sum + sample.value, 0);

/**
 * Expects `sim.url` to name its port, and one scrape to hold every metric of `metrics` with its `# TYPE` line,
 * at least one series (of each histogram part) and exactly its label names. Returns that scrape's samples.
 */
export async function expectMetrics(sim: {url: string; port: number}, metrics: MetricSpec[], metricsPath = '/metrics'): Promise<Sample[]> {
	expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
	const text = await (await fetch(`${sim.url}${metricsPath}`)).text();
	const samples = parse(text);
	for (const [name, type, labels] of metrics) {
		expect(text, name).toContain(`# TYPE ${name} ${type}\n`);
		const names = type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
		for (const sampleName of names) {
			const series = samples.filter(sample => sample.name === sampleName);
			expect(series.length, sampleName).toBeGreaterThan(0);
			for (const sample of series) expect(Object.keys(sample.labels).filter(key => key !== 'le').sort(), sampleName).toEqual([...labels].sort());
		}
	}
	return samples;
}

/**
 * Switches `sim` to `name` over HTTP and expects the answers of `POST` and `GET /_sim/scenario`; runs `check`,
 * then expects an unknown name to answer 400 and change nothing, and switches back to `normal` over HTTP.
 */
export async function expectScenarioOverHttp<Scenario extends string>(
	sim: Simulator<Scenario, unknown>,
	name: Scenario,
	scenarios: readonly Scenario[],
	check?: () => Promise<void>,
): Promise<void> {
	const post = await fetch(`${sim.url}/_sim/scenario?name=${name}`, {method: 'POST'});
	expect(post.status).toBe(200);
	expect(await post.json()).toEqual({scenario: name});
	expect(sim.scenario).toBe(name);
	expect(await (await fetch(`${sim.url}/_sim/scenario`)).json()).toEqual({scenario: name, scenarios: [...scenarios]});
	await check?.();
	const bad = await fetch(`${sim.url}/_sim/scenario?name=bogus`, {method: 'POST'});
	expect(bad.status).toBe(400);
	expect(sim.scenario).toBe(name);
	await fetch(`${sim.url}/_sim/scenario?name=normal`, {method: 'POST'});
	expect(sim.scenario).toBe('normal');
}

/** Scrapes `sim` over a keep-alive connection, closes it twice, and expects it gone and its port free again. */
export async function expectClosedAndPortFreed(sim: {url: string; port: number; close(): Promise<void>}, metricsPath = '/metrics'): Promise<void> {
	await (await fetch(`${sim.url}${metricsPath}`, {headers: {connection: 'keep-alive'}})).text();
	await sim.close();
	await sim.close();
	await expect(fetch(`${sim.url}${metricsPath}`)).rejects.toThrow();
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer().once('error', reject);
		server.listen(sim.port, '127.0.0.1', () => server.close(() => resolve()));
	});
}
