import {keyWithout, METRIC_NAME, type Labels} from './labels.js';
import {parseGoFloat} from './literals.js';
import type {Sample} from './values.js';

type Bucket = {upperBound: number; count: number};

const WITHOUT_LE = new Set(['le']);

/**
 * `histogram_quantile(q, buckets)` over classic histograms, as Prometheus 2.42's quantile.go: buckets are grouped
 * by every label but `le` (`__name__` included, then dropped from the result), samples without a parseable `le` are
 * ignored, and each group gives {@link bucketQuantile}.
 */
export function histogramQuantile(q: number, samples: readonly Sample[]): Sample[] {
	const groups = new Map<string, {labels: Labels; buckets: Bucket[]}>();
	for (const sample of samples) {
		const le = sample.labels.le;
		const upperBound = le === undefined ? undefined : parseGoFloat(le);
		if (upperBound === undefined) continue;
		const key = keyWithout(sample.labels, WITHOUT_LE);
		let group = groups.get(key);
		if (!group) {
			const {[METRIC_NAME]: _name, le: _le, ...labels} = sample.labels;
			group = {labels, buckets: []};
			groups.set(key, group);
		}
		group.buckets.push({upperBound, count: sample.value});
	}
	return [...groups.values()].map(({labels, buckets}) => ({labels, value: bucketQuantile(q, buckets)}));
}

/**
 * Prometheus' `bucketQuantile`: sorts by upper bound, needs a +Inf bucket (else NaN), merges equal bounds, forces
 * counts to be monotonic, then interpolates linearly inside the bucket that holds rank q·count. The +Inf bucket
 * answers the second-highest bound; a lowest bucket with a bound ≤ 0 answers that bound; otherwise the lowest bucket
 * starts at 0. q < 0 gives -Inf, q > 1 +Inf, NaN q or no observations NaN.
 */
export function bucketQuantile(q: number, buckets: Bucket[]): number {
	if (Number.isNaN(q)) return Number.NaN;
	if (q < 0) return -Infinity;
	if (q > 1) return Infinity;
	buckets.sort((a, b) => a.upperBound - b.upperBound);
	if (buckets[buckets.length - 1]!.upperBound !== Infinity) return Number.NaN;
	buckets = coalesce(buckets);
	ensureMonotonic(buckets);
	if (buckets.length < 2) return Number.NaN;
	const observations = buckets[buckets.length - 1]!.count;
	if (observations === 0) return Number.NaN;
	let rank = q * observations;
	const b = search(buckets.length - 1, i => buckets[i]!.count >= rank);
	if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
	if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
	let bucketStart = 0;
	const bucketEnd = buckets[b]!.upperBound;
	let count = buckets[b]!.count;
	if (b > 0) {
		bucketStart = buckets[b - 1]!.upperBound;
		count -= buckets[b - 1]!.count;
		rank -= buckets[b - 1]!.count;
	}
	return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Go's `sort.Search`: the smallest index in [0, n) where `f` holds, by bisection (NaN counts make it differ from a scan). */
function search(n: number, f: (i: number) => boolean): number {
	let i = 0;
	let j = n;
	while (i < j) {
		const h = (i + j) >>> 1;
		if (!f(h)) i = h + 1;
		else j = h;
	}
	return i;
}

function coalesce(buckets: Bucket[]): Bucket[] {
	const out: Bucket[] = [];
	for (const bucket of buckets) {
		const last = out[out.length - 1];
		if (last && last.upperBound === bucket.upperBound) last.count += bucket.count;
		else out.push({...bucket});
	}
	return out;
}

function ensureMonotonic(buckets: Bucket[]): void {
	let max = buckets[0]!.count;
	for (let i = 1; i < buckets.length; i++) {
		if (buckets[i]!.count > max) max = buckets[i]!.count;
		else if (buckets[i]!.count < max) buckets[i]!.count = max;
	}
}
