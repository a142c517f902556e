import type {Runbook, RunbookCommand} from './types.js';

/*
 * Built-in runbooks for the seven alert rules of the AI Coordination Server monitoring guide
 * (seed 000). Metric names, thresholds, the port (3456), the endpoints (/health, /metrics), the
 * Docker container `coordination-server` and the Prometheus job `ai-coordination-server` all come
 * from that guide; everything else is generic Prometheus, Docker and Node.js practice.
 */

const promql = (code: string): RunbookCommand => ({lang: 'promql', code});
const sh = (code: string): RunbookCommand => ({lang: 'sh', code});

/** The server's own URL as the seed documents it; run the shell commands on its host. */
const SERVER = 'http://localhost:3456';
/** Prometheus as the seed runs it (container `prometheus`, port 9090). */
const PROMETHEUS = 'http://localhost:9090';

const ERROR_RATE =
	'100 * sum(rate(coordination_server_api_requests_total{status_code!~"2.."}[5m]))\n    / sum(rate(coordination_server_api_requests_total[5m]))';
const TASK_FAILURE_RATE =
	'100 * sum(rate(coordination_server_task_failures_total[5m]))\n    / sum(rate(coordination_server_task_completions_total[5m]))';
const API_P95 = 'histogram_quantile(0.95,\n  rate(coordination_server_api_response_time_seconds_bucket[5m])\n)';
const API_P95_BY_ENDPOINT =
	'histogram_quantile(0.95,\n  sum by (endpoint, le) (rate(coordination_server_api_response_time_seconds_bucket[5m]))\n)';
const LOCK_WAIT_P95_BY_AGENT =
	'histogram_quantile(0.95,\n  sum by (agent, le) (rate(coordination_server_lock_acquisition_time_seconds_bucket[5m]))\n)';
const MEMORY_GIB = 'coordination_server_process_resident_memory_bytes / 1024 / 1024 / 1024';
const EVENT_LOOP_LAG = 'coordination_server_nodejs_eventloop_lag_seconds';
const CPU = 'rate(coordination_server_process_cpu_user_seconds_total[1m])';

const HEALTH_CHECK = sh(`curl -sS -m 5 -w '\\nHTTP %{http_code} in %{time_total}s\\n' ${SERVER}/health`);
const RECENT_LOGS = sh('docker logs --since 15m coordination-server 2>&1 | tail -n 200');
const SAVE_LOGS = sh('docker logs coordination-server > coordination-server-$(date +%Y%m%d-%H%M%S).log 2>&1');
const CONTAINER_STATS = sh('docker stats --no-stream coordination-server');
const PROCESS_METRICS = sh(`curl -s ${SERVER}/metrics | grep -E '^coordination_server_(process|nodejs)_'`);

