import http from 'node:http';
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

/** A running AI Coding Team simulator. */
export type CodingTeamSimulator = Simulator<CodingTeamScenarioName, CodingTeamTruth>;

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
 * registry), `GET /api/health`, and `GET|POST /_sim/scenario?name=NAME` to read or switch the scenario.
 */
export async function startCodingTeamSimulator(options: SimulatorOptions<CodingTeamScenarioName> = {}): Promise<CodingTeamSimulator> {
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

	/** Adds the tokens the jobs in flight used since the last call: at every tick, scenario switch and scrape. */
	const accrueTokens = () => {
		const now = Date.now();
		const seconds = (now - accruedAt) / 1000;
		accruedAt = now;
		for (const mode of MODES) {
			if (inFlight[mode] > 0 && seconds > 0) m.tokens.inc({mode}, Math.round(inFlight[mode] * seconds * between(DEFINITIONS[scenario].tokensPerSecond)));
		}
	};

	const finishJob = (mode: Mode) => {
		const def = DEFINITIONS[scenario];
		jobCount++;
		const failed = jobCount % 20 === 0 || random() < def.failureRatio;
		(failed ? m.failed : m.completed).inc({mode});
		m.jobDuration.observe({mode}, between(def.jobSeconds));
		if (random() < def.overBudgetRatio) m.overBudget.inc({mode});
		inFlight[mode]--;
	};
	const claimJob = (mode: Mode) => {
		m.claimed.inc({mode});
		inFlight[mode]++;
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
		for (const tool of TOOLS) m.toolDuration.observe({tool}, between(def.toolSeconds));
		for (const operation of DB_OPERATIONS) m.dbDuration.observe({operation}, between(def.dbSeconds));
		escalationDebt += def.escalationsPerTick + (tickCount % 2400 === 0 ? 1 : 0);
		for (; escalationDebt >= 1; escalationDebt--) m.escalations.inc({mode: pick(MODES)});
		errorDebt += def.errorsPerTick + (tickCount % 120 === 0 ? 1 : 0);
		for (; errorDebt >= 1; errorDebt--) m.errors.inc({type: pick(ERROR_TYPES)});
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

	const send = (res: http.ServerResponse, code: number, type: string, body: string) => {
		res.writeHead(code, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)}).end(body);
	};
	const json = (res: http.ServerResponse, code: number, value: unknown) => send(res, code, 'application/json', `${JSON.stringify(value)}\n`);
	const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === CODING_TEAM_METRICS_PATH && req.method === 'GET') {
			if (DEFINITIONS[scenario].down) return send(res, 503, 'text/plain', 'coding team dashboard unavailable (scenario: down)\n');
			accrueTokens();
			return send(res, 200, registry.contentType, await registry.metrics());
		}
		if (url.pathname === '/api/health' && req.method === 'GET') {
			const workers = [...heartbeats.values()].filter(heartbeat => !heartbeat.stale).length;
			return json(res, 200, {status: 'ok', database: 'connected', workers, scenario});
		}
		if (url.pathname === '/_sim/scenario' && req.method === 'GET') return json(res, 200, {scenario, scenarios: CODING_TEAM_SCENARIOS});
		if (url.pathname === '/_sim/scenario' && req.method === 'POST') {
			const name = url.searchParams.get('name') ?? '';
			if (!isCodingTeamScenario(name)) return json(res, 400, {error: `unknown scenario "${name}"`, scenarios: CODING_TEAM_SCENARIOS});
			setScenario(name);
			return json(res, 200, {scenario});
		}
		return json(res, 404, {error: 'not found'});
	};
	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) send(res, 500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
			else res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const timer = setInterval(tick, tickMs);
	timer.unref();
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	let closing: Promise<void> | undefined;

	return {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		get scenario() {
			return scenario;
		},
		setScenario,
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
		close: () => {
			closing ??= new Promise<void>(resolve => {
				clearInterval(timer);
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
