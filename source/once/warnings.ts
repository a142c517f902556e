import type {PaneBase, SystemSnapshot} from '../model/types.js';

/**
 * The warnings (and infos) Prometheus returned with a system's data, one line each, named by pane
 * and without repeats: a batch's warning reaches every query of the batch.
 */
export function systemWarnings(system: SystemSnapshot): string[] {
	const panes: Array<[string, PaneBase]> = [
		['Agents', system.agents],
		['Locks', system.locks],
		['Queue', system.queue],
		['Latency', system.latency],
		...system.extras.map((extra): [string, PaneBase] => [extra.title, extra]),
	];
	const lines = panes.flatMap(([name, pane]) => [...new Set(pane.warnings ?? [])].map(warning => `${name}: ${warning}`));
	return [...new Set(lines)];
}
