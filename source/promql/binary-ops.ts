import {COMPARISON_OPS, type BinaryOp} from './ast.js';
import {dropMetricName} from './labels.js';
import type {Sample} from './values.js';

/** Go's math.Pow where it differs from JS' `**`: 1 to any power, and -1 to ±Inf, are 1. */
export function goPow(x: number, y: number): number {
	if (x === 1 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y))) return 1;
	return x ** y;
}

/** Go's math.Atan2 (the same special cases as JS' Math.atan2). */
const atan2 = Math.atan2;

/** Arithmetic of two numbers; comparisons give 1 or 0 (Prometheus' `scalarBinop`). */
export function scalarBinary(op: BinaryOp, a: number, b: number): number {
	switch (op) {
		case '+':
			return a + b;
		case '-':
			return a - b;
		case '*':
			return a * b;
		case '/':
			return a / b;
		case '%':
			return a % b;
		case '^':
			return goPow(a, b);
		case 'atan2':
			return atan2(a, b);
		case '==':
			return Number(a === b);
		case '!=':
			return Number(a !== b);
		case '>':
			return Number(a > b);
		case '<':
			return Number(a < b);
		case '>=':
			return Number(a >= b);
		case '<=':
			return Number(a <= b);
		default:
			return Number.NaN;
	}
}

/** One element operation (Prometheus' `vectorElemBinop`): the value, and whether a comparison keeps the element. */
export function elementBinary(op: BinaryOp, a: number, b: number): [number, boolean] {
	if (COMPARISON_OPS.has(op)) return [a, scalarBinary(op, a, b) === 1];
	return [scalarBinary(op, a, b), true];
}

/** Arithmetic drops `__name__`; comparisons without `bool` keep it, and so (in 2.42) does `atan2`. */
export function dropsMetricName(op: BinaryOp): boolean {
	return op === '+' || op === '-' || op === '*' || op === '/' || op === '%' || op === '^';
}

/**
 * Vector ⊕ scalar (or scalar ⊕ vector when `swap`): comparisons filter and keep the vector's value; `bool` turns
 * them into 1/0 and drops `__name__`, as arithmetic does (Prometheus' `VectorscalarBinop`).
 */
export function vectorScalarBinary(op: BinaryOp, samples: readonly Sample[], scalar: number, swap: boolean, returnBool: boolean): Sample[] {
	const out: Sample[] = [];
	const comparison = COMPARISON_OPS.has(op);
	for (const sample of samples) {
		const [lhs, rhs] = swap ? [scalar, sample.value] : [sample.value, scalar];
		let [value, keep] = elementBinary(op, lhs, rhs);
		if (comparison && swap) value = rhs;
		if (returnBool) {
			value = keep ? 1 : 0;
			keep = true;
		}
		if (!keep) continue;
		out.push({labels: dropsMetricName(op) || returnBool ? dropMetricName(sample.labels) : sample.labels, value});
	}
	return out;
}
