/**
 * Tell it once, on paper: information items a procedure asks for at more than one step — the
 * static twin of the observed "retold" count. Pure: a procedure definition in, a list out.
 */
import type { ProcedureDefinition } from '../procedures/schema';

export interface AskedAt {
  step: string;
  title: string;
  actor: string;
  actorName: string;
  department: string;
}

export interface RepeatedItem {
  item: string;
  name: string;
  steps: AskedAt[];
}

/** Items asked at two or more steps, most repeated first, then in procedure order. */
export function tellItOnce(p: ProcedureDefinition): RepeatedItem[] {
  const actors = new Map(p.actors.map((a) => [a.slug, a]));
  return p.information_items
    .map((item) => ({
      item: item.slug,
      name: item.name,
      steps: p.steps
        .filter((s) => s.asks.includes(item.slug))
        .map((s) => ({
          step: s.slug,
          title: s.title,
          actor: s.actor,
          actorName: actors.get(s.actor)!.name,
          department: actors.get(s.actor)!.department,
        })),
    }))
    .filter((r) => r.steps.length > 1)
    .sort((a, b) => b.steps.length - a.steps.length);
}
