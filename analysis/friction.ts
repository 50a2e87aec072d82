/**
 * The friction model (docs/method.md). Each component is the share of residents
 * who hit one friction event at a step; all share one scale and one small-sample interval, which
 * avoids the SUM's mix of raw rates and "% within spec" (C. Pearson, "The SUM: a
 * completion-rate conundrum"). Pure: sufficient statistics in, scores out.
 */
import type { EventRule } from '../procedures/measures';
import { zFor, defaultConfidence } from './distributions';
import { meanInterval, orderStatistics, quantileFromOrder, type MeanInterval, type Moments } from './means';
import { adjustedWald, laplace } from './proportions';

export const componentKeys = [
  'notCompleted',
  'overTime',
  'errors',
  'hardRating',
  'retold',
  'handoff',
  'longWait',
  'channelSwitch',
] as const;
export type ComponentKey = (typeof componentKeys)[number];
export type Family = 'usability' | 'burden';

/** Usability components (Sauro & Kindlund 2005) and administrative-burden components (Herd & Moynihan; WRR 2017). */
export const families: Record<ComponentKey, Family> = {
  notCompleted: 'usability',
  overTime: 'usability',
  errors: 'usability',
  hardRating: 'usability',
  retold: 'burden',
  handoff: 'burden',
  longWait: 'burden',
  channelSwitch: 'burden',
};

/** SEQ at or below this is a hard rating (SEQ norm ≈ 5.5, Sauro, MeasuringU). */
export const hardEase = 4;

/** Each component in words, for the command line and the team site: the one place they are written. */
export const componentNames: Record<ComponentKey, string> = {
  notCompleted: 'not completed',
  overTime: 'over time',
  errors: 'errors',
  hardRating: `hard (SEQ ≤ ${hardEase})`,
  retold: 'retold',
  handoff: 'handed off',
  longWait: 'long wait',
  channelSwitch: 'channel switch',
};

/** Default waiting norm in days when a step has none. */
export const defaultWaitNorm = 7;
/** No score below this many residents; "indicative" below `solidN`. */
export const minN = 5;
export const solidN = 10;

/**
 * The one definition of each friction event (docs/method.md, "Components"). The
 * SQL that scores a study is built from these same rules (research/repositories/scoring.ts).
 */
export const frictionEvents: Record<ComponentKey, EventRule> = {
  notCompleted: { field: 'outcome', in: ['helped', 'failed', 'abandoned'] },
  overTime: { field: 'seconds', over: 'targetSeconds' },
  errors: { field: 'errors', atLeast: 1 },
  hardRating: { field: 'ease', atMost: hardEase },
  retold: { field: 'retold', atLeast: 1 },
  handoff: { field: 'handoffs', atLeast: 1 },
  longWait: { field: 'wait_days', over: 'waitNormDays' },
  channelSwitch: { field: 'channel_switches', atLeast: 1 },
};

export type Outcome = 'completed' | 'helped' | 'failed' | 'abandoned' | 'skipped';

/** One observation (one visit of a step), as far as scoring needs it. Missing fields are null. */
export interface ObservationInput {
  /** Who: a participant. Visits of one resident count once; rows without one are each a resident of their own. */
  resident?: string | number | null;
  outcome: Outcome;
  seconds?: number | null;
  errors?: number | null;
  ease?: number | null;
  retold?: number | null;
  handoffs?: number | null;
  wait_days?: number | null;
  channel_switches?: number | null;
  blocked_by?: string | null;
}

export interface StepNorms {
  /** Target time in seconds; without one the overTime component is absent. */
  targetSeconds?: number | null;
  waitNormDays?: number | null;
}

/** The waiting quantiles reported per step: median and P90, in days. */
export const waitQuantiles = [0.5, 0.9] as const;

/**
 * Sufficient statistics of one step over residents (not visits): event counts and sums, never
 * the rows themselves. A resident counts once: an event on any of their visits counts; their
 * time is the total over their visits, their waiting the total, their ease the mean of their ratings.
 */
export interface StepStats {
  /** Distinct residents with at least one counted (not skipped) visit. */
  n: number;
  /** Counted visits (a resident who did the step twice makes two). */
  visits: number;
  /** Per component: residents with the event on any visit (x) of residents for whom the field was recorded (n). */
  events: Record<ComponentKey, { x: number; n: number }>;
  /** ln(total seconds) over residents with a total > 0. */
  logTime: Moments;
  /** Residents' total seconds (the arithmetic mean feeds hours per year). */
  seconds: Moments;
  /** Residents' total waiting days, and the values at the ranks the waiting quantiles read. */
  waitDays: { n: number; sum: number; order: Record<number, number> };
  /** Residents' mean ease rating. */
  ease: Moments;
  /** Policy limit → residents it blocked at this step. */
  blockedBy: Record<string, number>;
}

