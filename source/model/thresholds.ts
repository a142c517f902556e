import type {Level, Threshold} from '../profiles/types.js';

/** Level of a value against a threshold: beyond `crit` is crit, beyond `warn` is warn (`>` as the alert rules use, or `<` with `below`). */
export function levelFor(value: number | undefined, threshold: Threshold | undefined): Level {
	if (threshold === undefined || value === undefined || !Number.isFinite(value)) return 'neutral';
	const beyond = (limit: number) => (threshold.below ? value < limit : value > limit);
	if (threshold.crit !== undefined && beyond(threshold.crit)) return 'crit';
	if (threshold.warn !== undefined && beyond(threshold.warn)) return 'warn';
	return 'ok';
}

const ORDER: readonly Level[] = ['neutral', 'ok', 'warn', 'crit'];

/** The worse of several levels. */
export function worstLevel(levels: readonly Level[]): Level {
	return levels.reduce<Level>((worst, level) => (ORDER.indexOf(level) > ORDER.indexOf(worst) ? level : worst), 'neutral');
}
