import {cliOrchestratorRunbooks} from '../runbooks/cli-orchestrator.js';
import type {Profile} from './types.js';
import {upSpec} from './up-query.js';

const PROVIDER_RATE = (metric: string) => `sum by (provider) (rate(${metric}[$window]))`;
/** A quantile of a histogram per provider over the window. */
const PROVIDER_QUANTILE = (q: string, metric: string) => `histogram_quantile(${q}, sum by (provider, le) (rate(${metric}_bucket[$window])))`;

/**
 * The AI CLI Orchestrator V2 (seed 002): browser workers driving AI providers, a quota tracker, an API
 * gateway and a BullMQ queue in Redis. The application metrics have no prefix (`requests_total`,
 * `quota_daily_used`, …) and a `provider` label; `bullmq_queue_waiting` and `redis_up` come from the Redis
 * exporter, the host series from node_exporter. Thresholds are the seed's "Configured Alerts".
 */
export const cliOrchestrator: Profile = {
	id: 'cli-orchestrator',
	title: 'AI CLI Orchestrator V2',
	signature: ['quota_daily_limit', 'active_accounts_count', 'expired_sessions_count'],
	// The browser workers (the seed's `/metrics` example) and the other services of the stack, or any target
	// that exposed this system's quota metrics in the last hour.
	up: upSpec('job=~"browser-worker|api-gateway|quota-tracker"', 'quota_daily_limit'),
	agents: {
		kind: 'table',
		title: 'Providers: accounts and browser sessions',
		rowLabel: 'provider',
		stateColumn: 'accounts',
		columns: [
			{name: 'accounts', promql: 'sum by (provider) (active_accounts_count)', unit: 'count', threshold: {crit: 1, below: true, source: 'NoActiveAccounts: active_accounts_count == 0'}},
			{name: 'sessions', promql: 'sum by (provider) (active_sessions_count{provider!=""})', unit: 'count'},
			{name: 'expired', promql: 'sum by (provider) (expired_sessions_count)', unit: 'count', threshold: {warn: 0, source: 'SessionExpired: expired_sessions_count > 0'}},
			{
				name: 'expires in h',
				promql: '(min by (provider) (session_expiry_timestamp_seconds) - time()) / 3600',
				unit: 'count',
				threshold: {warn: 24, below: true, source: 'SessionExpiringSoon: < 24h'},
			},
			{name: 'req/s', promql: PROVIDER_RATE('requests_total'), unit: '/s'},
			{
				name: 'success',
				promql: `100 * ${PROVIDER_RATE('requests_completed_total')} / ${PROVIDER_RATE('requests_total')}`,
				unit: '%',
				threshold: {warn: 90, below: true, source: 'HighJobFailureRate: > 10% failed'},
			},
		],
		metrics: ['active_accounts_count', 'active_sessions_count', 'expired_sessions_count', 'requests_total'],
	},
	locks: {unsupported: 'this system exposes no locks'},
	queue: {
		metric: 'bullmq_queue_waiting',
		byLabel: 'queue',
		rowThreshold: {warn: 100, source: 'HighQueueDepth: bullmq_queue_waiting > 100 for 10m'},
	},
	latency: {
		histograms: [
			{name: 'browser request', metric: 'request_duration_seconds', unit: 's', p95Threshold: {warn: 30, source: 'HighRequestLatency: P95 > 30s'}},
			{name: 'API gateway', metric: 'api_latency_seconds', unit: 's'},
		],
		ratios: [
			{
				name: 'job failures',
				promql: '100 * (sum(rate(requests_failed_total[$window])) or vector(0)) / sum(rate(requests_total[$window]))',
				unit: '%',
				threshold: {warn: 10, source: 'HighJobFailureRate: > 10% for 5m'},
			},
			{
				name: 'API errors',
				promql: '100 * (sum(rate(api_errors_total[$window])) or vector(0)) / sum(rate(api_requests_total[$window]))',
				unit: '%',
				threshold: {crit: 10, source: 'HighGatewayErrorRate: > 10%'},
			},
			{name: 'requests', promql: 'sum(rate(requests_total[$window]))', unit: '/s'},
			{name: 'API requests', promql: 'sum(rate(api_requests_total[$window]))', unit: '/s'},
		],
	},
	extraPanes: [
		{
			title: 'Quota by provider',
			rowLabel: 'provider',
			columns: [
				{name: 'daily used', promql: 'sum by (provider) (quota_daily_used)', unit: 'count'},
				{name: 'daily limit', promql: 'sum by (provider) (quota_daily_limit)', unit: 'count'},
				{
					name: 'daily %',
					promql: '100 * sum by (provider) (quota_daily_used) / sum by (provider) (quota_daily_limit)',
					unit: '%',
					threshold: {warn: 90, crit: 99.99, source: 'QuotaAlmostExceeded: > 90%; QuotaExceeded: 100%'},
				},
				{name: 'monthly used', promql: 'sum by (provider) (quota_monthly_used)', unit: 'count'},
			],
			metrics: ['quota_daily_used', 'quota_daily_limit', 'quota_monthly_used'],
		},
		{
			title: 'Hosts and Redis',
			rowLabel: 'instance',
			columns: [
				{
					name: 'CPU',
					promql: '100 * (1 - sum by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$window])) / sum by (instance) (rate(node_cpu_seconds_total[$window])))',
					unit: '%',
					threshold: {warn: 80, source: 'HighCpuUsage: > 80% for 5m'},
				},
				{
					name: 'memory',
					promql: '100 * (1 - max by (instance) (node_memory_MemAvailable_bytes) / max by (instance) (node_memory_MemTotal_bytes))',
					unit: '%',
					threshold: {warn: 90, source: 'HighHostMemoryUsage: > 90% for 5m'},
				},
				{
					name: 'disk free',
					promql:
						'100 * min by (instance) (node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay"})',
					unit: '%',
					threshold: {warn: 10, below: true, source: 'DiskSpaceLow: < 10%'},
				},
				{name: 'redis up', promql: 'max by (instance) (redis_up)', unit: 'count', threshold: {crit: 1, below: true, source: 'RedisDown: redis_up == 0'}},
			],
			metrics: ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'redis_up'],
		},
		{
			// The guide's latency is per provider: the same histograms as the latency pane, split by provider.
			title: 'Latency by provider',
			rowLabel: 'provider',
			metrics: ['request_duration_seconds_bucket', 'api_latency_seconds_bucket'],
			columns: [
				{name: 'request p50', promql: PROVIDER_QUANTILE('0.5', 'request_duration_seconds'), unit: 's'},
				{name: 'request p95', promql: PROVIDER_QUANTILE('0.95', 'request_duration_seconds'), unit: 's', threshold: {warn: 30, source: 'HighRequestLatency: p95 > 30s'}},
				{name: 'request p99', promql: PROVIDER_QUANTILE('0.99', 'request_duration_seconds'), unit: 's'},
				{name: 'API p95', promql: PROVIDER_QUANTILE('0.95', 'api_latency_seconds'), unit: 's'},
			],
		},
	],
	runbooks: cliOrchestratorRunbooks,
	notes:
		'Names from the seed\'s "Application Metrics (Custom)": browser workers (requests_total{provider,status}, requests_completed_total, ' +
		'requests_failed_total, request_duration_seconds, active_sessions_count), quota tracker (quota_daily_used, quota_daily_limit, ' +
		'quota_monthly_used, active_accounts_count, expired_sessions_count) and API gateway (api_requests_total, api_latency_seconds, ' +
		'api_errors_total), all labelled by provider; bullmq_queue_waiting{queue} and redis_up from the Redis exporter; node_cpu_seconds_total, ' +
		'node_memory_*_bytes and node_filesystem_*_bytes from node_exporter. The seed lists no session-expiry metric, yet alerts on a session ' +
		'expiring within 24h: agentmon assumes session_expiry_timestamp_seconds{provider} (Unix time of the earliest expiry). The seed names ' +
		'no dotted names and no job names; the jobs browser-worker, api-gateway and quota-tracker are those of examples/cli-orchestrator/prometheus.yml. ' +
		"request_duration_seconds needs buckets above 30 s for the P95 > 30s alert (prom-client's defaults stop at 10 s).",
};
