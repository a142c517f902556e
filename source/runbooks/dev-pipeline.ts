import type {Runbook, RunbookCommand} from './types.js';

/*
 * Built-in runbooks for the three alert rules of the Claude Development Pipeline monitoring guide
 * (seed 004, group `agent_workflow_alerts`). Metric names, thresholds, the exporter script
 * (`tools/prometheus_exporter.py`, `--port`, `--interval`), its database (`logs/agent_workflow.db`,
 * table `agent_invocations`), the service names (systemd `agent-workflow-exporter`, launchd
 * `com.agent-workflow.exporter`) and the Prometheus target `agent_workflow` come from that guide;
 * everything else is generic Prometheus and SQLite practice.
 */

const promql = (code: string): RunbookCommand => ({lang: 'promql', code});
const sh = (code: string): RunbookCommand => ({lang: 'sh', code});

/** The exporter as the guide runs it beside Prometheus (`--port 9091`; its own default is 9090). */
const EXPORTER = 'http://localhost:9091';
const DATABASE = 'logs/agent_workflow.db';

const P95_BY_AGENT = 'histogram_quantile(0.95, rate(agent_duration_seconds_bucket[5m]))';
const ERROR_RATE = 'rate(agent_error_total[5m])';

const EXPORTER_METRICS = (pattern: string) => sh(`curl -s ${EXPORTER}/metrics | grep -E '^${pattern}'`);
const EXPORTER_LOGS = [
	sh('sudo systemctl status agent-workflow-exporter'),
	sh('journalctl -u agent-workflow-exporter --since "30 min ago" | tail -n 100'),
	sh('tail -n 100 /tmp/agent-workflow-exporter.err # launchd (macOS)'),
];
const DATABASE_COUNT = sh(`sqlite3 ${DATABASE} "SELECT COUNT(*) FROM agent_invocations"`);