export function emptyStats(): StepStats {
  return {
    n: 0,
    visits: 0,
    events: Object.fromEntries(componentKeys.map((k) => [k, { x: 0, n: 0 }])) as StepStats['events'],
    logTime: { n: 0, sum: 0, sumSquares: 0 },
    seconds: { n: 0, sum: 0, sumSquares: 0 },
    waitDays: { n: 0, sum: 0, order: {} },
    ease: { n: 0, sum: 0, sumSquares: 0 },
    blockedBy: {},
  };
}

const has = (v: number | null | undefined): v is number => v !== null && v !== undefined;

/** Whether one observation shows the event: true, false, or null when the field was not recorded. */
export function eventOf(
  rule: EventRule,
  o: ObservationInput,
  { targetSeconds, waitNormDays }: StepNorms,
): boolean | null {
  switch (rule.field) {
    case 'outcome':
      return rule.in.includes(o.outcome);
    case 'seconds':
      return has(o.seconds) && has(targetSeconds) ? o.seconds > targetSeconds : null;
    case 'wait_days':
      return has(o.wait_days) ? o.wait_days > (waitNormDays ?? defaultWaitNorm) : null;
    case 'ease':
      return has(o.ease) ? o.ease <= rule.atMost : null;
    default: {
      const v = o[rule.field];
      return has(v) ? v >= rule.atLeast : null;
    }
  }
}

/** The events that mean a resident found a step hard themselves: not without help, mistakes, or rated it hard. */
export const hardEvents = ['notCompleted', 'errors', 'hardRating'] as const satisfies readonly ComponentKey[];

/**
 * Whether one resident found a step hard, over their visits: true when any visit shows a hard
 * event, false when visits were recorded and none does, null when nothing was recorded.
 */
export function foundHard(visits: Pick<ObservationInput, 'outcome' | 'errors' | 'ease'>[]): boolean | null {
  const seen = visits.flatMap((o) => hardEvents.map((k) => eventOf(frictionEvents[k], o, {})));
  if (seen.includes(true)) return true;
  return seen.includes(false) ? false : null;
}

/** Sum of the recorded values, or null when none was recorded. */
function total(values: (number | null | undefined)[]): number | null {
  const got = values.filter(has);
  return got.length ? got.reduce((a, b) => a + b, 0) : null;
}

/** Add one resident's (not skipped) visits of a step to the step's statistics; returns their waiting, if recorded. */
function addResident(s: StepStats, visits: ObservationInput[], norms: StepNorms): number | null {
  s.n++;
  s.visits += visits.length;
  for (const key of componentKeys) {
    const seen = visits.map((o) => eventOf(frictionEvents[key], o, norms)).filter((e) => e !== null);
    if (!seen.length) continue; // never recorded for this resident
    s.events[key].n++;
    if (seen.includes(true)) s.events[key].x++;
  }
  const seconds = total(visits.map((o) => o.seconds));
  if (seconds !== null) {
    s.seconds.n++;
    s.seconds.sum += seconds;
    s.seconds.sumSquares += seconds * seconds;
    if (seconds > 0) {
      const y = Math.log(seconds);
      s.logTime.n++;
      s.logTime.sum += y;
      s.logTime.sumSquares += y * y;
    }
  }
  const wait = total(visits.map((o) => o.wait_days));
  if (wait !== null) {
    s.waitDays.n++;
    s.waitDays.sum += wait;
  }
  const ratings = visits.map((o) => o.ease).filter(has);
  if (ratings.length) {
    const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
    s.ease.n++;
    s.ease.sum += mean;
    s.ease.sumSquares += mean * mean;
  }
  for (const limit of new Set(visits.map((o) => o.blocked_by).filter((b): b is string => !!b)))
    s.blockedBy[limit] = (s.blockedBy[limit] ?? 0) + 1;
  return wait;
}

/**
 * The statistics of one step's observations: grouped by resident first, so n counts people.
 * `skipped` observations are not visits and do not count.
 */
export function summarize(rows: ObservationInput[], norms: StepNorms = {}): StepStats {
  const byResident = new Map<unknown, ObservationInput[]>();
  rows.forEach((o, i) => {
    if (o.outcome === 'skipped') return;
    const who = o.resident ?? Symbol(i);
    const list = byResident.get(who);
    if (list) list.push(o);
    else byResident.set(who, [o]);
  });
  const s = emptyStats();
  const waits: number[] = [];
  for (const visits of byResident.values()) {
    const wait = addResident(s, visits, norms);
    if (wait !== null) waits.push(wait);
  }
  s.waitDays.order = orderStatistics(waits, waitQuantiles);
  return s;
}

