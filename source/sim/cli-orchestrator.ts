import {Registry} from 'prom-client';
import {prng} from './coordination-scenarios.js';
import {
	CLI_ORCHESTRATOR_SCENARIOS,
	CLI_ORCHESTRATOR_SCENARIO_DEFINITIONS as DEFINITIONS,
	CPU_COUNT,
	PROVIDERS,
	QUEUES,
	isCliOrchestratorScenario,
	type CliOrchestratorScenarioName,
	type Provider,
	type SecondsRange,
} from './cli-orchestrator-scenarios.js';
import {FILESYSTEM_SIZE_BYTES, MEMORY_TOTAL_BYTES, ROOT_FS, createCliOrchestratorMetrics} from './cli-orchestrator-metrics.js';
import {startSimServer, uptimeHealth} from './sim-server.js';
import type {Simulator, SimulatorOptions} from './types.js';

export {CLI_ORCHESTRATOR_SCENARIOS, type CliOrchestratorScenarioName} from './cli-orchestrator-scenarios.js';

/** The gauge values the cli-orchestrator simulator currently serves: what a correct monitor must show. */
export type CliOrchestratorTruth = {
	/** One row per provider: `active_accounts_count`, `active_sessions_count`, `expired_sessions_count`, hours until the earliest session expires. */
	providers: Array<{name: string; accounts: number; sessions: number; expired: number; expiresInHours: number}>;
	/** `bullmq_queue_waiting` per queue. */
	waiting: Record<string, number>;
	/** `quota_daily_used`, `quota_daily_limit` and (where exported) `quota_monthly_used` per provider. */
	quotas: Record<string, {used: number; limit: number; monthlyUsed?: number}>;
	/** Host: CPU busy %, memory used %, disk free % of `/`, `redis_up`. */
	host: {cpuPercent: number; memoryPercent: number; diskFreePercent: number; redisUp: number};
};

/** A running AI CLI Orchestrator V2 simulator. */
export type CliOrchestratorSimulator = Simulator<CliOrchestratorScenarioName, CliOrchestratorTruth>;

function assertScenario(name: string): asserts name is CliOrchestratorScenarioName {
	if (!isCliOrchestratorScenario(name)) throw new Error(`unknown cli-orchestrator scenario "${name}"; valid scenarios: ${CLI_ORCHESTRATOR_SCENARIOS.join(', ')}`);
}

/**
 * Starts a simulator of the AI CLI Orchestrator V2 on 127.0.0.1. One `GET /metrics` (its own prom-client
 * registry) serves what the seed's Prometheus scrapes from several targets: the browser workers, the quota
 * tracker and the API gateway, the Redis exporter's `bullmq_queue_waiting` and `redis_up`, and the
 * node_exporter host series. Also `GET /health`, and `GET|POST /_sim/scenario?name=NAME`.
 */
