import type {AggregateOp} from './ast.js';
import {formatFloat, formatFloatV} from './format-float.js';
import {heapPop, heapPush, type Less} from './go-heap.js';
import {isValidLabelName, keyWith, keyWithout, METRIC_NAME, withLabel, type Labels} from './labels.js';
import {quantile} from './range-functions.js';
import {EvalError, type Sample} from './values.js';

type Group = {labels: Labels; value: number; mean: number; count: number; heap: Sample[]};

/** topk keeps a min-heap (NaN on top, evicted first); bottomk a max-heap. */
const topkLess: Less<Sample> = (items, i, j) => Number.isNaN(items[i]!.value) || items[i]!.value < items[j]!.value;
const bottomkLess: Less<Sample> = (items, i, j) => Number.isNaN(items[i]!.value) || items[i]!.value > items[j]!.value;

/** Descending (topk) or ascending (bottomk) order with NaN last: Go's `sort.Reverse` of the heap order. */
const reverseOrder = (less: Less<Sample>) => (a: Sample, b: Sample) => (less([b, a], 0, 1) ? -1 : less([a, b], 0, 1) ? 1 : 0);

/** The `k` of topk/bottomk: Prometheus refuses values that do not fit an int64 and truncates the rest. */
function topkCount(param: number): number {
	if (!(param <= 9223372036854775807 && param >= -9223372036854775808)) throw new EvalError(`Scalar value ${formatFloatV(param)} overflows int64`);
	return Math.trunc(param);
}

/** Output labels of a new group: `without` drops the listed labels and `__name__`, `by` keeps only the listed ones. */
function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
	const out: Record<string, string> = {};
	if (without) {
		for (const [name, value] of Object.entries(labels)) if (name !== METRIC_NAME && !grouping.includes(name)) out[name] = value;
	} else for (const name of grouping) if (labels[name] !== undefined) out[name] = labels[name];
	return out;
}

/**
 * Prometheus 2.42's `aggregation()` for one step: groups in order of first appearance, `sum` as plain addition in
 * input order, `avg` as an incremental mean, `stddev`/`stdvar` with Welford's method, topk/bottomk through Go's heap.
 * `grouping` must be sorted.
 */
export function aggregate(op: AggregateOp, grouping: readonly string[], without: boolean, param: number | string | undefined, samples: readonly Sample[]): Sample[] {
	let k = 0;
	if (op === 'topk' || op === 'bottomk') {
		k = topkCount(param as number);
		if (k < 1) return [];
	}
	const valueLabel = op === 'count_values' ? (param as string) : '';
	if (op === 'count_values' && !isValidLabelName(valueLabel)) throw new EvalError(`invalid label name ${JSON.stringify(valueLabel)}`);
	const keyGrouping = op === 'count_values' && !without ? [...grouping, valueLabel].sort() : grouping;
	const excluded = new Set([...keyGrouping, METRIC_NAME]);
	const less = op === 'topk' ? topkLess : bottomkLess;
	const groups = new Map<string, Group>();
	for (const input of samples) {
		const s = op === 'count_values' ? {labels: withLabel(input.labels, valueLabel, formatFloat(input.value)), value: input.value} : input;
		const key = without ? keyWithout(s.labels, excluded) : keyWith(s.labels, keyGrouping);
		const group = groups.get(key);
		if (!group) {
			const initial = op === 'stddev' || op === 'stdvar' ? 0 : op === 'group' ? 1 : s.value;
			const heap = op === 'topk' || op === 'bottomk' || op === 'quantile' ? [s] : [];
			groups.set(key, {labels: groupLabels(s.labels, keyGrouping, without), value: initial, mean: s.value, count: 1, heap});
			continue;
		}
		switch (op) {
			case 'sum':
				group.value += s.value;
				break;
			case 'avg':
				group.count++;
				if (!Number.isFinite(group.mean) && !Number.isNaN(group.mean)) {
					if (!Number.isFinite(s.value) && !Number.isNaN(s.value) && group.mean > 0 === s.value > 0) break;
					if (Number.isFinite(s.value)) break;
				}
				group.mean += s.value / group.count - group.mean / group.count;
				break;
			case 'max':
				if (group.value < s.value || Number.isNaN(group.value)) group.value = s.value;
				break;
			case 'min':
				if (group.value > s.value || Number.isNaN(group.value)) group.value = s.value;
				break;
			case 'count':
			case 'count_values':
				group.count++;
				break;
			case 'stddev':
			case 'stdvar': {
				group.count++;
				const delta = s.value - group.mean;
				group.mean += delta / group.count;
				group.value += delta * (s.value - group.mean);
				break;
			}
			case 'topk':
			case 'bottomk': {
				const top = group.heap[0]!.value;
				if (group.heap.length < k || (op === 'topk' ? top < s.value : top > s.value) || Number.isNaN(top)) {
					if (group.heap.length === k) {
						if (k === 1) {
							group.heap[0] = s;
							break;
						}
						heapPop(group.heap, less);
					}
					heapPush(group.heap, s, less);
				}
				break;
			}
			case 'quantile':
				group.heap.push(s);
				break;
			default:
				break;
		}
	}
	const out: Sample[] = [];
	for (const group of groups.values()) {
		if (op === 'topk' || op === 'bottomk') {
			for (const s of group.heap.sort(reverseOrder(less))) out.push({labels: s.labels, value: s.value});
			continue;
		}
		out.push({labels: group.labels, value: finalValue(op, group, param)});
	}
	return out;
}

/** A group's result once every sample is in (sum, min, max and group keep their running value). */
function finalValue(op: AggregateOp, group: Group, param: number | string | undefined): number {
	switch (op) {
		case 'avg':
			return group.mean;
		case 'count':
		case 'count_values':
			return group.count;
		case 'stdvar':
			return group.value / group.count;
		case 'stddev':
			return Math.sqrt(group.value / group.count);
		case 'quantile':
			return quantile(param as number, group.heap.map(s => s.value));
		default:
			return group.value;
	}
}
