import {monitorEventLoopDelay} from 'node:perf_hooks';
import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import {
	AGENT_STATES,
	COORDINATION_AGENTS,
	COORDINATION_SCENARIOS,
	COORDINATION_SCENARIO_DEFINITIONS as DEFINITIONS,
	ENDPOINTS,
	FAILURE_REASONS,
	PRIORITIES,
	TASK_TYPES,
	isCoordinationScenario,
	prng,
	type CoordinationScenarioName,
	type SecondsRange,
} from './coordination-scenarios.js';
import {makeFleet} from './fleet.js';
import {startSimServer, uptimeHealth} from './sim-server.js';
import type {Simulator, SimulatorOptions, SimulatorTruth} from './types.js';

export {COORDINATION_SCENARIOS, type CoordinationScenarioName} from './coordination-scenarios.js';

/** The gauge values the coordination-server simulator currently serves. */
export type CoordinationTruth = SimulatorTruth;

/** A running AI Coordination Server simulator. */
export type CoordinationServerSimulator = Simulator<CoordinationScenarioName, CoordinationTruth>;

const LAG_RESOLUTION_MS = 10;
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10];

/** Values of the process metrics, read at scrape time. */
type ProcessReadings = {rssBytes(): number; eventLoopLagSeconds(): number; cpuUserSeconds(): number};

function createMetrics(registry: Registry, read: ProcessReadings) {
	const registers = [registry];
	const p = 'coordination_server_';
	const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({name: p + name, help, labelNames, registers});
	const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({name: p + name, help, labelNames, registers});
	const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
		new Histogram<L>({name: p + name, help, labelNames, buckets, registers});
	return {
		completions: counter('task_completions_total', 'Total tasks completed', ['status', 'agent']),
		failures: counter('task_failures_total', 'Total task failures', ['reason', 'agent']),
		requests: counter('api_requests_total', 'Total API requests', ['method', 'endpoint', 'status_code']),
		conflicts: counter('file_conflicts_total', 'Total file conflicts', ['resolution']),
		registrations: counter('agent_registrations_total', 'Total agent registrations', ['agent']),
		handoffs: counter('handoff_requests_total', 'Total handoff requests', ['from_agent', 'to_agent', 'status']),
		contextOps: counter('context_operations_total', 'Total context operations', ['operation', 'status']),
		activeTasks: gauge('active_tasks', 'Current active tasks', ['agent', 'status']),
		locks: gauge('active_locks', 'Current active file locks', ['agent']),
		websockets: gauge('websocket_connections', 'Current WebSocket connections', ['type']),
		availability: gauge('agent_availability', 'Agent availability (1=available)', ['agent', 'state']),
		pending: gauge('pending_tasks', 'Current pending tasks', ['priority']),
		sessions: gauge('active_sessions', 'Current active collaboration sessions', []),
		latency: histogram('api_response_time_seconds', 'API response time distribution', ['method', 'endpoint'], SECONDS_BUCKETS),
		taskDuration: histogram('task_duration_seconds', 'Task duration distribution', ['agent', 'task_type'], [1, 5, 10, 30, 60, 120, 300, 600, 1200]),
		lockWait: histogram('lock_acquisition_time_seconds', 'Lock acquisition time', ['agent'], SECONDS_BUCKETS),
		contextSize: histogram('context_size_bytes', 'Context data size', ['operation'], [1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304]),
		// Node.js process metrics as prom-client's defaults name them, but ours, so scenarios can override them.
		rss: new Gauge({name: `${p}process_resident_memory_bytes`, help: 'Resident memory size in bytes.', registers, collect: function () { this.set(read.rssBytes()); }}),
		lag: new Gauge({name: `${p}nodejs_eventloop_lag_seconds`, help: 'Lag of event loop in seconds.', registers, collect: function () { this.set(read.eventLoopLagSeconds()); }}),
		cpu: new Counter({name: `${p}process_cpu_user_seconds_total`, help: 'Total user CPU time spent in seconds.', registers, collect: function () { this.reset(); this.inc(read.cpuUserSeconds()); }}),
	};
}

function assertScenario(name: string): asserts name is CoordinationScenarioName {
	if (!isCoordinationScenario(name)) throw new Error(`unknown coordination-server scenario "${name}"; valid scenarios: ${COORDINATION_SCENARIOS.join(', ')}`);
}

/**
 * Starts a simulator of the AI Coordination Server on 127.0.0.1: `GET /metrics` (its own prom-client registry),
 * `GET /health`, and `GET|POST /_sim/scenario?name=NAME` to read or switch the scenario over HTTP.
 */
