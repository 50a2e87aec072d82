/**
 * The distributions and means every interval stands on, against values published elsewhere or
 * worked by hand: ln Γ of known factorials, standard normal and t tables, R's `quantile()` (type
 * 7) and `t.test()`, and a regularised incomplete beta written out as a binomial sum.
 */
import { describe, expect, test } from 'vitest';
import { betaI, lnGamma, normalCdf, normalQuantile, tCdf, tQuantile, zFor } from '../../analysis/distributions';
import {
  meanInterval,
  orderStatistics,
  quantileFromOrder,
  quantileRanks,
  variance,
  welch,
  type Moments,
} from '../../analysis/means';

const moments = (xs: number[]): Moments => ({
  n: xs.length,
  sum: xs.reduce((s, x) => s + x, 0),
  sumSquares: xs.reduce((s, x) => s + x * x, 0),
});

describe('distributions', () => {
  test('lnGamma: ln √π at 0.5, 0 at 1 and 2, ln 9! at 10, ln 99! at 100', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5723649429247001, 10);
    expect(lnGamma(1)).toBeCloseTo(0, 10);
    expect(lnGamma(2)).toBeCloseTo(0, 10);
    expect(lnGamma(10)).toBeCloseTo(12.801827480081469, 9); // ln 362880
    expect(lnGamma(100)).toBeCloseTo(359.1342053695754, 8); // ln 99!
  });

  test('normalCdf: the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 9);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 9);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 9);
    expect(normalCdf(-6)).toBeCloseTo(9.865876450376946e-10, 15);
  });

  test('normalQuantile: the inverse of the table, in both tails', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 6);
    expect(normalQuantile(0.1)).toBeCloseTo(-1.281551566, 6);
  });

  test('betaI: I₀.₄(2, 3) = Σ C(4, j) 0.4ʲ 0.6⁴⁻ʲ for j ≥ 2 = 0.5248; the ends and the symmetric middle', () => {
    expect(betaI(2, 3, 0.4)).toBeCloseTo(0.5248, 10);
    expect(betaI(3, 2, 0.6)).toBeCloseTo(1 - 0.5248, 10); // I_x(a, b) = 1 − I_{1−x}(b, a)
    expect(betaI(2, 3, 0)).toBe(0);
    expect(betaI(2, 3, 1)).toBe(1);
    expect(betaI(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 10);
    expect(betaI(5, 1, 0.9)).toBeCloseTo(0.9 ** 5, 10);
  });

  test('tCdf: Cauchy at df 1 (arctan), the t table at 4 and 9, symmetric about 0', () => {
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 10);
    expect(tCdf(-1, 1)).toBeCloseTo(0.25, 10);
    expect(tCdf(0, 4)).toBeCloseTo(0.5, 12);
    expect(tCdf(2.131847, 4)).toBeCloseTo(0.95, 6);
    expect(tCdf(-2.131847, 4)).toBeCloseTo(0.05, 6);
    expect(tCdf(2.262157, 9)).toBeCloseTo(0.975, 6);
  });
});

describe('distributions at their edges', () => {
  // I_x(a, n − a + 1) = P(Binomial(n, x) ≥ a): each value below is that sum, worked by hand.
  test('betaI on both sides of the switch between its two continued fractions', () => {
    // P(Bin(4, 0.45) ≥ 2) = 1 − 0.55⁴ − 4 · 0.45 · 0.55³ = 0.60901875 (x above (a + 1)/(a + b + 2) = 3/7)
    expect(betaI(2, 3, 0.45)).toBeCloseTo(0.60901875, 10);
    // P(Bin(51, 0.97) ≥ 50) = 0.97⁵¹ + 51 · 0.03 · 0.97⁵⁰
    expect(betaI(50, 2, 0.97)).toBeCloseTo(0.97 ** 51 + 51 * 0.03 * 0.97 ** 50, 10);
    // P(Bin(199, 0.52) ≥ 100) and its mirror: a two-hundred-trial sum; and a thousand trials against
    // scipy.special.betainc(500, 500, 0.52).
    const binomialTail = (n: number, x: number, a: number) => {
      let p = 0;
      let term = Math.exp(n * Math.log(1 - x)); // P(X = 0)
      for (let k = 0; k <= n; k++) {
        if (k >= a) p += term;
        term *= ((n - k) / (k + 1)) * (x / (1 - x));
      }
      return p;
    };
    expect(betaI(100, 100, 0.52)).toBeCloseTo(binomialTail(199, 0.52, 100), 10);
    expect(betaI(100, 100, 0.48)).toBeCloseTo(binomialTail(199, 0.48, 100), 10);
    expect(betaI(500, 500, 0.52)).toBeCloseTo(0.897082472693004, 9);
    expect(betaI(500, 500, 0.48)).toBeCloseTo(0.10291752730699594, 9);
  });

  test('betaI outside [0, 1] is clamped, never NaN', () => {
    expect(betaI(2, 3, -0.5)).toBe(0);
    expect(betaI(2, 3, 1.5)).toBe(1);
  });

  test('normalCdf far in the tails is 0 and 1 exactly, not a series cut short', () => {
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(6)).toBeCloseTo(0.9999999990134123, 14);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624612740131, 12);
  });

  test('quantiles far in the tails: Φ⁻¹(10⁻¹⁰) = −6.3613409, t₀.₉₉₉₉₉₉ with 3 df = 103.2995', () => {
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 6);
    expect(tQuantile(0.999999, 3)).toBeCloseTo(103.29946777942898, 4);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
  });

  test('a probability, a confidence or degrees of freedom outside their range is refused, naming the value', () => {
    for (const p of [0, 1, -0.1, 1.1, Number.NaN]) {
      expect(() => normalQuantile(p)).toThrow(new RangeError(`invalid probability: ${p}`));
      expect(() => tQuantile(p, 5)).toThrow(new RangeError(`invalid probability: ${p}`));
      expect(() => zFor(p)).toThrow(new RangeError(`invalid confidence: ${p}`));
    }
    for (const df of [0, -1, Number.NaN])
      expect(() => tQuantile(0.5, df)).toThrow(new RangeError(`invalid degrees of freedom: ${df}`));
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(zFor(1e-9)).toBeCloseTo(0, 6);
  });
});

