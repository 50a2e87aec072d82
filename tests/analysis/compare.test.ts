/**
 * compareStep() against values computed outside drempel: R's published Welch interval for the
 * `sleep` data (`t.test(extra ~ group, data = sleep)`: difference of means 1.58, 95% interval
 * −3.3654832 to 0.2054832 for group 1 − group 2, df 17.776) and Agresti–Caffo intervals worked
 * by hand (add one success and one failure per group; z₀.₉₅ = 1.959964).
 */
import { describe, expect, test } from 'vitest';
import { compareStep, labelChange } from '../../analysis/compare';
import { summarize, type ObservationInput } from '../../analysis/friction';

const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 5);

/** The `sleep` data of R (Cushny & Peebles), extra hours of sleep per patient, by drug. */
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/**
 * One resident per value: the time on the step is e^value seconds (so the log times are the
 * sleep data), the ease 0.8·value + 2.28 (the sleep data mapped onto 1–6.68; a Welch interval
 * maps along), `errors` residents with an error.
 */
function residents(values: number[], errors: number, prefix: string): ObservationInput[] {
  return values.map((v, i) => ({
    resident: `${prefix}${i}`,
    outcome: 'completed',
    seconds: Math.exp(v),
    ease: 0.8 * v + 2.28,
    errors: i < errors ? 1 : 0,
  }));
}

const meta = { step: 'aanvraag', title: 'Aanvraag' };
const before = summarize(residents(sleep1, 8, 'a'));
const after = summarize(residents(sleep2, 2, 'b'));
const onlyErrors = { notCompleted: 0, hardRating: 0 };

