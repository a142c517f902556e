import type {Profile} from '../profiles/types.js';
import type {Runbook, RunbookLibrary} from './types.js';

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

/** The minimum of an alert and of the picture that `runbookFor` needs. */
type AlertLike = {readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly runbookUrl?: string};
type StateLike = {
	readonly systems: ReadonlyArray<{readonly profile: string; readonly up: {readonly targets: ReadonlyArray<{readonly job: string; readonly instance: string}>}}>;
	readonly runbooks?: RunbookLibrary;
};

/**
 * Which monitored system an alert belongs to: its `system` label when that names a profile, else
 * the system whose scrape target has the alert's job and instance (the seeds' own rules carry no
 * `system` label), else the one with the alert's job.
 */
export function systemOfAlert(alert: AlertLike, state: StateLike, profiles: readonly Profile[]): string | undefined {
	const label = alert.labels.system;
	if (label !== undefined && profiles.some(profile => profile.id === label)) return label;
	const {job, instance} = alert.labels;
	const exact = state.systems.find(system => system.up.targets.some(target => target.job === job && target.instance === instance));
	if (exact) return exact.profile;
	return job === undefined ? undefined : state.systems.find(system => system.up.targets.some(target => target.job === job))?.profile;
}

/** The runbook the profiles have for an alert: its own system's first, then the monitored systems', then any profile's. */
export function profileRunbookFor(alert: AlertLike, state: StateLike, profiles: readonly Profile[]): Runbook | undefined {
	const monitored = new Set(state.systems.map(system => system.profile));
	const ordered = [...profiles.filter(profile => monitored.has(profile.id)), ...profiles.filter(profile => !monitored.has(profile.id))];
	return findRunbook(ordered, alert.name, systemOfAlert(alert, state, profiles));
}

/** The user's own runbook for an alert (`--runbooks DIR`: the file named after the alertname, in any case). */
export function directoryRunbookFor(alert: AlertLike, state: StateLike): Runbook | undefined {
	return state.runbooks?.directory[alert.name.toLowerCase()];
}

/**
 * The runbook of an alert: the user's (`--runbooks`) first, then the profiles' (built-in or custom),
 * then the document its `runbook_url` points to, once read.
 */
export function runbookFor(alert: AlertLike, state: StateLike, profiles: readonly Profile[]): Runbook | undefined {
	const own = directoryRunbookFor(alert, state) ?? profileRunbookFor(alert, state, profiles);
	if (own || alert.runbookUrl === undefined) return own;
	const fetched = state.runbooks?.urls[alert.runbookUrl];
	return fetched?.state === 'ok' ? fetched.runbook : undefined;
}
