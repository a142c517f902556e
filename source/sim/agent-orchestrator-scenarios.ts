/** Scenarios of the Agent Orchestrator simulator, each named after what it demonstrates. */
export const AGENT_ORCHESTRATOR_SCENARIOS = [
	'normal',
	'concurrent-merges',
	'merge-conflicts',
	'runaway-cost',
	'rate-limited',
	'slow-merges',
	'task-backlog',
	'down',
] as const;

/** One of {@link AGENT_ORCHESTRATOR_SCENARIOS}. */
export type AgentOrchestratorScenarioName = (typeof AGENT_ORCHESTRATOR_SCENARIOS)[number];

/** Worker types, the `worker_profile` label ("Coder: 30-120s, Tester: 10-60s, Planner: 5-30s"). */
export const WORKER_PROFILES = ['coder', 'tester', 'planner'] as const;

/** One of {@link WORKER_PROFILES}. */
export type WorkerProfile = (typeof WORKER_PROFILES)[number];

/** The phase (`phase` label of `task_execution_duration_seconds`) each worker type runs. */
export const WORKER_PHASES: Readonly<Record<WorkerProfile, string>> = {coder: 'build', tester: 'test', planner: 'plan'};

/** How long each worker type takes per task, in seconds, as the seed's dashboard guide expects. */
export const WORKER_DURATIONS: Readonly<Record<WorkerProfile, SecondsRange>> = {coder: [30, 120], tester: [10, 60], planner: [5, 30]};

/** Task states, the `status` label of `tasks_by_state`. */
export const TASK_STATES = ['planned', 'ready', 'active', 'awaiting_qa', 'complete', 'failed', 'waiting_human', 'blocked'] as const;

/** One of {@link TASK_STATES}. */
export type TaskState = (typeof TASK_STATES)[number];

/** Values of the `result` label of `git_merge_total`. */
export const MERGE_RESULTS = ['success', 'conflict', 'error'] as const;

/** Values of the `status` label of `task_completion_total`. */
export const COMPLETION_STATUSES = ['success', 'failed', 'retry'] as const;

/** Values of the `result` label of `llm_requests_total`. */
export const LLM_RESULTS = ['success', 'rate_limit', 'error', 'timeout'] as const;

/** The models the simulated runs call, with their provider and price per 1M tokens (input, output). */
export const LLM_MODELS = [
	{model: 'gpt-4-turbo', provider: 'openai', price: [10, 30]},
	{model: 'claude-sonnet-4', provider: 'anthropic', price: [3, 15]},
] as const;

/** A `[min, max]` range. */
export type SecondsRange = readonly [number, number];

/** Everything a scenario fixes: exact gauge values, and the shape of the generated traffic. */
export type AgentOrchestratorScenario = {
	/** One sentence for humans: what the scenario shows and which alert it fires. */
	description: string;
	/** `active_workers` per worker profile. */
	workers: Record<WorkerProfile, number>;
	/** `git_active_merges`: more than 1 is a race on the merge lock. */
	activeMerges: number;
	/** `tasks_by_state` per status. */
	tasks: Record<TaskState, number>;
	/** Merges finished per tick, and the share of them that conflict or fail. */
	merges: {perTick: number; conflictRatio: number; errorRatio: number};
	/** Merge duration range, and lock wait range. */
	mergeSeconds: SecondsRange;
	lockWaitSeconds: SecondsRange;
	/** Chance per tick and working worker profile that a task completes, and the share that fail. */
	taskChance: number;
	taskFailureRatio: number;
	/** LLM requests per tick and model (fractions are a chance), prompt tokens per request, rate-limit events per tick and model. */
	llm: {perTick: number; promptTokens: SecondsRange; completionTokens: SecondsRange; rateLimitsPerTick: number};
	/** When true `/metrics` answers 503, so Prometheus records `up == 0`. */
	down?: boolean;
};

const NORMAL: AgentOrchestratorScenario = {
	description: 'Healthy: one merge at a time, few conflicts, a few cents of LLM cost; no alert fires.',
	workers: {coder: 2, tester: 1, planner: 1},
	activeMerges: 1,
	tasks: {planned: 3, ready: 2, active: 4, awaiting_qa: 1, complete: 18, failed: 1, waiting_human: 0, blocked: 0},
	merges: {perTick: 0.3, conflictRatio: 0.1, errorRatio: 0.02},
	mergeSeconds: [0.5, 4],
	lockWaitSeconds: [0.01, 0.3],
	taskChance: 0.3,
	taskFailureRatio: 0.05,
	llm: {perTick: 0.05, promptTokens: [200, 600], completionTokens: [50, 150], rateLimitsPerTick: 0},
};

/** The definition of every scenario. */
export const AGENT_ORCHESTRATOR_SCENARIO_DEFINITIONS: Readonly<Record<AgentOrchestratorScenarioName, AgentOrchestratorScenario>> = {
	normal: NORMAL,
	'concurrent-merges': {
		...NORMAL,
		description: 'Three merges run at once (the merge lock is bypassed): fires ConcurrentMerges.',
		activeMerges: 3,
		merges: {perTick: 0.6, conflictRatio: 0.1, errorRatio: 0.05},
	},
	'merge-conflicts': {
		...NORMAL,
		// rate(…[5m]) divides by the whole 5 minutes even when Prometheus has only seconds of data: a burst fires sooner.
		description: 'A burst of merges, most conflicting and going to LLM resolution (~25 conflicts/s): fires HighConflictRate.',
		merges: {perTick: 8, conflictRatio: 0.8, errorRatio: 0.02},
		mergeSeconds: [10, 60],
		lockWaitSeconds: [1, 10],
	},
	'runaway-cost': {
		...NORMAL,
		description: 'A runaway loop sends huge prompts, several dollars a second: fires HighLLMCost (the cost counter stays above $10).',
		llm: {perTick: 4, promptTokens: [40_000, 60_000], completionTokens: [2000, 4000], rateLimitsPerTick: 0},
	},
	'rate-limited': {
		...NORMAL,
		description: 'Every model is rate limited, ~8 events/s each: fires RateLimitErrors; ready tasks pile up.',
		tasks: {...NORMAL.tasks, ready: 7, active: 1},
		workers: {coder: 1, tester: 0, planner: 0},
		llm: {perTick: 1, promptTokens: [200, 600], completionTokens: [50, 150], rateLimitsPerTick: 2},
	},
	'slow-merges': {
		...NORMAL,
		description: 'Merges take 15–60 s and the lock wait grows to seconds (merge p95 above 10 s); no alert rule covers it.',
		tasks: {...NORMAL.tasks, awaiting_qa: 5},
		mergeSeconds: [15, 60],
		lockWaitSeconds: [2, 20],
	},
	'task-backlog': {
		...NORMAL,
		description: 'Tasks stuck in planned and blocked, many failures: the queue backs up (no alert rule covers it).',
		workers: {coder: 3, tester: 2, planner: 1},
		tasks: {planned: 40, ready: 14, active: 6, awaiting_qa: 4, complete: 25, failed: 7, waiting_human: 3, blocked: 5},
		taskFailureRatio: 0.4,
	},
	down: {...NORMAL, description: '/metrics answers 503, so up{job="agent-orchestrator"} == 0.', down: true},
};

/** True when `name` is an agent-orchestrator scenario. */
export function isAgentOrchestratorScenario(name: string): name is AgentOrchestratorScenarioName {
	return (AGENT_ORCHESTRATOR_SCENARIOS as readonly string[]).includes(name);
}
