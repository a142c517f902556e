import type {Runbook, RunbookCommand, RunbookStep} from './types.js';

/*
 * Built-in runbooks for the fifteen "Configured Alerts" of the AI CLI Orchestrator V2 monitoring guide
 * (seed 002). Metric names, thresholds, the compose files (docker-compose.v2.yml,
 * monitoring/docker-compose.monitoring.yml), the containers `ai-prometheus` and `browser-worker-1`, and the
 * URLs of Prometheus (:9090), Alertmanager (:9093), Grafana (:3001) and cAdvisor (:8080) come from that guide;
 * node_exporter and redis_exporter names are those exporters' own; everything else is generic Docker and
 * Prometheus practice. Run the shell commands on the Docker host of the stack.
 */

const promql = (code: string): RunbookCommand => ({lang: 'promql', code});
const sh = (code: string): RunbookCommand => ({lang: 'sh', code});
const step = (title: string, detail: string, ...commands: RunbookCommand[]): RunbookStep => ({title, detail, ...(commands.length > 0 ? {commands} : {})});
const runbook = (alert: string, title: string, summary: string, steps: RunbookStep[]): Runbook => ({alert, title, summary, steps, source: 'built-in'});

const PROMETHEUS = 'http://localhost:9090';
const V2 = 'docker compose -f docker-compose.v2.yml';
const MONITORING = 'docker compose -f monitoring/docker-compose.monitoring.yml';

const PS = sh(`${V2} ps`);
const LOGS = sh(`${V2} logs --since 15m --tail 200`);
const STATS = sh('docker stats --no-stream');
const TARGET_ERRORS = sh(`curl -s ${PROMETHEUS}/api/v1/targets | grep -o '"lastError":"[^"]*"' | sort | uniq -c`);

const CPU = '100 * (1 - sum by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) / sum by (instance) (rate(node_cpu_seconds_total[5m])))';
const MEMORY = '(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100';
const DISK_FREE = 'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay"} * 100';
const FAILURE_RATE = 'sum(rate(requests_failed_total[5m])) / sum(rate(requests_total[5m])) * 100';
const FAILURE_BY_PROVIDER = 'sum by (provider) (rate(requests_failed_total[5m])) / sum by (provider) (rate(requests_total[5m])) * 100';
const QUOTA = 'quota_daily_used / quota_daily_limit * 100';
const P95 = 'histogram_quantile(0.95, rate(request_duration_seconds_bucket[5m]))';
const P95_BY_PROVIDER = 'histogram_quantile(0.95, sum by (provider, le) (rate(request_duration_seconds_bucket[5m])))';
const API_ERRORS = 'sum(rate(api_errors_total[5m])) / sum(rate(api_requests_total[5m])) * 100';

const verify = (what: string, query: string) => step(`Verify ${what}`, 'Rates use a 5-minute window, so they settle a few minutes after the cause is gone; the alert resolves once the expression is false.', promql(query));

const HOST_STEPS = (what: string) => [
	step('Find the containers that use it', `cAdvisor (http://localhost:8080) and docker stats show ${what} per container; browser workers running many sessions are the usual heavy users.`, STATS),
	step('Check the browser sessions and queue behind the load', 'More active sessions or a growing queue explain more load; a flat workload with rising usage points at a leak in one container.', promql('sum by (provider) (active_sessions_count)'), promql('sum(bullmq_queue_waiting)')),
];

