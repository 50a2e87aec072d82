/**
 * The score report: research/ reads the study's statistics, analysis/ scores them. Shape
 * (other tools rely on these names): {procedure, study, confidence, weights, steps: [{step, title,
 * n, visits, friction, low, high, indicative, components, time, ease, residentsPerYear,
 * hoursPerYear, waiting, blockedBy}]}.
 */
import {
  defaultWeights,
  emptyStats,
  frictionEvents,
  rankSteps,
  scoreStep,
  waitQuantiles,
  type StepScore,
  type Weights,
} from '../../../analysis/friction';
import type { Db } from '../../../research/db';
import {
  chooseStudy,
  stepStatistics,
  stepsOfVersion,
  type Segment,
  type StudyRef,
} from '../../../research/repositories/scoring';
import { defaultConfidence } from '../../../analysis/distributions';

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

/** Score every step of a study's procedure version, ranked by the lower bound of F; with `segment`, only that group of residents. */
export function scoreStudy(
  db: Db,
  study: StudyRef,
  { confidence = defaultConfidence, weights = {} }: ScoreRequest = {},
  segment?: Segment,
): ScoreReport {
  const stats = stepStatistics(db, study.id, frictionEvents, waitQuantiles, segment);
  const steps = stepsOfVersion(db, study.versionId).map((s) => ({
    ...scoreStep(
      stats.get(s.id) ?? emptyStats(),
      { step: s.step, title: s.title, reachPerYear: study.applicantsPerYear * s.reach },
      { confidence, weights },
    ),
    position: s.position,
    actor: s.actor,
    department: s.department,
  }));
  return {
    procedure: study.procedure,
    version: study.version,
    study: study.study,
    round: study.round,
    confidence,
    weights: { ...defaultWeights, ...weights },
    steps: rankSteps(steps),
  };
}

export function buildScoreReport(db: Db, request: ScoreRequest): ScoreReport {
  return scoreStudy(db, chooseStudy(db, request), request);
}
