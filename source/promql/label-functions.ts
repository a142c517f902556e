import {isValidLabelName, withLabel} from './labels.js';
import {compileAnchoredRegex} from './regex.js';
import {EvalError, type Sample} from './values.js';

/**
 * `label_replace(v, dst, replacement, src, regex)`: where the anchored regex matches the value of `src` (absent =
 * empty), sets `dst` to the expanded replacement (`$1`, `${name}`, Go's rules), or deletes it if that is empty;
 * other series pass unchanged. Keeps `__name__`.
 */
export function labelReplace(samples: readonly Sample[], dst: string, replacement: string, src: string, pattern: string): Sample[] {
	const compiled = compileAnchoredRegex(pattern);
	if ('error' in compiled) throw new EvalError(compiled.unsupported ? compiled.error : `invalid regular expression in label_replace(): ${pattern}`);
	if (!isValidLabelName(dst)) throw new EvalError(`invalid destination label name in label_replace(): ${dst}`);
	return samples.map(sample => {
		const match = compiled.regex.exec(sample.labels[src] ?? '');
		if (!match) return {labels: sample.labels, value: sample.value};
		return {labels: withLabel(sample.labels, dst, expandTemplate(replacement, match, compiled.groupNames)), value: sample.value};
	});
}

/** `label_join(v, dst, separator, src…)`: sets `dst` to the `src` values joined (absent = empty), or deletes it if that is empty. */
export function labelJoin(samples: readonly Sample[], dst: string, separator: string, sources: readonly string[]): Sample[] {
	for (const src of sources) if (!isValidLabelName(src)) throw new EvalError(`invalid source label name in label_join(): ${src}`);
	if (!isValidLabelName(dst)) throw new EvalError(`invalid destination label name in label_join(): ${dst}`);
	return samples.map(sample => ({labels: withLabel(sample.labels, dst, sources.map(src => sample.labels[src] ?? '').join(separator)), value: sample.value}));
}

/**
 * Go's `Regexp.ExpandString`: `$$` is `$`; `$name`/`${name}` take the longest run of letters, digits and `_`
 * (`$1x` is group "1x"); numbers (no leading zero) index groups; unknown or unmatched groups expand to nothing;
 * a malformed reference keeps its `$`.
 */
export function expandTemplate(template: string, match: RegExpExecArray, groupNames: ReadonlyArray<string | undefined>): string {
	let out = '';
	let i = 0;
	while (i < template.length) {
		const dollar = template.indexOf('$', i);
		if (dollar < 0) break;
		out += template.slice(i, dollar);
		i = dollar + 1;
		if (template[i] === '$') {
			out += '$';
			i++;
			continue;
		}
		const reference = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(template.slice(i));
		if (!reference) {
			out += '$';
			continue;
		}
		i += reference[0].length;
		const name = reference[1] ?? reference[2]!;
		const index = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : groupNames.indexOf(name);
		if (index >= 0) out += match[index] ?? '';
	}
	return out + template.slice(i);
}
