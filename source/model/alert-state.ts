import type {AlertItem} from './types.js';

/** The state word of an alert: firing, pending, or why Alertmanager holds it back (silenced, inhibited). */
export function alertStateWord(alert: AlertItem): string {
	if (alert.silenced?.state !== 'suppressed') return alert.state;
	return alert.silenced.silencedBy.length > 0 ? 'silenced' : 'inhibited';
}