/** The built-in runbooks of the AI Coordination Server, one per alert rule of its monitoring guide. */
export const coordinationServerRunbooks: readonly Runbook[] = [
	{
		alert: 'HighAPIErrorRate',
		title: 'High API error rate',
		summary:
			'More than 5% of the API requests to the coordination server have returned a non-2xx status code for at least 2 minutes. Agents and clients calling the API see failures.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm the API error rate is above 5%',
				detail:
					'This is the alert expression, in percent. Above 5 for 2 minutes fires the alert. `status_code!~"2.."` counts every response that is not 2xx, so client errors (4xx) count as well as server errors (5xx).',
				commands: [promql(ERROR_RATE)],
			},
			{
				title: 'Split the errors by status code',
				detail:
					'Mostly 5xx means the server itself is failing: go on with the endpoints, health check and logs. Mostly 4xx means callers send requests the server rejects: look for an agent or client that changed recently rather than at the server.',
				commands: [promql('sum by (status_code) (rate(coordination_server_api_requests_total{status_code!~"2.."}[5m]))')],
			},
			{
				title: 'Find the endpoints that fail',
				detail:
					'The first query lists failing requests per endpoint, method and status; the second gives each endpoint its own error percentage. One endpoint failing points at that operation; all endpoints failing together points at the process or the host.',
				commands: [
					promql('sum by (endpoint, method, status_code) (rate(coordination_server_api_requests_total{status_code!~"2.."}[5m]))'),
					promql(
						'100 * sum by (endpoint) (rate(coordination_server_api_requests_total{status_code!~"2.."}[5m]))\n    / sum by (endpoint) (rate(coordination_server_api_requests_total[5m]))',
					),
				],
			},
			{
				title: 'Check the server health endpoint and its logs',
				detail:
					'A failing, slow or refused health check means the whole process is in trouble (see CoordinationServerDown). In the logs, look for stack traces and repeated errors on the endpoints found above, and note when they started.',
				commands: [HEALTH_CHECK, RECENT_LOGS],
			},
			{
				title: 'Check whether latency and event loop lag rose too',
				detail:
					'Errors together with p95 latency above 1 s or event loop lag above 0.1 s usually mean the server is overloaded and requests time out; follow the HighAPILatency and HighEventLoopLag runbooks.',
				commands: [promql(API_P95_BY_ENDPOINT), promql(EVENT_LOOP_LAG)],
			},
			{
				title: 'Mitigate: stop the bad caller or restart a broken server',
				detail:
					'For 4xx from one caller, stop or fix that agent or client. For 5xx with a stuck or failing process, save the logs first, then restart the container; a restart disconnects connected agents and WebSocket clients for a moment.',
				commands: [SAVE_LOGS, sh('docker restart coordination-server')],
			},
			{
				title: 'Verify the error rate stays below 5%',
				detail:
					'The query uses a 5-minute rate, so it falls a few minutes after the errors stop. The alert resolves once the value is back below 5.',
				commands: [promql(ERROR_RATE)],
			},
		],
	},
	{
		alert: 'CoordinationServerDown',
		title: 'Coordination server down',
		summary:
			'Prometheus has failed to scrape the coordination server (job `ai-coordination-server`) for at least 1 minute: the server is down, stuck, or unreachable from Prometheus.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm which targets Prometheus reports as down',
				detail:
					`A value of 0 for 1 minute fires the alert; 1 means the last scrape worked. The targets page (${PROMETHEUS}/targets, or the API call below) shows the scrape error of the \`ai-coordination-server\` target, such as connection refused, a timeout or a wrong address.`,
				commands: [promql('up{job="ai-coordination-server"}'), sh(`curl -s ${PROMETHEUS}/api/v1/targets | grep -o '"lastError":"[^"]*"'`)],
			},
			{
				title: 'Check the server answers its health check',
				detail:
					'Run this on the server host. Connection refused means nothing listens on port 3456, so the process is down; no answer within the 5 s timeout means it is stuck. If it answers here while Prometheus still reports it down, the problem is the path from Prometheus to the server (step 5).',
				commands: [HEALTH_CHECK],
			},
			{
				title: 'Check the container is running and read its last logs',
				detail:
					'An `Exited` status shows it stopped; the last log lines usually say why (an uncaught error, out of memory). A container that keeps restarting is in a crash loop: the logs of each start show the same error.',
				commands: [sh('docker ps -a --filter name=coordination-server'), sh('docker logs --tail 200 coordination-server')],
			},
			{
				title: 'Check the metrics endpoint that Prometheus scrapes',
				detail:
					'Prometheus needs /metrics to answer in Prometheus text format within its scrape timeout (5 s in the guide\'s recommended config). If /health works but /metrics fails or is slow, scrapes fail although the API still serves requests.',
				commands: [sh(`curl -sS -m 5 ${SERVER}/metrics | head -n 20`)],
			},
			{
				title: 'Check Prometheus can reach the scrape address',
				detail:
					'With Prometheus in Docker, `localhost` is the Prometheus container itself: the target must be host.docker.internal:3456 (Mac/Windows) or 172.17.0.1:3456 (Linux). Compare the target address on the targets page with where the server listens, and read the Prometheus logs for scrape errors.',
				commands: [sh('docker exec prometheus wget -qO- -T 5 http://host.docker.internal:3456/health'), sh('docker logs --since 15m prometheus 2>&1 | tail -n 50')],
			},
			{
				title: 'Start the server again if it is down',
				detail:
					'Save the logs first so the cause is not lost. If the server exits again straight away, do not keep restarting it: fix the error its logs show at exit.',
				commands: [SAVE_LOGS, sh('docker start coordination-server'), HEALTH_CHECK],
			},
			{
				title: 'Verify Prometheus scrapes the server again',
				detail:
					'`up` returns to 1 after the next successful scrape (every 15 s with the guide\'s `scrape_interval`) and the alert resolves at the following rule evaluation.',
				commands: [promql('up{job="ai-coordination-server"}')],
			},
		],
	},
	{
		alert: 'HighTaskFailureRate',
		title: 'High task failure rate',
		summary:
			'Task failures have amounted to more than 20% of task completions over 5 minutes, for at least 5 minutes. Work handed to the agents is not getting done.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm the task failure rate is above 20%',
				detail:
					'This is the alert expression, in percent: above 20 for 5 minutes fires the alert. It divides failures by completions, so with few completions a handful of failures gives a high value; the two absolute rates below show how many tasks are involved.',
				commands: [
					promql(TASK_FAILURE_RATE),
					promql('sum(rate(coordination_server_task_failures_total[5m]))'),
					promql('sum by (status) (rate(coordination_server_task_completions_total[5m]))'),
				],
			},
			{
				title: 'Break the failures down by reason',
				detail: 'One dominant `reason` usually names the cause. Fix that cause rather than retrying the failed tasks.',
				commands: [promql('sum by (reason) (rate(coordination_server_task_failures_total[5m]))')],
			},
			{
				title: 'Find out whether one agent accounts for the failures',
				detail:
					'The second query gives each agent its own failure percentage. If one agent (e.g. Claude Code or GitHub Copilot) fails far more than the others, the problem is with that agent rather than with the server.',
				commands: [
					promql('sum by (agent, reason) (rate(coordination_server_task_failures_total[5m]))'),
					promql(
						'100 * sum by (agent) (rate(coordination_server_task_failures_total[5m]))\n    / sum by (agent) (rate(coordination_server_task_completions_total[5m]))',
					),
				],
			},
			{
				title: 'Check the agents are available and the queue',
				detail:
					'An agent whose `state="available"` series is 0 or missing is busy or offline and cannot take new work. Pending tasks that keep growing show that work is piling up.',
				commands: [
					promql('coordination_server_agent_availability{state="available"}'),
					promql('sum by (agent, state) (coordination_server_agent_availability)'),
					promql('sum by (priority) (coordination_server_pending_tasks)'),
				],
			},
			{
				title: 'Look for file conflicts and handoffs that go wrong',
				detail:
					'Conflicts with `resolution="failed"` or `"manual"`, or handoffs with a status other than success, rising together with the failures suggest agents are working on the same files or cannot hand work over.',
				commands: [
					promql('sum by (resolution) (rate(coordination_server_file_conflicts_total[5m]))'),
					promql('sum by (from_agent, to_agent, status) (rate(coordination_server_handoff_requests_total[5m]))'),
				],
			},
			{
				title: 'Read the server logs around the failures',
				detail: 'Match the reasons and agents found above with log entries to see which tasks fail and the error they fail with.',
				commands: [sh("docker logs --since 30m coordination-server 2>&1 | grep -i -E 'fail|error' | tail -n 100")],
			},
			{
				title: 'Fix the cause, then verify failures fall below 20%',
				detail:
					'Stop or repair the failing agent, or fix what the dominant reason names, then re-run the alert expression. The alert resolves once it stays below 20.',
				commands: [promql(TASK_FAILURE_RATE)],
			},
		],
	},
	{
		alert: 'HighAPILatency',
		title: 'High API latency',
		summary:
			'The 95th percentile API response time of the coordination server has been above 1 second for at least 5 minutes. Agents and clients wait noticeably for every call.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm p95 API latency is above 1 second',
				detail:
					'This is the alert expression: above 1 (second) for 5 minutes fires the alert. It has no `sum by (le)`, so it gives one p95 per method and endpoint; the labels of the firing alert name the slow one.',
				commands: [promql(API_P95)],
			},
			{
				title: 'Find the slowest endpoints and their traffic',
				detail:
					'Compare latency with traffic per endpoint. One slow endpoint points at that operation; every endpoint slow at once points at the process (CPU, event loop, memory).',
				commands: [promql(API_P95_BY_ENDPOINT), promql('sum by (endpoint) (rate(coordination_server_api_requests_total[5m]))')],
			},
			{
				title: 'Check whether request volume has grown',
				detail:
					'Requests per minute now and at the same time yesterday. A sharp rise means the server is slow because of load; a normal volume means something got slower per request.',
				commands: [
					promql('sum(rate(coordination_server_api_requests_total[1m])) * 60'),
					promql('sum(rate(coordination_server_api_requests_total[1m] offset 1d)) * 60'),
				],
			},
			{
				title: 'Check event loop lag, CPU and memory',
				detail:
					'Node.js runs all requests on one event loop: lag above 0.1 s (the HighEventLoopLag threshold) or CPU close to 1 (one core fully busy) means requests queue behind each other. Memory above 1 GiB (HighMemoryUsage) can slow the process through garbage collection.',
				commands: [promql(EVENT_LOOP_LAG), promql(CPU), promql(MEMORY_GIB)],
			},
			{
				title: 'Check whether lock waits are slow at the same time',
				detail:
					'If lock acquisition is slow too, requests that need file locks may be waiting for them; follow the HighLockContention runbook.',
				commands: [promql(LOCK_WAIT_P95_BY_AGENT), promql('sum by (agent) (coordination_server_active_locks)')],
			},
			{
				title: 'Measure the health check and read the logs',
				detail:
					'A slow answer from /health on the server host confirms the delay is in the server, not the network between it and its callers. Look in the logs for errors or timeouts on the slow endpoints.',
				commands: [HEALTH_CHECK, RECENT_LOGS],
			},
			{
				title: 'Reduce the load, then verify p95 falls below 1 second',
				detail:
					'Slow down or stop the caller that drives the extra traffic, or restart the container if the process is stuck (save its logs first). The alert resolves once p95 stays below 1 s.',
				commands: [promql(API_P95)],
			},
		],
	},
	{
		alert: 'HighLockContention',
		title: 'High lock contention',
		summary:
			'More than 10 file locks have been held for at least 5 minutes. Agents that need those files may be waiting for each other.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm who holds more than 10 locks',
				detail:
					'The rule `coordination_server_active_locks > 10` is checked for each series, i.e. for each `agent`: one agent holding more than 10 locks for 5 minutes fires it, and the alert\'s `agent` label names that agent.',
				commands: [promql('coordination_server_active_locks'), promql('sum by (agent) (coordination_server_active_locks)')],
			},
			{
				title: 'Check how long agents wait to acquire locks',
				detail:
					'p95 lock acquisition time per agent. Rising wait times confirm real contention: agents are blocked on locks others hold. Many locks with short waits is heavy but healthy use.',
				commands: [promql(LOCK_WAIT_P95_BY_AGENT)],
			},
			{
				title: 'Check whether the lock holder is still working',
				detail:
					'An agent that holds locks but is offline, or has no active tasks, has probably left them behind (it crashed or disconnected without releasing them).',
				commands: [
					promql('sum by (agent, state) (coordination_server_agent_availability)'),
					promql('sum by (agent, status) (coordination_server_active_tasks)'),
				],
			},
			{
				title: 'Look for file conflicts',
				detail:
					'Conflicts with `resolution="manual"` or `"failed"` need a person to resolve them, and the files stay contended until someone does.',
				commands: [promql('sum by (resolution) (increase(coordination_server_file_conflicts_total[1h]))')],
			},
			{
				title: 'Read the server logs for lock activity',
				detail: 'Look for locks that are acquired but never released, and for errors from the agent named in step 1.',
				commands: [sh('docker logs --since 30m coordination-server 2>&1 | grep -i lock | tail -n 100')],
			},
			{
				title: 'Have the holding agent finish or stop cleanly',
				detail:
					'Let the holder finish its task or stop it cleanly so it releases its locks. If the holder is gone and its locks remain, restarting that agent, or as a last resort the server (save its logs first), may clear them; check with step 1 afterwards.',
			},
			{
				title: 'Verify every agent holds 10 locks or fewer',
				detail: 'The alert resolves once no agent holds more than 10 locks. Lock wait times (step 2) should fall as well.',
				commands: [promql('sum by (agent) (coordination_server_active_locks)')],
			},
		],
	},
	{
		alert: 'HighMemoryUsage',
		title: 'High memory usage',
		summary:
			'The coordination server process has used more than 1 GiB of resident memory for at least 5 minutes. It may be leaking memory, and risks being killed if it keeps growing.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm resident memory is above 1 GiB',
				detail: 'This is the alert expression, in GiB: above 1 for 5 minutes fires the alert.',
				commands: [promql(MEMORY_GIB)],
			},
			{
				title: 'See whether memory keeps growing or has levelled off',
				detail:
					'Growth in MiB per hour over the last hour. A steady positive value that never falls back suggests a leak; a jump that then levels off follows a rise in load.',
				commands: [promql('deriv(coordination_server_process_resident_memory_bytes[1h]) * 3600 / 1024 / 1024')],
			},
			{
				title: 'Relate memory to load',
				detail:
					'If memory follows the number of WebSocket connections, sessions or queued and active tasks, it is load. If these are flat while memory climbs, a leak is more likely.',
				commands: [
					promql('sum by (type) (coordination_server_websocket_connections)'),
					promql('sum(coordination_server_active_sessions)'),
					promql('sum(coordination_server_active_tasks)'),
					promql('sum by (priority) (coordination_server_pending_tasks)'),
				],
			},
			{
				title: 'Check the size of context data',
				detail:
					'p95 size of saved and retrieved context data, and how often each operation runs. Large or frequent context operations can hold a lot of memory.',
				commands: [
					promql('histogram_quantile(0.95,\n  sum by (operation, le) (rate(coordination_server_context_size_bytes_bucket[5m]))\n)'),
					promql('sum by (operation) (rate(coordination_server_context_operations_total[5m]))'),
				],
			},
			{
				title: 'Check the container limit and the Node.js metrics',
				detail:
					'`docker stats` shows memory use against the container limit; near the limit the container is at risk of being killed for running out of memory. The process and Node.js metrics (including garbage collection) show whether the runtime is under pressure.',
				commands: [CONTAINER_STATS, PROCESS_METRICS],
			},
			{
				title: 'Restart in a quiet period if memory keeps growing',
				detail:
					'A restart frees the memory but not the cause: save the logs and note the growth rate from step 2 for the bug report. It disconnects agents and WebSocket clients for a moment.',
				commands: [SAVE_LOGS, sh('docker restart coordination-server')],
			},
			{
				title: 'Verify memory stays below 1 GiB',
				detail: 'The alert resolves once resident memory is below 1 GiB. Watch the growth rate of step 2 to see whether it comes back.',
				commands: [promql(MEMORY_GIB)],
			},
		],
	},
	{
		alert: 'HighEventLoopLag',
		title: 'High event loop lag',
		summary:
			'The Node.js event loop of the coordination server has lagged more than 0.1 seconds for at least 2 minutes: the server may be overloaded, and every request, message and timer is delayed.',
		source: 'built-in',
		steps: [
			{
				title: 'Confirm event loop lag is above 100 ms',
				detail:
					'The alert expression is `coordination_server_nodejs_eventloop_lag_seconds > 0.1`: above 0.1 s (100 ms) for 2 minutes fires it. The second query shows the lag in milliseconds.',
				commands: [promql(EVENT_LOOP_LAG), promql(`${EVENT_LOOP_LAG} * 1000`)],
			},
			{
				title: 'Check CPU usage of the process',
				detail:
					'CPU seconds per second. Close to 1 means the JavaScript thread is busy all the time and CPU-bound work is blocking the loop. Low CPU with high lag points at blocking calls or a starved host or container (step 5).',
				commands: [promql(CPU)],
			},
			{
				title: 'Check memory and garbage collection',
				detail:
					'Memory near the 1 GiB HighMemoryUsage threshold makes garbage collection run longer and more often, which shows as lag. The /metrics output includes the Node.js garbage collection and event loop metrics.',
				commands: [promql(MEMORY_GIB), PROCESS_METRICS],
			},
			{
				title: 'Look for the load that saturates the loop',
				detail:
					'A surge of requests to one endpoint, or of WebSocket connections, can keep the loop busy. Compare with the usual level to find what grew.',
				commands: [
					promql('sum by (endpoint) (rate(coordination_server_api_requests_total[5m]))'),
					promql('sum by (type) (coordination_server_websocket_connections)'),
				],
			},
			{
				title: 'Check host and container resources and the logs',
				detail:
					'`docker stats` shows whether the container is short of CPU or memory. In the logs, look for long-running operations or errors starting at the time the lag rose.',
				commands: [CONTAINER_STATS, RECENT_LOGS],
			},
			{
				title: 'Check whether API latency is affected',
				detail: 'p95 latency above 1 s means callers feel the lag (HighAPILatency).',
				commands: [promql(API_P95_BY_ENDPOINT)],
			},
			{
				title: 'Reduce the load, then verify lag stays below 100 ms',
				detail:
					'Slow down or stop the caller that drives the load, or restart the container if the loop stays blocked (save its logs first). The alert resolves once the lag is back below 0.1 s.',
				commands: [promql(EVENT_LOOP_LAG)],
			},
		],
	},
];
