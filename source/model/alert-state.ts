import type {AlertItem} from './types.js';

/** The state word of an alert: firing, pending, or why Alertmanager holds it back (silenced, inhibited). */
export function alertStateWord(alert: AlertItem): string {
	if (alert.silenced?.state !== 'suppressed') return alert.state;
	return alert.silenced.silencedBy.length > 0 ? 'silenced' : 'inhibited';
}

/** Why Alertmanager holds an alert back: who silenced it and why, or what inhibits it. */
export function suppressionText(silenced: NonNullable<AlertItem['silenced']>): string {
	const silences = silenced.silencedBy.map(silence => {
		const by = silence.createdBy ? ` by ${silence.createdBy}` : '';
		const why = silence.comment ? `: ${silence.comment}` : '';
		const until = silence.endsAt === undefined ? '' : ` (until ${new Date(silence.endsAt).toISOString().slice(0, 16).replace('T', ' ')}Z)`;
		return `silenced${by}${why}${until}`;
	});
	const inhibited = silenced.inhibitedBy.length > 0 ? [`inhibited by ${silenced.inhibitedBy.length === 1 ? 'alert' : `${silenced.inhibitedBy.length} alerts`} ${silenced.inhibitedBy.join(', ')}`] : [];
	return `suppressed in Alertmanager: ${[...silences, ...inhibited].join('; ') || 'no reason given'}`;
}