export async function startCliOrchestratorSimulator(options: SimulatorOptions<CliOrchestratorScenarioName> = {}): Promise<CliOrchestratorSimulator> {
	const {port = 0, tickMs = 250, seed = 1} = options;
	let scenario: CliOrchestratorScenarioName = options.scenario ?? 'normal';
	assertScenario(scenario);
	const random = prng(seed);
	const between = ([min, max]: SecondsRange) => min + (max - min) * random();
	// CPU seconds per core advance with the wall clock at the current scenario's busy fraction.
	const cpuSeconds = {idle: 0, user: 0};
	let cpuAt = performance.now();
	const advanceCpu = () => {
		const now = performance.now();
		const elapsed = (now - cpuAt) / 1000;
		cpuAt = now;
		cpuSeconds.user += elapsed * DEFINITIONS[scenario].host.cpu;
		cpuSeconds.idle += elapsed * (1 - DEFINITIONS[scenario].host.cpu);
	};
	const registry = new Registry();
	const m = createCliOrchestratorMetrics(
		registry,
		{
			expiry: provider => Math.round(Date.now() / 1000 + DEFINITIONS[scenario].providers[provider as Provider].expiresInHours * 3600),
			cpuSeconds(mode) {
				advanceCpu();
				return cpuSeconds[mode];
			},
			memoryAvailableBytes: () => Math.round(MEMORY_TOTAL_BYTES * (1 - DEFINITIONS[scenario].host.memory)),
			filesystemAvailBytes: () => Math.round(FILESYSTEM_SIZE_BYTES * DEFINITIONS[scenario].host.diskFree),
		},
		PROVIDERS,
		CPU_COUNT,
	);
	const started = Date.now();
	let requestCount = 0;
	let apiCount = 0;

	const applyGauges = () => {
		const def = DEFINITIONS[scenario];
		for (const provider of PROVIDERS) {
			const state = def.providers[provider];
			m.accounts.set({provider}, state.accounts);
			m.sessions.set({provider}, state.sessions);
			m.expired.set({provider}, state.expired);
			const quota = def.quotas[provider];
			m.dailyUsed.set({provider}, quota.used);
			m.dailyLimit.set({provider}, quota.limit);
			if (quota.monthlyUsed !== undefined) m.monthlyUsed.set({provider}, quota.monthlyUsed);
		}
		for (const queue of QUEUES) m.waiting.set({queue}, def.waiting[queue]);
		m.redisUp.set(def.host.redisUp);
	};

	const tick = () => {
		const def = DEFINITIONS[scenario];
		for (const provider of PROVIDERS) {
			// A provider without an active account processes nothing.
			if (def.providers[provider].accounts === 0) continue;
			for (let i = 1 + Math.floor(random() * 2); i > 0; i--) {
				requestCount++;
				const failed = requestCount % 100 === 0 || random() < def.failureRatio;
				m.requests.inc({provider, status: failed ? 'failed' : 'completed'});
				(failed ? m.failed : m.completed).inc({provider});
				m.duration.observe({provider}, between(def.requestSeconds));
			}
			for (let i = 2 + Math.floor(random() * 3); i > 0; i--) {
				apiCount++;
				m.apiRequests.inc({provider});
				if (apiCount % 100 === 0 || random() < def.apiErrorRatio) m.apiErrors.inc({provider});
				m.apiLatency.observe({provider}, between(def.apiSeconds));
			}
		}
	};

	// Boot: every counter series present (at 0), fixed host gauges, one tick of traffic.
	for (const provider of PROVIDERS) {
		for (const status of ['completed', 'failed']) m.requests.inc({provider, status}, 0);
		m.completed.inc({provider}, 0);
		m.failed.inc({provider}, 0);
		m.apiRequests.inc({provider}, 0);
		m.apiErrors.inc({provider}, 0);
	}
	m.memTotal.set(MEMORY_TOTAL_BYTES);
	m.fsSize.set(ROOT_FS, FILESYSTEM_SIZE_BYTES);
	applyGauges();
	tick();

	const setScenario = (name: CliOrchestratorScenarioName) => {
		assertScenario(name);
		advanceCpu();
		scenario = name;
		applyGauges();
	};

	const server = await startSimServer({
		registry,
		port,
		health: uptimeHealth(started, () => scenario),
		scenarios: CLI_ORCHESTRATOR_SCENARIOS,
		getScenario: () => scenario,
		setScenario,
		isDown: () => DEFINITIONS[scenario].down === true,
		describeDown: 'cli orchestrator',
		tickMs,
		tick,
	});

	return {
		...server,
		get scenario() {
			return scenario;
		},
		setScenario,
		truth: () => {
			const def = DEFINITIONS[scenario];
			return {
				providers: PROVIDERS.map(name => ({name, ...def.providers[name]})),
				waiting: {...def.waiting},
				quotas: Object.fromEntries(
					PROVIDERS.map(name => {
						const {used, limit, monthlyUsed} = def.quotas[name];
						return [name, monthlyUsed === undefined ? {used, limit} : {used, limit, monthlyUsed}];
					}),
				),
				host: {cpuPercent: def.host.cpu * 100, memoryPercent: def.host.memory * 100, diskFreePercent: def.host.diskFree * 100, redisUp: def.host.redisUp},
			};
		},
	};
}