export type Weights = Record<ComponentKey | Family, number>;

export const defaultWeights: Weights = {
  notCompleted: 1,
  overTime: 1,
  errors: 1,
  hardRating: 1,
  retold: 1,
  handoff: 1,
  longWait: 1,
  channelSwitch: 1,
  usability: 1,
  burden: 1,
};

export interface ScoreOptions {
  /** Two-sided confidence of every interval (default 0.9). */
  confidence?: number;
  /** Component and family weights; equal by default (Sauro & Kindlund's PCA finding). */
  weights?: Partial<Weights>;
}

export interface ComponentScore {
  events: number;
  n: number;
  /** Laplace estimate; null when the step has fewer than 5 residents. */
  estimate: number | null;
  low: number | null;
  high: number | null;
}

export interface Estimate {
  low: number | null;
  high: number | null;
}

export interface StepMeta {
  step: string;
  title: string;
  position?: number;
  /** Residents reaching this step per year: applicants per year × share reaching it. */
  reachPerYear?: number | null;
}

export interface StepScore {
  step: string;
  title: string;
  /** Distinct residents behind the step's figures. */
  n: number;
  /** Their counted visits (a resident who did the step twice made two). */
  visits: number;
  friction: number | null;
  low: number | null;
  high: number | null;
  indicative: boolean;
  families: Partial<Record<Family, { estimate: number; low: number; high: number } | null>>;
  components: Partial<Record<ComponentKey, ComponentScore>>;
  /** Geometric mean of residents' time on the step, seconds, with a log-t interval; n residents timed. */
  time: { geomean: number | null; low: number | null; high: number | null; n: number };
  /** Mean Single Ease Question rating with a t-interval clipped to the scale (1–7). */
  ease: MeanInterval;
  /** Residents affected per year: F × residents reaching the step per year. */
  residentsPerYear: number | null;
  /**
   * Hours residents spend at the step per year (Standaardkostenmodel: time people spend, not
   * elapsed time): mean time on the step × residents reaching it per year, with the interval of
   * the mean. Waiting is not in it.
   */
  hoursPerYear: number | null;
  hoursPerYearLow: number | null;
  hoursPerYearHigh: number | null;
  /** Waiting is elapsed calendar time: in days, median and P90 over residents who waited. */
  waiting: { n: number; medianDays: number | null; p90Days: number | null };
  blockedBy: { limit: string; count: number }[];
}

/** Σ w·v / Σ w: F from its families, a family from its components (and their interval bounds). */
export function weightedMean(items: { w: number; v: number }[]): number {
  const total = items.reduce((s, i) => s + i.w, 0);
  return items.reduce((s, i) => s + i.w * i.v, 0) / total;
}

/** Geometric mean time with a log-t interval: exp(ȳ ± t·s_y/√n), y = ln t. */
export function geometricTime(t: Moments, confidence: number): StepScore['time'] {
  const m = meanInterval(t, confidence);
  const exp = (x: number | null) => (x === null ? null : Math.exp(x));
  return { geomean: exp(m.mean), low: exp(m.low), high: exp(m.high), n: t.n };
}

/** The SEQ scale: a mean rating and its interval never leave 1–7. */
export const easeScale: [number, number] = [1, 7];

/** Mean of a rating scale with a t-interval, clipped to the scale. */
export function meanRating(e: Moments, confidence: number): MeanInterval {
  return meanInterval(e, confidence, easeScale);
}

/** The family means and F from the component estimates (weighted; bounds averaged the same way). */
function composite(components: StepScore['components'], w: Weights) {
  const byFamily: Record<Family, { w: number; estimate: number; low: number; high: number }[]> = {
    usability: [],
    burden: [],
  };
  for (const key of componentKeys) {
    const c = components[key];
    if (c?.estimate == null || w[key] <= 0) continue;
    byFamily[families[key]].push({ w: w[key], estimate: c.estimate, low: c.low!, high: c.high! });
  }
  const familyScores: StepScore['families'] = {};
  const present: { w: number; estimate: number; low: number; high: number }[] = [];
  for (const f of ['usability', 'burden'] as const) {
    const list = byFamily[f];
    if (list.length === 0) continue;
    const score = {
      estimate: weightedMean(list.map((c) => ({ w: c.w, v: c.estimate }))),
      // Pearson's SUM practice: average the bounds too (conservative).
      low: weightedMean(list.map((c) => ({ w: c.w, v: c.low }))),
      high: weightedMean(list.map((c) => ({ w: c.w, v: c.high }))),
    };
    familyScores[f] = score;
    if (w[f] > 0) present.push({ w: w[f], ...score });
  }
  const mean = (k: 'estimate' | 'low' | 'high') =>
    present.length ? weightedMean(present.map((f) => ({ w: f.w, v: f[k] }))) : null;
  return { families: familyScores, friction: mean('estimate'), low: mean('low'), high: mean('high') };
}

