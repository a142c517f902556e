import type {Runbook, RunbookCommand} from './types.js';

/*
 * Built-in runbooks for the four alert rules of the Agent Orchestrator observability guide (seed 003).
 * Metric names, thresholds, the API port (8000), its /metrics and /runs endpoints, `python src/server.py`,
 * the compose file `docker-compose.observability.yml`, the Prometheus job `agent-orchestrator` and the
 * `orch_config` models all come from that guide; the git commands are generic git practice, run in the
 * run's `workspace_path` (here `$WORKSPACE`).
 */

const promql = (code: string): RunbookCommand => ({lang: 'promql', code});
const sh = (code: string): RunbookCommand => ({lang: 'sh', code});

/** The orchestrator API as the seed documents it; run the shell commands on its host. */
const API = 'http://localhost:8000';

const METRICS = (pattern: string) => sh(`curl -s ${API}/metrics | grep -E '^(${pattern})'`);
const TARGETS = sh(`curl -s http://localhost:9090/api/v1/targets | grep -o '"health":"[a-z]*"'`);
const CONFLICT_SHARE = '100 * sum(rate(git_merge_total{result="conflict"}[5m])) / sum(rate(git_merge_total[5m]))';
const MERGE_P95 = 'histogram_quantile(0.95, sum(rate(git_merge_duration_seconds_bucket[5m])) by (le))';
const LOCK_WAIT_P95 = 'histogram_quantile(0.95, sum(rate(git_lock_wait_duration_seconds_bucket[5m])) by (le))';
const COST_PER_HOUR = 'sum by (model, provider) (rate(llm_cost_dollars_total[1h])) * 3600';