describe('means and quantiles', () => {
  test('variance with n − 1: 1, 2, 3 has 1; one value has none', () => {
    expect(variance(moments([1, 2, 3]))).toBeCloseTo(1, 12);
    expect(variance(moments([2, 4, 4, 4, 5, 5, 7, 9]))).toBeCloseTo(32 / 7, 12);
    expect(variance(moments([5]))).toBeNaN();
    expect(variance(moments([3, 3, 3]))).toBe(0);
  });

  test('meanInterval: R t.test(c(2,4,4,4,5,5,7,9), conf.level = 0.95) gives 3.212517 to 6.787483', () => {
    const m = meanInterval(moments([2, 4, 4, 4, 5, 5, 7, 9]), 0.95);
    expect(m.mean).toBe(5);
    expect(m.low).toBeCloseTo(3.212517, 5);
    expect(m.high).toBeCloseTo(6.787483, 5);
    expect(m.n).toBe(8);
  });

  test('meanInterval keeps to the scale: two ratings 4 and 6 give 5 [1, 7], not [−1.31, 11.31]', () => {
    expect(meanInterval(moments([4, 6]), 0.9, [1, 7])).toEqual({ mean: 5, low: 1, high: 7, n: 2 });
    const open = meanInterval(moments([4, 6]), 0.9);
    expect(open.low).toBeCloseTo(5 - 6.313752, 5); // t(0.95, 1) · √2 / √2
    expect(open.high).toBeCloseTo(5 + 6.313752, 5);
    expect(meanInterval(moments([]), 0.9)).toEqual({ mean: null, low: null, high: null, n: 0 });
    expect(meanInterval(moments([3]), 0.9)).toEqual({ mean: 3, low: null, high: null, n: 1 });
  });

  test('welch: R t.test(extra ~ group, data = sleep) — 1.58 [−0.2054832, 3.3654832], df 17.776', () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const d = welch(moments(g1), moments(g2), 0.95)!;
    expect(d.difference).toBeCloseTo(1.58, 10);
    expect(d.low).toBeCloseTo(-0.2054832, 6);
    expect(d.high).toBeCloseTo(3.3654832, 6);
    expect(d.df).toBeCloseTo(17.776, 3);
    expect(welch(moments([1]), moments(g2), 0.95)).toBeNull();
    expect(welch(moments([2, 2]), moments([3, 3, 3]), 0.95)).toEqual({ difference: 1, low: 1, high: 1, df: 3 });
  });

  test('type-7 quantiles as R quantile(1:10): 3.25, 5.5, 9.1; from the two order statistics only', () => {
    const values = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5];
    const ps = [0.25, 0.5, 0.9];
    const order = orderStatistics(values, ps);
    expect(order).toEqual({ 2: 3, 3: 4, 4: 5, 5: 6, 8: 9, 9: 10 });
    expect(ps.map((p) => quantileFromOrder(order, 10, p))).toEqual([3.25, 5.5, 9.1].map((x) => expect.closeTo(x, 10)));
    expect(quantileRanks(10, 0.9)).toEqual([8, 9]);
    expect(quantileRanks(10, 1)).toEqual([9, 9]);
    expect(quantileFromOrder(orderStatistics([4], [0.9]), 1, 0.9)).toBe(4);
    expect(quantileFromOrder({}, 0, 0.5)).toBeNull();
    expect(quantileFromOrder({ 2: 3 }, 10, 0.25)).toBeNull(); // the second rank is missing
  });
});
