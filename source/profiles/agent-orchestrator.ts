import {agentOrchestratorRunbooks} from '../runbooks/agent-orchestrator.js';
import type {Profile} from './types.js';
import {upSpec} from './up-query.js';

/** Worker success rate per `worker_profile`, as the seed's "Worker Success Rate" panel computes it. */
const WORKER_SUCCESS =
	'100 * sum by (worker_profile) (rate(task_completion_total{status="success"}[$window])) / sum by (worker_profile) (rate(task_completion_total[$window]))';

const merges = (result: string) => `sum(rate(git_merge_total{result="${result}"}[$window]))`;

/**
 * The Agent Orchestrator (seed 003): a Python `prometheus_client` API serving `/metrics` on :8000,
 * scraped by the job `agent-orchestrator`. Workers (`worker_profile`) are the agents, merges holding
 * the git merge lock are the locks, task states are the queue. Thresholds are the seed's alert rules
 * and dashboard guidance.
 */
export const agentOrchestrator: Profile = {
	id: 'agent-orchestrator',
	title: 'Agent Orchestrator',
	signature: ['git_active_merges', 'tasks_by_state', 'git_merge_total'],
	// The job the seed's targets page shows, or any target that exposed this system's metrics in the last hour.
	up: upSpec('job="agent-orchestrator"', 'git_active_merges'),
	agents: {
		kind: 'table',
		title: 'Workers',
		rowLabel: 'worker_profile',
		stateColumn: 'active',
		metrics: ['active_workers', 'task_completion_total', 'task_execution_duration_seconds_bucket'],
		columns: [
			{name: 'active', promql: 'sum by (worker_profile) (active_workers)', unit: 'count'},
			{name: 'success', promql: WORKER_SUCCESS, unit: '%'},
			{
				name: 'p95',
				promql: 'histogram_quantile(0.95, sum by (worker_profile, le) (rate(task_execution_duration_seconds_bucket[$window])))',
				unit: 's',
				threshold: {crit: 300, source: 'Task Execution Duration panel: durations > 300s = timeout issues'},
			},
		],
	},
	locks: {
		// The merge lock: merges in progress per orchestrator instance; with the lock it is 0 or 1.
		metric: 'git_active_merges',
		byLabel: 'instance',
		rowThreshold: {crit: 1, source: 'ConcurrentMerges: git_active_merges > 1'},
		totalThreshold: {crit: 1, source: 'ConcurrentMerges: git_active_merges > 1'},
		waitHistogram: 'git_lock_wait_duration_seconds',
	},
	queue: {
		// Tasks not yet running nor done; `active` tasks are shown apart, `complete` only grows.
		metric: 'tasks_by_state',
		byLabel: 'status',
		promql: 'sum by (status) (tasks_by_state{status!~"active|complete"})',
		order: ['planned', 'ready', 'awaiting_qa', 'waiting_human', 'blocked', 'failed'],
		active: {
			metric: 'tasks_by_state',
			byLabel: 'status',
			promql: 'sum by (status) (tasks_by_state{status="active"})',
			rowThreshold: {warn: 10, source: 'Active Tasks panel: > 10 might indicate backlog'},
		},
	},
	latency: {
		histograms: [
			{name: 'merge', metric: 'git_merge_duration_seconds', unit: 's', p95Threshold: {warn: 10, source: 'Git Merge Duration panel: p95 > 10s is slow'}},
			{name: 'task', metric: 'task_execution_duration_seconds', unit: 's', p95Threshold: {crit: 300, source: 'durations > 300s = timeout issues'}},
			{name: 'lock wait', metric: 'git_lock_wait_duration_seconds', unit: 's'},
		],
		ratios: [
			{
				name: 'merge conflicts',
				promql: merges('conflict'),
				unit: '/s',
				threshold: {warn: 0.5, source: 'HighConflictRate: rate(git_merge_total{result="conflict"}[5m]) > 0.5'},
			},
			{name: 'conflict share', promql: `100 * (${merges('conflict')} or vector(0)) / sum(rate(git_merge_total[$window]))`, unit: '%'},
			{name: 'merge errors', promql: `100 * (${merges('error')} or vector(0)) / sum(rate(git_merge_total[$window]))`, unit: '%'},
			{
				name: 'task failures',
				promql: '100 * (sum(rate(task_completion_total{status="failed"}[$window])) or vector(0)) / sum(rate(task_completion_total[$window]))',
				unit: '%',
			},
			{name: 'retries per task', promql: 'sum(rate(task_retry_count_sum[$window])) / sum(rate(task_retry_count_count[$window]))', unit: 'count'},
		],
	},
	extraPanes: [
		{
			title: 'LLM cost and rate limits',
			rowLabel: 'model',
			metrics: ['llm_cost_dollars_total', 'llm_requests_total', 'llm_rate_limit_events_total', 'llm_tokens_total'],
			columns: [
				{name: 'cost', promql: 'sum by (model) (llm_cost_dollars_total)', unit: '$', threshold: {warn: 10, source: 'HighLLMCost: llm_cost_dollars_total > 10'}},
				{name: 'cost/h', promql: 'sum by (model) (rate(llm_cost_dollars_total[$window])) * 3600', unit: '$'},
				{name: 'requests', promql: 'sum by (model) (rate(llm_requests_total[$window]))', unit: '/s'},
				{
					name: 'rate limits',
					promql: 'sum by (model) (rate(llm_rate_limit_events_total[$window]))',
					unit: '/s',
					threshold: {warn: 0.1, source: 'RateLimitErrors: rate(llm_rate_limit_events_total[5m]) > 0.1'},
				},
				{name: 'tokens', promql: 'sum by (model) (rate(llm_tokens_total[$window]))', unit: '/s'},
			],
		},
		{
			title: 'Git merges by result',
			rowLabel: 'result',
			metrics: ['git_merge_total'],
			columns: [
				{name: 'merges', promql: 'sum by (result) (rate(git_merge_total[$window]))', unit: '/s'},
				{name: 'total', promql: 'sum by (result) (git_merge_total)', unit: 'count'},
			],
		},
	],
	runbooks: agentOrchestratorRunbooks,
	notes:
		'Names from the Agent Orchestrator observability guide (seed 003): git_active_merges, git_merge_total{result}, git_merge_duration_seconds, ' +
		'git_lock_wait_duration_seconds, task_completion_total{status,worker_profile}, task_retry_count, active_workers{worker_profile}, ' +
		'llm_cost_dollars_total{model}, llm_requests_total, llm_tokens_total, llm_rate_limit_events_total. The guide names the task-state and ' +
		'task-duration panels without their metrics; tasks_by_state{status} and task_execution_duration_seconds{worker_profile,phase} are the ' +
		"names of the project's metrics module (metrics.py, `task_metrics`). Names are Prometheus names already (no dotted names). " +
		'Job name `agent-orchestrator` as on the guide\'s targets page; endpoint /metrics on :8000.',
};
