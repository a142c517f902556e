/** Scenarios of the AI Coordination Server simulator, each named after what it demonstrates. */
export const COORDINATION_SCENARIOS = [
	'normal',
	'agent-offline',
	'error-burst',
	'task-failures',
	'slow-api',
	'lock-pileup',
	'queue-backlog',
	'memory-leak',
	'event-loop-lag',
	'down',
] as const;

/** One of {@link COORDINATION_SCENARIOS}. */
export type CoordinationScenarioName = (typeof COORDINATION_SCENARIOS)[number];

/** The agents the coordination server coordinates ("Claude Code and GitHub Copilot"). */
export const COORDINATION_AGENTS = ['claude-code', 'copilot'] as const;

/** One of {@link COORDINATION_AGENTS}. */
export type CoordinationAgent = (typeof COORDINATION_AGENTS)[number];

/** Availability states; `coordination_server_agent_availability` has one series per state (1 = current). */
export const AGENT_STATES = ['available', 'busy', 'offline'] as const;

/** One of {@link AGENT_STATES}. */
export type AgentState = (typeof AGENT_STATES)[number];

/** Task priorities, the `priority` label of `coordination_server_pending_tasks`. */
export const PRIORITIES = ['high', 'normal', 'low'] as const;

/** The API endpoints the simulated traffic hits, as `[method, endpoint]`. */
export const ENDPOINTS = [['GET', '/api/tasks'], ['POST', '/api/locks'], ['POST', '/api/tasks'], ['GET', '/api/agents']] as const;

/** Values of the `task_type` label of `coordination_server_task_duration_seconds`. */
export const TASK_TYPES = ['implementation', 'code-review', 'testing'] as const;

/** Values of the `reason` label of `coordination_server_task_failures_total`. */
export const FAILURE_REASONS = ['timeout', 'error', 'conflict'] as const;

/** A `[min, max]` range in seconds. */
export type SecondsRange = readonly [number, number];

/** Everything a scenario fixes: exact gauge values, and the shape of the generated traffic. */
export type CoordinationScenario = {
	/** One sentence for humans: what the scenario shows and which alert it fires. */
	description: string;
	agents: Record<CoordinationAgent, AgentState>;
	locks: Record<CoordinationAgent, number>;
	pending: Record<(typeof PRIORITIES)[number], number>;
	/** `coordination_server_active_tasks{status="running"}` per agent. */
	activeTasks: Record<CoordinationAgent, number>;
	websockets: {client: number; agent: number};
	sessions: number;
	/** Fraction of API requests answered 500/503 (besides one 404 in every 100 requests). */
	apiErrorRatio: number;
	/** Fraction of tasks that fail (besides one in every 25). */
	taskFailureRatio: number;
	/** API latency: the bulk range, and a tail range used for `tailRatio` of requests. */
	latency: {bulk: SecondsRange; tail: SecondsRange; tailRatio: number};
	/** Lock acquisition time range. */
	lockWait: SecondsRange;
	/** Reported `process_resident_memory_bytes`; the real RSS when absent. */
	rssBytes?: number;
	/** Reported `nodejs_eventloop_lag_seconds`; the measured lag when absent. */
	eventLoopLagSeconds?: number;
	/** When true `/metrics` answers 503, so Prometheus records `up == 0`. */
	down?: boolean;
};

const NORMAL: CoordinationScenario = {
	description: 'Healthy: claude-code available, copilot busy, fast API, few locks; no alert fires.',
	agents: {'claude-code': 'available', copilot: 'busy'},
	locks: {'claude-code': 1, copilot: 3},
	pending: {high: 2, normal: 5, low: 1},
	activeTasks: {'claude-code': 1, copilot: 2},
	websockets: {client: 3, agent: 2},
	sessions: 2,
	apiErrorRatio: 0,
	taskFailureRatio: 0,
	latency: {bulk: [0.01, 0.08], tail: [0.08, 0.3], tailRatio: 0.1},
	lockWait: [0.001, 0.05],
};

const GiB = 1024 ** 3;

/** The definition of every scenario. */
export const COORDINATION_SCENARIO_DEFINITIONS: Readonly<Record<CoordinationScenarioName, CoordinationScenario>> = {
	normal: NORMAL,
	'agent-offline': {
		...NORMAL,
		description: 'claude-code is offline: its locks and running tasks drop to 0; copilot carries on.',
		agents: {'claude-code': 'offline', copilot: 'busy'},
		locks: {'claude-code': 0, copilot: 3},
		activeTasks: {'claude-code': 0, copilot: 2},
		websockets: {client: 3, agent: 1},
	},
	'error-burst': {...NORMAL, description: '40% of API requests fail with 500/503: fires HighAPIErrorRate.', apiErrorRatio: 0.4},
	'task-failures': {...NORMAL, description: '45% of tasks fail: fires HighTaskFailureRate.', taskFailureRatio: 0.45},
	'slow-api': {
		...NORMAL,
		description: 'API responses take 1.5–4 s: fires HighAPILatency (p95 > 1 s).',
		latency: {bulk: [1.5, 3], tail: [3, 4], tailRatio: 0.2},
	},
	'lock-pileup': {
		...NORMAL,
		description: 'copilot holds 14 locks and claude-code 12, acquiring a lock takes seconds: fires HighLockContention.',
		agents: {'claude-code': 'busy', copilot: 'busy'},
		locks: {'claude-code': 12, copilot: 14},
		lockWait: [0.5, 3],
	},
	'queue-backlog': {
		...NORMAL,
		description: 'The task queue backs up (185 pending) while both agents are busy.',
		agents: {'claude-code': 'busy', copilot: 'busy'},
		pending: {high: 40, normal: 120, low: 25},
		activeTasks: {'claude-code': 3, copilot: 4},
	},
	'memory-leak': {...NORMAL, description: 'Resident memory reported at 1.5 GiB: fires HighMemoryUsage.', rssBytes: 1.5 * GiB},
	'event-loop-lag': {...NORMAL, description: 'Event loop lag reported at 0.35 s: fires HighEventLoopLag.', eventLoopLagSeconds: 0.35},
	down: {...NORMAL, description: '/metrics answers 503, so up == 0: fires CoordinationServerDown.', down: true},
};

/** True when `name` is a coordination-server scenario. */
export function isCoordinationScenario(name: string): name is CoordinationScenarioName {
	return (COORDINATION_SCENARIOS as readonly string[]).includes(name);
}

/** Small deterministic PRNG (mulberry32) returning values in [0, 1), so traffic is varied yet reproducible. */
export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
