import {formatNumber} from './format.js';
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

/** An alert's value as shown: `NaN` is a value the rule produced, not a missing one (`–`). */
export function alertValueText(value: number | undefined): string {
	return value !== undefined && Number.isNaN(value) ? 'NaN' : formatNumber(value);
}

/** An alert's value for JSON as Prometheus' API writes floats: a finite number, else "NaN", "+Inf" or "-Inf"; null when absent. */
export function alertValueJson(value: number | undefined): number | string | null {
	if (value === undefined) return null;
	if (Number.isFinite(value)) return value;
	return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

/** How many alerts fire, wait (pending) or are held back by Alertmanager; each alert counts once, suppressed first. */
export function countAlerts(alerts: readonly AlertItem[]): {firing: AlertItem[]; pending: number; suppressed: number} {
	const firing: AlertItem[] = [];
	let pending = 0;
	let suppressed = 0;
	for (const alert of alerts) {
		if (alert.silenced?.state === 'suppressed') suppressed++;
		else if (alert.state === 'firing') firing.push(alert);
		else if (alert.state === 'pending') pending++;
	}
	return {firing, pending, suppressed};
}
