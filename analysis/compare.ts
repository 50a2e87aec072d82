/**
 * Before and after: per step and component, the difference in the share of residents who hit
 * the event (after − before) with an Agresti–Caffo interval, and the change in F. A change is
 * called "improved" or "worse" only when its interval excludes zero; otherwise "unclear".
 */
import { zFor } from './distributions';
import { componentKeys, defaultWeights, families, minN, scoreStep, type ComponentKey, type Family, type ScoreOptions, type StepMeta, type StepStats } from './friction';
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
  label: ChangeLabel | 'too few observations';
  components: Partial<Record<ComponentKey, ComponentChange>>;
}

/** Friction going down is an improvement: the interval of (after − before) lies below zero. */
export function labelChange(low: number, high: number): ChangeLabel {
  return high < 0 ? 'improved' : low > 0 ? 'worse' : 'unclear';
}

function mean(items: { w: number; v: number }[]): number {
  return items.reduce((s, i) => s + i.w * i.v, 0) / items.reduce((s, i) => s + i.w, 0);
}

export function compareStep(before: StepStats, after: StepStats, meta: StepMeta, { confidence = 0.9, weights = {} }: ScoreOptions = {}): StepChange {
  const w = { ...defaultWeights, ...weights };
  const z = zFor(confidence);
  const a = scoreStep(before, meta, { confidence, weights });
  const b = scoreStep(after, meta, { confidence, weights });
  const components: StepChange['components'] = {};
  const byFamily: Record<Family, { w: number; low: number; high: number }[]> = { usability: [], burden: [] };
  for (const key of componentKeys) {
    const x = before.events[key];
    const y = after.events[key];
    if (x.n === 0 || y.n === 0) continue;
    const d = agrestiCaffo(x.x, x.n, y.x, y.n, confidence, z);
    components[key] = { before: { events: x.x, n: x.n }, after: { events: y.x, n: y.n }, difference: d.difference, low: d.low, high: d.high, label: labelChange(d.low, d.high) };
    if (w[key] > 0) byFamily[families[key]].push({ w: w[key], low: d.low, high: d.high });
  }
  const scored = before.n >= minN && after.n >= minN && a.friction !== null && b.friction !== null;
  const fams = (['usability', 'burden'] as const)
    .filter((f) => byFamily[f].length && w[f] > 0)
    .map((f) => ({ w: w[f], low: mean(byFamily[f].map((c) => ({ w: c.w, v: c.low }))), high: mean(byFamily[f].map((c) => ({ w: c.w, v: c.high }))) }));
  const changeLow = scored && fams.length ? mean(fams.map((f) => ({ w: f.w, v: f.low }))) : null;
  const changeHigh = scored && fams.length ? mean(fams.map((f) => ({ w: f.w, v: f.high }))) : null;
  return {
    step: meta.step,
    title: meta.title,
    before: { n: a.n, friction: a.friction, low: a.low, high: a.high },
    after: { n: b.n, friction: b.friction, low: b.low, high: b.high },
    change: scored ? b.friction! - a.friction! : null,
    changeLow,
    changeHigh,
    label: changeLow === null || changeHigh === null ? 'too few observations' : labelChange(changeLow, changeHigh),
    components,
  };
}
