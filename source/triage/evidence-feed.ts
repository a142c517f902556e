import type {AlertEvidence, AlertRuleInfo, EvidenceTrend, RuleLookup} from '../model/evidence.js';
import {appendTrend, emptyTrend, TREND_POINTS, trendFromRange, type TrendPoints} from '../model/evidence-trend.js';
import {findAlertRule, pickAlertSeries, trendRangeMs} from '../model/rule-match.js';
import {sanitizeText} from '../model/sanitize.js';
import type {Store} from '../model/store.js';
import type {AlertItem, AppState} from '../model/types.js';
import type {MetricsBackend} from '../sources/backend.js';
import type {Result} from '../sources/prometheus-client.js';
import {rangeTimes, type RangeSeries} from '../sources/range-query.js';

/** Options of {@link EvidenceFeed}. */
export type EvidenceFeedOptions = {
	readonly store: Store<AppState>;
	/** Where rules are read and PromQL evaluated; absent when a stream is the only source. */
	readonly backend?: Pick<MetricsBackend, 'query' | 'rules'>;
	/** Range queries (a Prometheus): the trend is backfilled at once instead of growing one refresh at a time. */
	readonly range?: (promql: string, times: readonly number[]) => Promise<Result<RangeSeries[]>>;
	/** The refresh interval: the trend's step when it grows one refresh at a time. */
	readonly intervalMs: number;
	/** Names the rule source in "not found" reasons, e.g. `/api/v1/rules`. */
	readonly rulesSource?: string;
	readonly now?: () => number;
};

/** One alert view open: what was last found for it, and whether a read is under way. */
type Watch = {
	readonly alert: AlertItem;
	rule?: AlertRuleInfo;
	/** The expression `trend` is of: a rule whose expression changed starts a new trend. */
	trendExpr?: string;
	trend?: TrendPoints;
	busy: boolean;
	/** Whether a first read has finished (one opened while paused waits for the resume). */
	loaded: boolean;
};

const NO_SOURCE = 'the alert came from the event stream alone: there is no Prometheus or --scrape to read rules from or to evaluate PromQL with';

function message(thrown: unknown): string {
	return sanitizeText(thrown instanceof Error ? thrown.message : String(thrown), {maxLength: 300});
}

/**
 * The evidence of the alert on screen (`state.evidence`): its alerting rule and the trend of the
 * rule's series that is this alert. Reads only while an alert view is open and the dashboard is not
 * paused: once when the view opens, then with every refresh of the monitor (seen as `updatedAt`
 * changing), a refresh dropped while the previous read is still under way. Never throws.
 */
export class EvidenceFeed {
	readonly #options: EvidenceFeedOptions;
	readonly #now: () => number;
	#watch?: Watch;
	#unsubscribe?: () => void;
	#lastUpdatedAt?: number;
	#lastPaused = false;

