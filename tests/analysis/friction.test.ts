/** The published test vectors of the friction model (docs/method.md, tolerance 1e-4), and the model's rules. */
import { describe, expect, test } from 'vitest';
import { normalQuantile, tQuantile, zFor } from '../../analysis/distributions';
import {
  frictionLabel,
  frictionLevel,
  geometricTime,
  meanRating,
  rankSteps,
  scoreStep,
  summarize,
  weightedMean,
  type ObservationInput,
} from '../../analysis/friction';
import { adjustedWald, agrestiCaffo, laplace } from '../../analysis/proportions';

const close = (actual: number | null, expected: number) => expect(actual).toBeCloseTo(expected, 4);

describe('quantiles', () => {
  test('normalQuantile() matches published z values', () => {
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 10);
  });
  test('tQuantile() matches t tables', () => {
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.131847, 6);
    expect(tQuantile(0.95, 1)).toBeCloseTo(6.313752, 5);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.962339, 5);
  });
});

describe('adjustedWald() and laplace() — vector 1', () => {
  test('7 of 10 at 95%: p′ 0.6445, CI [0.3923, 0.8967]', () => {
    const r = adjustedWald(7, 10, 0.95);
    close(r.center, 0.6445);
    close(r.low, 0.3923);
    close(r.high, 0.8967);
  });
  test('7 of 10 at 90%: p′ 0.6574, CI [0.4384, 0.8764]; Laplace 0.6667', () => {
    const r = adjustedWald(7, 10, 0.9);
    close(r.center, 0.6574);
    close(r.low, 0.4384);
    close(r.high, 0.8764);
    close(laplace(7, 10), 0.6667);
  });
});

const norms = { targetSeconds: 600, waitNormDays: 7 };
const row = (
  outcome: ObservationInput['outcome'],
  seconds: number,
  errors: number,
  ease: number,
  retold: number,
  handoffs: number,
  wait_days: number,
  channel_switches: number,
): ObservationInput => ({
  outcome,
  seconds,
  errors,
  ease,
  retold,
  handoffs,
  wait_days,
  channel_switches,
});

describe('scoreStep() — vector 2, the edges at n = 5', () => {
  test('zero events in every component: each 1/7, CI [0, 0.4010]; F the same', () => {
    const s = scoreStep(summarize(Array(5).fill(row('completed', 100, 0, 7, 0, 0, 0, 0)), norms), {
      step: 'x',
      title: 'X',
    });
    for (const c of Object.values(s.components)) {
      close(c.estimate, 0.142857);
      close(c.low, 0);
      close(c.high, 0.401);
    }
    expect(Object.keys(s.components)).toHaveLength(8);
    close(s.friction, 0.142857);
    close(s.low, 0);
    close(s.high, 0.401);
    expect(s.indicative).toBe(true);
  });
  test('every event present: each 0.857143, CI [0.5990, 1]', () => {
    const s = scoreStep(summarize(Array(5).fill(row('failed', 900, 2, 1, 1, 1, 10, 1)), norms), {
      step: 'x',
      title: 'X',
    });
    for (const c of Object.values(s.components)) {
      close(c.estimate, 0.857143);
      close(c.low, 0.599);
      close(c.high, 1);
    }
    close(s.friction, 0.857143);
  });
});

