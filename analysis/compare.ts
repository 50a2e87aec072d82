/**
 * Before and after: per step and component, the difference in the share of residents who hit
 * the event (after − before) with an Agresti–Caffo interval, and the change in F; beside it the
 * time ratio and the ease difference (Welch). A change is called "improved" or "worse" only when
 * its interval excludes zero; otherwise "unclear". The score's rules hold here too: nothing from
 * fewer than 5 residents on either side, and "indicative" below 10.
 */
import { zFor, defaultConfidence } from './distributions';
import {
  componentKeys,
  defaultWeights,
  families,
  minN,
  scoreStep,
  solidN,
  type ComponentKey,
  type Family,
  type ScoreOptions,
  type StepMeta,
  type StepStats,
  weightedMean,
} from './friction';
import { welch } from './means';
import { agrestiCaffo } from './proportions';

export type ChangeLabel = 'improved' | 'worse' | 'unclear';

export interface ComponentChange {
  before: { events: number; n: number };
  after: { events: number; n: number };
  difference: number;
  low: number;
  high: number;
  label: ChangeLabel;
}

export interface StepChange {
  step: string;
  title: string;
  before: { n: number; friction: number | null; low: number | null; high: number | null };
  after: { n: number; friction: number | null; low: number | null; high: number | null };
  /** after − before, null unless both rounds have a score. */
  change: number | null;
  /** Conservative interval of the change: component difference bounds averaged as F is. */
  changeLow: number | null;
  changeHigh: number | null;
  label: ChangeLabel | 'too few residents';
  /** Either side has fewer than 10 residents: read the change as a first indication. */
  indicative: boolean;
  /** Only components recorded for at least 5 residents on both sides. */
  components: Partial<Record<ComponentKey, ComponentChange>>;
  /**
   * Time on the step, after ÷ before: the ratio of geometric means, with the interval of the
   * difference of mean log times (Welch) taken back to a ratio. Below 1 is faster.
   */
  timeRatio: { ratio: number; low: number; high: number; label: ChangeLabel } | null;
  /** Mean ease rating, after − before, with Welch's interval. Above 0 is easier. */
  easeDifference: { difference: number; low: number; high: number; label: ChangeLabel } | null;
}

/** Friction going down is an improvement: the interval of (after − before) lies below zero. */
export function labelChange(low: number, high: number): ChangeLabel {
  return high < 0 ? 'improved' : low > 0 ? 'worse' : 'unclear';
}

export function compareStep(
  before: StepStats,
  after: StepStats,
  meta: StepMeta,
  { confidence = defaultConfidence, weights = {} }: ScoreOptions = {},
): StepChange {
  const w = { ...defaultWeights, ...weights };
  const z = zFor(confidence);
  const a = scoreStep(before, meta, { confidence, weights });
  const b = scoreStep(after, meta, { confidence, weights });
  const components: StepChange['components'] = {};
  const byFamily: Record<Family, { w: number; low: number; high: number }[]> = { usability: [], burden: [] };
  for (const key of componentKeys) {
    const x = before.events[key];
    const y = after.events[key];
    // The same rule as the score: no figure from fewer than minN residents, on either side.
    if (x.n < minN || y.n < minN) continue;
    const d = agrestiCaffo(x.x, x.n, y.x, y.n, confidence, z);
    components[key] = {
      before: { events: x.x, n: x.n },
      after: { events: y.x, n: y.n },
      difference: d.difference,
      low: d.low,
      high: d.high,
      label: labelChange(d.low, d.high),
    };
    if (w[key] > 0) byFamily[families[key]].push({ w: w[key], low: d.low, high: d.high });
  }
  const scored = before.n >= minN && after.n >= minN && a.friction !== null && b.friction !== null;
  const fams = (['usability', 'burden'] as const)
    .filter((f) => byFamily[f].length && w[f] > 0)
    .map((f) => ({
      w: w[f],
      low: weightedMean(byFamily[f].map((c) => ({ w: c.w, v: c.low }))),
      high: weightedMean(byFamily[f].map((c) => ({ w: c.w, v: c.high }))),
    }));
  const changeLow = scored && fams.length ? weightedMean(fams.map((f) => ({ w: f.w, v: f.low }))) : null;
  const changeHigh = scored && fams.length ? weightedMean(fams.map((f) => ({ w: f.w, v: f.high }))) : null;
  const bothScored = before.n >= minN && after.n >= minN;
  const logs = bothScored ? welch(before.logTime, after.logTime, confidence) : null;
  const ease = bothScored ? welch(before.ease, after.ease, confidence) : null;
  return {
    step: meta.step,
    title: meta.title,
    before: { n: a.n, friction: a.friction, low: a.low, high: a.high },
    after: { n: b.n, friction: b.friction, low: b.low, high: b.high },
    change: scored ? b.friction! - a.friction! : null,
    changeLow,
    changeHigh,
    label: changeLow === null || changeHigh === null ? 'too few residents' : labelChange(changeLow, changeHigh),
    indicative: scored && (before.n < solidN || after.n < solidN),
    components,
    // Faster (ratio below 1) is better, as lower friction is.
    timeRatio:
      logs && before.logTime.n >= minN && after.logTime.n >= minN
        ? {
            ratio: Math.exp(logs.difference),
            low: Math.exp(logs.low),
            high: Math.exp(logs.high),
            label: labelChange(logs.low, logs.high),
          }
        : null,
    // Easier (a higher rating) is better: the label reads the interval the other way round.
    easeDifference:
      ease && before.ease.n >= minN && after.ease.n >= minN
        ? { difference: ease.difference, low: ease.low, high: ease.high, label: labelChange(-ease.high, -ease.low) }
        : null,
  };
}
