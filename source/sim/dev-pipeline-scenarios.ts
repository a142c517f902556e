/** Scenarios of the Claude Development Pipeline simulator, each named after what it demonstrates. */
export const DEV_PIPELINE_SCENARIOS = ['normal', 'slow-agent', 'error-burst', 'low-success', 'agent-stalled', 'parallel-burst', 'down'] as const;

/** One of {@link DEV_PIPELINE_SCENARIOS}. */
export type DevPipelineScenarioName = (typeof DEV_PIPELINE_SCENARIOS)[number];

/**
 * The pipeline's agents, each with the workflow phase it works in and the model it runs on.
 * The seed names neither agents, phases nor models (only the labels `agent`, `phase`, `model`,
 * `status`): these are plausible values for a requirements → testing pipeline.
 */
export const DEV_PIPELINE_AGENTS = [
	{agent: 'requirements-analyst', phase: 'requirements', model: 'claude-sonnet'},
	{agent: 'architect', phase: 'design', model: 'claude-opus'},
	{agent: 'developer', phase: 'implementation', model: 'claude-sonnet'},
	{agent: 'code-reviewer', phase: 'review', model: 'claude-sonnet'},
	{agent: 'test-engineer', phase: 'testing', model: 'claude-sonnet'},
] as const;

/** One agent name of {@link DEV_PIPELINE_AGENTS}. */
export type DevPipelineAgent = (typeof DEV_PIPELINE_AGENTS)[number]['agent'];

/** Every phase, the `phase` label of `phase_distribution_total` and `agent_error_total`. */
export const DEV_PIPELINE_PHASES = DEV_PIPELINE_AGENTS.map(entry => entry.phase);

/** Values of the `status` label of `agent_invocation_total`. */
export const INVOCATION_STATUSES = ['success', 'failure'] as const;

/** A `[min, max]` range in seconds. */
export type SecondsRange = readonly [number, number];

/** Per-agent settings of a scenario. */
export type AgentScenario = {
	/** `agent_success_rate` (percent, as the exporter computes it from its database). */
	successRate: number;
	/** Seconds between the scenario start and `agent_last_execution_timestamp`. */
	lastRunAgeSeconds: number;
	/** Probability, per agent and tick, that the agent runs once. */
	invokeRatio: number;
	/** Probability that a run fails (`status="failure"`); 0 when healthy, so error rates read exactly 0. */
	failureRatio: number;
	/** `agent_error_total` increments per failed run (its retries); 1 when absent. */
	errorsPerFailure?: number;
	/** `agent_duration_seconds` of a run. */
	duration: SecondsRange;
};

/** Everything a scenario fixes: exact gauge values and the shape of the generated traffic. */
export type DevPipelineScenario = {
	/** One sentence for humans: what the scenario shows and which alert it fires. */
	description: string;
	agents: Record<DevPipelineAgent, AgentScenario>;
	/** `active_sessions_count`. */
	activeSessions: number;
	/** `parallel_executions_current`. */
	parallelExecutions: number;
	/** `total_unique_agents`, `total_sessions`, `avg_agents_per_session`. */
	totals: {uniqueAgents: number; sessions: number; avgAgentsPerSession: number};
	/** Probability per tick that a session ends (observed in `session_duration_seconds`). */
	sessionEndRatio: number;
	/** When true `/metrics` answers 503, so Prometheus records `up == 0`. */
	down?: boolean;
};

const HEALTHY: AgentScenario = {successRate: 92, lastRunAgeSeconds: 30, invokeRatio: 0.3, failureRatio: 0, duration: [20, 180]};

const NORMAL: DevPipelineScenario = {
	description: 'Healthy: every agent runs in 10–200 s, success rates 85–97% (from history), no new errors; no alert fires.',
	agents: {
		'requirements-analyst': {...HEALTHY, successRate: 97, lastRunAgeSeconds: 240, duration: [10, 60]},
		architect: {...HEALTHY, successRate: 94, lastRunAgeSeconds: 180, duration: [30, 150]},
		developer: {...HEALTHY, successRate: 88, lastRunAgeSeconds: 15},
		'code-reviewer': {...HEALTHY, successRate: 91, lastRunAgeSeconds: 45, duration: [15, 90]},
		'test-engineer': {...HEALTHY, successRate: 85, lastRunAgeSeconds: 60, duration: [30, 200]},
	},
	activeSessions: 2,
	parallelExecutions: 3,
	totals: {uniqueAgents: 5, sessions: 42, avgAgentsPerSession: 3.5},
	sessionEndRatio: 0.05,
};

/** The definition of every scenario. */
export const DEV_PIPELINE_SCENARIO_DEFINITIONS: Readonly<Record<DevPipelineScenarioName, DevPipelineScenario>> = {
	normal: NORMAL,
	'slow-agent': {
		...NORMAL,
		description: 'developer runs take 7–15 min: fires AgentExecutionSlow (p95 > 300 s).',
		agents: {...NORMAL.agents, developer: {...NORMAL.agents.developer, duration: [420, 900]}},
	},
	'error-burst': {
		...NORMAL,
		// rate(agent_error_total[5m]) divides by the whole 5 minutes: ~10 errors/s pass 0.1/s within seconds.
		description: 'test-engineer runs every tick, 80% fail with 3 errors each (~10 errors/s): fires HighErrorRate (> 0.1/s).',
		agents: {
			...NORMAL.agents,
			'test-engineer': {...NORMAL.agents['test-engineer'], successRate: 78, invokeRatio: 1, failureRatio: 0.8, errorsPerFailure: 3},
		},
	},
	'low-success': {
		...NORMAL,
		description: 'code-reviewer succeeds in only 55% of its runs: fires LowSuccessRate (< 70%).',
		agents: {...NORMAL.agents, 'code-reviewer': {...NORMAL.agents['code-reviewer'], successRate: 55, failureRatio: 0.05}},
	},
	'agent-stalled': {
		...NORMAL,
		description: 'developer last ran 2 h ago and runs no more; no alert rule of the seed covers it.',
		agents: {...NORMAL.agents, developer: {...NORMAL.agents.developer, lastRunAgeSeconds: 7200, invokeRatio: 0}},
		parallelExecutions: 1,
	},
	'parallel-burst': {
		...NORMAL,
		description: 'Many sessions run at once (6 sessions, 14 parallel executions); no alert fires.',
		activeSessions: 6,
		parallelExecutions: 14,
		totals: {uniqueAgents: 5, sessions: 48, avgAgentsPerSession: 3.8},
	},
	down: {...NORMAL, description: '/metrics answers 503, so up == 0 (the seed has no alert rule for it).', down: true},
};

/** True when `name` is a dev-pipeline scenario. */
export function isDevPipelineScenario(name: string): name is DevPipelineScenarioName {
	return (DEV_PIPELINE_SCENARIOS as readonly string[]).includes(name);
}
