import type {Runbook, RunbookCommand} from './types.js';

/*
 * Built-in runbooks for the alert rules of the AI Coding Team monitoring guide (seed 001): its five
 * Alert Rules and the thresholds of its Key Metrics table. The SQL, `kubectl scale`, `requeueStaleJobs`,
 * endpoints (:3000/api/health, :3000/api/metrics/prometheus, worker :8080/health) and CloudWatch
 * Insights queries are the guide's own; everything else is generic Prometheus, Kubernetes and
 * PostgreSQL practice. SQL runs through psql with the ledger database's URL in $DATABASE_URL.
 */

const promql = (code: string): RunbookCommand => ({lang: 'promql', code});
const sh = (code: string): RunbookCommand => ({lang: 'sh', code});
const sql = (query: string): RunbookCommand => sh(`psql "$DATABASE_URL" -c "${query}"`);
const insights = (query: string): RunbookCommand =>
	sh(`aws logs start-query --log-group-name "$LOG_GROUP" --start-time $(date -d '-1 hour' +%s) --end-time $(date +%s) \\\n  --query-string '${query}'`);

const DASHBOARD = 'http://localhost:3000';
const API_HEALTH = sh(`curl -sS -m 5 ${DASHBOARD}/api/health`);
const WORKER_HEALTH = sh('curl -sS -m 5 http://localhost:8080/health');
const WORKER_LOGS = sh('kubectl logs deployment/worker --since=15m | tail -n 200');

const FAILURE_RATE =
	'100 * sum(rate(job_failed_total[5m]))\n    / (sum(rate(job_completed_total[5m])) + sum(rate(job_failed_total[5m])))';
const FAILED_JOBS = sql("SELECT * FROM jobs WHERE status = 'failed' AND finished_at > NOW() - INTERVAL '1 hour'");
const QUEUED_BY_MODE = sql("SELECT mode, COUNT(*) FROM jobs WHERE status = 'queued' GROUP BY mode");
const STUCK_JOBS = sql("SELECT * FROM jobs WHERE status = 'running' AND last_heartbeat_at < NOW() - INTERVAL '5 minutes'");
const REQUEUE = sql('SELECT requeueStaleJobs(30000)');
const OVER_CAP = sql('SELECT * FROM jobs WHERE tokens_used > token_cap ORDER BY finished_at DESC LIMIT 10');
const ERRORS_BY_AGENT = insights('fields @timestamp, @message | filter level = "error" | stats count() by context.agentType | sort count desc');
const SLOW_JOBS = insights('fields @timestamp, context.jobId, context.durationMs | filter context.durationMs > 60000 | sort context.durationMs desc');
const TOKEN_RATE = 'sum(irate(tokens_used_total[2m]))';
const TOKEN_BASELINE = 'avg_over_time(sum(irate(tokens_used_total[2m]))[1h:])';
const HEARTBEAT_AGE = 'time() - worker_last_heartbeat_timestamp_seconds';
const ESCALATIONS = 'sum(increase(escalation_total[1h]))';
const ERRORS_PER_MIN = 'sum(rate(error_total[5m])) * 60';
const quantile = (q: string, metric: string, by = 'le') => `histogram_quantile(${q},\n  sum by (${by}) (rate(${metric}_bucket[5m]))\n)`;

