/**
 * Who struggles most: friction per step for each group of residents (by age band, household,
 * digital skills or language), with the same intervals and suppression as the score, and per
 * step the group with the highest friction against everyone else — a difference with its interval
 * (the compare method: Agresti–Caffo per component, averaged as F is), called higher or lower only
 * when the interval excludes zero.
 */
import { compareStep, labelChange } from '../../../analysis/compare';
import { emptyStats, frictionEvents, waitQuantiles, type StepStats, type Weights } from '../../../analysis/friction';
import type { Db } from '../../../research/db';
import {
  chooseStudy,
  segmentColumns,
  segmentValues,
  stepStatistics,
  stepsOfVersion,
  type SegmentColumn,
  type StudyRef,
} from '../../../research/repositories/scoring';
import { scoreStudy, type ScoreReport } from './score';
import { defaultConfidence } from '../../../analysis/distributions';

export { segmentColumns, type SegmentColumn };

export interface SegmentScores {
  /** The attribute's value; null for residents without one recorded. */
  segment: string | null;
  /** Distinct residents in the group (in the study). */
  n: number;
  steps: ScoreReport['steps'];
}

export type GapLabel = 'higher' | 'lower' | 'unclear' | 'too few residents';

/** At one step: the group with the highest friction, against all other residents. */
export interface StepGap {
  step: string;
  title: string;
  by: SegmentColumn;
  segment: string | null;
  segmentN: number;
  restN: number;
  segmentFriction: number;
  restFriction: number | null;
  /** segment − rest */
  difference: number | null;
  low: number | null;
  high: number | null;
  label: GapLabel;
}

export interface SegmentReport {
  procedure: string;
  version: string;
  study: string;
  by: SegmentColumn;
  confidence: number;
  segments: SegmentScores[];
  gaps: StepGap[];
}

interface SegmentRequest {
  procedure?: string;
  study?: string;
  by: SegmentColumn;
  confidence?: number;
  weights?: Partial<Weights>;
}

const toGap = (label: ReturnType<typeof labelChange>): GapLabel =>
  label === 'worse' ? 'higher' : label === 'improved' ? 'lower' : 'unclear';

/** The gap at each step for one attribute: its highest-friction group against the rest. */
function gapsFor(
  db: Db,
  study: StudyRef,
  by: SegmentColumn,
  segments: SegmentScores[],
  confidence: number,
  weights: Partial<Weights>,
): StepGap[] {
  const steps = stepsOfVersion(db, study.versionId);
  const gaps: StepGap[] = [];
  const restStats = new Map<string | null, Map<number, StepStats>>();
  for (const step of steps) {
    const scored = segments
      .map((g) => ({ g, s: g.steps.find((x) => x.step === step.step)! }))
      .filter(({ s }) => s.friction !== null)
      .sort((a, b) => b.s.friction! - a.s.friction!);
    const top = scored[0];
    if (!top) continue;
    if (!restStats.has(top.g.segment)) {
      restStats.set(
        top.g.segment,
        stepStatistics(db, study.id, frictionEvents, waitQuantiles, { column: by, value: top.g.segment, rest: true }),
      );
    }
    const own = stepStatistics(db, study.id, frictionEvents, waitQuantiles, { column: by, value: top.g.segment }).get(
      step.id,
    ) as StepStats;
    const rest = restStats.get(top.g.segment)!.get(step.id) ?? emptyStats();
    const c = compareStep(rest, own, { step: step.step, title: step.title }, { confidence, weights });
    gaps.push({
      step: step.step,
      title: step.title,
      by,
      segment: top.g.segment,
      segmentN: own.n,
      restN: rest.n,
      segmentFriction: top.s.friction!,
      restFriction: c.before.friction,
      difference: c.change,
      low: c.changeLow,
      high: c.changeHigh,
      label:
        c.changeLow === null || c.changeHigh === null
          ? 'too few residents'
          : toGap(labelChange(c.changeLow, c.changeHigh)),
    });
  }
  return gaps;
}

/** Friction per step for every group of one attribute, and the biggest gap at each step. */
export function buildSegmentReport(
  db: Db,
  { by, confidence = defaultConfidence, weights = {}, ...which }: SegmentRequest,
): SegmentReport {
  const study = chooseStudy(db, which);
  const segments = segmentValues(db, study.id, by).map(({ value, residents }) => ({
    segment: value,
    n: residents,
    steps: scoreStudy(db, study, { confidence, weights }, { column: by, value }).steps,
  }));
  return {
    procedure: study.procedure,
    version: study.version,
    study: study.study,
    by,
    confidence,
    segments,
    gaps: gapsFor(db, study, by, segments, confidence, weights),
  };
}

/**
 * For the team dashboard: per step of a study, over every attribute, the group with the highest
 * friction and its difference to the rest.
 */
export function biggestGaps(db: Db, study: StudyRef, confidence = defaultConfidence): StepGap[] {
  const all = segmentColumns.flatMap((by) => buildSegmentReport(db, { study: study.study, by, confidence }).gaps);
  const best = new Map<string, StepGap>();
  for (const g of all) {
    const current = best.get(g.step);
    if (!current || g.segmentFriction > current.segmentFriction) best.set(g.step, g);
  }
  return stepsOfVersion(db, study.versionId).flatMap((s) => (best.has(s.step) ? [best.get(s.step)!] : []));
}