describe('scoreStep() — vector 3, a whole step at 90%', () => {
  const rows = [
    row('completed', 240, 0, 6, 0, 0, 0, 0),
    row('completed', 310, 1, 5, 0, 0, 0, 0),
    row('helped', 620, 2, 3, 1, 1, 2, 1),
    row('completed', 280, 0, 6, 0, 0, 0, 0),
    row('abandoned', 900, 3, 2, 1, 2, 5, 2),
    row('helped', 540, 1, 4, 1, 0, 0, 1),
    row('completed', 350, 0, 5, 0, 0, 0, 0),
    row('failed', 760, 2, 2, 2, 1, 9, 1),
  ];
  const s = scoreStep(
    summarize(rows, norms),
    { step: 'aanvraag', title: 'Aanvraag', reachPerYear: 1000 },
    { confidence: 0.9 },
  );

  test('event counts', () => {
    const events = Object.fromEntries(Object.entries(s.components).map(([k, c]) => [k, c.events]));
    expect(events).toEqual({
      notCompleted: 4,
      overTime: 3,
      errors: 5,
      hardRating: 4,
      retold: 4,
      handoff: 3,
      longWait: 1,
      channelSwitch: 4,
    });
  });
  test('Laplace estimates .5 .4 .6 .5 | .5 .4 .2 .5', () => {
    const expected = {
      notCompleted: 0.5,
      overTime: 0.4,
      errors: 0.6,
      hardRating: 0.5,
      retold: 0.5,
      handoff: 0.4,
      longWait: 0.2,
      channelSwitch: 0.5,
    };
    for (const [k, v] of Object.entries(expected)) close(s.components[k as keyof typeof expected]!.estimate, v);
  });
  test('intervals: x=4 [.2486, .7514]; x=3 [.1597, .6535]; x=5 [.3465, .8403]; x=1 [.0116, .4279]', () => {
    close(s.components.notCompleted!.low, 0.2486);
    close(s.components.notCompleted!.high, 0.7514);
    close(s.components.overTime!.low, 0.1597);
    close(s.components.overTime!.high, 0.6535);
    close(s.components.errors!.low, 0.3465);
    close(s.components.errors!.high, 0.8403);
    close(s.components.longWait!.low, 0.0116);
    close(s.components.longWait!.high, 0.4279);
  });
  test('F_usability 0.50 [0.2509, 0.7491]; F_burden 0.40 [0.1671, 0.6460]; F = 0.45 [0.2090, 0.6976]', () => {
    close(s.families.usability!.estimate, 0.5);
    close(s.families.usability!.low, 0.2509);
    close(s.families.usability!.high, 0.7491);
    close(s.families.burden!.estimate, 0.4);
    close(s.families.burden!.low, 0.1671);
    close(s.families.burden!.high, 0.646);
    close(s.friction, 0.45);
    close(s.low, 0.209);
    close(s.high, 0.6976);
    expect(s.indicative).toBe(true);
  });
  test('residents affected per year = F × reach (0.45 × 1000)', () => {
    close(s.residentsPerYear, 450);
  });
  test('hours per year = mean time on the step × reach: 500 s × 1000 / 3600, with the t-interval of the mean', () => {
    // Hand-computed: mean 4000/8 = 500 s, sd 244.42 s, t(0.95, 7) = 1.8946 (published table value).
    close(s.hoursPerYear, 138.8889);
    close(s.hoursPerYearLow, 93.4102);
    close(s.hoursPerYearHigh, 184.3676);
  });
  test('waiting in days, not hours: median 0 and P90 6.2 of [0 0 2 0 5 0 0 9] (type 7: 5 + 0.3 × 4)', () => {
    expect(s.waiting.n).toBe(8);
    close(s.waiting.medianDays, 0);
    close(s.waiting.p90Days, 6.2);
  });
  test('geometric mean time with a log-t interval, mean ease with a t-interval (hand-computed)', () => {
    close(s.time.geomean, 449.6039);
    close(s.time.low, 322.7815);
    close(s.time.high, 626.2554);
    close(s.ease.mean, 4.125);
    close(s.ease.low, 3.0251);
    close(s.ease.high, 5.2249);
  });
});