describe('compareStep()', () => {
  test('time ratio: the ratio of geometric means with Welch on the logs, as R gives it for sleep', () => {
    const c = compareStep(before, after, meta, { confidence: 0.95 });
    close(c.timeRatio?.ratio, Math.exp(1.58)); // 4.854956
    close(c.timeRatio?.low, 0.8142538); // e^−0.2054832
    expect(c.timeRatio?.high).toBeCloseTo(28.947481, 4); // e^3.3654832
    expect(c.timeRatio?.label).toBe('unclear'); // the interval holds 1
  });

  test('ease difference: Welch, after − before; easier is improvement only when the interval excludes zero', () => {
    const c = compareStep(before, after, meta, { confidence: 0.95 });
    close(c.easeDifference?.difference, 1.264); // 0.8 × 1.58
    close(c.easeDifference?.low, -0.1643866); // 0.8 × −0.2054832
    close(c.easeDifference?.high, 2.6923866); // 0.8 × 3.3654832
    expect(c.easeDifference?.label).toBe('unclear');
  });

  test('a component: the Agresti–Caffo difference of the share with the event, and the change interval is its bounds', () => {
    const c = compareStep(before, after, meta, { confidence: 0.95, weights: onlyErrors });
    expect(c.components.errors).toMatchObject({ before: { events: 8, n: 10 }, after: { events: 2, n: 10 } });
    close(c.components.errors?.difference, -0.5); // 3/12 − 9/12
    close(c.components.errors?.low, -0.846476);
    close(c.components.errors?.high, -0.153524);
    expect(c.components.errors?.label).toBe('improved');
    // F's change interval is the weighted mean of the bounds of the weighted components: here one.
    close(c.changeLow, -0.846476);
    close(c.changeHigh, -0.153524);
    expect(c.label).toBe('improved');
    expect(c.indicative).toBe(false);
  });

  test('two components of equal weight: the change interval averages their bounds, and an unchanged one can make it unclear', () => {
    const c = compareStep(before, after, meta, { confidence: 0.95, weights: { hardRating: 0 } });
    // notCompleted: 0 of 10 on both sides, (1/12 − 1/12) ± 1.959964·√(2·(1/12)(11/12)/12) = ±0.221150.
    close(c.components.notCompleted?.low, -0.22115);
    close(c.components.notCompleted?.high, 0.22115);
    close(c.changeLow, (-0.846476 - 0.22115) / 2);
    close(c.changeHigh, (-0.153524 + 0.22115) / 2);
    expect(c.label).toBe('unclear');
  });

  test('the score\'s rules: nothing below 5 residents on either side, "indicative" below 10', () => {
    const four = summarize(residents(sleep2.slice(0, 4), 1, 'c'));
    const none = compareStep(before, four, meta);
    expect(none).toMatchObject({
      change: null,
      changeLow: null,
      changeHigh: null,
      label: 'too few residents',
      indicative: false,
      components: {},
      timeRatio: null,
      easeDifference: null,
    });
    const six = compareStep(before, summarize(residents(sleep2.slice(0, 6), 1, 'd')), meta);
    expect(six.indicative).toBe(true);
    expect(six.change).not.toBeNull();
    // A figure recorded for only 4 of the 10 residents after is left out, the rest stays.
    const partial = summarize(
      residents(sleep2, 2, 'e').map((o, i) => (i < 6 ? { ...o, seconds: null, ease: null } : o)),
    );
    const c = compareStep(before, partial, meta);
    expect(c.timeRatio).toBeNull();
    expect(c.easeDifference).toBeNull();
    expect(c.components.hardRating).toBeUndefined();
    expect(c.components.errors).toBeDefined();
  });

  test('exactly five residents on a side is enough for every figure (the rule is "fewer than five")', () => {
    const five = summarize(residents(sleep2.slice(0, 5), 1, 'f'));
    const c = compareStep(before, five, meta);
    expect(c.change).not.toBeNull();
    expect(c.indicative).toBe(true);
    expect(c.components.errors).toMatchObject({ after: { events: 1, n: 5 } });
    expect(c.timeRatio).not.toBeNull();
    expect(c.easeDifference).not.toBeNull();
    const back = compareStep(five, before, meta);
    expect(back.timeRatio).not.toBeNull();
    expect(back.easeDifference).not.toBeNull();
    expect(back.components.errors).toMatchObject({ before: { events: 1, n: 5 } });
  });

  test('the scores either side use the same weights and confidence: with errors alone F is 9/12 before and 3/12 after', () => {
    const c = compareStep(before, after, meta, { confidence: 0.95, weights: onlyErrors });
    close(c.before.friction, 9 / 12);
    close(c.after.friction, 3 / 12);
    close(c.change, -0.5);
    const width = (x: { low: number | null; high: number | null }) => x.high! - x.low!;
    const at90 = compareStep(before, after, meta, { confidence: 0.9, weights: onlyErrors });
    expect(width(c.before)).toBeGreaterThan(width(at90.before));
    expect(width(c.after)).toBeGreaterThan(width(at90.after));
  });

  test('a weight of zero takes a component, or a whole family, out of the change interval', () => {
    // Only notCompleted left (0 of 10 on both sides): the change interval is its own, ±0.221150.
    const c = compareStep(before, after, meta, { confidence: 0.95, weights: { hardRating: 0, errors: 0 } });
    close(c.changeLow, -0.22115);
    close(c.changeHigh, 0.22115);
    expect(c.components.errors).toBeDefined(); // still reported, just not weighed
    const none = compareStep(before, after, meta, { confidence: 0.95, weights: { ...onlyErrors, usability: 0 } });
    expect([none.changeLow, none.changeHigh, none.label]).toEqual([null, null, 'too few residents']);
  });

  test('too few residents before is as much too few as after', () => {
    const four = summarize(residents(sleep1.slice(0, 4), 1, 'g'));
    const c = compareStep(four, after, meta);
    expect(c).toMatchObject({
      change: null,
      label: 'too few residents',
      components: {},
      timeRatio: null,
      easeDifference: null,
    });
  });

  test('labelChange: improved only below zero, worse only above, unclear across', () => {
    expect(labelChange(-0.3, -0.01)).toBe('improved');
    expect(labelChange(0.01, 0.3)).toBe('worse');
    expect(labelChange(-0.01, 0.3)).toBe('unclear');
    expect(labelChange(-0.3, 0)).toBe('unclear');
    expect(labelChange(0, 0.3)).toBe('unclear');
  });
});