/**
 * Score one step from its statistics. Below `minN` residents only counts are reported: no
 * estimate, no time, no ease, no hours, no waiting figure. The rule holds per figure too: a
 * component, the time, the ease or the waiting recorded for fewer than `minN` residents is given
 * as counts only, and a component without an estimate does not enter F.
 * @example scoreStep(summarize(rows, {targetSeconds: 600, waitNormDays: 7}), {step: 'aanvraag', title: 'Aanvraag'})
 */
export function scoreStep(
  stats: StepStats,
  meta: StepMeta,
  { confidence = defaultConfidence, weights = {} }: ScoreOptions = {},
): StepScore {
  const w = { ...defaultWeights, ...weights };
  const z = zFor(confidence);
  const scored = stats.n >= minN;
  const components: StepScore['components'] = {};
  for (const key of componentKeys) {
    const { x, n } = stats.events[key];
    if (n === 0) continue; // never recorded: absent, not zero
    if (!scored || n < minN) {
      components[key] = { events: x, n, estimate: null, low: null, high: null };
      continue;
    }
    const { low, high } = adjustedWald(x, n, confidence, z);
    components[key] = { events: x, n, estimate: laplace(x, n), low, high };
  }
  const { families: familyScores, friction, low, high } = composite(components, w);
  const reach = meta.reachPerYear ?? null;
  const meanSeconds = meanInterval(stats.seconds, confidence, [0, Infinity]);
  const enough = (n: number) => scored && n >= minN;
  const hours = (x: number | null) =>
    enough(stats.seconds.n) && reach !== null && x !== null ? (x / 3600) * reach : null;
  const time = geometricTime(stats.logTime, confidence);
  const ease = meanRating(stats.ease, confidence);
  const wait = (p: number) =>
    enough(stats.waitDays.n) ? quantileFromOrder(stats.waitDays.order, stats.waitDays.n, p) : null;
  return {
    step: meta.step,
    title: meta.title,
    n: stats.n,
    visits: stats.visits,
    friction,
    low,
    high,
    indicative: scored && stats.n < solidN,
    families: familyScores,
    components,
    time: enough(time.n) ? time : { geomean: null, low: null, high: null, n: time.n },
    ease: enough(ease.n) ? ease : { mean: null, low: null, high: null, n: ease.n },
    residentsPerYear: friction !== null && reach !== null ? friction * reach : null,
    hoursPerYear: hours(meanSeconds.mean),
    hoursPerYearLow: hours(meanSeconds.low),
    hoursPerYearHigh: hours(meanSeconds.high),
    waiting: { n: stats.waitDays.n, medianDays: wait(0.5), p90Days: wait(0.9) },
    blockedBy: Object.entries(stats.blockedBy)
      .map(([limit, count]) => ({ limit, count }))
      .sort((a, b) => b.count - a.count || a.limit.localeCompare(b.limit)),
  };
}

/**
 * Rank scored steps by the lower bound of F, so a step ranks high only when the evidence is
 * strong; steps without a score go last, in procedure order.
 */
export function rankSteps<T extends { low: number | null; friction: number | null }>(steps: T[]): T[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (b.s.low ?? -1) - (a.s.low ?? -1) || (b.s.friction ?? -1) - (a.s.friction ?? -1) || a.i - b.i)
    .map(({ s }) => s);
}

/** Where a friction score turns medium and high: the one place the CLI, the gate and the site take the words from. */
export const frictionLevels = { medium: 0.3, high: 0.5 } as const;
export type FrictionLevel = 'low' | 'medium' | 'high';

export function frictionLevel(f: number): FrictionLevel {
  return f >= frictionLevels.high ? 'high' : f >= frictionLevels.medium ? 'medium' : 'low';
}

/** Words a designer reads at a glance for a friction score (always shown beside the number). */
export function frictionLabel(s: { friction: number | null; indicative: boolean }): string {
  if (s.friction === null) return 'too few residents';
  const word = frictionLevel(s.friction);
  return s.indicative ? `${word} (indicative)` : word;
}