describe('scoreStep() rules', () => {
  test('no score below n = 5: counts only — no estimate, time, ease, hours or waiting figure', () => {
    const s = scoreStep(summarize(Array(4).fill(row('failed', 900, 2, 1, 1, 1, 10, 1)), norms), {
      step: 'x',
      title: 'X',
      reachPerYear: 100,
    });
    expect(s).toMatchObject({
      n: 4,
      visits: 4,
      friction: null,
      low: null,
      high: null,
      indicative: false,
      residentsPerYear: null,
      hoursPerYear: null,
      hoursPerYearLow: null,
    });
    expect(s.components.notCompleted).toEqual({ events: 4, n: 4, estimate: null, low: null, high: null });
    expect(s.time).toEqual({ geomean: null, low: null, high: null, n: 4 });
    expect(s.ease).toEqual({ mean: null, low: null, high: null, n: 4 });
    expect(s.waiting).toEqual({ n: 4, medianDays: null, p90Days: null });
  });
  test('n counts residents, not visits: a resident who did a step twice counts once, an event on either visit counts', () => {
    const twice = [
      { resident: 'P-1', outcome: 'failed' as const, seconds: 100, wait_days: 1 },
      { resident: 'P-1', outcome: 'completed' as const, seconds: 200, wait_days: 2 },
      ...['P-2', 'P-3', 'P-4', 'P-5'].map((resident) => ({
        resident,
        outcome: 'completed' as const,
        seconds: 300,
        wait_days: 0,
      })),
    ];
    const stats = summarize(twice, norms);
    expect(stats).toMatchObject({ n: 5, visits: 6 });
    expect(stats.events.notCompleted).toEqual({ x: 1, n: 5 });
    // P-1 spent 300 s in all and waited 3 days in all: every resident's total is 300 s.
    expect(stats.seconds).toEqual({ n: 5, sum: 1500, sumSquares: 5 * 300 * 300 });
    expect(stats.waitDays).toMatchObject({ n: 5, sum: 3 });
  });
  test('the ease interval stays on the scale: two ratings of 1 and 7 give [1, 7] (unclipped it would be about [−14.9, 22.9])', () => {
    const rows = [row('completed', 100, 0, 1, 0, 0, 0, 0), row('completed', 100, 0, 7, 0, 0, 0, 0)];
    const e = meanRating(summarize(rows, norms).ease, 0.9);
    expect(e).toEqual({ mean: 4, low: 1, high: 7, n: 2 });
  });
  test('skipped observations do not count toward n', () => {
    const rows = [...Array(5).fill(row('completed', 100, 0, 7, 0, 0, 0, 0)), { outcome: 'skipped' as const }];
    expect(scoreStep(summarize(rows, norms), { step: 'x', title: 'X' }).n).toBe(5);
  });
  test('a component whose field was never recorded is absent, not zero; no target → no overTime', () => {
    const rows: ObservationInput[] = Array(6).fill({ outcome: 'completed', seconds: 100 });
    const s = scoreStep(summarize(rows, {}), { step: 'x', title: 'X' });
    expect(Object.keys(s.components)).toEqual(['notCompleted']);
    expect(s.families.burden).toBeUndefined();
    close(s.friction, 1 / 8);
  });
  test('the 5-resident rule holds per figure: a field recorded for fewer than 5 residents is counts only and stays out of F', () => {
    // 6 residents, all completed; time and ease recorded for 4 of them, errors for 3 (one made one).
    const rows: ObservationInput[] = [
      { outcome: 'completed', seconds: 100, ease: 6, errors: 0 },
      { outcome: 'completed', seconds: 900, ease: 2, errors: 1 },
      { outcome: 'completed', seconds: 300, ease: 5, errors: 0 },
      { outcome: 'completed', seconds: 200, ease: 7 },
      { outcome: 'completed' },
      { outcome: 'completed' },
    ];
    const s = scoreStep(summarize(rows, { targetSeconds: 600 }), { step: 'x', title: 'X', reachPerYear: 1000 });
    expect(s.n).toBe(6);
    expect(s.components.errors).toEqual({ events: 1, n: 3, estimate: null, low: null, high: null });
    expect(s.components.overTime).toEqual({ events: 1, n: 4, estimate: null, low: null, high: null });
    expect(s.components.hardRating).toEqual({ events: 1, n: 4, estimate: null, low: null, high: null });
    close(s.components.notCompleted!.estimate, 1 / 8); // Laplace (0 + 1) / (6 + 2)
    close(s.friction, 1 / 8); // only notCompleted has 5 residents behind it
    expect(s.time).toEqual({ geomean: null, low: null, high: null, n: 4 });
    expect(s.ease).toEqual({ mean: null, low: null, high: null, n: 4 });
    expect(s.hoursPerYear).toBeNull();
  });
  test('weights are applied; a zero weight leaves a component out', () => {
    const rows = [row('failed', 100, 0, 7, 0, 0, 0, 0), ...Array(9).fill(row('completed', 100, 0, 7, 0, 0, 0, 0))];
    const only = scoreStep(
      summarize(rows, norms),
      { step: 'x', title: 'X' },
      { weights: { overTime: 0, errors: 0, hardRating: 0, burden: 0 } },
    );
    close(only.friction, laplace(1, 10));
  });
  test('rankSteps() orders by the lower bound, unscored steps last', () => {
    const ranked = rankSteps([
      { step: 'a', low: 0.1, friction: 0.5 },
      { step: 'b', low: null, friction: null },
      { step: 'c', low: 0.3, friction: 0.4 },
    ]);
    expect(ranked.map((s) => s.step)).toEqual(['c', 'a', 'b']);
  });
});

