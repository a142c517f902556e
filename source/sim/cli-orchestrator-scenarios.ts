/** Scenarios of the AI CLI Orchestrator V2 simulator, each named after what it demonstrates. */
export const CLI_ORCHESTRATOR_SCENARIOS = [
	'normal',
	'high-cpu',
	'high-memory',
	'disk-low',
	'redis-down',
	'queue-backlog',
	'job-failures',
	'quota-almost-exceeded',
	'quota-exceeded',
	'no-accounts',
	'session-expiring',
	'session-expired',
	'slow-requests',
	'error-burst',
	'down',
] as const;

/** One of {@link CLI_ORCHESTRATOR_SCENARIOS}. */
export type CliOrchestratorScenarioName = (typeof CLI_ORCHESTRATOR_SCENARIOS)[number];

/** The AI providers the browser workers drive: the `provider` label of every application metric. */
export const PROVIDERS = ['chatgpt', 'claude', 'gemini'] as const;

/** One of {@link PROVIDERS}. */
export type Provider = (typeof PROVIDERS)[number];

/** The BullMQ queues (`queue` label of `bullmq_queue_waiting`): one per provider. */
export const QUEUES = PROVIDERS;

/** Number of simulated CPU cores of the host (`cpu` label of `node_cpu_seconds_total`). */
export const CPU_COUNT = 2;

/** A `[min, max]` range in seconds. */
export type SecondsRange = readonly [number, number];

/** Accounts and browser sessions of one provider. */
export type ProviderState = {
	/** `active_accounts_count`. */
	accounts: number;
	/** `active_sessions_count`. */
	sessions: number;
	/** `expired_sessions_count`. */
	expired: number;
	/** Hours until the provider's earliest session expires (`session_expiry_timestamp_seconds - time()`). */
	expiresInHours: number;
};

/** Daily (and monthly) quota of one provider. */
export type QuotaState = {used: number; limit: number; /** Absent where no monthly quota applies (the seed: "if applicable"). */ monthlyUsed?: number};

/** Everything a scenario fixes: exact gauge values, and the shape of the generated traffic. */
export type CliOrchestratorScenario = {
	/** One sentence for humans: what the scenario shows and which alert it fires. */
	description: string;
	providers: Record<Provider, ProviderState>;
	quotas: Record<Provider, QuotaState>;
	/** `bullmq_queue_waiting` per queue. */
	waiting: Record<Provider, number>;
	/** Host CPU busy fraction (0–1), memory used fraction, filesystem free fraction; `redis_up`. */
	host: {cpu: number; memory: number; diskFree: number; redisUp: 0 | 1};
	/** Fraction of worker requests that fail. */
	failureRatio: number;
	/** Fraction of API gateway requests counted in `api_errors_total`. */
	apiErrorRatio: number;
	/** Worker request duration range (browser automation takes seconds). */
	requestSeconds: SecondsRange;
	/** API gateway latency range. */
	apiSeconds: SecondsRange;
	/** When true `/metrics` answers 503, so Prometheus records `up == 0`. */
	down?: boolean;
};

const NORMAL: CliOrchestratorScenario = {
	description: 'Healthy: every provider has accounts and fresh sessions, quotas below 90%, short queues; no alert fires.',
	providers: {
		chatgpt: {accounts: 3, sessions: 2, expired: 0, expiresInHours: 120},
		claude: {accounts: 2, sessions: 2, expired: 0, expiresInHours: 96},
		gemini: {accounts: 1, sessions: 1, expired: 0, expiresInHours: 200},
	},
	quotas: {
		chatgpt: {used: 120, limit: 500, monthlyUsed: 2400},
		claude: {used: 45, limit: 200, monthlyUsed: 900},
		gemini: {used: 10, limit: 100},
	},
	waiting: {chatgpt: 4, claude: 2, gemini: 0},
	host: {cpu: 0.35, memory: 0.5, diskFree: 0.6, redisUp: 1},
	failureRatio: 0.01,
	apiErrorRatio: 0.01,
	requestSeconds: [2, 12],
	apiSeconds: [0.01, 0.2],
};

const withProvider = (provider: Provider, change: Partial<ProviderState>) => ({...NORMAL.providers, [provider]: {...NORMAL.providers[provider], ...change}});

/** The definition of every scenario. */
export const CLI_ORCHESTRATOR_SCENARIO_DEFINITIONS: Readonly<Record<CliOrchestratorScenarioName, CliOrchestratorScenario>> = {
	normal: NORMAL,
	'high-cpu': {...NORMAL, description: 'Host CPU at 92%: fires HighCpuUsage.', host: {...NORMAL.host, cpu: 0.92}},
	'high-memory': {...NORMAL, description: 'Host memory 95% used: fires HighHostMemoryUsage.', host: {...NORMAL.host, memory: 0.95}},
	'disk-low': {...NORMAL, description: 'Only 5% of the disk is free: fires DiskSpaceLow.', host: {...NORMAL.host, diskFree: 0.05}},
	'redis-down': {...NORMAL, description: 'The Redis exporter reports redis_up 0: fires RedisDown.', host: {...NORMAL.host, redisUp: 0}},
	'queue-backlog': {...NORMAL, description: '180 jobs wait in the chatgpt queue: fires HighQueueDepth.', waiting: {chatgpt: 180, claude: 35, gemini: 5}},
	'job-failures': {...NORMAL, description: '35% of worker requests fail: fires HighJobFailureRate.', failureRatio: 0.35},
	'quota-almost-exceeded': {
		...NORMAL,
		description: 'claude has used 190 of its 200 daily requests (95%): fires QuotaAlmostExceeded.',
		quotas: {...NORMAL.quotas, claude: {used: 190, limit: 200, monthlyUsed: 1045}},
	},
	'quota-exceeded': {
		...NORMAL,
		description: 'chatgpt has used its whole daily quota (500 of 500): fires QuotaExceeded (and QuotaAlmostExceeded).',
		quotas: {...NORMAL.quotas, chatgpt: {used: 500, limit: 500, monthlyUsed: 2780}},
	},
	'no-accounts': {
		...NORMAL,
		description: 'gemini has no active account left (its session expired): fires NoActiveAccounts (and SessionExpired).',
		providers: withProvider('gemini', {accounts: 0, sessions: 0, expired: 1, expiresInHours: 0}),
	},
	'session-expiring': {
		...NORMAL,
		description: 'The claude session expires in 6 hours: fires SessionExpiringSoon.',
		providers: withProvider('claude', {expiresInHours: 6}),
	},
	'session-expired': {
		...NORMAL,
		description: 'Two chatgpt sessions expired (one account left active): fires SessionExpired.',
		providers: withProvider('chatgpt', {accounts: 1, sessions: 1, expired: 2}),
	},
	'slow-requests': {...NORMAL, description: 'Browser requests take 40–90 s: fires HighRequestLatency (P95 > 30 s).', requestSeconds: [40, 90]},
	'error-burst': {...NORMAL, description: '30% of API gateway requests error: fires HighGatewayErrorRate.', apiErrorRatio: 0.3},
	down: {...NORMAL, description: '/metrics answers 503, so up == 0: fires ServiceDown and BrowserWorkerDown.', down: true},
};

/** True when `name` is a cli-orchestrator scenario. */
export function isCliOrchestratorScenario(name: string): name is CliOrchestratorScenarioName {
	return (CLI_ORCHESTRATOR_SCENARIOS as readonly string[]).includes(name);
}
