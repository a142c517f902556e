import {Counter, Gauge, Histogram, Registry} from 'prom-client';

/** Browser requests take seconds: buckets reach past the 30 s of the HighLatency alert (prom-client's defaults stop at 10 s). */
export const REQUEST_BUCKETS = [0.5, 1, 2.5, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300];
/** API gateway latency buckets: prom-client's defaults. */
export const API_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Values read at scrape time, so they follow the scenario and the clock exactly. */
export type HostReadings = {
	/** Seconds since epoch at which each provider's earliest session expires. */
	expiry(provider: string): number;
	/** Cumulative CPU seconds per mode (`idle`, `user`) of one core. */
	cpuSeconds(mode: 'idle' | 'user'): number;
	memoryAvailableBytes(): number;
	filesystemAvailBytes(): number;
};

/** Simulated host size. */
export const MEMORY_TOTAL_BYTES = 8 * 1024 ** 3;
export const FILESYSTEM_SIZE_BYTES = 100 * 1024 ** 3;
/** Labels of the simulated root filesystem, as node_exporter writes them. */
export const ROOT_FS = {device: '/dev/sda1', fstype: 'ext4', mountpoint: '/'} as const;

/**
 * Every metric of the seed, registered in `registry`: the browser workers', the quota tracker's and the
 * API gateway's (names exactly as the seed writes them), the BullMQ gauge and `redis_up` as a Redis
 * exporter serves them, and the node_exporter series the seed's system alerts need.
 */
export function createCliOrchestratorMetrics(registry: Registry, read: HostReadings, providers: readonly string[], cpus: number) {
	const registers = [registry];
	const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({name, help, labelNames, registers});
	const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({name, help, labelNames, registers});
	return {
		// Browser workers.
		requests: counter('requests_total', 'Total number of requests', ['provider', 'status']),
		completed: counter('requests_completed_total', 'Successfully completed requests', ['provider']),
		failed: counter('requests_failed_total', 'Failed requests', ['provider']),
		duration: new Histogram({name: 'request_duration_seconds', help: 'Request duration in seconds', labelNames: ['provider'], buckets: REQUEST_BUCKETS, registers}),
		sessions: gauge('active_sessions_count', 'Active browser sessions', ['provider']),
		// Quota tracker.
		dailyUsed: gauge('quota_daily_used', 'Daily usage by provider', ['provider']),
		dailyLimit: gauge('quota_daily_limit', 'Daily limit by provider', ['provider']),
		monthlyUsed: gauge('quota_monthly_used', 'Monthly usage by provider', ['provider']),
		accounts: gauge('active_accounts_count', 'Number of active accounts', ['provider']),
		expired: gauge('expired_sessions_count', 'Number of expired sessions', ['provider']),
		expiry: new Gauge({
			name: 'session_expiry_timestamp_seconds',
			help: 'When the earliest active session of the provider expires (seconds since epoch)',
			labelNames: ['provider'],
			registers,
			collect() {
				for (const provider of providers) this.set({provider}, read.expiry(provider));
			},
		}),
		// API gateway.
		apiRequests: counter('api_requests_total', 'Total API requests', ['provider']),
		apiLatency: new Histogram({name: 'api_latency_seconds', help: 'API latency', labelNames: ['provider'], buckets: API_BUCKETS, registers}),
		apiErrors: counter('api_errors_total', 'API errors', ['provider']),
		// Redis exporter.
		waiting: gauge('bullmq_queue_waiting', 'Jobs waiting in the BullMQ queue', ['queue']),
		redisUp: gauge('redis_up', 'Information about the Redis instance', []),
		// node_exporter.
		cpu: new Counter({
			name: 'node_cpu_seconds_total',
			help: 'Seconds the CPUs spent in each mode.',
			labelNames: ['cpu', 'mode'],
			registers,
			collect() {
				this.reset();
				for (let cpu = 0; cpu < cpus; cpu++) for (const mode of ['idle', 'user'] as const) this.inc({cpu: String(cpu), mode}, read.cpuSeconds(mode));
			},
		}),
		memTotal: gauge('node_memory_MemTotal_bytes', 'Memory information field MemTotal_bytes.', []),
		memAvailable: new Gauge({
			name: 'node_memory_MemAvailable_bytes',
			help: 'Memory information field MemAvailable_bytes.',
			registers,
			collect() {
				this.set(read.memoryAvailableBytes());
			},
		}),
		fsSize: gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', ['device', 'fstype', 'mountpoint']),
		fsAvail: new Gauge({
			name: 'node_filesystem_avail_bytes',
			help: 'Filesystem space available to non-root users in bytes.',
			labelNames: ['device', 'fstype', 'mountpoint'],
			registers,
			collect() {
				this.set(ROOT_FS, read.filesystemAvailBytes());
			},
		}),
	};
}

/** The metrics of one simulator. */
export type CliOrchestratorMetrics = ReturnType<typeof createCliOrchestratorMetrics>;
