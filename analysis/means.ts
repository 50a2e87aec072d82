/**
 * Means, differences of means and quantiles from sufficient statistics: what the time, ease,
 * hours and waiting figures stand on. Plain data in, plain data out.
 */
import { tQuantile } from './distributions';

/** n, Σx and Σx² of a sample: enough for its mean, variance and interval. */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface MeanInterval {
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

/** Sample variance (n − 1 in the denominator), never below 0 from rounding. */
export function variance(m: Moments): number {
  return m.n < 2 ? NaN : Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/**
 * Mean with a t-interval, x̄ ± t(1−α/2, n−1)·s/√n, clipped to `[min, max]` when the scale has
 * bounds (a rating from 1 to 7 has no mean outside 1–7; a time none below 0).
 * @example meanInterval({ n: 2, sum: 10, sumSquares: 52 }, 0.9, [1, 7]) // {mean: 5, low: 1, high: 7}
 */
export function meanInterval(m: Moments, confidence: number, [min, max] = [-Infinity, Infinity]): MeanInterval {
  if (m.n === 0) return { mean: null, low: null, high: null, n: 0 };
  const mean = m.sum / m.n;
  if (m.n < 2) return { mean, low: null, high: null, n: m.n };
  const half = tQuantile(1 - (1 - confidence) / 2, m.n - 1) * Math.sqrt(variance(m) / m.n);
  return { mean, low: Math.max(min, mean - half), high: Math.min(max, mean + half), n: m.n };
}

export interface Difference {
  /** b − a */
  difference: number;
  low: number;
  high: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
}

/**
 * Difference of two means (b − a) with Welch's interval: unequal variances, Welch–Satterthwaite
 * degrees of freedom. Null when either side has fewer than two values.
 * @example welch({n: 10, sum: 50, sumSquares: 260}, {n: 12, sum: 66, sumSquares: 375}, 0.95)
 */
export function welch(a: Moments, b: Moments, confidence: number): Difference | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = variance(a) / a.n;
  const vb = variance(b) / b.n;
  const difference = b.sum / b.n - a.sum / a.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, low: difference, high: difference, df: a.n + b.n - 2 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { difference, low: difference - half, high: difference + half, df };
}

/**
 * The 0-based ranks a quantile reads in a sorted sample of n (Hyndman & Fan type 7, the default
 * of R and NumPy): h = (n − 1)·p, between ranks ⌊h⌋ and ⌊h⌋ + 1.
 */
export function quantileRanks(n: number, p: number): [number, number] {
  const lo = Math.floor((n - 1) * p);
  return [lo, Math.min(n - 1, lo + 1)];
}

/** A type-7 quantile from the values at its two ranks (`order[rank]`), so a database can hand over just those. */
export function quantileFromOrder(order: Record<number, number>, n: number, p: number): number | null {
  if (n === 0) return null;
  const h = (n - 1) * p;
  const [lo, hi] = quantileRanks(n, p);
  const a = order[lo];
  const b = order[hi];
  if (a === undefined || b === undefined) return null;
  return a + (h - lo) * (b - a);
}

/** The values at the ranks `quantileRanks` names for each p, from a full sample (the in-memory path). */
export function orderStatistics(values: number[], ps: readonly number[]): Record<number, number> {
  const sorted = [...values].sort((x, y) => x - y);
  const order: Record<number, number> = {};
  for (const p of ps) for (const r of quantileRanks(sorted.length, p)) if (sorted.length) order[r] = sorted[r];
  return order;
}
