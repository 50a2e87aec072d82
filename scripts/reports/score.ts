/**
 * The score report: research/ reads the study's statistics, analysis/ scores them. Shape
 * (other tools rely on these names): {procedure, study, confidence, weights, steps: [{step, title,
 * n, friction, low, high, indicative, components, time, ease, residentsPerYear, burdenHours, blockedBy}]}.
 */
import { defaultWeights, emptyStats, frictionEvents, rankSteps, scoreStep, type StepScore, type StepStats, type Weights } from '../../analysis/friction';
import type { Db } from '../../research/db';
import { chooseStudy, stepStatistics, stepsOfVersion, type StudyRef } from '../../research/repositories/scoring';
import { UsageError } from '../io';

export interface ScoreReport {
  procedure: string;
  version: string;
  study: string;
  round: number;
  confidence: number;
  weights: Weights;
  steps: (StepScore & { position: number; actor: string; department: string })[];
}

export interface ScoreRequest {
  procedure?: string;
  study?: string;
  confidence?: number;
  weights?: Partial<Weights>;
}

/** Score every step of a study's procedure version, ranked by the lower bound of F. */
export function scoreStudy(db: Db, study: StudyRef, { confidence = 0.9, weights = {} }: ScoreRequest = {}): ScoreReport {
  const stats = stepStatistics(db, study.id, frictionEvents);
  const steps = stepsOfVersion(db, study.versionId).map((s) => ({
    ...scoreStep((stats.get(s.id) as StepStats | undefined) ?? emptyStats(), { step: s.step, title: s.title, reachPerYear: study.applicantsPerYear * s.reach }, { confidence, weights }),
    position: s.position,
    actor: s.actor,
    department: s.department,
  }));
  return { procedure: study.procedure, version: study.version, study: study.study, round: study.round, confidence, weights: { ...defaultWeights, ...weights }, steps: rankSteps(steps) };
}

export function buildScoreReport(db: Db, request: ScoreRequest): ScoreReport {
  return scoreStudy(db, chooseStudy(db, request), request);
}

/** `--confidence 0.9` → 0.9, with a usage error for anything outside (0, 1). */
export function parseConfidence(value: unknown): number {
  if (value === undefined) return 0.9;
  const c = Number(value);
  if (!(c > 0 && c < 1)) throw new UsageError(`invalid confidence: ${value} (expected a number between 0 and 1, such as 0.9)`);
  return c;
}

/** `--weights burden=2,overTime=0` → {burden: 2, overTime: 0}. */
export function parseWeights(value: unknown): Partial<Weights> {
  if (value === undefined) return {};
  const out: Partial<Weights> = {};
  for (const part of String(value).split(',')) {
    const [key, raw] = part.split('=');
    if (!(key in defaultWeights)) throw new UsageError(`invalid weight: ${key} (expected one of ${Object.keys(defaultWeights).join(', ')})`);
    const w = Number(raw);
    if (!(w >= 0) || raw === undefined || raw === '') throw new UsageError(`invalid weight for ${key}: ${raw} (expected a number ≥ 0)`);
    out[key as keyof Weights] = w;
  }
  return out;
}
