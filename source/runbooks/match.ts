import type {Profile} from '../profiles/types.js';
import type {Runbook} from './types.js';

/** The runbook for an alertname from the given profiles, first profile first. */
export function findRunbook(profiles: readonly Profile[], alertName: string): Runbook | undefined {
	for (const profile of profiles) {
		const runbook = profile.runbooks.find(candidate => candidate.alert === alertName);
		if (runbook) return runbook;
	}
	return undefined;
}
