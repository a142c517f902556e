import {paneOfKey} from '../model/merge.js';
import type {QueryPlan} from '../model/queries.js';
import type {Result, Sample} from './prometheus-client.js';
import {queryBatched} from './query-batch.js';

/** Refreshes a pane keeps a request of its own after a request carrying it was late or failed. */
export const ALONE_REFRESHES = 30;

/** The queries of one request and the panes (`profile\u0000pane`) they belong to. */
export type RequestGroup = {
	readonly panes: readonly string[];
	readonly queries: readonly string[];
};

const paneId = (profile: string, pane: string) => `${profile}\u0000${pane}`;

/**
 * How a refresh's queries are cut into requests (issue 7): every pane of a system in one request
 * (a handful a refresh instead of one per pane; each request costs CPU here and in Prometheus),
 * except a pane whose request was late or failed lately: it goes alone for the next
 * {@link ALONE_REFRESHES} refreshes, so a slow or failing query holds back or fails only its own
 * pane. A pane on time for that long rejoins its system's request.
 */
export class RequestGroups {
	/** Refreshes left alone, by pane id. */
	readonly #alone = new Map<string, number>();

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
		const groups = new Map<string, {panes: Set<string>; queries: string[]}>();
		const placed = new Set<string>();
		for (const [index, plan] of plans.entries()) {
			const profile = profiles[index] ?? String(index);
			for (const [key, promql] of plan) {
				if (placed.has(promql)) continue;
				placed.add(promql);
				const pane = paneId(profile, paneOfKey(key));
				const group = alone.has(pane) ? pane : profile;
				const entry = groups.get(group) ?? {panes: new Set<string>(), queries: []};
				entry.panes.add(pane);
				entry.queries.push(promql);
				groups.set(group, entry);
			}
		}
		return [...groups.values()].map(({panes, queries}) => ({panes: [...panes], queries}));
	}

	/** A request was late or failed: each of its panes goes alone for the next ALONE_REFRESHES refreshes. */
	troubled(group: RequestGroup): void {
		for (const pane of group.panes) this.#alone.set(pane, ALONE_REFRESHES);
	}

	/** The panes that go alone now (for tests and the bench). */
	get alone(): readonly string[] {
		return [...this.#alone.keys()];
	}
}

/**
 * Sends a refresh's queries as `groups` cuts them, each group or-joined in one request (see
 * query-batch.ts). `answer` is told each query's result as soon as its request completes; a group
 * that answered after `late()` turned true or with any failed query is reported to `troubled`.
 */
export function askInGroups(
	query: (promql: string) => Promise<Result<Sample[]>>,
	groups: readonly RequestGroup[],
	answer: (promql: string, result: Result<Sample[]>) => void,
	troubled: (group: RequestGroup) => void,
	late: () => boolean,
): Array<Promise<void>> {
	return groups.map(async group => {
		const answers = await queryBatched(query, group.queries);
		if (late() || answers.some(result => !result.ok)) troubled(group);
		for (const [index, promql] of group.queries.entries()) answer(promql, answers[index]!);
	});
}
