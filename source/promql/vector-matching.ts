import type {BinaryOp, VectorMatching} from './ast.js';
import {dropsMetricName, elementBinary} from './binary-ops.js';
import {dropMetricName, formatLabels, keyWith, keyWithout, labelsKey, METRIC_NAME, type Labels} from './labels.js';
import {EvalError, type Sample} from './values.js';

/** The match signature of a series: its `on` labels, or every label but the `ignoring` ones and `__name__`. */
function signatureFunction(matching: VectorMatching): (labels: Labels) => string {
	if (matching.on) {
		const names = [...matching.labels].sort();
		return labels => keyWith(labels, names);
	}
	const excluded = new Set([...matching.labels, METRIC_NAME]);
	return labels => keyWithout(labels, excluded);
}

/** `and`, `or`, `unless` (Prometheus' VectorAnd, VectorOr, VectorUnless). */
function setOperation(op: BinaryOp, lhs: Sample[], rhs: Sample[], signature: (labels: Labels) => string): Sample[] {
	if (op === 'or') {
		if (lhs.length === 0) return rhs;
		if (rhs.length === 0) return lhs;
		const leftSigs = new Set(lhs.map(sample => signature(sample.labels)));
		return [...lhs, ...rhs.filter(sample => !leftSigs.has(signature(sample.labels)))];
	}
	if (lhs.length === 0 || rhs.length === 0) return op === 'and' ? [] : lhs;
	const rightSigs = new Set(rhs.map(sample => signature(sample.labels)));
	return lhs.filter(sample => rightSigs.has(signature(sample.labels)) === (op === 'and'));
}

/** The labels of a result element (Prometheus' `resultMetric`); `one` is the "one" side of a group match. */
function resultLabels(many: Labels, one: Labels, op: BinaryOp, matching: VectorMatching): Labels {
	const out: Record<string, string> = {...many};
	if (dropsMetricName(op)) delete out[METRIC_NAME];
	if (matching.card === 'one-to-one') {
		if (matching.on) for (const name of Object.keys(out)) if (!matching.labels.includes(name)) delete out[name];
		if (!matching.on) for (const name of matching.labels) delete out[name];
	}
	for (const name of matching.include) {
		const value = one[name];
		if (value) out[name] = value;
		else delete out[name];
	}
	return out;
}

/** Prometheus' `MatchLabels`: the labels a match group is named by in error messages. */
function matchedLabels(labels: Labels, matching: VectorMatching): Labels {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(labels)) {
		const listed = matching.labels.includes(name);
		if (matching.on ? listed : !listed && name !== METRIC_NAME) out[name] = value;
	}
	return out;
}

/**
 * A binary operation between two instant vectors with Prometheus 2.42's matching rules: set operators by
 * signature; otherwise one-to-one, or many-to-one/one-to-many with `group_left`/`group_right`, with its errors for
 * duplicate series on the "one" side and for ambiguous matches.
 */
export function vectorBinary(op: BinaryOp, lhs: Sample[], rhs: Sample[], matching: VectorMatching, returnBool: boolean): Sample[] {
	const signature = signatureFunction(matching);
	if (op === 'and' || op === 'or' || op === 'unless') return setOperation(op, lhs, rhs, signature);
	if (lhs.length === 0 || rhs.length === 0) return [];
	const swapped = matching.card === 'one-to-many';
	const [many, one] = swapped ? [rhs, lhs] : [lhs, rhs];
	const oneBySig = new Map<string, Sample>();
	for (const sample of one) {
		const sig = signature(sample.labels);
		const duplicate = oneBySig.get(sig);
		if (duplicate) {
			throw new EvalError(
				`found duplicate series for the match group ${formatLabels(matchedLabels(sample.labels, matching))} on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${formatLabels(sample.labels)}, ${formatLabels(duplicate.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
			);
		}
		oneBySig.set(sig, sample);
	}
	const matched = new Map<string, Set<string> | undefined>();
	const out: Sample[] = [];
	for (const sample of many) {
		const sig = signature(sample.labels);
		const other = oneBySig.get(sig);
		if (!other) continue;
		const [left, right] = swapped ? [other.value, sample.value] : [sample.value, other.value];
		let [value, keep] = elementBinary(op, left, right);
		if (returnBool) value = keep ? 1 : 0;
		else if (!keep) continue;
		let labels = resultLabels(sample.labels, other.labels, op, matching);
		if (returnBool) labels = dropMetricName(labels);
		if (matching.card === 'one-to-one') {
			if (matched.has(sig)) throw new EvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
			matched.set(sig, undefined);
		} else {
			const inserted = matched.get(sig) ?? new Set<string>();
			const key = labelsKey(labels);
			if (inserted.has(key)) throw new EvalError('multiple matches for labels: grouping labels must ensure unique matches');
			inserted.add(key);
			matched.set(sig, inserted);
		}
		out.push({labels, value});
	}
	return out;
}
