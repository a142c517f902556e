import {alertStateWord} from './alert-state.js';
import type {AlertItem} from './types.js';

/** One term of a filter: text to find anywhere, or a matcher on one label (`=`, `!=`, `=~`, `!~` as in PromQL). */
export type FilterTerm =
	| {readonly kind: 'text'; readonly text: string}
	| {readonly kind: 'label'; readonly label: string; readonly op: '=' | '!=' | '=~' | '!~'; readonly value: string; readonly regex?: RegExp};

/** A parsed filter: every term must match; `error` says what could not be read (that term is left out). */
export type AlertFilter = {readonly source: string; readonly terms: readonly FilterTerm[]; readonly error?: string};

/** Words separated by spaces; a double-quoted run (`summary="disk full"`) stays one word, quotes removed. */
function words(text: string): string[] {
	const result: string[] = [];
	let current = '';
	let quoted = false;
	for (const character of text) {
		if (character === '"') quoted = !quoted;
		else if (/\s/.test(character) && !quoted) {
			if (current) result.push(current);
			current = '';
		} else current += character;
	}
	if (current) result.push(current);
	return result;
}

const MATCHER = /^([A-Za-z_][A-Za-z0-9_]*)(=~|!~|!=|=)(.*)$/;

/**
 * Reads what the user typed after `/`: words that must all match. `label=value`, `label!=value`,
 * `label=~regex` and `label!~regex` match one label (regexes anchored, as in PromQL); any other word
 * is text found, ignoring case, in the alertname, state, severity, summary, description or a label.
 */
export function parseAlertFilter(source: string): AlertFilter {
	const terms: FilterTerm[] = [];
	const errors: string[] = [];
	for (const word of words(source)) {
		const match = MATCHER.exec(word);
		if (!match) {
			terms.push({kind: 'text', text: word.toLowerCase()});
			continue;
		}
		const [, label = '', operator = '=', value = ''] = match;
		const op = operator as '=' | '!=' | '=~' | '!~';
		if (op === '=~' || op === '!~') {
			try {
				terms.push({kind: 'label', label, op, value, regex: new RegExp(`^(?:${value})$`, 'u')});
			} catch {
				errors.push(`${label}${op}${value}: not a valid regex`);
			}
		} else terms.push({kind: 'label', label, op, value});
	}
	return {source, terms, ...(errors.length > 0 ? {error: errors.join('; ')} : {})};
}

function matchesTerm(alert: AlertItem, term: FilterTerm): boolean {
	if (term.kind === 'label') {
		// A missing label is the empty string, as in PromQL: `team!=db` keeps alerts with no team.
		const value = term.label === 'alertname' ? alert.name : (alert.labels[term.label] ?? '');
		if (term.op === '=') return value === term.value;
		if (term.op === '!=') return value !== term.value;
		const found = term.regex!.test(value);
		return term.op === '=~' ? found : !found;
	}
	const haystack = [alert.name, alertStateWord(alert), alert.severity, alert.summary, alert.description, ...Object.entries(alert.labels).map(([key, value]) => `${key}=${value}`)];
	return haystack.some(text => text.toLowerCase().includes(term.text));
}

/** Whether an alert passes every term of the filter (an empty filter passes everything). */
export function matchesFilter(alert: AlertItem, filter: AlertFilter | undefined): boolean {
	return filter === undefined || filter.terms.every(term => matchesTerm(alert, term));
}
