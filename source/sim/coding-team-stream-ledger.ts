import {MODES, WORKERS, type Mode} from './coding-team-scenarios.js';

/** The `type` of a `jobs` event: one job lifecycle change in the ledger. */
export type CodingTeamJobEventType = 'claimed' | 'completed' | 'failed' | 'escalated' | 'budget_exceeded';

/** The `data` of an `event: jobs` message on `/api/metrics/stream`. */
export type CodingTeamJobEvent = {
	type: CodingTeamJobEventType;
	jobId: string;
	mode: Mode;
	agentType: string;
	/** completed and failed: the duration observed in `job_duration_seconds`, in ms. */
	durationMs?: number;
	/** completed, failed and budget_exceeded: tokens the job used. */
	tokens?: number;
	/** failed only. */
	error?: string;
	/** ISO 8601. */
	at: string;
};

/** One point of the snapshot's `timeseries`: what happened in one bucket. */
export type CodingTeamTimePoint = {timestamp: string; jobsCreated: number; tokensUsed: number; jobsCompleted: number; jobsFailed: number};

/**
 * The `data` of an `event: snapshot` message: the seed's `collectAllMetrics()` shape ("Ledger-Based Metrics").
 * Averages and rates are `null` while nothing was counted yet (as SQL `AVG` of no rows).
 */
export type CodingTeamMetrics = {
	timestamp: string;
	jobs: {
		total: number;
		byStatus: {queued: number; running: number; completed: number; failed: number};
		byMode: Record<Mode, number>;
		/** ms */
		avgDuration: number | null;
		/** 0..1 */
		successRate: number | null;
	};
	agents: {totalEvents: number; byAgent: Record<string, number>; toolCalls: number; errorRate: number | null};
	budget: {totalTokens: number; avgTokensPerJob: number | null; budgetExceeded: number};
	conversations: {total: number; avgMessages: number | null; byRole: {user: number; assistant: number; system: number}};
	system: {ledgerEntries: number; entriesLast24h: number; storageBytes: number};
	insights: {total: number; byCategory: Record<string, number>; avgConfidence: number | null};
	timeseries: CodingTeamTimePoint[];
};

/** Average size of a ledger row as the simulated `storageBytes` counts it. */
export const LEDGER_BYTES_PER_ENTRY = 384;
/** Points kept in `timeseries`. */
export const TIMESERIES_POINTS = 30;
const HOUR_MS = 3_600_000;
const FAILURES = ['llm_api: upstream answered 529 overloaded', 'tool_execution: apply_patch did not apply', 'validation: tests failed after the change', 'database: claim timed out'];
const CONFIDENCE: Record<string, number> = {reliability: 0.9, cost: 0.8, performance: 0.7};

type Job = {id: string; mode: Mode; agentType: string; tokens: number};

/**
 * The simulated ledger behind the stream: the coding-team simulator reports every change it makes to its
 * Prometheus metrics here too, so the snapshot agrees with the export. Job identity, agent types,
 * conversations and insights are agentmon's deterministic inventions (the export has no such series).
 */
export class CodingTeamLedger {
	readonly #publish: (event: CodingTeamJobEvent) => void;
	readonly #now: () => number;
	readonly #bucketMs: number;
	readonly #inFlight: Record<Mode, Job[]> = {mechanic: [], genius: []};
	readonly #claimed: Record<Mode, number> = {mechanic: 0, genius: 0};
	readonly #byAgent = new Map<string, number>(WORKERS.map(({agentType}) => [agentType, 0]));
	readonly #insights = new Map<string, number>();
	readonly #hours: Array<{hour: number; entries: number}> = [];
	readonly #points: CodingTeamTimePoint[] = [];
	#jobSeq = 0;
	#assigned = 0;
	#completed = 0;
	#failed = 0;
	#durationMs = 0;
	#finishedTokens = 0;
	#totalTokens = 0;
	#overBudget = 0;
	#errors = 0;
	#toolCalls = 0;
	#entries = 0;

	constructor(options: {publish: (event: CodingTeamJobEvent) => void; bucketMs: number; now?: () => number}) {
		this.#publish = options.publish;
		this.#bucketMs = options.bucketMs;
		this.#now = options.now ?? Date.now;
	}

