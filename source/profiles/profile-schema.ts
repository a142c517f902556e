import {z} from 'zod';

/** PromQL text: non-empty, bounded. */
const promql = z.string().min(1, 'expected a PromQL expression').max(4000);
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus metric name');
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name');
const level = z.enum(['ok', 'warn', 'crit', 'neutral']);
const unit = z.enum(['count', 's', 'bytes', '%', '/s', 'age', '$']);
const threshold = z.strictObject({warn: z.number().optional(), crit: z.number().optional(), below: z.boolean().optional(), source: z.string().optional()});
const unsupported = z.strictObject({unsupported: z.string().min(1)});

const column = z.strictObject({name: z.string().min(1), promql, unit: unit.default('count'), threshold: threshold.optional()});
const table = z.strictObject({title: z.string().min(1), rowLabel: labelName, columns: z.array(column).min(1), metrics: z.array(metricName).min(1)});

const gaugeBy = z.strictObject({
	metric: metricName,
	byLabel: labelName,
	promql: promql.optional(),
	rowThreshold: threshold.optional(),
	totalThreshold: threshold.optional(),
	order: z.array(z.string()).optional(),
});

const agentsStateSet = z.strictObject({
	kind: z.literal('state-set').optional(),
	metric: metricName,
	agentLabel: labelName,
	stateLabel: labelName,
	stateLevels: z.record(z.string(), level).default({}),
});
const agentsTable = table.extend({kind: z.literal('table'), stateColumn: z.string().min(1)});

const histogram = z.strictObject({name: z.string().min(1), metric: metricName, unit: z.enum(['s', 'bytes']).default('s'), p95Threshold: threshold.optional()});
const ratio = z.strictObject({name: z.string().min(1), promql, unit: unit, threshold: threshold.optional()});

const command = z.strictObject({lang: z.enum(['sh', 'promql']), code: z.string().min(1)});
const step = z.strictObject({title: z.string().min(1).max(200), detail: z.string().optional(), commands: z.array(command).optional()});
const runbook = z.strictObject({alert: z.string().min(1), title: z.string().min(1), summary: z.string().default(''), steps: z.array(step).min(1)});

/** The schema of a custom profile file (see examples/custom-profile.yaml). */
export const profileFileSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected an id of lowercase letters, digits and dashes'),
	title: z.string().min(1),
	signature: z.array(metricName).min(1, 'expected at least one metric name'),
	up: z.strictObject({promql, describe: z.string().optional()}).optional(),
	panes: z
		.strictObject({
			agents: z.union([unsupported, agentsTable, agentsStateSet]).optional(),
			locks: z.union([unsupported, gaugeBy.extend({waitHistogram: metricName.optional()})]).optional(),
			queue: z.union([unsupported, gaugeBy.extend({active: gaugeBy.optional()})]).optional(),
			latency: z.union([unsupported, z.strictObject({histograms: z.array(histogram).default([]), ratios: z.array(ratio).default([])})]).optional(),
		})
		.default({}),
	extraPanes: z.array(table).optional(),
	runbooks: z.array(runbook).default([]),
	notes: z.string().optional(),
});

export type ProfileFile = z.infer<typeof profileFileSchema>;
