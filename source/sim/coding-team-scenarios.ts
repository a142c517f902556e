/** Scenarios of the AI Coding Team simulator: `normal`, one per alert rule, and `down`. */
export const CODING_TEAM_SCENARIOS = [
	'normal',
	'job-failures',
	'queue-backlog',
	'token-spike',
	'worker-down',
	'slow-database',
	'slow-jobs',
	'escalations',
	'error-burst',
	'slow-tools',
	'budget-exceeded',
	'down',
] as const;

/** One of {@link CODING_TEAM_SCENARIOS}. */
export type CodingTeamScenarioName = (typeof CODING_TEAM_SCENARIOS)[number];

/** Job modes, the `mode` label of the job metrics (the seed's `job_completed_total{mode="mechanic"}`). */
export const MODES = ['mechanic', 'genius'] as const;

/** One of {@link MODES}. */
export type Mode = (typeof MODES)[number];

/** A simulated worker: its name, mode and agent type (the labels of `worker_last_heartbeat_timestamp_seconds`). */
export type WorkerSpec = {readonly worker: string; readonly mode: Mode; readonly agentType: string};

/** The workers of the simulated team (the seed's health check reports `"workers": 3`). */
export const WORKERS: readonly WorkerSpec[] = [
	{worker: 'worker-1', mode: 'mechanic', agentType: 'coder'},
	{worker: 'worker-2', mode: 'mechanic', agentType: 'reviewer'},
	{worker: 'worker-3', mode: 'genius', agentType: 'planner'},
];

/** Values of the `type` label of `error_total`. */
export const ERROR_TYPES = ['llm_api', 'tool_execution', 'database', 'validation'] as const;

/** Values of the `tool` label of `tool_duration_seconds` (the tools of the seed's trace example). */
export const TOOLS = ['read_file', 'apply_patch'] as const;

/** Values of the `operation` label of `database_query_duration_seconds`. */
export const DB_OPERATIONS = ['claim_job', 'append_ledger', 'update_status'] as const;

/** A `[min, max]` range. */
export type Range = readonly [number, number];

/** Everything a scenario fixes: exact gauge values and the shape of the generated traffic. */
export type CodingTeamScenario = {
	/** One sentence for humans: what the scenario shows and which alert it fires. */
	description: string;
	/** `queue_depth{mode}`: queued jobs per mode. */
	queue: Record<Mode, number>;
	/** Jobs in flight per mode (claimed, not yet completed or failed). */
	running: Record<Mode, number>;
	/** Workers whose last heartbeat is frozen `staleSeconds` before the switch to this scenario. */
	staleWorkers: readonly string[];
	/** Chance per tick that a job of each mode finishes. */
	finishChance: Record<Mode, number>;
	/** Fraction of finished jobs that fail (besides one in every 20). */
	failureRatio: number;
	/** Job duration range in seconds. */
	jobSeconds: Range;
	/** Tokens each running job uses per second (accrued by wall-clock time, so the rate is smooth). */
	tokensPerSecond: Range;
	/** Escalations per tick (fractional values accumulate). */
	escalationsPerTick: number;
	/** Errors per tick (fractional values accumulate); besides one every 120 ticks. */
	errorsPerTick: number;
	/** Tool call duration range in seconds. */
	toolSeconds: Range;
	/** Database query duration range in seconds. */
	dbSeconds: Range;
	/** Fraction of finished jobs that end over their token cap. */
	overBudgetRatio: number;
	/** When true the metrics endpoint answers 503, so Prometheus records `up == 0`. */
	down?: boolean;
};

/** How long before the scenario switch a stale worker sent its last heartbeat. */
export const STALE_SECONDS = 120;

const NORMAL: CodingTeamScenario = {
	description: 'Healthy: 3 workers heartbeating, 15 jobs queued, 5% of jobs failing, fast tools and database; no alert fires.',
	queue: {mechanic: 12, genius: 3},
	running: {mechanic: 2, genius: 1},
	staleWorkers: [],
	finishChance: {mechanic: 0.5, genius: 0.2},
	failureRatio: 0,
	jobSeconds: [5, 50],
	tokensPerSecond: [3800, 4200],
	escalationsPerTick: 0,
	errorsPerTick: 0,
	toolSeconds: [0.05, 1.5],
	dbSeconds: [0.002, 0.2],
	overBudgetRatio: 0,
};

/** The definition of every scenario. */
export const CODING_TEAM_SCENARIO_DEFINITIONS: Readonly<Record<CodingTeamScenarioName, CodingTeamScenario>> = {
	normal: NORMAL,
	'job-failures': {
		...NORMAL,
		description: 'The LLM API rejects calls: 90% of jobs fail, and fail fast: fires HighFailureRate.',
		finishChance: {mechanic: 1, genius: 0.6},
		failureRatio: 0.9,
	},
	'queue-backlog': {...NORMAL, description: '135 jobs queued (95 mechanic, 40 genius): fires QueueBacklog.', queue: {mechanic: 95, genius: 40}},
	'token-spike': {...NORMAL, description: 'Running jobs use 6x their usual tokens: fires TokenSpike.', tokensPerSecond: [22_800, 25_200]},
	'worker-down': {
		...NORMAL,
		description: 'worker-2 stopped heartbeating 2 minutes ago and its job is gone: fires WorkerDown.',
		staleWorkers: ['worker-2'],
		running: {mechanic: 1, genius: 1},
	},
	'slow-database': {...NORMAL, description: 'Database queries take 1.5-4 s: fires DatabaseLatency (p99 > 1 s).', dbSeconds: [1.5, 4]},
	'slow-jobs': {...NORMAL, description: 'Jobs take 90-250 s: fires SlowJobs (p95 > 60 s).', jobSeconds: [90, 250]},
	escalations: {...NORMAL, description: 'Agents escalate to humans twice a second: fires HighEscalationRate (> 10/hour).', escalationsPerTick: 0.5},
	'error-burst': {...NORMAL, description: 'Four errors per tick (16/s at 250 ms): fires HighErrorRate (> 5/minute).', errorsPerTick: 4},
	'slow-tools': {...NORMAL, description: 'Tool calls take 6-12 s: fires SlowToolCalls (p99 > 5 s).', toolSeconds: [6, 12]},
	'budget-exceeded': {...NORMAL, description: 'Half the finished jobs end over their token cap: fires TokenBudgetExceeded.', overBudgetRatio: 0.5},
	down: {...NORMAL, description: '/api/metrics/prometheus answers 503, so up == 0 (the seed has no alert rule for it).', down: true},
};

/** True when `name` is a coding-team scenario. */
export function isCodingTeamScenario(name: string): name is CodingTeamScenarioName {
	return (CODING_TEAM_SCENARIOS as readonly string[]).includes(name);
}
