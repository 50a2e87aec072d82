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
  /** Format 2, present only when set: the step is met only under this condition. */
  condition?: string;
  /** Format 2, present only when set: the resident may skip the step. */
  optional?: true;
}

type Step = ProcedureDefinition['steps'][number];
type Actor = ProcedureDefinition['actors'][number];

/** A step as the chain and tell-it-once show it: with who does it and in which department. */
export function describeStep(s: Step, actors: ReadonlyMap<string, Actor>): ChainStep {
  const a = actors.get(s.actor)!;
  return {
    step: s.slug,
    title: s.title,
    actor: a.slug,
    actorName: a.name,
    department: a.department,
    ...(s.condition === undefined ? {} : { condition: s.condition }),
    ...(s.optional ? { optional: true as const } : {}),
  };
}

/**
 * A step on the main route: one every resident passes. Conditional, optional and objection steps
 * are off it (they are not numbered in line with the main route).
 */
export function onMainRoute(s: Pick<Step, 'condition' | 'optional' | 'objection'>): boolean {
  return s.condition === undefined && !s.optional && s.objection === undefined;
}

/** "Inkomensconsulent (Inkomen)", or just "Inwoner" when the name is the department. */
export function whoDoes(s: { actorName: string; department: string }): string {
  return s.actorName === s.department ? s.actorName : `${s.actorName} (${s.department})`;
}

/**
 * Where the organisation learns nothing: an anonymous or self-service step (an online check).
 * What a resident enters there is not "given" to anyone.
 */
export function sharesData(s: Pick<Step, 'anonymous'>): boolean {
  return !s.anonymous;
}

export interface Provided {
  item: string;
  name: string;
  /** Steps before this one that asked for it (never an anonymous step: nothing is given there). */
  at: string[];
  /** The staff at those steps who received it, other than the actor whose chain this is: the colleagues to ask. */
  holders: string[];
}

export interface ChainEntry extends ChainStep {
  before: ChainStep[];
  after: ChainStep[];
  /** Information the resident may already have given on the way here. */
  alreadyProvided: Provided[];
  /** What this step asks that the resident may already have given: ask the colleague who has it, not the resident. */
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
    // Return edges go back; an outcome is an end state, not a step of the chain.
    if (t.kind === 'return' || !steps.has(t.to)) continue;
    forward.set(t.from, [...(forward.get(t.from) ?? []), t.to]);
    backward.set(t.to, [...(backward.get(t.to) ?? []), t.from]);
  }
  const describe = (slug: string): ChainStep => describeStep(steps.get(slug)!, actors);
  /** Staff who receive what a step asks: its actor and those taking part, never the resident. */
  const staffAt = (slug: string): string[] => {
    const s = steps.get(slug)!;
    return [s.actor, ...(s.with ?? [])].filter((a) => actors.get(a)!.kind !== 'resident');
  };
  /**
   * The colleagues who hold an item. Received on the main route by this actor: nobody to ask, it
   * is already here. Else the staff of the main-route steps; a step only some residents take counts
   * only when no main-route step had it.
   */
  const holdersOf = (at: string[]): string[] => {
    const staff = (list: string[]) => [...new Set(list.flatMap(staffAt))];
    const main = staff(at.filter((x) => onMainRoute(steps.get(x)!)));
    if (main.includes(actor)) return [];
    return (main.length ? main : staff(at).filter((a) => a !== actor)).map((a) => actors.get(a)!.name);
  };
  return p.steps
    .filter((s) => s.actor === actor || s.with?.includes(actor))
    .map((s) => {
      const before = reachable(s.slug, backward, order);
      const provided = new Map<string, string[]>();
      // Nothing is given at an anonymous check, and nobody gives anything at an automatic step.
      for (const b of before.filter((x) => sharesData(steps.get(x)!) && !steps.get(x)!.automatic))
        for (const item of steps.get(b)!.asks) provided.set(item, [...(provided.get(item) ?? []), b]);
      const alreadyProvided = [...provided].map(([item, at]) => ({
        item,
        name: items.get(item)!,
        at,
        holders: holdersOf(at),
      }));
      return {
        ...describe(s.slug),
        before: before.map(describe),
        after: reachable(s.slug, forward, order).map(describe),
        alreadyProvided,
        askedAgain: alreadyProvided.filter((p) => s.asks.includes(p.item)),
      };
    });
}
