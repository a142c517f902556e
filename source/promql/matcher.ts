import {compileAnchoredRegex} from './regex.js';

/** The four label matching operators. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** One label matcher of a selector, e.g. `job=~"api|web"`. Regex matchers are fully anchored, as in Prometheus. */
export type LabelMatcher = {
	readonly name: string;
	readonly type: MatchType;
	readonly value: string;
	/** Whether a label value matches; an absent label is matched as the empty string. */
	readonly matches: (value: string) => boolean;
};

/** Builds a matcher; returns an error message (RE2 syntax errors, unsupported regex constructs) instead of throwing. */
export function makeMatcher(name: string, type: MatchType, value: string): LabelMatcher | {error: string; unsupported: boolean} {
	if (type === '=') return {name, type, value, matches: v => v === value};
	if (type === '!=') return {name, type, value, matches: v => v !== value};
	const compiled = compileAnchoredRegex(value);
	if ('error' in compiled) return compiled;
	const {regex} = compiled;
	return type === '=~' ? {name, type, value, matches: v => regex.test(v)} : {name, type, value, matches: v => !regex.test(v)};
}