/** The built-in runbooks of the AI Coding Team, one per alert rule of examples/coding-team/alerts.yml. */
export const codingTeamRunbooks: readonly Runbook[] = [
	{
		alert: 'HighFailureRate',
		title: 'High job failure rate',
		summary: 'More than 20% of the jobs that finished in the last 5 minutes failed. The guide says: page on-call.',
		source: 'built-in',
		steps: [
			{title: 'Confirm the failure rate is above 20%', detail: 'The alert expression, in percent of finished (completed + failed) jobs.', commands: [promql(FAILURE_RATE)]},
			{
				title: 'Identify the affected jobs',
				detail: 'The guide\'s query: failed jobs of the last hour. Look for a shared mode, repository or error message.',
				commands: [FAILED_JOBS, promql('sum by (mode) (rate(job_failed_total[5m]))')],
			},
			{
				title: 'Check whether one agent type or error type dominates',
				detail: 'Errors by type from the metrics, and by agent type from the CloudWatch logs (the guide\'s Insights query).',
				commands: [promql('sum by (type) (rate(error_total[5m]))'), ERRORS_BY_AGENT],
			},
			{
				title: 'Check the LLM API status',
				detail: 'Many `llm_api` errors point at the provider: check the OpenAI and Anthropic status pages before touching the workers.',
				commands: [sh('curl -sS https://status.openai.com/api/v2/status.json'), sh('curl -sS https://status.anthropic.com/api/v2/status.json')],
			},
			{
				title: 'If widespread: pause workers, investigate, restart',
				detail: 'Scaling the workers to 0 stops new claims while you investigate; restore the replica count after the fix.',
				commands: [sh('kubectl scale deployment worker --replicas=0'), WORKER_LOGS, sh('kubectl scale deployment worker --replicas=3')],
			},
			{title: 'Verify the failure rate falls below 20%', detail: 'It uses a 5-minute rate, so it falls a few minutes after the cause is fixed.', commands: [promql(FAILURE_RATE)]},
		],
	},
	{
		alert: 'QueueBacklog',
		title: 'Queue backlog above 100 jobs',
		summary: 'More than 100 jobs are waiting in the queue. The guide says: scale workers.',
		source: 'built-in',
		steps: [
			{title: 'Check queue depth by mode', detail: 'The metric, and the guide\'s query on the jobs table.', commands: [promql('sum by (mode) (queue_depth)'), QUEUED_BY_MODE]},
			{
				title: 'Check the workers are alive and taking jobs',
				detail: 'A worker with a heartbeat older than 60 s takes nothing; a claim rate near 0 means no worker is claiming.',
				commands: [promql(HEARTBEAT_AGE), promql('sum by (mode) (rate(job_claimed_total[5m]))')],
			},
			{
				title: 'Check for stuck workers',
				detail: 'Jobs still `running` whose heartbeat is over 5 minutes old hold a worker without progress.',
				commands: [STUCK_JOBS],
			},
			{title: 'Requeue stale jobs', detail: 'The guide\'s function puts jobs stale for over 30 s back in the queue.', commands: [REQUEUE]},
			{title: 'Scale workers', detail: 'The guide\'s command; scale back down once the queue drains.', commands: [sh('kubectl scale deployment worker --replicas=10')]},
			{title: 'Verify the queue drains below 100', detail: 'Watch the total fall while jobs complete.', commands: [promql('sum(queue_depth)')]},
		],
	},
	{
		alert: 'TokenSpike',
		title: 'Token usage above twice the baseline',
		summary: 'The current token rate has stayed above twice its one-hour average. The guide says: investigate.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm the spike against the baseline',
				detail: 'The current rate in tokens per second, and the one-hour average the alert compares it with (twice it fires).',
				commands: [promql(TOKEN_RATE), promql(TOKEN_BASELINE)],
			},
			{title: 'Find the mode that spikes', detail: 'Tokens per mode, and tokens per finished job: a rise per job points at the agents, not the volume.', commands: [promql('sum by (mode) (rate(tokens_used_total[5m]))'), promql('sum by (mode) (rate(tokens_used_total[5m])) / sum by (mode) (rate(job_completed_total[5m]) + rate(job_failed_total[5m]))')]},
			{title: 'Identify jobs over their token cap', detail: 'The guide\'s query for the jobs that used the most tokens.', commands: [OVER_CAP]},
			{title: 'Check job events for the token usage pattern', detail: 'Long LLM loops or repeated tool calls in a job\'s events show where the tokens go; check for prompt injection or unusual input.', commands: [insights('fields @timestamp, context.jobId, context.tokensUsed | sort context.tokensUsed desc | limit 20')]},
			{title: 'Verify the rate is back near the baseline', detail: 'The alert resolves once the current rate is under twice the hourly average.', commands: [promql(`${TOKEN_RATE} / ${TOKEN_BASELINE}`)]},
		],
	},
	{
		alert: 'WorkerDown',
		title: 'Worker sent no heartbeat for 1 minute',
		summary: 'A worker has sent no heartbeat for over 60 seconds: it crashed, hangs or lost the database. The guide says: auto-restart.',
		source: 'built-in',
		steps: [
			{title: 'Confirm which workers are silent', detail: 'Seconds since each worker\'s last heartbeat; the alert fires above 60.', commands: [promql(`${HEARTBEAT_AGE} > 60`)]},
			{title: 'Check the worker health endpoint', detail: 'Run on the worker (or through `kubectl port-forward`). No answer means the process is down or hangs.', commands: [WORKER_HEALTH, API_HEALTH]},
			{title: 'Check the worker pods and their logs', detail: 'Look for restarts, OOM kills and the last error before the heartbeats stopped.', commands: [sh('kubectl get deployment worker'), WORKER_LOGS]},
			{title: 'Check for jobs the worker left running', detail: 'Its jobs stay `running` with an old heartbeat; requeue them so another worker picks them up.', commands: [STUCK_JOBS, REQUEUE]},
			{title: 'Restart the workers', detail: 'A rolling restart replaces the hung pods.', commands: [sh('kubectl rollout restart deployment/worker'), sh('kubectl rollout status deployment/worker')]},
			{title: 'Verify heartbeats are fresh again', detail: 'Every worker below 60 s.', commands: [promql(HEARTBEAT_AGE)]},
		],
	},
	{
		alert: 'DatabaseLatency',
		title: 'Database latency p99 above 1 second',
		summary: 'The 99th percentile of database query time is above 1 second. The guide says: check connections.',
		source: 'built-in',
		steps: [
			{title: 'Confirm p99 database latency is above 1 s', detail: 'The alert expression.', commands: [promql(quantile('0.99', 'database_query_duration_seconds'))]},
			{title: 'Find the slow operations', detail: 'p99 per operation: claims, ledger appends or status updates.', commands: [promql(quantile('0.99', 'database_query_duration_seconds', 'operation, le'))]},
			{title: 'Check the API health and database connection', detail: 'The guide\'s health check reports `"database": "connected"` when healthy.', commands: [API_HEALTH]},
			{
				title: 'Check connections and long-running queries',
				detail: 'Too many connections or long queries holding locks slow every claim.',
				commands: [sql('SELECT state, COUNT(*) FROM pg_stat_activity GROUP BY state'), sql("SELECT pid, now() - query_start AS age, query FROM pg_stat_activity WHERE state <> 'idle' ORDER BY age DESC LIMIT 10")],
			},
			{title: 'Reduce the load on the database', detail: 'Fewer workers means fewer concurrent claims while you fix the cause.', commands: [sh('kubectl scale deployment worker --replicas=3')]},
			{title: 'Verify p99 falls below 1 s', detail: 'The 5-minute window clears a few minutes after the fix.', commands: [promql(quantile('0.99', 'database_query_duration_seconds'))]},
		],
	},
	{
		alert: 'SlowJobs',
		title: 'Job duration p95 above 60 seconds',
		summary: 'The 95th percentile job duration is above 60 seconds: jobs take longer than usual.',
		source: 'built-in',
		steps: [
			{title: 'Confirm p95 job duration is above 60 s', detail: 'The alert expression.', commands: [promql(quantile('0.95', 'job_duration_seconds'))]},
			{title: 'Find the mode that is slow', detail: 'p95 per mode.', commands: [promql(quantile('0.95', 'job_duration_seconds', 'mode, le'))]},
			{title: 'Find the slow jobs', detail: 'The guide\'s Insights query for jobs over 60 s.', commands: [SLOW_JOBS]},
			{title: 'Check tool and database latency', detail: 'Slow tools (p99 > 5 s) or a slow database stretch every job.', commands: [promql(quantile('0.99', 'tool_duration_seconds', 'tool, le')), promql(quantile('0.99', 'database_query_duration_seconds'))]},
			{title: 'Verify p95 falls below 60 s', detail: 'Jobs are long, so allow several minutes.', commands: [promql(quantile('0.95', 'job_duration_seconds'))]},
		],
	},
	{
		alert: 'HighEscalationRate',
		title: 'More than 10 human escalations in an hour',
		summary: 'Agents have escalated more than 10 jobs to humans in the last hour.',
		source: 'built-in',
		steps: [
			{title: 'Confirm the escalations of the last hour', detail: 'The alert expression.', commands: [promql(ESCALATIONS)]},
			{title: 'Find the mode that escalates', detail: 'Escalations per mode.', commands: [promql('sum by (mode) (increase(escalation_total[1h]))')]},
			{title: 'Check failures and errors at the same time', detail: 'Escalations often follow failing jobs or tool errors.', commands: [promql(FAILURE_RATE), promql('sum by (type) (rate(error_total[5m]))')]},
			{title: 'Review the escalated jobs', detail: 'Recent failed jobs from the guide\'s query; look for a shared task type or repository.', commands: [FAILED_JOBS]},
			{title: 'Verify escalations drop below 10 per hour', detail: 'The one-hour window clears an hour after the burst.', commands: [promql(ESCALATIONS)]},
		],
	},
	{
		alert: 'HighErrorRate',
		title: 'More than 5 errors a minute',
		summary: 'The system has logged more than 5 errors per minute over the last 5 minutes.',
		source: 'built-in',
		steps: [
			{title: 'Confirm errors per minute above 5', detail: 'The alert expression.', commands: [promql(ERRORS_PER_MIN)]},
			{title: 'Break the errors down by type', detail: 'One dominant type names the cause.', commands: [promql('sum by (type) (rate(error_total[5m])) * 60')]},
			{title: 'Find the agent type that errs', detail: 'The guide\'s Insights query: error count by agent type.', commands: [ERRORS_BY_AGENT]},
			{title: 'Check the API and worker health', detail: 'Both should answer `"status": "ok"`.', commands: [API_HEALTH, WORKER_HEALTH]},
			{title: 'Verify errors fall below 5 per minute', detail: 'The 5-minute window clears a few minutes after the fix.', commands: [promql(ERRORS_PER_MIN)]},
		],
	},
	{
		alert: 'SlowToolCalls',
		title: 'Tool latency p99 above 5 seconds',
		summary: 'The 99th percentile of tool execution time is above 5 seconds.',
		source: 'built-in',
		steps: [
			{title: 'Confirm p99 tool latency above 5 s', detail: 'The alert expression.', commands: [promql(quantile('0.99', 'tool_duration_seconds'))]},
			{title: 'Find the slow tool', detail: 'p99 and call rate per tool (e.g. read_file, apply_patch).', commands: [promql(quantile('0.99', 'tool_duration_seconds', 'tool, le')), promql('sum by (tool) (rate(tool_duration_seconds_count[5m]))')]},
			{title: 'Check tool errors', detail: 'Slow tools often time out.', commands: [promql('sum(rate(error_total{type="tool_execution"}[5m])) * 60')]},
			{title: 'Check the workers that run the tools', detail: 'Resource pressure on the worker pods slows tools.', commands: [sh('kubectl top pods'), WORKER_LOGS]},
			{title: 'Verify p99 falls below 5 s', detail: 'The 5-minute window clears a few minutes after the fix.', commands: [promql(quantile('0.99', 'tool_duration_seconds'))]},
		],
	},
	{
		alert: 'TokenBudgetExceeded',
		title: 'Jobs exceeded their token budget',
		summary: 'Jobs finished with more tokens used than their token cap in the last 5 minutes.',
		source: 'built-in',
		steps: [
			{title: 'Confirm jobs over budget', detail: 'Jobs over their cap in the last 5 minutes, per mode.', commands: [promql('sum by (mode) (increase(budget_exceeded_total[5m]))')]},
			{title: 'Identify the jobs', detail: 'The guide\'s query.', commands: [OVER_CAP]},
			{title: 'Check job events for the token usage pattern', detail: 'Tokens per job over time show whether one job or many are affected.', commands: [promql('sum by (mode) (rate(tokens_used_total[5m])) / sum by (mode) (rate(job_completed_total[5m]) + rate(job_failed_total[5m]))')]},
			{title: 'If systematic: review agent prompts for verbosity', detail: 'Many jobs of one mode over budget points at that mode\'s prompts.'},
			{title: 'If a spike: check for prompt injection or unusual input', detail: 'A single job far over its cap points at its input.', commands: [promql(TOKEN_RATE)]},
		],
	},
];
