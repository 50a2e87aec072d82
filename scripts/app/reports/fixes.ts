/**
 * Did a fix work? For every fix with a round that measures it, the friction of its findings'
 * steps before (the findings' study) and after (that round), with the interval of the change:
 * "improved" only when the interval lies wholly below zero, "worse" only when wholly above,
 * "no measurable change yet" otherwise, and "too few residents" when either side lacks them.
 */
import { defaultConfidence } from '../../../analysis/distributions';
import type { Db } from '../../../research/db';
import {
  fixTargets,
  listFixes,
  saveVerification,
  type Verification,
  type VerificationResult,
} from '../../../research/repositories/findings';
import { NotFoundError } from '../../../research/errors';
import { buildCompareReport } from './compare';

const results: Record<string, VerificationResult> = {
  improved: 'improved',
  unclear: 'no measurable change yet',
  worse: 'worse',
  'too few residents': 'too few residents',
};

export interface VerifyOutcome {
  verified: Verification[];
  /** Fixes that could not be measured yet, and why. */
  skipped: { fix: string; reason: string }[];
}

export function verifyFixes(
  db: Db,
  { now, confidence = defaultConfidence, only }: { now: string; confidence?: number; only?: string },
): VerifyOutcome {
  const out: VerifyOutcome = { verified: [], skipped: [] };
  const fixes = listFixes(db);
  if (only && !fixes.some((x) => x.fix === only)) throw new NotFoundError('fix', only);
  for (const fix of fixes) {
    if (only && fix.fix !== only) continue;
    const t = fixTargets(db, fix.fix);
    const skip = (reason: string) => out.skipped.push({ fix: fix.fix, reason });
    // Only a change that was made can have worked: a proposal, a plan or a dropped idea is not credited.
    if (fix.status !== 'done' && fix.status !== 'in progress') {
      skip(`not carried out (status ${fix.status}): set \`drempel fixes status ${fix.fix} done\` once it is`);
      continue;
    }
    if (!t.after) {
      skip(`no round to measure it (give one with \`drempel fixes edit ${fix.fix} --measure STUDY\`)`);
      continue;
    }
    if (!t.before) {
      skip('none of its findings names a study to compare with');
      continue;
    }
    if (!t.steps.length) {
      skip('none of its findings names a step');
      continue;
    }
    const report = buildCompareReport(db, { before: t.before, after: t.after, confidence });
    const rows = t.steps.flatMap((step) => {
      const s = report.steps.find((x) => x.step === step);
      return s
        ? [
            {
              fix: fix.fix,
              step,
              before: t.before!,
              after: t.after!,
              verifiedAt: now,
              frictionBefore: s.before.friction,
              frictionAfter: s.after.friction,
              change: s.change,
              changeLow: s.changeLow,
              changeHigh: s.changeHigh,
              residentsBefore: s.before.n,
              residentsAfter: s.after.n,
              result: results[s.label],
              confidence: report.confidence,
              indicative: s.indicative,
            },
          ]
        : [];
    });
    saveVerification(db, rows);
    out.verified.push(...rows);
  }
  return out;
}