	constructor(options: EvidenceFeedOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	/** Follows the monitor's refreshes. */
	start(): void {
		if (this.#unsubscribe) return;
		const {store} = this.#options;
		({updatedAt: this.#lastUpdatedAt, paused: this.#lastPaused} = store.getSnapshot());
		this.#unsubscribe = store.subscribe(() => {
			const {updatedAt, paused} = store.getSnapshot();
			const refreshed = updatedAt !== this.#lastUpdatedAt;
			const resumed = this.#lastPaused && !paused;
			this.#lastUpdatedAt = updatedAt;
			this.#lastPaused = paused;
			const watch = this.#watch;
			if (!watch || paused || !(refreshed || (resumed && !watch.loaded))) return;
			// After the store's other listeners ran.
			queueMicrotask(() => void this.#update(watch));
		});
	}

	/** Stops following refreshes and forgets the alert watched; answers still in flight are dropped. */
	stop(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
		this.#watch = undefined;
	}

	/**
	 * The alert view opened on `alert` (read its evidence now, and with every refresh), or closed
	 * (`undefined`: nothing more is read and `state.evidence` goes). The same alert again changes nothing.
	 */
	watch(alert: AlertItem | undefined): void {
		const {store} = this.#options;
		if (alert === undefined) {
			this.#watch = undefined;
			store.update(state => {
				if (state.evidence === undefined) return state;
				const {evidence: _closed, ...rest} = state;
				return rest;
			});
			return;
		}
		if (this.#watch?.alert.id === alert.id) return;
		const watch: Watch = {alert, busy: false, loaded: false};
		this.#watch = watch;
		const evidence: AlertEvidence = {alertId: alert.id, rule: {state: 'loading'}, trend: {state: 'loading'}};
		store.update(state => ({...state, evidence}));
		if (!store.getSnapshot().paused) void this.#update(watch);
	}

	/** One read for `watch`, unless one is under way already. */
	async #update(watch: Watch): Promise<void> {
		if (watch.busy || this.#watch !== watch) return;
		watch.busy = true;
		try {
			await this.#read(watch);
		} catch (error) {
			// A bug, not a server: say so in the view rather than crash the dashboard.
			this.#publish(watch, {rule: {state: 'error', message: message(error)}, trend: {state: 'error', message: message(error)}});
		} finally {
			watch.busy = false;
			watch.loaded = true;
		}
	}

	async #read(watch: Watch): Promise<void> {
		const {backend} = this.#options;
		// What cannot be read once cannot be read at the next refresh either.
		if ((!backend || !backend.rules) && watch.loaded) return;
		if (!backend) return this.#publish(watch, {rule: {state: 'missing', reason: NO_SOURCE}, trend: {state: 'unavailable', reason: NO_SOURCE}}, true);
		if (!backend.rules) {
			const reason = 'this source does not report its alerting rules';
			return this.#publish(watch, {rule: {state: 'missing', reason}, trend: {state: 'unavailable', reason: 'no rule expression to evaluate'}}, true);
		}
		const lookup = await this.#lookUp(watch, backend.rules.bind(backend));
		if (this.#watch !== watch) return;
		const rule = lookup.state === 'ok' ? lookup.rule : undefined;
		if (!rule) {
			watch.trend = undefined;
			const trend: EvidenceTrend = lookup.state === 'error' ? {state: 'error', message: `the rule could not be read: ${lookup.message}`} : {state: 'unavailable', reason: 'no alerting rule to take the expression from'};
			return this.#publish(watch, {rule: lookup, trend}, lookup.state === 'missing');
		}
		// The rule at once: the trend may wait for a range query.
		this.#publish(watch, {rule: lookup});
		const trend = await this.#trend(watch, rule, backend.query.bind(backend));
		if (this.#watch !== watch) return;
		const stale = (lookup.state === 'ok' && lookup.refreshError !== undefined) || (trend.state === 'ok' && trend.refreshError !== undefined) || trend.state === 'error';
		this.#publish(watch, {trend}, !stale);
	}

	/** The alert's rule now; one found before stays, marked, when the rules cannot be read again. */
	async #lookUp(watch: Watch, rules: NonNullable<MetricsBackend['rules']>): Promise<RuleLookup> {
		const answer = await rules([watch.alert.name]);
		if (!answer.ok) return watch.rule ? {state: 'ok', rule: watch.rule, refreshError: answer.error.message} : {state: 'error', message: answer.error.message};
		const match = findAlertRule(watch.alert, answer.data, this.#options.rulesSource);
		watch.rule = match.ok ? match.rule : undefined;
		return match.ok ? {state: 'ok', rule: match.rule} : {state: 'missing', reason: match.reason};
	}

	/** The trend brought up to date: backfilled with a range query the first time when possible, then one value per read. */
	async #trend(watch: Watch, rule: AlertRuleInfo, query: MetricsBackend['query']): Promise<EvidenceTrend> {
		const {alert} = watch;
		if (watch.trend === undefined || watch.trendExpr !== rule.expr) {
			watch.trendExpr = rule.expr;
			watch.trend = undefined;
			if (this.#options.range) {
				const stepMs = Math.ceil(trendRangeMs(rule.forMs) / (TREND_POINTS - 1) / 1000) * 1000;
				const times = rangeTimes(this.#now(), stepMs, TREND_POINTS);
				const range = await this.#options.range(rule.expr, times);
				if (!range.ok) return {state: 'error', message: range.error.message};
				watch.trend = trendFromRange(pickAlertSeries(range.data, alert.labels, rule.labels)?.values, times);
				return {state: 'ok', ...watch.trend};
			}
			watch.trend = emptyTrend(this.#options.intervalMs);
		}
		const answer = await query(rule.expr);
		const trend = watch.trend;
		if (!answer.ok) return trend.values.length > 0 ? {state: 'ok', ...trend, refreshError: answer.error.message} : {state: 'error', message: answer.error.message};
		watch.trend = appendTrend(trend, pickAlertSeries(answer.data, alert.labels, rule.labels)?.value ?? Number.NaN, this.#now());
		return {state: 'ok', ...watch.trend};
	}

	/** Writes into `state.evidence`, unless another alert is on screen by now; `fresh` stamps `updatedAt`. */
	#publish(watch: Watch, patch: Partial<Pick<AlertEvidence, 'rule' | 'trend'>>, fresh = false): void {
		if (this.#watch !== watch) return;
		const at = this.#now();
		this.#options.store.update(state => {
			if (state.evidence?.alertId !== watch.alert.id) return state;
			return {...state, evidence: {...state.evidence, ...patch, ...(fresh ? {updatedAt: at} : {})}};
		});
	}
}
