/**
 * The friction model (shared/docs/friction-science.md). Each component is the share of residents
 * who hit one friction event at a step; all share one scale and one small-sample interval, which
 * avoids the SUM's mix of raw rates and "% within spec" (C. Pearson, "The SUM: a
 * completion-rate conundrum"). Pure: sufficient statistics in, scores out.
 */
import { tQuantile, zFor } from './distributions';
import { adjustedWald, laplace } from './proportions';

export const componentKeys = ['notCompleted', 'overTime', 'errors', 'hardRating', 'retold', 'handoff', 'longWait', 'channelSwitch'] as const;
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
/** Default waiting norm in days when a step has none. */
export const defaultWaitNorm = 7;
/** No score below this many residents; "indicative" below `solidN`. */
export const minN = 5;
export const solidN = 10;

export type Outcome = 'completed' | 'helped' | 'failed' | 'abandoned' | 'skipped';

/** One observation, as far as scoring needs it. Missing fields are null. */
export interface ObservationInput {
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

/** Sufficient statistics of one step: event counts and sums, never the rows themselves. */
export interface StepStats {
  n: number;
  events: Record<ComponentKey, { x: number; n: number }>;
  /** ln(seconds) over observations with seconds > 0. */
  logTime: { n: number; sum: number; sumSquares: number };
  /** Arithmetic time and waiting, for burden hours (a total needs the arithmetic mean). */
  seconds: { n: number; sum: number };
  waitDays: { n: number; sum: number };
  ease: { n: number; sum: number; sumSquares: number };
  blockedBy: Record<string, number>;
}

export function emptyStats(): StepStats {
  return {
    n: 0,
    events: Object.fromEntries(componentKeys.map((k) => [k, { x: 0, n: 0 }])) as StepStats['events'],
    logTime: { n: 0, sum: 0, sumSquares: 0 },
    seconds: { n: 0, sum: 0 },
    waitDays: { n: 0, sum: 0 },
    ease: { n: 0, sum: 0, sumSquares: 0 },
    blockedBy: {},
  };
}

const has = (v: number | null | undefined): v is number => v !== null && v !== undefined;

/** Add one observation to a step's statistics. `skipped` observations do not count. */
export function addObservation(s: StepStats, o: ObservationInput, { targetSeconds, waitNormDays }: StepNorms): StepStats {
  if (o.outcome === 'skipped') return s;
  s.n++;
  const count = (k: ComponentKey, event: boolean) => {
    s.events[k].n++;
    if (event) s.events[k].x++;
  };
  count('notCompleted', o.outcome === 'helped' || o.outcome === 'failed' || o.outcome === 'abandoned');
  if (has(o.seconds)) {
    if (has(targetSeconds)) count('overTime', o.seconds > targetSeconds);
    s.seconds.n++;
    s.seconds.sum += o.seconds;
    if (o.seconds > 0) {
      const y = Math.log(o.seconds);
      s.logTime.n++;
      s.logTime.sum += y;
      s.logTime.sumSquares += y * y;
    }
  }
  if (has(o.errors)) count('errors', o.errors >= 1);
  if (has(o.ease)) {
    count('hardRating', o.ease <= hardEase);
    s.ease.n++;
    s.ease.sum += o.ease;
    s.ease.sumSquares += o.ease * o.ease;
  }
  if (has(o.retold)) count('retold', o.retold >= 1);
  if (has(o.handoffs)) count('handoff', o.handoffs >= 1);
  if (has(o.wait_days)) {
    count('longWait', o.wait_days > (waitNormDays ?? defaultWaitNorm));
    s.waitDays.n++;
    s.waitDays.sum += o.wait_days;
  }
  if (has(o.channel_switches)) count('channelSwitch', o.channel_switches >= 1);
  if (o.blocked_by) s.blockedBy[o.blocked_by] = (s.blockedBy[o.blocked_by] ?? 0) + 1;
  return s;
}

/** The statistics of a list of observations of one step. */
export function summarize(rows: ObservationInput[], norms: StepNorms = {}): StepStats {
  return rows.reduce((s, o) => addObservation(s, o, norms), emptyStats());
}

export type Weights = Record<ComponentKey | Family, number>;

export const defaultWeights: Weights = {
  notCompleted: 1, overTime: 1, errors: 1, hardRating: 1, retold: 1, handoff: 1, longWait: 1, channelSwitch: 1, usability: 1, burden: 1,
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
  n: number;
  friction: number | null;
  low: number | null;
  high: number | null;
  indicative: boolean;
  families: Partial<Record<Family, { estimate: number; low: number; high: number } | null>>;
  components: Partial<Record<ComponentKey, ComponentScore>>;
  time: { geomean: number | null; low: number | null; high: number | null; n: number };
  ease: { mean: number | null; low: number | null; high: number | null; n: number };
  residentsPerYear: number | null;
  burdenHours: number | null;
  burden: { activeHours: number | null; waitingHours: number | null };
  blockedBy: { limit: string; count: number }[];
}

function weightedMean(items: { w: number; v: number }[]): number {
  const total = items.reduce((s, i) => s + i.w, 0);
  return items.reduce((s, i) => s + i.w * i.v, 0) / total;
}

/** Geometric mean time with a log-t interval: exp(ȳ ± t·s_y/√n), y = ln t. */
export function geometricTime(t: StepStats['logTime'], confidence: number): StepScore['time'] {
  if (t.n === 0) return { geomean: null, low: null, high: null, n: 0 };
  const mean = t.sum / t.n;
  if (t.n < 2) return { geomean: Math.exp(mean), low: null, high: null, n: t.n };
  const sd = Math.sqrt(Math.max(0, (t.sumSquares - (t.sum * t.sum) / t.n) / (t.n - 1)));
  const half = tQuantile(1 - (1 - confidence) / 2, t.n - 1) * (sd / Math.sqrt(t.n));
  return { geomean: Math.exp(mean), low: Math.exp(mean - half), high: Math.exp(mean + half), n: t.n };
}

/** Mean of a rating scale with a t-interval. */
export function meanRating(e: StepStats['ease'], confidence: number): StepScore['ease'] {
  if (e.n === 0) return { mean: null, low: null, high: null, n: 0 };
  const mean = e.sum / e.n;
  if (e.n < 2) return { mean, low: null, high: null, n: e.n };
  const sd = Math.sqrt(Math.max(0, (e.sumSquares - (e.sum * e.sum) / e.n) / (e.n - 1)));
  const half = tQuantile(1 - (1 - confidence) / 2, e.n - 1) * (sd / Math.sqrt(e.n));
  return { mean, low: mean - half, high: mean + half, n: e.n };
}

/**
 * Score one step from its statistics.
 * @example scoreStep(summarize(rows, {targetSeconds: 600, waitNormDays: 7}), {step: 'aanvraag', title: 'Aanvraag'})
 */
export function scoreStep(stats: StepStats, meta: StepMeta, { confidence = 0.9, weights = {} }: ScoreOptions = {}): StepScore {
  const w = { ...defaultWeights, ...weights };
  const z = zFor(confidence);
  const scored = stats.n >= minN;
  const components: StepScore['components'] = {};
  const byFamily: Record<Family, { w: number; estimate: number; low: number; high: number }[]> = { usability: [], burden: [] };
  for (const key of componentKeys) {
    const { x, n } = stats.events[key];
    if (n === 0) continue; // never recorded: absent, not zero
    if (!scored) {
      components[key] = { events: x, n, estimate: null, low: null, high: null };
      continue;
    }
    const { low, high } = adjustedWald(x, n, confidence, z);
    const estimate = laplace(x, n);
    components[key] = { events: x, n, estimate, low, high };
    if (w[key] > 0) byFamily[families[key]].push({ w: w[key], estimate, low, high });
  }
  const familyScores: StepScore['families'] = {};
  const present: { w: number; estimate: number; low: number; high: number }[] = [];
  for (const f of ['usability', 'burden'] as const) {
    const list = byFamily[f];
    if (!scored || list.length === 0) continue;
    const score = {
      estimate: weightedMean(list.map((c) => ({ w: c.w, v: c.estimate }))),
      // Pearson's SUM practice: average the bounds too (conservative).
      low: weightedMean(list.map((c) => ({ w: c.w, v: c.low }))),
      high: weightedMean(list.map((c) => ({ w: c.w, v: c.high }))),
    };
    familyScores[f] = score;
    if (w[f] > 0) present.push({ w: w[f], ...score });
  }
  const friction = present.length ? weightedMean(present.map((f) => ({ w: f.w, v: f.estimate }))) : null;
  const low = present.length ? weightedMean(present.map((f) => ({ w: f.w, v: f.low }))) : null;
  const high = present.length ? weightedMean(present.map((f) => ({ w: f.w, v: f.high }))) : null;
  const reach = meta.reachPerYear ?? null;
  const activeHours = reach !== null && stats.seconds.n ? (stats.seconds.sum / stats.seconds.n / 3600) * reach : null;
  const waitingHours = reach !== null && stats.waitDays.n ? (stats.waitDays.sum / stats.waitDays.n) * 24 * reach : null;
  return {
    step: meta.step,
    title: meta.title,
    n: stats.n,
    friction,
    low,
    high,
    indicative: scored && stats.n < solidN,
    families: familyScores,
    components,
    time: geometricTime(stats.logTime, confidence),
    ease: meanRating(stats.ease, confidence),
    residentsPerYear: friction !== null && reach !== null ? friction * reach : null,
    burdenHours: activeHours === null && waitingHours === null ? null : (activeHours ?? 0) + (waitingHours ?? 0),
    burden: { activeHours, waitingHours },
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
  if (s.friction === null) return 'too few observations';
  const word = frictionLevel(s.friction);
  return s.indicative ? `${word} (indicative)` : word;
}
