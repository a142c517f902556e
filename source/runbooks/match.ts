import type {Profile} from '../profiles/types.js';
import type {Runbook} from './types.js';

/**
 * The runbook for an alert: the profile named by the alert's `system` label first (two systems
 * may both have a HighErrorRate), then the first profile that has one for the alertname.
 */
export function findRunbook(profiles: readonly Profile[], alertName: string, system?: string): Runbook | undefined {
	const named = system === undefined ? undefined : profiles.find(profile => profile.id === system);
	const ordered = named ? [named, ...profiles.filter(profile => profile !== named)] : profiles;
	for (const profile of ordered) {
		const runbook = profile.runbooks.find(candidate => candidate.alert === alertName);
		if (runbook) return runbook;
	}
	return undefined;
}
