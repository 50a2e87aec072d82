/**
 * Priorities across procedures: every step of each procedure's latest study (or of the studies
 * asked for), ranked by residents affected per year (F × reach) or by the hours residents spend
 * there per year, with the strongest evidence — the tagged quotes the team may see
 * (quote_internal consent).
 */
import type { StepScore } from '../../../analysis/friction';
import type { Db } from '../../../research/db';
import { evidenceQuotes, residentVisits, type EvidenceQuote } from '../../../research/repositories/quotes';
import { experiencesOf, honestQuotes, mostFoundHard } from '../../../analysis/evidence';
import { componentKeys, type ComponentKey } from '../../../analysis/friction';
import { getStudy, listStudies } from '../../../research/repositories/scoring';
import { scoreStudy, type ScoreRequest } from './score';
import { defaultConfidence } from '../../../analysis/distributions';

export type PriorityRanking = 'residents' | 'hours';
export const priorityRankings: PriorityRanking[] = ['residents', 'hours'];

export interface Priority extends Pick<
  StepScore,
  | 'step'
  | 'title'
  | 'n'
  | 'visits'
  | 'friction'
  | 'low'
  | 'high'
  | 'indicative'
  | 'residentsPerYear'
  | 'hoursPerYear'
  | 'hoursPerYearLow'
  | 'hoursPerYearHigh'
  | 'waiting'
> {
  /** Place in the ranking asked for; null when the step has no figure to rank by. */
  rank: number | null;
  procedure: string;
  study: string;
  /** Residents affected per year at the lower bound of F: the figure the evidence supports. */
  residentsPerYearLow: number | null;
  evidence: Pick<EvidenceQuote, 'quote' | 'text' | 'tags'>[];
  /** What drives the score: the components with the highest share, with their counts. */
  drivers: { key: ComponentKey; estimate: number; events: number; n: number }[];
}

export interface PrioritiesRequest extends ScoreRequest {
  by?: PriorityRanking;
  /** Studies to rank (codes); default the latest study of every procedure. */
  studies?: string[];
  evidencePerStep?: number;
}

export function buildPriorities(
  db: Db,
  {
    confidence = defaultConfidence,
    weights = {},
    by = 'residents',
    studies,
    evidencePerStep = 2,
  }: PrioritiesRequest = {},
): Priority[] {
  const chosen = studies?.length
    ? studies.map((code) => getStudy(db, code))
    : [...new Map(listStudies(db).map((s) => [s.procedure, s])).values()]; // ordered by start: the last one wins
  const rows: Omit<Priority, 'rank'>[] = [];
  for (const study of chosen) {
    const report = scoreStudy(db, study, { confidence, weights });
    const quotes = evidenceQuotes(db, study.id, 'quote_internal');
    const experiences = experiencesOf(residentVisits(db, study.id));
    for (const s of report.steps) {
      const reach = s.friction && s.residentsPerYear !== null ? s.residentsPerYear / s.friction : null;
      rows.push({
        procedure: study.procedure,
        study: study.study,
        step: s.step,
        title: s.title,
        n: s.n,
        visits: s.visits,
        friction: s.friction,
        low: s.low,
        high: s.high,
        indicative: s.indicative,
        residentsPerYear: s.residentsPerYear,
        residentsPerYearLow: reach !== null && s.low !== null ? s.low * reach : null,
        hoursPerYear: s.hoursPerYear,
        hoursPerYearLow: s.hoursPerYearLow,
        hoursPerYearHigh: s.hoursPerYearHigh,
        waiting: s.waiting,
        // Honest evidence: distinct words, the experience most residents had at the step first.
        evidence: honestQuotes(
          quotes
            .filter((q) => q.step === s.step)
            .map((q) => ({
              ...q,
              hard: q.participant === null ? null : (experiences.get(s.step)?.get(q.participant) ?? null),
            })),
          mostFoundHard(experiences.get(s.step)),
        )
          .slice(0, evidencePerStep)
          .map(({ quote, text, tags }) => ({ quote, text, tags })),
        drivers: componentKeys
          .flatMap((key) => {
            const c = s.components[key];
            return c && c.estimate !== null && c.events > 0
              ? [{ key, estimate: c.estimate, events: c.events, n: c.n }]
              : [];
          })
          .sort((a, b) => b.estimate - a.estimate)
          .slice(0, 3),
      });
    }
  }
  // By the lower bound, as score ranks by the lower bound of F: a step ranks high only when the
  // evidence is strong, not because a small sample happened to look bad. The point estimate breaks ties.
  const low = (r: Omit<Priority, 'rank'>) => (by === 'hours' ? r.hoursPerYearLow : r.residentsPerYearLow);
  const point = (r: Omit<Priority, 'rank'>) => (by === 'hours' ? r.hoursPerYear : r.residentsPerYear);
  rows.sort((a, b) => (low(b) ?? -1) - (low(a) ?? -1) || (point(b) ?? -1) - (point(a) ?? -1));
  let rank = 0;
  return rows.map((r) => ({ rank: point(r) === null ? null : ++rank, ...r }));
}