/** The built-in runbooks of the AI CLI Orchestrator V2, one per alert of its monitoring guide. */
export const cliOrchestratorRunbooks: readonly Runbook[] = [
	runbook('HighCpuUsage', 'High CPU usage on a host of the orchestrator', 'A host of the stack has used more than 80% CPU for 5 minutes: browser automation slows down and requests may time out.', [
		step('Confirm the CPU usage per host', 'The alert expression: above 80 on one instance for 5 minutes fires it.', promql(CPU)),
		...HOST_STEPS('CPU'),
		step('Mitigate: lower the load or restart the runaway container', 'Restart only the container found above, after saving its logs; a restart closes its browser sessions. If the load is real, give the host more CPU or reduce concurrent workers.', LOGS, sh(`${V2} restart <service>`)),
		verify('CPU usage is back below 80%', CPU),
	]),
	runbook('HighHostMemoryUsage', 'High memory usage on a host of the orchestrator', 'More than 90% of a host\'s memory has been in use for 5 minutes: containers risk being killed by the OOM killer.', [
		step('Confirm the memory usage per host', 'The alert expression: above 90 for 5 minutes fires it.', promql(MEMORY)),
		...HOST_STEPS('memory'),
		step('Mitigate: restart the container that grows', 'Browsers leak memory over long sessions; restarting the worker frees it but closes its sessions. Check `docker logs` for OOM kills first.', LOGS, sh(`${V2} restart <service>`)),
		verify('memory usage is back below 90%', MEMORY),
	]),
	runbook('DiskSpaceLow', 'Disk space low on a host of the orchestrator', 'Less than 10% of a filesystem is free: Prometheus, Redis and the workers fail once it is full.', [
		step('Confirm which filesystem is low', 'The alert expression, per instance and mountpoint.', promql(DISK_FREE)),
		step('Find what uses the space', 'Docker images, volumes and container logs, and the Prometheus data volume, are the usual culprits.', sh('docker system df'), sh('df -h')),
		step('Reduce Prometheus retention if its data is the cause', 'The guide: set --storage.tsdb.retention.time (default 15d) or --storage.tsdb.retention.size, then restart Prometheus.', sh(`${MONITORING} restart prometheus`)),
		step('Free space safely', 'Remove unused images and stopped containers; back up volumes first as the guide describes before deleting any data.', sh('docker image prune')),
		verify('more than 10% is free', DISK_FREE),
	]),
	runbook('ServiceDown', 'A service of the orchestrator stack is down', 'Prometheus has failed to scrape a target for at least 1 minute: the service is down, stuck or unreachable.', [
		step('Confirm which targets are down', `0 for 1 minute fires the alert. The targets page (${PROMETHEUS}/targets) shows each scrape error.`, promql('up == 0'), TARGET_ERRORS),
		step('Check the containers are running', 'An `Exited` or restarting service is the cause; its last log lines say why.', PS, LOGS),
		step('Check Prometheus can reach it', 'From the guide: ping the target from the Prometheus container; a failure means a network, not a service, problem.', sh(`${MONITORING} exec prometheus ping browser-worker-1`), sh('docker logs ai-prometheus 2>&1 | tail -n 50')),
		step('Restart the stopped service', 'Starting the V2 stack again brings up any stopped service without touching the running ones.', sh(`${V2} up -d`)),
		verify('every target is up', 'up'),
	]),
	runbook('BrowserWorkerDown', 'Browser worker down', 'A browser worker has not answered Prometheus scrapes for 1 minute: requests of its providers are not processed and queue up.', [
		step('Confirm which workers are down', 'The alert expression; the targets page shows the scrape error.', promql('up{job="browser-worker"} == 0'), TARGET_ERRORS),
		step('Check the worker container and its logs', 'Look for browser crashes, out-of-memory kills and login failures.', PS, sh(`${V2} logs --since 15m --tail 200 browser-worker-1`)),
		step('Check the metrics endpoint answers', 'The worker serves /metrics on port 9090 inside the stack network (the guide\'s metrics.ts); test it from the Prometheus container.', sh(`${MONITORING} exec prometheus wget -qO- http://browser-worker-1:9090/metrics | head`)),
		step('Watch the queue while the worker is away', 'Jobs wait in BullMQ until a worker takes them.', promql('bullmq_queue_waiting')),
		step('Restart the worker', 'Save the logs first; a restart opens new browser sessions.', sh(`${V2} restart browser-worker-1`)),
		verify('the worker is up again', 'up{job="browser-worker"}'),
	]),
	runbook('RedisDown', 'Redis down', 'The Redis exporter cannot reach Redis (redis_up == 0) for 1 minute: BullMQ cannot queue or hand out jobs.', [
		step('Confirm Redis is down', 'redis_up is 0 when the exporter cannot connect; no series at all means the exporter itself is down (see ServiceDown).', promql('redis_up'), promql('up{job="redis-exporter"}')),
		step('Check the Redis container and its logs', 'Look for out-of-memory, persistence (RDB/AOF) or disk-full errors.', PS, LOGS),
		step('Check the host has memory and disk left', 'Redis stops when the disk is full or it is OOM-killed.', promql(MEMORY), promql(DISK_FREE)),
		step('Start Redis again', 'Starting the stack starts the stopped Redis service; queued jobs persist only if Redis persistence is on.', sh(`${V2} up -d`)),
		verify('Redis is up and the queue drains', 'redis_up'),
	]),
	runbook('HighQueueDepth', 'High BullMQ queue depth', 'More than 100 jobs have been waiting in a BullMQ queue for 10 minutes: the workers do not keep up.', [
		step('Confirm the queue depth', 'The alert expression, per queue.', promql('bullmq_queue_waiting > 100')),
		step('Check the workers are up and processing', 'Workers down, or a processing rate near 0, explain a growing queue.', promql('up{job="browser-worker"}'), promql('sum by (provider) (rate(requests_total[5m]))')),
		step('Check accounts, sessions and quota of the provider', 'Without an active account, with expired sessions or an exhausted quota, a provider\'s jobs cannot run.', promql('active_accounts_count'), promql('expired_sessions_count'), promql(QUOTA)),
		step('Check for slow or failing requests', 'Long requests (P95) or many failures slow the queue down; see HighRequestLatency and HighJobFailureRate.', promql(P95_BY_PROVIDER), promql(FAILURE_BY_PROVIDER)),
		step('Mitigate', 'Fix the blocked provider (accounts, sessions, quota), or add a worker if the load is simply higher.', PS),
		verify('the queue drains below 100', 'bullmq_queue_waiting'),
	]),
	runbook('HighJobFailureRate', 'High job failure rate', 'More than 10% of the browser workers\' requests have failed for 5 minutes.', [
		step('Confirm the failure rate', 'The alert expression, in percent.', promql(FAILURE_RATE)),
		step('Find the providers that fail', 'One provider failing points at its accounts, sessions or quota; all failing points at the workers or the network.', promql(FAILURE_BY_PROVIDER)),
		step('Check sessions, accounts and quota of that provider', 'Expired sessions and exhausted quota make every request of a provider fail.', promql('expired_sessions_count'), promql('active_accounts_count'), promql(QUOTA)),
		step('Read the worker logs', 'Look for login pages, timeouts and changed provider web pages.', sh(`${V2} logs --since 15m --tail 200 browser-worker-1`)),
		step('Mitigate', 'Renew expired sessions, wait for quota or switch accounts; restart a worker whose browser is stuck.', sh(`${V2} restart browser-worker-1`)),
		verify('the failure rate is below 10%', FAILURE_RATE),
	]),
	runbook('QuotaAlmostExceeded', 'Provider quota almost exceeded (> 90%)', 'A provider has used more than 90% of its daily quota: requests will soon be refused.', [
		step('Confirm the quota usage per provider', 'The alert expression, in percent of quota_daily_limit.', promql(QUOTA)),
		step('See how fast the quota is used', 'The request rate of the provider tells how long the rest lasts.', promql('sum by (provider) (rate(requests_total[1h])) * 3600')),
		step('Check the monthly usage too', 'quota_monthly_used exists where a monthly quota applies.', promql('quota_monthly_used')),
		step('Mitigate: spread or defer the load', 'Move work to another provider or account, or defer non-urgent jobs until the daily quota resets.'),
		verify('the usage stays below 100%', QUOTA),
	]),
	runbook('QuotaExceeded', 'Provider quota exceeded', 'A provider has used its whole daily quota: its requests are refused until the quota resets.', [
		step('Confirm which provider is at 100%', 'The alert expression.', promql(`${QUOTA} >= 100`)),
		step('Check the failures and queue it causes', 'Requests of that provider fail or wait in its queue.', promql(FAILURE_BY_PROVIDER), promql('bullmq_queue_waiting')),
		step('Check other accounts of the provider', 'Other active accounts may still have quota.', promql('active_accounts_count')),
		step('Mitigate: pause or reroute its jobs', 'Pause the provider\'s jobs or move them to another provider until the daily quota resets; retries only burn more requests.'),
		verify('usage is back below 100% after the reset', QUOTA),
	]),
	runbook('NoActiveAccounts', 'No active accounts available for a provider', 'A provider has no active account: none of its requests can be processed.', [
		step('Confirm which provider has no account', 'The alert expression.', promql('active_accounts_count == 0')),
		step('Check for expired sessions', 'Accounts drop out when their sessions expire.', promql('expired_sessions_count'), promql('(session_expiry_timestamp_seconds - time()) / 3600')),
		step('Check the quota', 'An account at its quota may be taken out of rotation.', promql(QUOTA)),
		step('Read the worker logs for login failures', 'Look for captchas, logouts and locked accounts.', sh(`${V2} logs --since 30m --tail 300 browser-worker-1`)),
		step('Mitigate: log an account in again', 'Re-authenticate an account of the provider; the guide documents no command for it, so use the orchestrator\'s usual login flow.'),
		verify('the provider has an active account', 'active_accounts_count'),
	]),
	runbook('SessionExpiringSoon', 'Browser session expiring within 24h', 'A provider\'s browser session expires in less than 24 hours; after that its requests fail.', [
		step('Confirm which session expires and when', 'Hours left per provider; the alert fires below 24.', promql('(session_expiry_timestamp_seconds - time()) / 3600')),
		step('Check the other accounts of the provider', 'With other active sessions the provider keeps working after the expiry.', promql('active_accounts_count'), promql('active_sessions_count')),
		step('Renew the session before it expires', 'Log the account in again through the orchestrator\'s usual login flow (the guide documents no command).'),
		verify('the expiry is more than 24h away', 'session_expiry_timestamp_seconds - time()'),
	]),
	runbook('SessionExpired', 'Browser session expired', 'Browser sessions of a provider have expired: their accounts cannot process requests until renewed.', [
		step('Confirm the expired sessions per provider', 'The alert expression.', promql('expired_sessions_count > 0')),
		step('Check how many accounts remain active', 'At 0 the provider stops completely (NoActiveAccounts).', promql('active_accounts_count')),
		step('Check the failures it causes', 'Requests of the provider fail while sessions are expired.', promql(FAILURE_BY_PROVIDER)),
		step('Renew the sessions', 'Log the accounts in again (the guide documents no command), then restart the worker if it keeps the old session.', sh(`${V2} restart browser-worker-1`)),
		verify('no session is expired', 'expired_sessions_count'),
	]),
	runbook('HighRequestLatency', 'High request latency (P95 > 30s)', 'The 95th percentile of browser worker request duration has been above 30 seconds for 5 minutes.', [
		step('Confirm the P95 latency', 'The alert expression (seconds).', promql(P95)),
		step('Find the slow providers', 'One slow provider points at that provider; all slow points at the workers or the host.', promql(P95_BY_PROVIDER)),
		step('Check the host and the API gateway', 'High CPU or memory slows browsers down; compare with the API gateway latency.', promql(CPU), promql('histogram_quantile(0.95, sum by (le) (rate(api_latency_seconds_bucket[5m])))')),
		step('Read the worker logs and mitigate', 'Look for timeouts and retries; restart a worker whose browser is stuck.', LOGS, sh(`${V2} restart browser-worker-1`)),
		verify('P95 is below 30s', P95),
	]),
	runbook('HighGatewayErrorRate', 'High API gateway error rate (> 10%)', 'More than 10% of API gateway requests have returned errors for 5 minutes.', [
		step('Confirm the error rate', 'The alert expression, in percent.', promql(API_ERRORS)),
		step('Find the providers with errors', 'Errors of one provider point at its workers, accounts or quota.', promql('sum by (provider) (rate(api_errors_total[5m])) / sum by (provider) (rate(api_requests_total[5m])) * 100')),
		step('Check the workers, Redis and quotas behind the gateway', 'A down worker or Redis, or an exhausted quota, makes gateway requests fail.', promql('up'), promql('redis_up'), promql(QUOTA)),
		step('Read the gateway logs and mitigate', 'Look for the errors it returns; fix the failing dependency, or restart the gateway after saving its logs.', LOGS),
		verify('the error rate is below 10%', API_ERRORS),
	]),
];
