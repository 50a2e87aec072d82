/** Before/after report: two studies of one procedure compared step by step (slugs are stable across versions). */
import { compareStep, type StepChange } from '../../../analysis/compare';
import { emptyStats, frictionEvents, type Weights, waitQuantiles } from '../../../analysis/friction';
import { DrempelError } from '../../../research/errors';
import type { Db } from '../../../research/db';
import { getStudy, stepStatistics, stepsOfVersion } from '../../../research/repositories/scoring';
import { defaultConfidence } from '../../../analysis/distributions';

export interface CompareReport {
  procedure: string;
  before: { study: string; version: string; round: number };
  after: { study: string; version: string; round: number };
  confidence: number;
  steps: StepChange[];
}

export function buildCompareReport(
  db: Db,
  {
    procedure,
    before,
    after,
    confidence = defaultConfidence,
    weights = {},
  }: { procedure?: string; before: string; after: string; confidence?: number; weights?: Partial<Weights> },
): CompareReport {
  const s1 = getStudy(db, before);
  const s2 = getStudy(db, after);
  if (s1.procedure !== s2.procedure)
    throw new DrempelError(
      `studies ${before} and ${after} are of different procedures (${s1.procedure}, ${s2.procedure})`,
    );
  if (procedure && s1.procedure !== procedure)
    throw new DrempelError(`study ${before} is of procedure ${s1.procedure}, not ${procedure}`);
  const stats1 = stepStatistics(db, s1.id, frictionEvents, waitQuantiles);
  const stats2 = stepStatistics(db, s2.id, frictionEvents, waitQuantiles);
  const steps1 = new Map(stepsOfVersion(db, s1.versionId).map((s) => [s.step, s]));
  const steps = stepsOfVersion(db, s2.versionId).map((s) => {
    const old = steps1.get(s.step);
    const a = (old && stats1.get(old.id)) ?? emptyStats();
    const b = stats2.get(s.id) ?? emptyStats();
    return compareStep(a, b, { step: s.step, title: s.title }, { confidence, weights });
  });
  steps.sort(
    (x, y) =>
      (x.change === null ? 1 : 0) - (y.change === null ? 1 : 0) || Math.abs(y.change ?? 0) - Math.abs(x.change ?? 0),
  );
  return {
    procedure: s1.procedure,
    before: { study: s1.study, version: s1.version, round: s1.round },
    after: { study: s2.study, version: s2.version, round: s2.round },
    confidence,
    steps,
  };
}
