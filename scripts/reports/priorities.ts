/**
 * Priorities across procedures: every step of each procedure's latest study, ranked by the
 * residents affected per year (F × reach), with burden hours and the strongest evidence — the
 * tagged quotes the team may see (quote_internal consent).
 */
import type { StepScore } from '../../analysis/friction';
import { listStudies } from '../../research/repositories/scoring';
import { evidenceQuotes, type EvidenceQuote } from '../../research/repositories/quotes';
import type { Db } from '../../research/db';
import { scoreStudy, type ScoreRequest } from './score';

export interface Priority
  extends Pick<StepScore, 'step' | 'title' | 'n' | 'friction' | 'low' | 'high' | 'indicative' | 'residentsPerYear' | 'burdenHours' | 'burden'> {
  rank: number | null;
  procedure: string;
  study: string;
  /** Residents affected per year at the lower bound of F: the figure the evidence supports. */
  residentsPerYearLow: number | null;
  evidence: Pick<EvidenceQuote, 'quote' | 'text' | 'tags'>[];
}

export function buildPriorities(db: Db, { confidence = 0.9, weights = {}, evidencePerStep = 2 }: ScoreRequest & { evidencePerStep?: number } = {}): Priority[] {
  const latest = new Map(listStudies(db).map((s) => [s.procedure, s])); // ordered by start: the last one wins
  const rows: Omit<Priority, 'rank'>[] = [];
  for (const study of latest.values()) {
    const report = scoreStudy(db, study, { confidence, weights });
    const quotes = evidenceQuotes(db, study.id, 'quote_internal');
    for (const s of report.steps) {
      const reach = s.friction && s.residentsPerYear !== null ? s.residentsPerYear / s.friction : null;
      rows.push({
        procedure: study.procedure, study: study.study, step: s.step, title: s.title, n: s.n, friction: s.friction, low: s.low, high: s.high,
        indicative: s.indicative, residentsPerYear: s.residentsPerYear, residentsPerYearLow: reach !== null && s.low !== null ? s.low * reach : null,
        burdenHours: s.burdenHours,
        burden: s.burden,
        evidence: quotes
          .filter((q) => q.step === s.step && q.tags.length)
          .sort((a, b) => b.tags.length - a.tags.length || a.quote.localeCompare(b.quote))
          .slice(0, evidencePerStep)
          .map(({ quote, text, tags }) => ({ quote, text, tags })),
      });
    }
  }
  rows.sort((a, b) => (b.residentsPerYear ?? -1) - (a.residentsPerYear ?? -1) || (b.burdenHours ?? -1) - (a.burdenHours ?? -1));
  let rank = 0;
  return rows.map((r) => ({ rank: r.residentsPerYear === null ? null : ++rank, ...r }));
}
