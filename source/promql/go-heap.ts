/**
 * Go's container/heap over an array, step for step: topk/bottomk keep exactly the series Prometheus keeps when
 * values tie or are NaN, because which one is evicted depends on the heap's layout.
 */
export type Less<T> = (items: readonly T[], i: number, j: number) => boolean;

function swap<T>(items: T[], i: number, j: number): void {
	const item = items[i]!;
	items[i] = items[j]!;
	items[j] = item;
}

function up<T>(items: T[], j: number, less: Less<T>): void {
	for (;;) {
		const i = Math.trunc((j - 1) / 2);
		if (i === j || !less(items, j, i)) break;
		swap(items, i, j);
		j = i;
	}
}

function down<T>(items: T[], i0: number, n: number, less: Less<T>): void {
	let i = i0;
	for (;;) {
		const j1 = 2 * i + 1;
		if (j1 >= n) break;
		let j = j1;
		const j2 = j1 + 1;
		if (j2 < n && less(items, j2, j1)) j = j2;
		if (!less(items, j, i)) break;
		swap(items, i, j);
		i = j;
	}
}

/** `heap.Push`. */
export function heapPush<T>(items: T[], item: T, less: Less<T>): void {
	items.push(item);
	up(items, items.length - 1, less);
}

/** `heap.Pop`. */
export function heapPop<T>(items: T[], less: Less<T>): T | undefined {
	const n = items.length - 1;
	if (n < 0) return undefined;
	swap(items, 0, n);
	down(items, 0, n, less);
	return items.pop();
}
