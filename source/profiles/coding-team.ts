import {codingTeamRunbooks} from '../runbooks/coding-team.js';
import type {Profile} from './types.js';
import {upSpec} from './up-query.js';

/** Jobs in flight per mode: claimed minus completed minus failed (a missing series counts as 0). */
const IN_FLIGHT =
	'sum by (mode) (job_claimed_total)' +
	' - (sum by (mode) (job_completed_total) or sum by (mode) (job_claimed_total) * 0)' +
	' - (sum by (mode) (job_failed_total) or sum by (mode) (job_claimed_total) * 0)';

const FAILURE_THRESHOLD = {crit: 20, source: 'HighFailureRate: > 20% of jobs failed in 5 min'} as const;

/**
 * The AI Coding Team (seed 001): ledger-derived metrics exported at `/api/metrics/prometheus` on :3000
 * (the dashboard), scraped here as the job `ai-coding-team`. Thresholds are the seed's alert rules
 * and its Key Metrics table.
 */
export const codingTeam: Profile = {
	id: 'coding-team',
	title: 'AI Coding Team',
	signature: ['job_claimed_total', 'tokens_used_total', 'escalation_total'],
	// The seed scrapes the dashboard as job "dashboard", a name too generic to trust alone: agentmon's example
	// config names the job `ai-coding-team`, and any target that exposed job_claimed_total in the last hour counts.
	up: upSpec('job="ai-coding-team"', 'job_claimed_total'),
	agents: {
		kind: 'table',
		title: 'Workers',
		rowLabel: 'worker',
		stateColumn: 'heartbeat',
		columns: [
			{
				name: 'heartbeat',
				// Rows are named worker/mode/agent_type, so the mode and agent type of each worker show.
				promql:
					'label_join(time() - max by (worker, mode, agent_type) (worker_last_heartbeat_timestamp_seconds), "worker", "/", "worker", "mode", "agent_type")',
				unit: 'age',
				threshold: {crit: 60, source: 'WorkerDown: no heartbeat for 1 min'},
			},
		],
		metrics: ['worker_last_heartbeat_timestamp_seconds'],
	},
	locks: {unsupported: 'this system exposes no locks'},
	queue: {
		metric: 'queue_depth',
		byLabel: 'mode',
		order: ['mechanic', 'genius'],
		totalThreshold: {warn: 100, source: 'QueueBacklog: > 100 jobs'},
		active: {metric: 'job_claimed_total', byLabel: 'mode', promql: IN_FLIGHT},
	},
	latency: {
		histograms: [
			{name: 'job', metric: 'job_duration_seconds', unit: 's', p95Threshold: {warn: 60, source: 'SlowJobs: job p95 > 60s'}},
			// The rules watch p99; a p95 above the limit means the p99 is too.
			{name: 'tool', metric: 'tool_duration_seconds', unit: 's', p95Threshold: {warn: 5, source: 'SlowToolCalls: tool p99 > 5s'}},
			{name: 'database', metric: 'database_query_duration_seconds', unit: 's', p95Threshold: {warn: 1, source: 'DatabaseLatency: p99 > 1s'}},
		],
		ratios: [
			{
				name: 'job failures',
				promql:
					'100 * sum(rate(job_failed_total[$window])) / (sum(rate(job_completed_total[$window])) + sum(rate(job_failed_total[$window])))',
				unit: '%',
				threshold: FAILURE_THRESHOLD,
			},
			{name: 'errors/min', promql: '60 * sum(rate(error_total[$window]))', unit: 'count', threshold: {warn: 5, source: 'HighErrorRate: > 5/minute'}},
			{
				name: 'escalations/h',
				promql: '3600 * sum(rate(escalation_total[$window]))',
				unit: 'count',
				threshold: {warn: 10, source: 'HighEscalationRate: > 10/hour'},
			},
			{name: 'tokens/min', promql: '60 * sum(rate(tokens_used_total[$window]))', unit: 'count'},
			{name: 'jobs/min', promql: '60 * (sum(rate(job_completed_total[$window])) + sum(rate(job_failed_total[$window])))', unit: 'count'},
		],
	},
	extraPanes: [
		{
			title: 'Jobs by mode',
			rowLabel: 'mode',
			columns: [
				{name: 'done/min', promql: '60 * sum by (mode) (rate(job_completed_total[$window]))', unit: 'count'},
				{
					name: 'failed',
					promql:
						'100 * sum by (mode) (rate(job_failed_total[$window])) / (sum by (mode) (rate(job_completed_total[$window])) + sum by (mode) (rate(job_failed_total[$window])))',
					unit: '%',
					threshold: FAILURE_THRESHOLD,
				},
				{
					name: 'p95',
					promql: 'histogram_quantile(0.95, sum by (mode, le) (rate(job_duration_seconds_bucket[$window])))',
					unit: 's',
					threshold: {warn: 60, source: 'SlowJobs: job p95 > 60s'},
				},
				{name: 'tokens/min', promql: '60 * sum by (mode) (rate(tokens_used_total[$window]))', unit: 'count'},
				{name: 'over budget', promql: 'sum by (mode) (increase(budget_exceeded_total[$window]))', unit: 'count', threshold: {warn: 0, source: 'TokenBudgetExceeded: tokens.used > budget'}},
				{name: 'escalations/h', promql: '3600 * sum by (mode) (rate(escalation_total[$window]))', unit: 'count', threshold: {warn: 10, source: 'HighEscalationRate: > 10/hour'}},
			],
			metrics: ['job_completed_total', 'job_failed_total', 'job_duration_seconds', 'tokens_used_total', 'budget_exceeded_total', 'escalation_total'],
		},
		{
			title: 'Errors by type',
			rowLabel: 'type',
			columns: [
				{name: 'per min', promql: '60 * sum by (type) (rate(error_total[$window]))', unit: 'count', threshold: {warn: 5, source: 'HighErrorRate: > 5/minute'}},
				{name: 'total', promql: 'sum by (type) (error_total)', unit: 'count'},
			],
			metrics: ['error_total'],
		},
		{
			title: 'Tools',
			rowLabel: 'tool',
			columns: [
				{
					name: 'p99',
					promql: 'histogram_quantile(0.99, sum by (tool, le) (rate(tool_duration_seconds_bucket[$window])))',
					unit: 's',
					threshold: {warn: 5, source: 'SlowToolCalls: tool p99 > 5s'},
				},
				{name: 'calls/min', promql: '60 * sum by (tool) (rate(tool_duration_seconds_count[$window]))', unit: 'count'},
			],
			metrics: ['tool_duration_seconds'],
		},
		{
			title: 'Database',
			rowLabel: 'operation',
			columns: [
				{
					name: 'p99',
					promql: 'histogram_quantile(0.99, sum by (operation, le) (rate(database_query_duration_seconds_bucket[$window])))',
					unit: 's',
					threshold: {warn: 1, source: 'DatabaseLatency: p99 > 1s'},
				},
				{name: 'queries/s', promql: 'sum by (operation) (rate(database_query_duration_seconds_count[$window]))', unit: '/s'},
			],
			metrics: ['database_query_duration_seconds'],
		},
	],
	runbooks: codingTeamRunbooks,
	notes:
		'Names from seed 001 (AI Coding Team monitoring guide). Its Key Metrics are dotted; the Prometheus export ' +
		'(`job_completed_total{mode="mechanic"}`, `job_duration_seconds_bucket`) maps them as: job.claimed → job_claimed_total, ' +
		'job.completed → job_completed_total, job.failed → job_failed_total, job.duration_ms → job_duration_seconds (histogram, ' +
		'seconds), tokens.used → tokens_used_total, escalation.total → escalation_total, error.total → error_total{type}, ' +
		'tool.duration_ms → tool_duration_seconds{tool} (histogram), queue.depth → queue_depth{mode}. Labels `mode` ' +
		'(mechanic, genius) as in the seed. Names agentmon had to choose (the seed has no metric for them): ' +
		'worker_last_heartbeat_timestamp_seconds{worker, agent_type, mode} for "Worker Down: no heartbeat 1min" ' +
		'(the ledger\'s last_heartbeat_at), budget_exceeded_total{mode} for "tokens.used > budget" (the ledger\'s ' +
		'budget.budgetExceeded: jobs ending with tokens_used > token_cap), database_query_duration_seconds{operation} ' +
		'for "Database Latency p99 > 1s", and the scrape job `ai-coding-team` (the seed scrapes the dashboard on :3000 as ' +
		'job "dashboard"). Jobs in flight are derived: claimed − completed − failed. No locks.',
};
