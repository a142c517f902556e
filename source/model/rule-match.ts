import type {AlertRuleInfo} from './evidence.js';

/** What identifies an alert for matching: its name and its labels (alertname included or not). */
export type AlertIdentity = {readonly name: string; readonly labels: Readonly<Record<string, string>>};

/** The rule found for an alert, or why there is none. */
export type RuleMatch = {readonly ok: true; readonly rule: AlertRuleInfo} | {readonly ok: false; readonly reason: string};

/** A rule label whose value is a template (`{{ $labels.x }}`): its value in the alert is not known from the rule. */
function templated(value: string): boolean {
	return value.includes('{{');
}

/** How many of the rule's own labels the alert carries with the same value; undefined when one differs. */
function ruleLabelScore(rule: AlertRuleInfo, labels: Readonly<Record<string, string>>): number | undefined {
	let score = 0;
	for (const [key, value] of Object.entries(rule.labels)) {
		if (templated(value)) continue;
		if (labels[key] !== value) return undefined;
		score++;
	}
	return score;
}

/**
 * The alerting rule that made `alert`: same alertname, and every (non-templated) label of the rule
 * equal in the alert. Several groups may define the same alertname (one per severity, say): the rule
 * whose labels match most wins, the first listed on a tie. `where` names the rule source in reasons.
 */
export function findAlertRule(alert: AlertIdentity, rules: readonly AlertRuleInfo[], where = '/api/v1/rules'): RuleMatch {
	const named = rules.filter(rule => rule.name === alert.name);
	if (named.length === 0) return {ok: false, reason: `no alerting rule named ${alert.name} in ${where} (the alert may come from another Prometheus or from Alertmanager only)`};
	let best: {rule: AlertRuleInfo; score: number} | undefined;
	for (const rule of named) {
		const score = ruleLabelScore(rule, alert.labels);
		if (score !== undefined && (best === undefined || score > best.score)) best = {rule, score};
	}
	if (best) return {ok: true, rule: best.rule};
	const shown = named[0]!.labels;
	const labels = Object.keys(shown).sort().map(key => `${key}=${shown[key]}`).join(', ');
	return {ok: false, reason: `${named.length === 1 ? 'the alerting rule' : `${named.length} alerting rules`} named ${alert.name} in ${where} ${named.length === 1 ? 'has' : 'have'} labels (${labels || 'none'}) this alert does not carry`};
}

/**
 * How well a series of the rule's expression fits the alert: the number of its labels the alert
 * carries, or undefined when one differs. The alert's labels are the series' (without `__name__`)
 * overwritten by the rule's own labels and `alertname`, so those keys say nothing about the series.
 */
export function seriesScore(series: Readonly<Record<string, string>>, alertLabels: Readonly<Record<string, string>>, ruleLabels: Readonly<Record<string, string>>): number | undefined {
	let score = 0;
	for (const [key, value] of Object.entries(series)) {
		if (key === '__name__' || key === 'alertname' || Object.hasOwn(ruleLabels, key)) continue;
		if (alertLabels[key] !== value) return undefined;
		score++;
	}
	return score;
}

/**
 * The series of the expression's result that IS the alert: all its labels equal in the alert, the one
 * matching most labels when several do (a series with fewer labels is a subset of the alert's too).
 * Undefined when none matches (the condition does not hold for this alert now).
 */
export function pickAlertSeries<T extends {readonly labels: Readonly<Record<string, string>>}>(series: readonly T[], alertLabels: Readonly<Record<string, string>>, ruleLabels: Readonly<Record<string, string>>): T | undefined {
	let best: {series: T; score: number} | undefined;
	for (const candidate of series) {
		const score = seriesScore(candidate.labels, alertLabels, ruleLabels);
		if (score !== undefined && (best === undefined || score > best.score)) best = {series: candidate, score};
	}
	return best?.series;
}

/** How far back the trend reaches when a Prometheus can answer range queries: max(15 min, 4 × for), at most 6 h. */
export function trendRangeMs(forMs: number): number {
	return Math.min(6 * 3_600_000, Math.max(15 * 60_000, 4 * forMs));
}