	/** A worker of `mode` claimed a new job. */
	claim(mode: Mode): void {
		const workers = WORKERS.filter(worker => worker.mode === mode);
		const job: Job = {id: String(++this.#jobSeq), mode, agentType: workers[this.#assigned++ % workers.length]?.agentType ?? 'agent', tokens: 0};
		this.#inFlight[mode].push(job);
		this.#claimed[mode]++;
		this.#point().jobsCreated++;
		this.#event(job, {type: 'claimed'});
	}

	/** The oldest job of `mode` finished; `seconds` is what `job_duration_seconds` observed. */
	finish(mode: Mode, outcome: {failed: boolean; seconds: number; overBudget: boolean}): void {
		const job = this.#inFlight[mode].shift();
		if (!job) return;
		const durationMs = Math.round(outcome.seconds * 1000);
		const tokens = Math.round(job.tokens);
		this.#durationMs += outcome.seconds * 1000;
		this.#finishedTokens += job.tokens;
		const point = this.#point();
		if (outcome.failed) {
			this.#failed++;
			point.jobsFailed++;
			if (this.#failed % 5 === 0) this.#insight('reliability');
			this.#event(job, {type: 'failed', durationMs, tokens, error: FAILURES[Number(job.id) % FAILURES.length]});
		} else {
			this.#completed++;
			point.jobsCompleted++;
			if (this.#completed % 25 === 0) this.#insight('performance');
			this.#event(job, {type: 'completed', durationMs, tokens});
		}
		if (outcome.overBudget) {
			this.#overBudget++;
			this.#insight('cost');
			this.#event(job, {type: 'budget_exceeded', tokens});
		}
	}

	/** `tokens` more were used by the jobs of `mode` in flight, shared evenly between them. */
	tokens(mode: Mode, tokens: number): void {
		this.#totalTokens += tokens;
		this.#point().tokensUsed += tokens;
		const jobs = this.#inFlight[mode];
		for (const job of jobs) job.tokens += tokens / jobs.length;
	}

	/** A job of `mode` (the oldest in flight) was escalated to a human. */
	escalated(mode: Mode): void {
		const job = this.#inFlight[mode][0];
		if (job) this.#event(job, {type: 'escalated'});
	}

	/** An error was counted in `error_total`. */
	error(): void {
		this.#errors++;
		this.#entry();
	}

	/** A tool call was observed in `tool_duration_seconds`; agent types take turns making them. */
	toolCall(): void {
		const agentType = WORKERS[this.#toolCalls++ % WORKERS.length]!.agentType;
		this.#byAgent.set(agentType, (this.#byAgent.get(agentType) ?? 0) + 1);
		this.#entry();
	}

	/** The snapshot, with the queue depths the simulator serves as `queue_depth`. */
	metrics(queue: Record<Mode, number>): CodingTeamMetrics {
		const running = MODES.reduce((sum, mode) => sum + this.#inFlight[mode].length, 0);
		const queued = MODES.reduce((sum, mode) => sum + queue[mode], 0);
		const finished = this.#completed + this.#failed;
		const claimed = MODES.reduce((sum, mode) => sum + this.#claimed[mode], 0);
		const totalEvents = [...this.#byAgent.values()].reduce((sum, count) => sum + count, 0);
		const byRole = {user: claimed, assistant: this.#toolCalls + finished, system: claimed};
		const insights = [...this.#insights.values()].reduce((sum, count) => sum + count, 0);
		const confidence = [...this.#insights].reduce((sum, [category, count]) => sum + count * CONFIDENCE[category]!, 0);
		const since = this.#now() - 24 * HOUR_MS;
		const average = (sum: number, count: number) => (count > 0 ? sum / count : null);
		return {
			timestamp: new Date(this.#now()).toISOString(),
			jobs: {
				total: queued + claimed,
				byStatus: {queued, running, completed: this.#completed, failed: this.#failed},
				byMode: {mechanic: queue.mechanic + this.#claimed.mechanic, genius: queue.genius + this.#claimed.genius},
				avgDuration: average(this.#durationMs, finished),
				successRate: average(this.#completed, finished),
			},
			agents: {totalEvents, byAgent: Object.fromEntries(this.#byAgent), toolCalls: this.#toolCalls, errorRate: totalEvents > 0 ? Math.min(1, this.#errors / totalEvents) : null},
			budget: {totalTokens: this.#totalTokens, avgTokensPerJob: finished > 0 ? Math.round(this.#finishedTokens / finished) : null, budgetExceeded: this.#overBudget},
			conversations: {total: claimed, avgMessages: average(byRole.user + byRole.assistant + byRole.system, claimed), byRole},
			system: {
				ledgerEntries: this.#entries,
				entriesLast24h: this.#hours.filter(({hour}) => hour > since - HOUR_MS).reduce((sum, {entries}) => sum + entries, 0),
				storageBytes: this.#entries * LEDGER_BYTES_PER_ENTRY,
			},
			insights: {total: insights, byCategory: Object.fromEntries(this.#insights), avgConfidence: average(confidence, insights)},
			timeseries: this.#points.map(point => ({...point})),
		};
	}

	/** Appends a lifecycle event: one ledger entry, one event for the job's agent type, one `jobs` message. */
	#event(job: Job, fields: Omit<CodingTeamJobEvent, 'jobId' | 'mode' | 'agentType' | 'at'>): void {
		this.#byAgent.set(job.agentType, (this.#byAgent.get(job.agentType) ?? 0) + 1);
		this.#entry();
		const {type, ...details} = fields;
		this.#publish({type, jobId: job.id, mode: job.mode, agentType: job.agentType, ...details, at: new Date(this.#now()).toISOString()});
	}

	#insight(category: string): void {
		this.#insights.set(category, (this.#insights.get(category) ?? 0) + 1);
	}

	#entry(): void {
		this.#entries++;
		const hour = Math.floor(this.#now() / HOUR_MS) * HOUR_MS;
		const last = this.#hours.at(-1);
		if (last?.hour === hour) last.entries++;
		else this.#hours.push({hour, entries: 1});
		if (this.#hours.length > 25) this.#hours.shift();
	}

	/** The timeseries point of the current bucket, started when the first change of the bucket arrives. */
	#point(): CodingTeamTimePoint {
		const start = Math.floor(this.#now() / this.#bucketMs) * this.#bucketMs;
		const timestamp = new Date(start).toISOString();
		const last = this.#points.at(-1);
		if (last?.timestamp === timestamp) return last;
		const point = {timestamp, jobsCreated: 0, tokensUsed: 0, jobsCompleted: 0, jobsFailed: 0};
		this.#points.push(point);
		if (this.#points.length > TIMESERIES_POINTS) this.#points.shift();
		return point;
	}
}
