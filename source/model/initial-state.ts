import type {AppState, SourceKind} from './types.js';

/**
 * The state before the first poll answers. In its own small module so the dashboard can draw its
 * first frame ("connecting…") before the data side (the monitor, the HTTP clients) is even loaded.
 */
export function initialState(url: string, kind: SourceKind = 'prometheus'): AppState {
	return {
		detection: {status: 'pending'},
		source: {kind, url},
		connection: {state: 'connecting'},
		paused: false,
		systems: [],
		alerts: {status: 'no-data', message: 'waiting for the first refresh', items: []},
		history: {},
	};
}
