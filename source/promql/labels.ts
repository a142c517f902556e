/** A label set: label name → value, `__name__` included. Labels with an empty value are absent, as in Prometheus. */
export type Labels = Readonly<Record<string, string>>;

/** The label that holds the metric name. */
export const METRIC_NAME = '__name__';

/** Separator of label keys: 0xFF never occurs in UTF-8, so no label value can forge a key (Prometheus' `seps`). */
const SEP = '\u00ff';

const keyCache = new WeakMap<Labels, string>();

/** Sorted label names, as Prometheus orders labels (the default sort compares UTF-16 code units, as {@link compareStrings}). */
export function sortedNames(labels: Labels): string[] {
	return Object.keys(labels).sort();
}

/** Identity of a label set: equal label sets give equal keys (empty values count as absent). Cached per object unless `once`. */
export function labelsKey(labels: Labels, once = false): string {
	let key = once ? undefined : keyCache.get(labels);
	if (key === undefined) {
		key = '';
		for (const name of sortedNames(labels)) if (labels[name]) key += `${name}${SEP}${labels[name]}${SEP}`;
		if (!once) keyCache.set(labels, key);
	}
	return key;
}

/** Key of the values of `names` (sorted), for grouping and vector matching; absent labels count as empty. */
export function keyWith(labels: Labels, names: readonly string[]): string {
	let key = '';
	for (const name of names) {
		const value = labels[name];
		if (value !== undefined) key += `${name}${SEP}${value}${SEP}`;
	}
	return key;
}

/** Key of every label except `excluded` (a set that must contain `__name__` when that is meant to be ignored). */
export function keyWithout(labels: Labels, excluded: ReadonlySet<string>): string {
	let key = '';
	for (const name of sortedNames(labels)) if (!excluded.has(name)) key += `${name}${SEP}${labels[name]!}${SEP}`;
	return key;
}

/** Compares strings by code point, like Go compares UTF-8 byte strings (close enough outside the astral planes). */
export function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders label sets as Prometheus' `labels.Compare` (and so storage selects) does: name by name, then value. */
export function compareLabels(a: Labels, b: Labels): number {
	const an = sortedNames(a);
	const bn = sortedNames(b);
	const length = Math.min(an.length, bn.length);
	for (let i = 0; i < length; i++) {
		const byName = compareStrings(an[i]!, bn[i]!);
		if (byName !== 0) return byName;
		const byValue = compareStrings(a[an[i]!]!, b[bn[i]!]!);
		if (byValue !== 0) return byValue;
	}
	return an.length - bn.length;
}

const withoutNameCache = new WeakMap<Labels, Labels>();

/** The label set without `__name__` (cached per object, like Prometheus' `DropMetricName`). */
export function dropMetricName(labels: Labels): Labels {
	if (!(METRIC_NAME in labels)) return labels;
	let result = withoutNameCache.get(labels);
	if (!result) {
		const {[METRIC_NAME]: _name, ...rest} = labels;
		result = rest;
		withoutNameCache.set(labels, result);
	}
	return result;
}

/** A copy of `labels` with `name` set to `value`, or removed when `value` is empty. */
export function withLabel(labels: Labels, name: string, value: string): Labels {
	const copy: Record<string, string> = {...labels};
	if (value === '') delete copy[name];
	else copy[name] = value;
	return copy;
}

/** Prometheus' `labels.String()`: `{a="1", b="2"}` in name order, values quoted like Go's `strconv.Quote`. */
export function formatLabels(labels: Labels): string {
	return `{${sortedNames(labels).map(name => `${name}=${JSON.stringify(labels[name])}`).join(', ')}}`;
}

/** Whether `name` is a valid label name (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export function isValidLabelName(name: string): boolean {
	return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

/** A normalised, frozen copy of a label set: empty values dropped. */
export function normalizeLabels(labels: Labels): Labels {
	const copy: Record<string, string> = {};
	for (const name of sortedNames(labels)) {
		const value = labels[name];
		if (value) copy[name] = value;
	}
	return Object.freeze(copy);
}
