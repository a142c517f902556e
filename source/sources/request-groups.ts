import {paneOfKey} from '../model/merge.js';
import type {QueryPlan} from '../model/queries.js';
import type {Result, Sample} from './prometheus-client.js';
import {queryBatched} from './query-batch.js';

/** Refreshes a pane keeps a request of its own after a request carrying it was late or failed. */
export const ALONE_REFRESHES = 30;
/** Each time a pane that had rejoined is in trouble again, its time alone doubles, up to this many times. */
const MAX_DOUBLINGS = 4;

/** The queries of one request, and the pane (`profile\u0000pane`) of each. */
export type RequestGroup = {
	readonly queries: readonly string[];
	readonly paneOf: readonly string[];
};

const paneId = (profile: string, pane: string) => `${profile}\u0000${pane}`;

/**
 * How a refresh's queries are cut into requests (issue 7): every pane of a system in one request
 * (a handful a refresh instead of one per pane; each request costs CPU here and in Prometheus),
 * except a pane in trouble lately (its request was late, or its query failed): it goes alone for the
 * next {@link ALONE_REFRESHES} refreshes, so a slow or failing query holds back or fails only its
 * own pane. A pane on time for that long rejoins its system's request; one that is in trouble again
 * after rejoining stays alone twice as long each time (up to 16×), so a system whose queries are
 * only slow together does not slow every pane again every minute.
 */
export class RequestGroups {
	/** Refreshes left alone, by pane id. */
	readonly #alone = new Map<string, number>();
	/** Times each pane was sent alone, kept after it rejoins. */
	readonly #strikes = new Map<string, number>();

	/**
	 * One refresh's requests for `plans` (in the order of `profiles`). A query shared by panes or
	 * systems is sent once, in the first group that asks for it. Counts the panes' time alone down.
	 */
	groups(profiles: readonly string[], plans: readonly QueryPlan[]): RequestGroup[] {
		const alone = new Set(this.#alone.keys());
		for (const [pane, left] of this.#alone) {
			if (left <= 1) this.#alone.delete(pane);
			else this.#alone.set(pane, left - 1);
		}
		const groups = new Map<string, {queries: string[]; paneOf: string[]}>();
		const placed = new Set<string>();
		for (const [index, plan] of plans.entries()) {
			const profile = profiles[index] ?? String(index);
			for (const [key, promql] of plan) {
				if (placed.has(promql)) continue;
				placed.add(promql);
				const pane = paneId(profile, paneOfKey(key));
				const group = alone.has(pane) ? pane : profile;
				const entry = groups.get(group) ?? {queries: [], paneOf: []};
				entry.queries.push(promql);
				entry.paneOf.push(pane);
				groups.set(group, entry);
			}
		}
		return [...groups.values()];
	}

	/** These panes were in trouble: each goes alone for the next refreshes (longer if it was in trouble before). */
	troubled(panes: Iterable<string>): void {
		for (const pane of panes) {
			const strikes = this.#alone.has(pane) ? (this.#strikes.get(pane) ?? 1) : (this.#strikes.get(pane) ?? 0) + 1;
			this.#strikes.set(pane, strikes);
			this.#alone.set(pane, ALONE_REFRESHES * 2 ** Math.min(strikes - 1, MAX_DOUBLINGS));
		}
	}

	/** The panes that go alone now, with the refreshes left (for tests). */
	get alone(): ReadonlyMap<string, number> {
		return this.#alone;
	}
}

/**
 * Whether a failed answer says something about its query (or the path to it): a server asking
 * agentmon to slow down (429, 503) says nothing about the query, and more requests would not help.
 */
const troubling = (result: Result<Sample[]>) => !result.ok && result.error.httpStatus !== 429 && result.error.httpStatus !== 503;

/**
 * Sends a refresh's queries as `groups` cuts them, each group or-joined in one request (see
 * query-batch.ts). `answer` is told each query's result as soon as its request completes. Once all
 * have: a group that answered after `late()` turned true is reported to `troubled` with all its
 * panes, and otherwise the panes of its failed queries (a batch Prometheus rejected is re-sent query
 * by query, so only the bad query's pane). Nothing is reported when every query of several groups
 * failed: the source is down or refusing, which no split helps with.
 */
export function askInGroups(
	query: (promql: string) => Promise<Result<Sample[]>>,
	groups: readonly RequestGroup[],
	answer: (promql: string, result: Result<Sample[]>) => void,
	troubled: (panes: Iterable<string>) => void,
	late: () => boolean,
): Array<Promise<unknown>> {
	const outcomes = groups.map(async group => {
		const answers = await queryBatched(query, group.queries);
		const wasLate = late();
		for (const [index, promql] of group.queries.entries()) answer(promql, answers[index]!);
		return {group, answers, wasLate};
	});
	const report = Promise.all(outcomes).then(settled => {
		if (settled.length > 1 && settled.every(({answers}) => answers.every(result => !result.ok))) return;
		const panes = new Set<string>();
		for (const {group, answers, wasLate} of settled) {
			for (const [index, result] of answers.entries()) if (wasLate || troubling(result)) panes.add(group.paneOf[index]!);
		}
		troubled(panes);
	});
	return [...outcomes, report];
}