/** The built-in runbooks of the Claude Development Pipeline, one per alert rule of its monitoring guide. */
export const devPipelineRunbooks: readonly Runbook[] = [
	{
		alert: 'AgentExecutionSlow',
		title: 'Agent execution slow (p95 above 5 minutes)',
		summary:
			'The 95th percentile run time of an agent (agent_duration_seconds) has been above 300 seconds for 5 minutes. Pipeline phases that wait on this agent are held up.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm which agent has a p95 above 300 s',
				detail:
					'This is the alert expression: one p95 per series, so the labels of the firing alert name the agent. Summing by agent gives one value per agent, easier to compare.',
				commands: [promql(P95_BY_AGENT), promql('histogram_quantile(0.95, sum by (agent, le) (rate(agent_duration_seconds_bucket[5m])))')],
			},
			{
				title: 'Compare with the agent\'s usual run time and run rate',
				detail:
					'The same p95 a day earlier shows whether this agent is always slow or got slower; the invocation rate by phase and model shows whether the slow runs come with more work or a different model.',
				commands: [
					promql('histogram_quantile(0.95, sum by (agent, le) (rate(agent_duration_seconds_bucket[5m] offset 1d)))'),
					promql('sum by (agent, phase, model) (rate(agent_invocation_total[5m]))'),
				],
			},
			{
				title: 'Check how much runs in parallel',
				detail:
					'Many executions at once compete for the same resources and rate limits. Compare parallel executions and active sessions with their usual level.',
				commands: [promql('parallel_executions_current'), promql('active_sessions_count'), promql('parallel_executions_current / active_sessions_count')],
			},
			{
				title: 'Check whether the slow runs also fail',
				detail: 'Long runs that end in errors (HighErrorRate) or a falling success rate usually mean the agent retries or times out rather than just working longer.',
				commands: [promql('sum by (agent, phase) (rate(agent_error_total[5m]))'), promql('agent_success_rate')],
			},
			{
				title: 'Check the exporter reports current data',
				detail:
					'A last execution time far in the past, or exporter errors in its logs, mean the durations are old or missing rather than slow now.',
				commands: [promql('time() - agent_last_execution_timestamp'), ...EXPORTER_LOGS],
			},
			{
				title: 'Mitigate: reduce the load on the slow agent',
				detail:
					'Run fewer workflows at once, or pause the workflow that drives the slow agent until it is back to normal. Do not kill runs in progress without saving their output.',
			},
			{
				title: 'Verify the p95 falls back below 300 s',
				detail: 'The 5-minute rate means the p95 drops a few minutes after the slow runs stop; the alert resolves when it stays at or below 300.',
				commands: [promql(P95_BY_AGENT)],
			},
		],
	},
	{
		alert: 'HighErrorRate',
		title: 'High agent error rate (above 0.1 errors/s)',
		summary:
			'An agent has recorded more than 0.1 errors per second in one phase (agent_error_total) for 5 minutes. Its runs fail and the pipeline does not progress past that phase.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm which agent and phase fail',
				detail: 'This is the alert expression: one rate per agent and phase. Above 0.1 for 5 minutes fires the alert; the labels of the firing alert name the series.',
				commands: [promql(ERROR_RATE), promql(`sort_desc(${ERROR_RATE} > 0)`)],
			},
			{
				title: 'Compare errors with invocations of that agent',
				detail:
					'The share of failed runs tells a failing agent (most runs fail) from a busy one (many runs, few failures). Splitting by model shows whether one model is behind the failures.',
				commands: [
					promql('sum by (agent, status) (rate(agent_invocation_total[5m]))'),
					promql('sum by (agent, model) (rate(agent_invocation_total{status!="success"}[5m]))'),
				],
			},
			{
				title: 'Check the errors are real and not an exporter problem',
				detail:
					'The exporter counts errors from its database; read the counters it serves and the number of logged invocations. A database that is missing or empty points at the exporter, not the agents.',
				commands: [EXPORTER_METRICS('agent_(error|invocation)_total'), DATABASE_COUNT],
			},
			{
				title: 'Read the exporter and workflow logs',
				detail: 'Look for repeated errors of the failing agent and when they started.',
				commands: EXPORTER_LOGS,
			},
			{
				title: 'Mitigate: stop feeding work to the failing agent',
				detail:
					'Pause the workflows that run the failing agent and fix what its errors name (credentials, rate limits, a broken step) before running them again.',
			},
			{
				title: 'Verify the error rate falls below 0.1/s',
				detail: 'The alert resolves once every agent and phase stays at or below 0.1 errors per second.',
				commands: [promql(ERROR_RATE)],
			},
		],
	},
	{
		alert: 'LowSuccessRate',
		title: 'Low agent success rate (below 70%)',
		summary:
			'The success rate an agent reports (agent_success_rate, in percent) has been below 70 for 10 minutes: most of its recent work has to be redone.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm which agents are below 70%',
				detail:
					'This is the alert expression. The seed\'s guide also watches agents below 80% as declining: check them too, they may be next.',
				commands: [promql('agent_success_rate < 70'), promql('agent_success_rate < 80')],
			},
			{
				title: 'See whether failures are still happening',
				detail:
					'The success rate comes from the exporter\'s database and moves slowly. A current failure rate near zero means the rate reflects past failures; failures now mean the problem is live.',
				commands: [
					promql('sum by (agent, status) (rate(agent_invocation_total[15m]))'),
					promql('sum by (agent, phase) (rate(agent_error_total[15m]))'),
				],
			},
			{
				title: 'Narrow down by phase and model',
				detail: 'A single phase or model behind the failures names what to fix.',
				commands: [promql('sum by (agent, phase, model) (increase(agent_invocation_total{status!="success"}[1h]))')],
			},
			{
				title: 'Check the exporter serves fresh data',
				detail:
					'A stale last execution time or an exporter that cannot read its database keeps an old success rate. The exporter updates every 15 s by default (`--interval`).',
				commands: [promql('time() - agent_last_execution_timestamp'), EXPORTER_METRICS('agent_(success_rate|last_execution_timestamp)'), DATABASE_COUNT],
			},
			{
				title: 'Mitigate, then verify the success rate recovers',
				detail:
					'Fix the cause found above and re-run the failed workflows. The alert resolves once the agent reports 70% or more.',
				commands: [promql('agent_success_rate')],
			},
		],
	},
];
