import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import {prng} from './coordination-scenarios.js';
import {
	CODING_TEAM_SCENARIOS,
	CODING_TEAM_SCENARIO_DEFINITIONS as DEFINITIONS,
	DB_OPERATIONS,
	ERROR_TYPES,
	MODES,
	STALE_SECONDS,
	TOOLS,
	WORKERS,
	isCodingTeamScenario,
	type CodingTeamScenarioName,
	type Mode,
	type Range,
} from './coding-team-scenarios.js';
import {createCodingTeamStream, type CodingTeamStreamOptions} from './coding-team-stream-setup.js';
import type {StreamStats} from './coding-team-stream.js';
import {startSimServer} from './sim-server.js';
import type {Simulator, SimulatorOptions} from './types.js';

export {CODING_TEAM_SCENARIOS, type CodingTeamScenarioName} from './coding-team-scenarios.js';

/** The port the seed's dashboard serves on (`curl http://localhost:3000/api/metrics/prometheus`). */
export const CODING_TEAM_DEFAULT_PORT = 3000;
/** The seed's Prometheus export path. */
export const CODING_TEAM_METRICS_PATH = '/api/metrics/prometheus';

/** The gauge values the coding-team simulator currently serves. */
export type CodingTeamTruth = {
	/** Every worker with its labels and `worker_last_heartbeat_timestamp_seconds` (unix seconds). */
	workers: Array<{worker: string; mode: Mode; agentType: string; lastHeartbeat: number; stale: boolean}>;
	/** `queue_depth` per mode. */
	queue: Record<Mode, number>;
	/** Jobs in flight per mode: `job_claimed_total - job_completed_total - job_failed_total`. */
	running: Record<Mode, number>;
};

export type {CodingTeamStreamOptions} from './coding-team-stream-setup.js';
export {CODING_TEAM_STREAM_PATH, STREAM_FAULTS, type StreamStats} from './coding-team-stream.js';

/** Options of {@link startCodingTeamSimulator}. */
export type CodingTeamSimulatorOptions = SimulatorOptions<CodingTeamScenarioName> & {stream?: CodingTeamStreamOptions};

/** A running AI Coding Team simulator. */
export type CodingTeamSimulator = Simulator<CodingTeamScenarioName, CodingTeamTruth> & {
	/** Switches a fault of the metrics stream, as `POST /_sim/stream?fault=NAME` does (see `STREAM_FAULTS`); throws on an unknown name. */
	streamFault(name: string): void;
	/** Open streams, the current fault and the last stream requests (with their `Last-Event-ID`). */
	streamStats(): StreamStats;
};

function createMetrics(registry: Registry) {
	const registers = [registry];
	const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({name, help, labelNames, registers});
	const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
		new Histogram<L>({name, help, labelNames, buckets, registers});
	return {
		claimed: counter('job_claimed_total', 'Jobs claimed by workers', ['mode']),
		completed: counter('job_completed_total', 'Total completed jobs', ['mode']),
		failed: counter('job_failed_total', 'Total failed jobs', ['mode']),
		tokens: counter('tokens_used_total', 'LLM tokens consumed', ['mode']),
		escalations: counter('escalation_total', 'Human escalations', ['mode']),
		errors: counter('error_total', 'Errors by type', ['type']),
		overBudget: counter('budget_exceeded_total', 'Jobs that ended with tokens_used > token_cap', ['mode']),
		queue: new Gauge({name: 'queue_depth', help: 'Pending jobs', labelNames: ['mode'], registers}),
		heartbeat: new Gauge({
			name: 'worker_last_heartbeat_timestamp_seconds',
			help: 'Unix time of the last heartbeat of each worker',
			labelNames: ['worker', 'agent_type', 'mode'],
			registers,
		}),
		jobDuration: histogram('job_duration_seconds', 'Job duration histogram', ['mode'], [1, 5, 10, 30, 60, 120, 300, 600]),
		toolDuration: histogram('tool_duration_seconds', 'Tool latency', ['tool'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]),
		dbDuration: histogram('database_query_duration_seconds', 'Database query latency', ['operation'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]),
	};
}

function assertScenario(name: string): asserts name is CodingTeamScenarioName {
	if (!isCodingTeamScenario(name)) throw new Error(`unknown coding-team scenario "${name}"; valid scenarios: ${CODING_TEAM_SCENARIOS.join(', ')}`);
}

/**
 * Starts a simulator of the AI Coding Team on 127.0.0.1: `GET /api/metrics/prometheus` (its own prom-client
 * registry), `GET /api/health`, `GET|POST /_sim/scenario?name=NAME` to read or switch the scenario, and the
 * seed's SSE stream `GET /api/metrics/stream` with its faults at `POST /_sim/stream?fault=NAME`
 * (coding-team-stream.ts), fed by the same changes as the Prometheus metrics.
 */