/** The built-in runbooks of the Agent Orchestrator, one per alert rule of its observability guide. */
export const agentOrchestratorRunbooks: readonly Runbook[] = [
	{
		alert: 'ConcurrentMerges',
		title: 'Concurrent git merges (merge lock race)',
		summary:
			'More than one git merge has been in progress at the same time for 30 seconds. With the merge lock there should be 0 or 1; several at once means merges race on the main branch and can corrupt it.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm more than one merge is running',
				detail: 'This is the alert expression: the gauge counts merges in progress. The second query shows the peak over the last hour, to tell a one-off from a pattern.',
				commands: [promql('git_active_merges > 1'), promql('max_over_time(git_active_merges[1h])')],
			},
			{
				title: 'Find the orchestrator instance that races',
				detail: 'With several API instances each has its own lock, so merges from different instances are not serialised. One instance above 1 is a lock bug in that process.',
				commands: [promql('sum by (instance) (git_active_merges)'), METRICS('git_active_merges|git_merge_total')],
			},
			{
				title: 'Check whether waiting for the lock stopped',
				detail: 'A lock wait p95 near zero while merges overlap means callers no longer wait for the lock, e.g. a merge path that does not go through git_metrics.track_merge() and the lock in git_manager.py.',
				commands: [promql(LOCK_WAIT_P95), promql(MERGE_P95)],
			},
			{
				title: 'Inspect the main branch of the workspace',
				detail: 'Look for a merge left half done (conflict markers, an unfinished merge state) and for duplicate or interleaved merge commits from the racing merges.',
				commands: [sh('git -C "$WORKSPACE" status'), sh('git -C "$WORKSPACE" log --oneline --graph -n 20 main')],
			},
			{
				title: 'Mitigate: stop starting runs and restart a single API instance',
				detail: 'Do not POST new runs to /runs until merges are serialised again. Let running merges finish, stop extra instances so one process holds the lock, then restart the API.',
				commands: [sh('python src/server.py')],
			},
			{
				title: 'Verify at most one merge runs at a time',
				detail: 'The alert resolves when the gauge stays at 0 or 1. Keep watching the peak over the next runs.',
				commands: [promql('max_over_time(git_active_merges[15m])')],
			},
		],
	},
	{
		alert: 'HighConflictRate',
		title: 'High merge conflict rate',
		summary:
			'Merges have ended in a conflict more than 0.5 times a second over 5 minutes, for 2 minutes. Conflicts go to LLM resolution, which slows merges and costs money.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm the conflict rate is above 0.5/s',
				detail: 'This is the alert expression. The second query is the guide\'s conflict percentage: a high rate with a low share means many merges overall, a high share means tasks keep touching the same files.',
				commands: [promql('rate(git_merge_total{result="conflict"}[5m])'), promql(CONFLICT_SHARE)],
			},
			{
				title: 'Compare conflicts with successes and errors',
				detail: 'Some conflicts are normal. A rise of `error` together with conflicts points at failed resolution rather than overlapping work.',
				commands: [promql('sum by (result) (rate(git_merge_total[5m]))')],
			},
			{
				title: 'Check merge duration and lock wait',
				detail: 'Conflict resolution by the LLM makes merges slow (p95 above 10 s), and other tasks then wait for the merge lock.',
				commands: [promql(MERGE_P95), promql(LOCK_WAIT_P95)],
			},
			{
				title: 'Find the files that keep conflicting',
				detail: 'Recent merge commits on main and the files they touched show which tasks overlap. Tasks editing the same files in parallel conflict by design.',
				commands: [sh('git -C "$WORKSPACE" log --merges --stat --oneline -n 20 main')],
			},
			{
				title: 'Mitigate: serialise overlapping tasks',
				detail: 'Split the objective so parallel tasks touch different files, or run fewer coder workers at once for this run. Start a new run with a narrower objective through POST /runs.',
				commands: [promql('sum(active_workers) by (worker_profile)')],
			},
			{
				title: 'Verify the conflict rate falls below 0.5/s',
				detail: 'The 5-minute rate falls a few minutes after conflicts stop; the alert then resolves.',
				commands: [promql('rate(git_merge_total{result="conflict"}[5m])')],
			},
		],
	},
	{
		alert: 'HighLLMCost',
		title: 'LLM cost above $10',
		summary:
			'The estimated LLM cost of a model has exceeded $10 for a minute. The counter is cumulative since the API started, so check how fast it grows: rapid growth means a runaway loop.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm which model and provider crossed $10',
				detail: 'This is the alert expression; each series is one model and provider.',
				commands: [promql('llm_cost_dollars_total > 10')],
			},
			{
				title: 'Measure the burn rate per model',
				detail: 'The guide\'s cost-per-hour estimate. A steady small rate means the total simply accumulated; a steep rate means something is spending now.',
				commands: [promql(COST_PER_HOUR), promql('topk(3, sum by (model) (rate(llm_cost_dollars_total[5m])))')],
			},
			{
				title: 'Look for a runaway loop: tokens per request and retries',
				detail: 'Growing tokens per request suggest ever-larger prompts; many retries per task or tasks stuck in one state suggest a loop retrying the same work.',
				commands: [
					promql('sum by (model) (rate(llm_tokens_total[5m])) / sum by (model) (rate(llm_requests_total[5m]))'),
					promql('rate(task_retry_count_sum[5m]) / rate(task_retry_count_count[5m])'),
					promql('sum by (status) (tasks_by_state)'),
				],
			},
			{
				title: 'Mitigate: stop the spending run, use a cheaper worker model',
				detail: 'Stop the run that loops (restart the API if nothing else stops it; the cost counter then starts from 0). Start new runs with a cheaper `worker_model` in `orch_config`.',
				commands: [sh('python src/server.py')],
			},
			{
				title: 'Verify the burn rate is back to normal',
				detail: 'After a restart the alert resolves because the counter reset; what matters is that the cost per hour stays low.',
				commands: [promql(COST_PER_HOUR)],
			},
		],
	},
	{
		alert: 'RateLimitErrors',
		title: 'Frequent LLM rate limit errors',
		summary:
			'An LLM provider has rate limited the orchestrator more than 0.1 times a second over 5 minutes, for a minute. Workers stall and retry; tasks pile up in ready.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm the rate-limit rate per model and provider',
				detail: 'This is the alert expression; each series is one model and provider.',
				commands: [promql('rate(llm_rate_limit_events_total[5m]) > 0.1')],
			},
			{
				title: 'See what share of requests are rate limited',
				detail: 'A few percent is absorbed by backoff and retry; a large share means the provider quota is too small for the number of workers.',
				commands: [promql('100 * sum by (model, provider) (rate(llm_requests_total{result="rate_limit"}[5m])) / sum by (model, provider) (rate(llm_requests_total[5m]))')],
			},
			{
				title: 'Check the effect on workers and tasks',
				detail: 'Rate-limited workers finish fewer tasks: ready tasks grow while the success rate and throughput fall.',
				commands: [promql('sum(active_workers) by (worker_profile)'), promql('sum by (status) (tasks_by_state)'), promql('rate(task_completion_total{status="success"}[5m])')],
			},
			{
				title: 'Check the API is up and serving metrics',
				detail: 'The counters only say the provider answered with rate limits; the API log shows which calls and the retry-after values.',
				commands: [METRICS('llm_rate_limit_events_total|llm_requests_total'), TARGETS],
			},
			{
				title: 'Mitigate: fewer parallel calls or another model',
				detail: 'Run fewer workers at once, or start new runs with a `worker_model` (or provider) that has more quota in `orch_config`. Raise the provider quota if it is regularly too low.',
			},
			{
				title: 'Verify rate limits stay below 0.1/s',
				detail: 'The alert resolves once the 5-minute rate is back under 0.1 per second.',
				commands: [promql('rate(llm_rate_limit_events_total[5m])')],
			},
		],
	},
];
