import {Counter, Gauge, Histogram, Registry, Summary} from 'prom-client';
import {describe, expect, it} from 'vitest';
import {parseExposition, type ExpositionSample} from '../../source/scrape/exposition.js';

/** The registry of a small service: every metric type, labels, odd label values. */
function buildRegistry(): Registry {
	const registry = new Registry();
	const registers = [registry];
	const requests = new Counter({name: 'app_requests_total', help: 'Requests handled', labelNames: ['method', 'code'], registers});
	requests.inc({method: 'GET', code: '200'}, 41);
	requests.inc({method: 'POST', code: '500'});
	const workers = new Gauge({name: 'app_workers', help: 'Workers by state: "busy" or \\ idle', labelNames: ['state', 'pool'], registers});
	workers.set({state: 'busy', pool: 'say "hi" \\ there'}, 3);
	workers.set({state: 'idle', pool: 'a,b={c}'}, -2.5);
	workers.set({state: 'none', pool: 'x'}, 0);
	new Gauge({name: 'app_unlabelled', help: 'No labels', registers}).set(1e21);
	const latency = new Histogram({name: 'app_latency_seconds', help: 'Latency', labelNames: ['route'], buckets: [0.005, 0.1, 1, 2.5], registers});
	for (const observed of [0.001, 0.05, 0.07, 0.5, 3, 9]) latency.observe({route: '/api/tasks'}, observed);
	latency.observe({route: '/health'}, 0.002);
	const sizes = new Summary({name: 'app_payload_bytes', help: 'Payload sizes', labelNames: ['kind'], percentiles: [0.5, 0.9, 0.99], registers});
	for (let index = 1; index <= 100; index++) sizes.observe({kind: 'json'}, index * 10);
	new Summary({name: 'app_empty_summary', help: 'No observations yet', registers});
	return registry;
}

const key = (name: string, labels: Record<string, string | number>) =>
	`${name}${JSON.stringify(Object.entries(labels).map(([label, value]) => [label, String(value)]).sort(([a], [b]) => (a! < b! ? -1 : 1)))}`;

describe('parseExposition reads prom-client output', () => {
	it('every value of getMetricsAsJSON(), with its labels, type and help; nothing else', async () => {
		const registry = buildRegistry();
		const exposition = parseExposition(await registry.metrics());
		expect(exposition.errors).toEqual([]);
		const parsed = new Map<string, ExpositionSample>();
		for (const sample of exposition.samples) {
			const {__name__: name, ...labels} = sample.labels;
			parsed.set(key(name!, labels), sample);
		}
		const metrics = await registry.getMetricsAsJSON();
		let expected = 0;
		for (const metric of metrics) {
			expect(exposition.types[metric.name], metric.name).toBe(metric.type);
			expect(exposition.help[metric.name], metric.name).toBe(metric.help);
			for (const entry of metric.values) {
				const name = (entry as {metricName?: string}).metricName ?? metric.name;
				const sample = parsed.get(key(name, entry.labels as Record<string, string | number>));
				expect(sample, `${name} ${JSON.stringify(entry.labels)}`).toBeDefined();
				expect(sample!.value, name).toEqual(entry.value);
				expected++;
			}
		}
		expect(exposition.samples).toHaveLength(expected);
		expect(parsed.size).toBe(expected);
	});

	it('keeps quotes, backslashes and separators inside label values', async () => {
		const exposition = parseExposition(await buildRegistry().metrics());
		const pools = exposition.samples.filter(sample => sample.labels.__name__ === 'app_workers').map(sample => sample.labels.pool);
		expect(pools).toEqual(['say "hi" \\ there', 'a,b={c}', 'x']);
		expect(exposition.samples.find(sample => sample.labels.__name__ === 'app_unlabelled')?.value).toBe(1e21);
		const buckets = exposition.samples.filter(sample => sample.labels.__name__ === 'app_latency_seconds_bucket' && sample.labels.route === '/api/tasks');
		expect(buckets.map(sample => [sample.labels.le, sample.value])).toEqual([['0.005', 1], ['0.1', 3], ['1', 4], ['2.5', 4], ['+Inf', 6]]);
	});
});
