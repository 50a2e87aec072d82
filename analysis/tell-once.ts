/**
 * Tell it once, on paper: information items a procedure asks for at more than one step — the
 * static twin of the observed "retold" count. Pure: a procedure definition in, a list out.
 */
import type { ProcedureDefinition } from '../procedures/schema';
import { describeStep, sharesData, type ChainStep } from './chain';

export interface RepeatedItem {
  item: string;
  name: string;
  steps: ChainStep[];
}

/**
 * Items asked at two or more steps, most repeated first, then in procedure order. A step where
 * the resident shares nothing with the organisation (an anonymous check) or is asked nothing (an
 * automatic step) does not count; a conditional or optional step counts, and says so.
 */
export function tellItOnce(p: ProcedureDefinition): RepeatedItem[] {
  const actors = new Map(p.actors.map((a) => [a.slug, a]));
  return p.information_items
    .map((item) => ({
      item: item.slug,
      name: item.name,
      steps: p.steps
        .filter((s) => s.asks.includes(item.slug) && sharesData(s) && !s.automatic)
        .map((s) => describeStep(s, actors)),
    }))
    .filter((r) => r.steps.length > 1)
    .sort((a, b) => b.steps.length - a.steps.length);
}
