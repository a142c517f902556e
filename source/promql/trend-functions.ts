import {kahanSumInc, type RangeFunction} from './range-functions.js';
import {EvalError} from './values.js';
import type {Points} from './selectors.js';

/** Prometheus' `linearRegression`: least-squares slope (per second) and the intercept at `interceptTime`. */
function linearRegression(p: Points, interceptTime: number): [number, number] {
	let sumX = 0;
	let cX = 0;
	let sumY = 0;
	let cY = 0;
	let sumXY = 0;
	let cXY = 0;
	let sumX2 = 0;
	let cX2 = 0;
	const initY = p.vs[p.start]!;
	let constY = true;
	for (let i = 0; i < p.n; i++) {
		const y = p.vs[p.start + i]!;
		if (constY && i > 0 && y !== initY) constY = false;
		const x = (p.ts[p.start + i]! - interceptTime) / 1e3;
		[sumX, cX] = kahanSumInc(x, sumX, cX);
		[sumY, cY] = kahanSumInc(y, sumY, cY);
		[sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
		[sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
	}
	if (constY) return Number.isFinite(initY) || Number.isNaN(initY) ? [0, initY] : [Number.NaN, Number.NaN];
	const n = p.n;
	sumX += cX;
	sumY += cY;
	sumXY += cXY;
	sumX2 += cX2;
	const covXY = sumXY - (sumX * sumY) / n;
	const varX = sumX2 - (sumX * sumX) / n;
	const slope = covXY / varX;
	return [slope, sumY / n - (slope * sumX) / n];
}

/** `deriv(v[r])`: the per-second slope of a linear regression, anchored at the first sample for precision. */
export const deriv: RangeFunction = p => (p.n < 2 ? undefined : linearRegression(p, p.ts[p.start]!)[0]);

/** `predict_linear(v[r], s)`: the regression's value `s` seconds after the evaluation time. */
export const predictLinear: RangeFunction = (p, w, [seconds = Number.NaN]) => {
	if (p.n < 2) return undefined;
	const [slope, intercept] = linearRegression(p, w.t);
	return slope * seconds + intercept;
};

/**
 * `holt_winters(v[r], sf, tf)`: double exponential smoothing, step for step as Prometheus 2.42 (factors are checked
 * only when a series has points, and NaN factors pass the check, as there).
 */
export const holtWinters: RangeFunction = (p, _w, [sf = Number.NaN, tf = Number.NaN]) => {
	if (sf <= 0 || sf >= 1) throw new EvalError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
	if (tf <= 0 || tf >= 1) throw new EvalError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
	if (p.n < 2) return undefined;
	let s0 = 0;
	let s1 = p.vs[p.start]!;
	let b = p.vs[p.start + 1]! - s1;
	for (let i = 1; i < p.n; i++) {
		const x = sf * p.vs[p.start + i]!;
		if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
		const y = (1 - sf) * (s1 + b);
		s0 = s1;
		s1 = x + y;
	}
	return s1;
};