export async function startCodingTeamSimulator(options: CodingTeamSimulatorOptions = {}): Promise<CodingTeamSimulator> {
	const {port = 0, tickMs = 250, seed = 1} = options;
	let scenario: CodingTeamScenarioName = options.scenario ?? 'normal';
	assertScenario(scenario);
	const random = prng(seed);
	const between = ([min, max]: Range) => min + (max - min) * random();
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const registry = new Registry();
	const m = createMetrics(registry);
	const inFlight: Record<Mode, number> = {mechanic: 0, genius: 0};
	const heartbeats = new Map<string, {at: number; stale: boolean}>();
	let jobCount = 0;
	let tickCount = 0;
	let escalationDebt = 0;
	let errorDebt = 0;
	let accruedAt = Date.now();
	// The stream's snapshot accrues tokens first, as a scrape does, so it agrees with the export read at the same moment.
	const stream = createCodingTeamStream(options.stream, {queue: () => DEFINITIONS[scenario].queue, beforeSnapshot: () => accrueTokens()});
	const {ledger, hub} = stream;

	/** Adds the tokens the jobs in flight used since the last call: at every tick, scenario switch and scrape. */
	const accrueTokens = () => {
		const now = Date.now();
		const seconds = (now - accruedAt) / 1000;
		accruedAt = now;
		for (const mode of MODES) {
			if (inFlight[mode] > 0 && seconds > 0) {
				const tokens = Math.round(inFlight[mode] * seconds * between(DEFINITIONS[scenario].tokensPerSecond));
				m.tokens.inc({mode}, tokens);
				ledger.tokens(mode, tokens);
			}
		}
	};

	const finishJob = (mode: Mode) => {
		const def = DEFINITIONS[scenario];
		jobCount++;
		const failed = jobCount % 20 === 0 || random() < def.failureRatio;
		(failed ? m.failed : m.completed).inc({mode});
		const seconds = between(def.jobSeconds);
		m.jobDuration.observe({mode}, seconds);
		const overBudget = random() < def.overBudgetRatio;
		if (overBudget) m.overBudget.inc({mode});
		inFlight[mode]--;
		ledger.finish(mode, {failed, seconds, overBudget});
	};
	const claimJob = (mode: Mode) => {
		m.claimed.inc({mode});
		inFlight[mode]++;
		ledger.claim(mode);
	};

	const beat = (now: number) => {
		for (const {worker, mode, agentType} of WORKERS) {
			const seen = heartbeats.get(worker);
			if (!seen?.stale) heartbeats.set(worker, {at: now, stale: false});
			m.heartbeat.set({worker, agent_type: agentType, mode}, heartbeats.get(worker)!.at);
		}
	};

	const applyGauges = () => {
		const def = DEFINITIONS[scenario];
		const now = Date.now() / 1000;
		for (const {worker} of WORKERS) {
			const stale = def.staleWorkers.includes(worker);
			const seen = heartbeats.get(worker);
			if (stale && !seen?.stale) heartbeats.set(worker, {at: Math.floor(now) - STALE_SECONDS, stale: true});
			if (!stale) heartbeats.set(worker, {at: now, stale: false});
		}
		beat(now);
		for (const mode of MODES) {
			m.queue.set({mode}, def.queue[mode]);
			while (inFlight[mode] < def.running[mode]) claimJob(mode);
			while (inFlight[mode] > def.running[mode]) finishJob(mode);
		}
	};

	const tick = () => {
		const def = DEFINITIONS[scenario];
		tickCount++;
		beat(Date.now() / 1000);
		accrueTokens();
		for (const mode of MODES) {
			if (inFlight[mode] > 0 && random() < def.finishChance[mode]) {
				finishJob(mode);
				claimJob(mode);
			}
		}
		for (const tool of TOOLS) {
			m.toolDuration.observe({tool}, between(def.toolSeconds));
			ledger.toolCall();
		}
		for (const operation of DB_OPERATIONS) m.dbDuration.observe({operation}, between(def.dbSeconds));
		escalationDebt += def.escalationsPerTick + (tickCount % 2400 === 0 ? 1 : 0);
		for (; escalationDebt >= 1; escalationDebt--) {
			const mode = pick(MODES);
			m.escalations.inc({mode});
			ledger.escalated(mode);
		}
		errorDebt += def.errorsPerTick + (tickCount % 120 === 0 ? 1 : 0);
		for (; errorDebt >= 1; errorDebt--) {
			m.errors.inc({type: pick(ERROR_TYPES)});
			ledger.error();
		}
	};

	// Boot: every counter series present (at 0), the scenario's gauges and jobs in flight, one tick of traffic.
	for (const mode of MODES) for (const metric of [m.claimed, m.completed, m.failed, m.tokens, m.escalations, m.overBudget]) metric.inc({mode}, 0);
	for (const type of ERROR_TYPES) m.errors.inc({type}, 0);
	for (const mode of MODES) m.jobDuration.zero({mode});
	applyGauges();
	tick();

	const setScenario = (name: CodingTeamScenarioName) => {
		assertScenario(name);
		accrueTokens();
		scenario = name;
		applyGauges();
	};

	const server = await startSimServer({
		registry,
		port,
		metricsPath: CODING_TEAM_METRICS_PATH,
		health: {
			path: '/api/health',
			answer: () => {
				const workers = [...heartbeats.values()].filter(heartbeat => !heartbeat.stale).length;
				return {status: 200, body: {status: 'ok', database: 'connected', workers, scenario}};
			},
		},
		onScrape: accrueTokens,
		scenarios: CODING_TEAM_SCENARIOS,
		getScenario: () => scenario,
		setScenario,
		isDown: () => DEFINITIONS[scenario].down === true,
		describeDown: 'coding team dashboard',
		tickMs,
		tick,
		route: (req, res) => hub.handle(req, res),
		onClose: () => hub.close(),
	});

	return {
		...server,
		get scenario() {
		return scenario;
		},
		setScenario,
		streamFault: name => hub.setFault(name),
		streamStats: () => hub.stats(),
		truth: () => {
		const def = DEFINITIONS[scenario];
		return {
			workers: WORKERS.map(({worker, mode, agentType}) => {
				const heartbeat = heartbeats.get(worker)!;
				return {worker, mode, agentType, lastHeartbeat: heartbeat.at, stale: heartbeat.stale};
			}),
			queue: {...def.queue},
			running: {...inFlight},
		};
		},
	};
}
