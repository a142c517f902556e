import {devPipelineRunbooks} from '../runbooks/dev-pipeline.js';
import type {Profile} from './types.js';
import {upSpec} from './up-query.js';

/**
 * Restricts a metric to the targets of this system. `active_sessions_count` is also a metric of the
 * CLI Orchestrator (seed 002), so it is only counted where the target also exposes `agent_success_rate`.
 */
const ours = (metric: string) => `(${metric} and on (job, instance) agent_success_rate)`;

/**
 * The Claude Development Pipeline (seed 004): a Python exporter (`tools/prometheus_exporter.py`)
 * reading the SQLite ledger `logs/agent_workflow.db` and serving unprefixed metrics on `/metrics`
 * (port 9090 by default, `--port 9091` when Prometheus holds 9090). The seed's Prometheus target is
 * `agent_workflow`. Thresholds are the seed's alert rules (group `agent_workflow_alerts`).
 */
export const devPipeline: Profile = {
	id: 'dev-pipeline',
	title: 'Claude Development Pipeline',
	// Gauges and counters set at exporter start, with names no other seed uses.
	signature: ['agent_success_rate', 'agent_last_execution_timestamp', 'phase_distribution_total'],
	// The seed's target name, or any target that exposed this system's metrics in the last hour.
	up: upSpec('job="agent_workflow"', 'agent_success_rate'),
	agents: {
		kind: 'table',
		title: 'Agents',
		rowLabel: 'agent',
		stateColumn: 'last run',
		metrics: ['agent_last_execution_timestamp', 'agent_success_rate', 'agent_duration_seconds_bucket', 'agent_error_total'],
		columns: [
			{name: 'last run', promql: 'time() - max by (agent) (agent_last_execution_timestamp)', unit: 'age'},
			{
				name: 'success',
				promql: 'min by (agent) (agent_success_rate)',
				unit: '%',
				threshold: {warn: 70, below: true, source: 'LowSuccessRate: agent_success_rate < 70'},
			},
			{
				name: 'p95',
				promql: 'histogram_quantile(0.95, sum by (agent, le) (rate(agent_duration_seconds_bucket[$window])))',
				unit: 's',
				threshold: {warn: 300, source: 'AgentExecutionSlow: p95 of agent_duration_seconds > 300 s'},
			},
			{
				name: 'errors',
				promql: 'sum by (agent) (rate(agent_error_total[$window]))',
				unit: '/s',
				threshold: {crit: 0.1, source: 'HighErrorRate: rate(agent_error_total[5m]) > 0.1 (per agent and phase)'},
			},
		],
	},
	locks: {unsupported: 'this system exposes no locks'},
	// No waiting queue either: the pane shows the work in flight, the executions running in parallel
	// (the depth) and the sessions they belong to (active).
	queue: {
		metric: 'parallel_executions_current',
		byLabel: 'kind',
		promql: `label_replace(sum(${ours('parallel_executions_current')}), "kind", "parallel executions", "", "")`,
		active: {
			metric: 'active_sessions_count',
			byLabel: 'kind',
			promql: `label_replace(sum(${ours('active_sessions_count')}), "kind", "sessions", "", "")`,
		},
	},
	latency: {
		histograms: [
			{name: 'agent run', metric: 'agent_duration_seconds', unit: 's', p95Threshold: {warn: 300, source: 'AgentExecutionSlow: p95 > 300 s'}},
			{name: 'session', metric: 'session_duration_seconds', unit: 's'},
		],
		ratios: [
			{name: 'invocations', promql: 'sum(rate(agent_invocation_total[$window]))', unit: '/s'},
			{
				name: 'errors',
				promql: 'sum(rate(agent_error_total[$window]))',
				unit: '/s',
				threshold: {crit: 0.1, source: 'HighErrorRate: > 0.1/s (per agent and phase)'},
			},
			{
				name: 'failed runs',
				promql: '100 * (sum(rate(agent_invocation_total{status!="success"}[$window])) or vector(0)) / sum(rate(agent_invocation_total[$window]))',
				unit: '%',
				threshold: {warn: 30, source: 'LowSuccessRate: success < 70%'},
			},
		],
	},
	extraPanes: [
		{
			title: 'Phases',
			rowLabel: 'phase',
			metrics: ['phase_distribution_total', 'agent_error_total'],
			columns: [
				{name: 'runs', promql: 'sum by (phase) (phase_distribution_total)', unit: 'count'},
				{
					name: 'share',
					promql: '100 * sum by (phase) (phase_distribution_total) / ignoring (phase) group_left () sum(phase_distribution_total)',
					unit: '%',
				},
				{name: 'rate', promql: 'sum by (phase) (rate(phase_distribution_total[$window]))', unit: '/s'},
				{name: 'errors', promql: 'sum by (phase) (rate(agent_error_total[$window]))', unit: '/s', threshold: {crit: 0.1, source: 'HighErrorRate: > 0.1/s'}},
			],
		},
		{
			title: 'Sessions',
			rowLabel: 'instance',
			metrics: ['total_sessions', 'total_unique_agents', 'avg_agents_per_session', 'session_duration_seconds_bucket'],
			columns: [
				{name: 'sessions', promql: 'sum by (instance) (total_sessions)', unit: 'count'},
				{name: 'agents', promql: 'sum by (instance) (total_unique_agents)', unit: 'count'},
				{name: 'agents/session', promql: 'avg by (instance) (avg_agents_per_session)', unit: 'count'},
				{name: 'session p95', promql: 'histogram_quantile(0.95, sum by (instance, le) (rate(session_duration_seconds_bucket[$window])))', unit: 's'},
			],
		},
	],
	runbooks: devPipelineRunbooks,
	notes:
		'Metric names are those of the seed\'s "Available Metrics" list, unprefixed as the exporter serves them (no dotted names). ' +
		'Labels: agent_invocation_total{agent,phase,status,model}, agent_error_total{agent,phase}, phase_distribution_total{phase}, per-agent gauges {agent}. ' +
		'The seed\'s alert summaries read $labels.agent_name; the metrics are described "by agent", so agentmon uses the label `agent`. ' +
		'The queue pane shows work in flight (parallel_executions_current, active_sessions_count): the pipeline has no waiting queue. ' +
		'active_sessions_count also exists in seed 002, so it is counted only on targets that expose agent_success_rate.',
};