describe('agrestiCaffo()', () => {
  test('adds one success and one failure to each group: 8/10 → 2/10 at 90% is −0.5 [−0.790772, −0.209228]', () => {
    // Worked by hand: 3/12 − 9/12 = −0.5 ± 1.644854 · √(2 · 0.75 · 0.25 / 12) = ±0.290772.
    const r = agrestiCaffo(8, 10, 2, 10, 0.9);
    close(r.difference, -0.5);
    close(r.low, -0.790772);
    close(r.high, -0.209228);
  });
});

describe('the model at its edges, worked by hand', () => {
  /** Ten residents: four needed help, nobody made an error, retold or was handed off. */
  const ten = (extra: (i: number) => Partial<ObservationInput> = () => ({})): ObservationInput[] =>
    Array.from({ length: 10 }, (_, i) => ({
      resident: `P-${i}`,
      outcome: i < 4 ? 'helped' : 'completed',
      errors: 0,
      retold: 0,
      handoffs: 0,
      ...extra(i),
    }));
  const meta = { step: 's', title: 'S' };

  test('F from Laplace estimates: usability (5/12 + 1/12)/2, burden 1/12, F = 1/6; weights move it as written', () => {
    // notCompleted 4 of 10 → 5/12; errors, retold, handoff 0 of 10 → 1/12 each.
    const stats = summarize(ten());
    expect(scoreStep(stats, meta).friction).toBeCloseTo(1 / 6, 12);
    expect(scoreStep(stats, meta).families).toEqual({
      usability: expect.objectContaining({ estimate: expect.closeTo(0.25, 12) }),
      burden: expect.objectContaining({ estimate: expect.closeTo(1 / 12, 12) }),
    });
    // A component of weight 0 leaves its family: usability 5/12, F = (5/12 + 1/12)/2.
    expect(scoreStep(stats, meta, { weights: { errors: 0 } }).friction).toBeCloseTo(0.25, 12);
    // Weight 3 on errors: usability (5/12 + 3 · 1/12)/4 = 1/6, F = (1/6 + 1/12)/2 = 1/8.
    expect(scoreStep(stats, meta, { weights: { errors: 3 } }).friction).toBeCloseTo(0.125, 12);
    // A family of weight 0 leaves F: F is the usability family alone.
    expect(scoreStep(stats, meta, { weights: { burden: 0 } }).friction).toBeCloseTo(0.25, 12);
  });

  test('a time equal to the target is not over it; one second more is', () => {
    const at = summarize(
      ten(() => ({ seconds: 600 })),
      { targetSeconds: 600 },
    );
    expect(at.events.overTime).toEqual({ x: 0, n: 10 });
    const over = summarize(
      ten((i) => ({ seconds: i < 3 ? 601 : 600 })),
      { targetSeconds: 600 },
    );
    expect(over.events.overTime).toEqual({ x: 3, n: 10 });
  });

  test('log-time moments: ln e = 1 and ln e³ = 3 give n 2, Σ 4, Σ² 10; a time of 0 s has no logarithm and is left out', () => {
    const s = summarize([
      { resident: 1, outcome: 'completed', seconds: Math.E },
      { resident: 2, outcome: 'completed', seconds: Math.E ** 3 },
      { resident: 3, outcome: 'completed', seconds: 0 },
    ]);
    expect(s.seconds.n).toBe(3);
    expect(s.logTime.n).toBe(2);
    expect(s.logTime.sum).toBeCloseTo(4, 12);
    expect(s.logTime.sumSquares).toBeCloseTo(10, 12);
  });

  test('residents without a wait add nothing to the waiting figures', () => {
    const s = summarize(ten((i) => ({ wait_days: i < 2 ? 10 : null })));
    expect(s.waitDays.n).toBe(2);
    expect(s.waitDays.sum).toBe(20);
    expect(scoreStep(s, meta).waiting).toEqual({ n: 2, medianDays: null, p90Days: null });
  });

  test('hours per year: a mean of one hour at a step reached 1,000 times a year is 1,000 hours; no reach, no hours', () => {
    const stats = summarize(ten(() => ({ seconds: 3600 })));
    const withReach = scoreStep(stats, { ...meta, reachPerYear: 1000 });
    expect(withReach.hoursPerYear).toBeCloseTo(1000, 9);
    expect(withReach.hoursPerYearLow).toBeCloseTo(1000, 9); // every time the same: no spread
    expect(withReach.residentsPerYear).toBeCloseTo(1000 / 6, 9);
    const without = scoreStep(stats, meta);
    expect([without.hoursPerYear, without.residentsPerYear]).toEqual([null, null]);
    // Times for four residents are too few for hours, even with a reach.
    const four = summarize(ten((i) => ({ seconds: i < 4 ? 3600 : null })));
    expect(scoreStep(four, { ...meta, reachPerYear: 1000 }).hoursPerYear).toBeNull();
    const five = summarize(ten((i) => ({ seconds: i < 5 ? 7200 : null })));
    expect(scoreStep(five, { ...meta, reachPerYear: 10 }).hoursPerYear).toBeCloseTo(20, 9);
  });

  test('indicative below ten residents, solid from ten', () => {
    expect(scoreStep(summarize(ten().slice(0, 9)), meta).indicative).toBe(true);
    expect(scoreStep(summarize(ten()), meta).indicative).toBe(false);
    expect(scoreStep(summarize(ten().slice(0, 4)), meta).indicative).toBe(false); // not scored at all
    expect(scoreStep(summarize(ten().slice(0, 4)), meta).friction).toBeNull();
  });

  test('limits that blocked, most residents first, ties by name', () => {
    const rows = ten((i) => ({ blocked_by: ['c', 'c', 'c', 'b', 'b', 'a', 'a', null, null, null][i] }));
    expect(scoreStep(summarize(rows), meta).blockedBy).toEqual([
      { limit: 'c', count: 3 },
      { limit: 'a', count: 2 },
      { limit: 'b', count: 2 },
    ]);
  });

  test('rankSteps: by lower bound, then by F, then in procedure order; unscored last', () => {
    const steps = [
      { id: 1, low: null, friction: 0.5 },
      { id: 2, low: null, friction: null },
      { id: 3, low: 0.2, friction: 0.3 },
      { id: 4, low: 0.2, friction: 0.4 },
      { id: 5, low: 0.2, friction: 0.4 },
      { id: 6, low: 0, friction: 0.1 },
    ];
    expect(rankSteps(steps).map((s) => s.id)).toEqual([4, 5, 3, 6, 1, 2]);
  });

  test('frictionLevel turns medium at 0.3 and high at 0.5; frictionLabel says when there are too few residents or the figure is indicative', () => {
    expect([0, 0.2999, 0.3, 0.4999, 0.5, 1].map(frictionLevel)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
    expect(frictionLabel({ friction: null, indicative: false })).toBe('too few residents');
    expect(frictionLabel({ friction: 0.35, indicative: true })).toBe('medium (indicative)');
    expect(frictionLabel({ friction: 0.6, indicative: false })).toBe('high');
  });

  test('weightedMean and geometricTime', () => {
    expect(
      weightedMean([
        { w: 1, v: 2 },
        { w: 3, v: 4 },
      ]),
    ).toBe(3.5);
    expect(geometricTime({ n: 0, sum: 0, sumSquares: 0 }, 0.9)).toEqual({ geomean: null, low: null, high: null, n: 0 });
    // ln 10 and ln 1000: geometric mean 100.
    const g = geometricTime(
      { n: 2, sum: Math.log(10) + Math.log(1000), sumSquares: Math.log(10) ** 2 + Math.log(1000) ** 2 },
      0.9,
    );
    expect(g.geomean).toBeCloseTo(100, 9);
    expect(g.low!).toBeLessThan(100);
    expect(g.high!).toBeGreaterThan(100);
  });
});
