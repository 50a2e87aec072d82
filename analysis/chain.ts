/**
 * The chain per role: for each step an actor performs, which steps come before and after it,
 * who does them, and what the resident has already provided by then. What staff need to "know
 * what happens before and after you". Pure: a procedure definition in, plain data out.
 */
import type { ProcedureDefinition } from '../procedures/schema';
import { reach } from './graph';

export interface ChainStep {
  step: string;
  title: string;
  actor: string;
  actorName: string;
  department: string;
}

type Step = ProcedureDefinition['steps'][number];
type Actor = ProcedureDefinition['actors'][number];

/** A step as the chain and tell-it-once show it: with who does it and in which department. */
export function describeStep(s: Step, actors: ReadonlyMap<string, Actor>): ChainStep {
  const a = actors.get(s.actor)!;
  return { step: s.slug, title: s.title, actor: a.slug, actorName: a.name, department: a.department };
}

export interface Provided {
  item: string;
  name: string;
  /** Steps before this one that asked for it. */
  at: string[];
}

export interface ChainEntry extends ChainStep {
  before: ChainStep[];
  after: ChainStep[];
  /** Information the resident may already have given on the way here. */
  alreadyProvided: Provided[];
  /** What this step asks that the resident may already have given: ask the colleague, not the resident. */
  askedAgain: Provided[];
}

/** Steps reachable from `start` along `edges`, in procedure order. */
function reachable(start: string, edges: Map<string, string[]>, order: Map<string, number>): string[] {
  const seen = reach(start, edges);
  seen.delete(start);
  return [...seen].sort((a, b) => order.get(a)! - order.get(b)!);
}

/**
 * The chain around every step of `actor`. Return transitions are left out: "before" means on
 * the way here the first time.
 * @example chainForActor(bijstand, 'inkomensconsulent')[0].alreadyProvided
 */
export function chainForActor(p: ProcedureDefinition, actor: string): ChainEntry[] {
  const actors = new Map(p.actors.map((a) => [a.slug, a]));
  const items = new Map(p.information_items.map((i) => [i.slug, i.name]));
  const steps = new Map(p.steps.map((s) => [s.slug, s]));
  const order = new Map(p.steps.map((s, i) => [s.slug, i]));
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();
  for (const t of p.transitions) {
    if (t.kind === 'return') continue;
    forward.set(t.from, [...(forward.get(t.from) ?? []), t.to]);
    backward.set(t.to, [...(backward.get(t.to) ?? []), t.from]);
  }
  const describe = (slug: string): ChainStep => {
    const s = steps.get(slug)!;
    const a = actors.get(s.actor)!;
    return { step: s.slug, title: s.title, actor: a.slug, actorName: a.name, department: a.department };
  };
  return p.steps
    .filter((s) => s.actor === actor)
    .map((s) => {
      const before = reachable(s.slug, backward, order);
      const provided = new Map<string, string[]>();
      for (const b of before)
        for (const item of steps.get(b)!.asks) provided.set(item, [...(provided.get(item) ?? []), b]);
      const alreadyProvided = [...provided].map(([item, at]) => ({ item, name: items.get(item)!, at }));
      return {
        ...describe(s.slug),
        before: before.map(describe),
        after: reachable(s.slug, forward, order).map(describe),
        alreadyProvided,
        askedAgain: alreadyProvided.filter((p) => s.asks.includes(p.item)),
      };
    });
}