export async function startCoordinationServerSimulator(options: SimulatorOptions<CoordinationScenarioName> = {}): Promise<CoordinationServerSimulator> {
	const {port = 0, tickMs = 250, seed = 1} = options;
	const fleet = makeFleet(options.scale ?? 0);
	let scenario: CoordinationScenarioName = options.scenario ?? 'normal';
	assertScenario(scenario);
	const random = prng(seed);
	const between = ([min, max]: SecondsRange) => min + (max - min) * random();
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const delay = monitorEventLoopDelay({resolution: LAG_RESOLUTION_MS});
	delay.enable();
	const registry = new Registry();
	const m = createMetrics(registry, {
		rssBytes: () => DEFINITIONS[scenario].rssBytes ?? process.memoryUsage.rss(),
		eventLoopLagSeconds() {
			// The histogram records whole timer intervals: the lag is what exceeds the resolution.
			const measured = Math.max(0, delay.mean / 1e9 - LAG_RESOLUTION_MS / 1000);
			delay.reset();
			return DEFINITIONS[scenario].eventLoopLagSeconds ?? (Number.isFinite(measured) ? measured : 0);
		},
		cpuUserSeconds: () => process.cpuUsage().user / 1e6,
	});
	const started = Date.now();
	let requestCount = 0;
	let taskCount = 0;

	const applyGauges = (previous?: CoordinationScenarioName) => {
		const def = DEFINITIONS[scenario];
		for (const agent of COORDINATION_AGENTS) {
			for (const state of AGENT_STATES) m.availability.set({agent, state}, def.agents[agent] === state ? 1 : 0);
			m.locks.set({agent}, def.locks[agent]);
			m.activeTasks.set({agent, status: 'running'}, def.activeTasks[agent]);
			if (previous && DEFINITIONS[previous].agents[agent] === 'offline' && def.agents[agent] !== 'offline') m.registrations.inc({agent});
		}
		for (const {name: agent, state: current, locks} of fleet.agents) {
			for (const state of AGENT_STATES) m.availability.set({agent, state}, current === state ? 1 : 0);
			m.locks.set({agent}, locks);
		}
		for (const priority of PRIORITIES) m.pending.set({priority}, def.pending[priority]);
		m.websockets.set({type: 'client'}, def.websockets.client);
		m.websockets.set({type: 'agent'}, def.websockets.agent);
		m.sessions.set(def.sessions);
	};

	const tick = () => {
		const def = DEFINITIONS[scenario];
		const requests = 4 + Math.floor(random() * 4);
		for (let i = 0; i < requests; i++) {
			const [method, endpoint] = ENDPOINTS[requestCount % ENDPOINTS.length]!;
			requestCount++;
			let status = method === 'GET' ? '200' : '201';
			if (random() < def.apiErrorRatio) status = random() < 0.7 ? '500' : '503';
			else if (requestCount % 100 === 0) status = method === 'GET' ? '404' : '400';
			m.requests.inc({method, endpoint, status_code: status});
			m.latency.observe({method, endpoint}, between(random() < def.latency.tailRatio ? def.latency.tail : def.latency.bulk));
		}
		for (const agent of COORDINATION_AGENTS) {
			if (def.agents[agent] === 'offline') continue;
			m.lockWait.observe({agent}, between(def.lockWait));
			if (random() >= 0.35) continue;
			taskCount++;
			const failed = taskCount % 25 === 0 || random() < def.taskFailureRatio;
			m.completions.inc({status: failed ? 'failure' : 'success', agent});
			if (failed) m.failures.inc({reason: pick(FAILURE_REASONS), agent});
			m.taskDuration.observe({agent, task_type: TASK_TYPES[taskCount % TASK_TYPES.length]!}, between(random() < 0.1 ? [300, 900] : [5, 240]));
		}
		const operation = random() < 0.5 ? 'save' : 'retrieve';
		m.contextOps.inc({operation, status: random() < 0.02 ? 'error' : 'success'});
		m.contextSize.observe({operation}, Math.round(between([2048, 200_000])));
		if (random() < 0.05) m.conflicts.inc({resolution: pick(['auto', 'auto', 'auto', 'manual', 'failed'])});
		if (random() < 0.05) {
			const [from, to] = random() < 0.5 ? COORDINATION_AGENTS : [...COORDINATION_AGENTS].reverse();
			m.handoffs.inc({from_agent: from!, to_agent: to!, status: random() < 0.8 ? 'accepted' : 'rejected'});
		}
	};

	// Boot: every agent registered once, every expected counter series present (at 0), one tick of traffic.
	for (const agent of COORDINATION_AGENTS) {
		m.registrations.inc({agent});
		for (const status of ['success', 'failure']) m.completions.inc({status, agent}, 0);
		for (const reason of FAILURE_REASONS) m.failures.inc({reason, agent}, 0);
	}
	for (const resolution of ['auto', 'manual', 'failed']) m.conflicts.inc({resolution}, 0);
	for (const status of ['accepted', 'rejected']) m.handoffs.inc({from_agent: 'claude-code', to_agent: 'copilot', status}, 0);
	for (const operation of ['save', 'retrieve']) for (const status of ['success', 'error']) m.contextOps.inc({operation, status}, 0);
	applyGauges();
	tick();

	const setScenario = (name: CoordinationScenarioName) => {
		assertScenario(name);
		const previous = scenario;
		scenario = name;
		applyGauges(previous);
	};

	const isDown = () => DEFINITIONS[scenario].down === true;
	const server = await startSimServer({
		registry,
		port,
		health: uptimeHealth(started, () => scenario, isDown),
		scenarios: COORDINATION_SCENARIOS,
		getScenario: () => scenario,
		setScenario,
		isDown,
		describeDown: 'coordination server',
		tickMs,
		tick,
		onClose: () => delay.disable(),
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
				agents: [...COORDINATION_AGENTS.map(name => ({name, state: def.agents[name] as string})), ...fleet.agents.map(({name, state}) => ({name, state}))],
				locks: {...def.locks, ...Object.fromEntries(fleet.agents.map(({name, locks}) => [name, locks]))},
				pending: {...def.pending},
				activeTasks: {...def.activeTasks},
			};
		},
	};
}
