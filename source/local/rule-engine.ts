import {performance} from 'node:perf_hooks';
import type {AlertRuleInfo} from '../model/evidence.js';
import {sanitizeText} from '../model/sanitize.js';
import {compareAlerts, decodeAlert} from '../sources/prometheus-client.js';
import type {AlertItem} from '../model/types.js';
import type {AlertRule} from './rule-files.js';
import {expandTemplate} from './template.js';

/** What evaluating one expression gives: samples (labels and value), or why not. */
export type Evaluation = {ok: true; samples: ReadonlyArray<{labels: Readonly<Record<string, string>>; value: number}>} | {ok: false; error: string};

export type RuleEngineOptions = {
	/** Evaluates PromQL at a time (ms); the local store's evaluator. */
	readonly evaluate: (promql: string, atMs: number) => Evaluation;
	/** Caps every rule's `for:` (the demo shortens them so its story fits in minutes). */
	readonly maxForMs?: number;
};

type Active = {activeAt: number; value: number; labels: Record<string, string>};

/** How a rule's last evaluation went, as `/api/v1/rules` reports it. */
type Evaluated = {at: number; durationMs: number; error?: string};

function labelKey(labels: Readonly<Record<string, string>>): string {
	return Object.keys(labels)
		.sort()
		.map(key => `${key}\u0000${labels[key]}`)
		.join('\u0001');
}

/**
 * Evaluates alerting rules as Prometheus' rule manager does: an expression's result series
 * become alerts, pending until they have held for `for:`, then firing; a series that stops
 * matching resolves its alert. The alerts it returns are marked `origin: 'local-rule'`.
 */
export class RuleEngine {
	readonly #rules: readonly AlertRule[];
	readonly #options: RuleEngineOptions;
	/** Active alerts per rule, by label set. */
	readonly #active: Array<Map<string, Active>>;
	/** The last evaluation of each rule; absent before the first. */
	readonly #evaluated: Array<Evaluated | undefined>;

	constructor(rules: readonly AlertRule[], options: RuleEngineOptions) {
		this.#rules = rules;
		this.#options = options;
		this.#active = rules.map(() => new Map());
		this.#evaluated = rules.map(() => undefined);
	}

	get ruleCount(): number {
		return this.#rules.length;
	}

	/** Evaluates every rule at `atMs`; errors name the rule and its file. */
	evaluate(atMs: number): {alerts: AlertItem[]; errors: string[]} {
		const alerts: AlertItem[] = [];
		const errors: string[] = [];
		for (const [index, rule] of this.#rules.entries()) {
			const active = this.#active[index]!;
			const started = performance.now();
			const result = this.#options.evaluate(rule.expr, atMs);
			this.#evaluated[index] = {at: atMs, durationMs: performance.now() - started, ...(result.ok ? {} : {error: result.error})};
			if (!result.ok) {
				errors.push(`rule ${rule.name} (${rule.origin}): ${result.error}`);
				continue;
			}
			const seen = new Set<string>();
			for (const sample of result.samples) {
				const {__name__: _dropped, ...rest} = sample.labels;
				const labels: Record<string, string> = {...rest, ...rule.labels, alertname: rule.name};
				const key = labelKey(labels);
				seen.add(key);
				const previous = active.get(key);
				active.set(key, {activeAt: previous?.activeAt ?? atMs, value: sample.value, labels: {...rest}});
			}
			for (const key of active.keys()) if (!seen.has(key)) active.delete(key);
			const forMs = this.#forMs(rule);
			for (const alert of active.values()) alerts.push(this.#toItem(rule, alert, atMs - alert.activeAt >= forMs ? 'firing' : 'pending'));
		}
		return {alerts: alerts.sort(compareAlerts), errors};
	}

	/** The rules as `/api/v1/rules` would report them: `for:` as evaluated (the demo's cap applied), health of the last evaluation. */
	rules(): AlertRuleInfo[] {
		return this.#rules.map((rule, index) => {
			const evaluated = this.#evaluated[index];
			return {
				name: rule.name,
				group: rule.group ?? rule.origin,
				...(rule.file === undefined ? {} : {file: rule.file}),
				// The rule file is the user's, but the view shows it: no control byte reaches the terminal.
				expr: sanitizeText(rule.expr, {maxLength: 20_000, singleLine: false}),
				forMs: this.#forMs(rule),
				health: evaluated === undefined ? 'unknown' : evaluated.error === undefined ? 'ok' : 'err',
				...(evaluated?.error === undefined ? {} : {lastError: sanitizeText(evaluated.error, {maxLength: 1000})}),
				...(evaluated === undefined ? {} : {lastEvaluation: evaluated.at, evaluationMs: evaluated.durationMs}),
				labels: rule.labels,
			};
		});
	}

	#forMs(rule: AlertRule): number {
		return Math.min(rule.forMs, this.#options.maxForMs ?? Number.POSITIVE_INFINITY);
	}

	#toItem(rule: AlertRule, alert: Active, state: 'firing' | 'pending'): AlertItem {
		const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([key, template]) => [key, expandTemplate(template, alert.labels, alert.value)]));
		const item = decodeAlert({
			labels: {...alert.labels, ...rule.labels, alertname: rule.name},
			annotations,
			state,
			activeAt: new Date(alert.activeAt),
			value: alert.value,
		});
		return {...item, origin: 'local-rule'};
	}
}
