/**
 * Quotes as honest evidence: whether each quoting resident found the step hard themselves (from
 * their own observations), whether most residents did, and the quotes a page may show — never the
 * same words twice, the experience most residents had first. Pure: rows in, rows out.
 */
import { foundHard, type ObservationInput } from './friction';

/** One visit of a step by a participant, as far as "found it hard" needs it. */
export type ResidentVisit = Pick<ObservationInput, 'outcome' | 'errors' | 'ease'> & {
  participant: number;
  step: string;
};

/** Per step, per resident: whether they found it hard (see `foundHard`); residents with no usable record are left out. */
export function experiencesOf(visits: ResidentVisit[]): Map<string, Map<number, boolean>> {
  const grouped = new Map<string, Map<number, ResidentVisit[]>>();
  for (const v of visits) {
    const step = grouped.get(v.step) ?? new Map<number, ResidentVisit[]>();
    step.set(v.participant, [...(step.get(v.participant) ?? []), v]);
    grouped.set(v.step, step);
  }
  return new Map(
    [...grouped].map(([step, residents]) => [
      step,
      new Map(
        [...residents].flatMap(([participant, vs]) => {
          const hard = foundHard(vs);
          return hard === null ? [] : [[participant, hard] as const];
        }),
      ),
    ]),
  );
}

/** True when more than half of the residents with a record found the step hard; null without records. */
export function mostFoundHard(residents: Map<number, boolean> | undefined): boolean | null {
  if (!residents || residents.size === 0) return null;
  return [...residents.values()].filter(Boolean).length * 2 > residents.size;
}

/**
 * Quotes as a page may show them: never the same words twice (compared without case, spacing and
 * punctuation), and the experience most residents had first — when most found the step hard,
 * quotes of residents who found it hard lead; otherwise those who did not.
 */
/** Words as a reader compares them: without case, spacing and punctuation ("Bellen ging snel." = "bellen  ging snel"). */
export const wordsKey = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function honestQuotes<Q extends { text: string; hard: boolean | null }>(
  quotes: Q[],
  mostHard: boolean | null,
): Q[] {
  const seen = new Set<string>();
  const distinct = quotes.filter((q) => !seen.has(wordsKey(q.text)) && seen.add(wordsKey(q.text)));
  if (mostHard === null) return distinct;
  const rank = (q: Q) => (q.hard === mostHard ? 0 : q.hard === null ? 1 : 2);
  return distinct
    .map((q, i) => [q, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([q]) => q);
}
