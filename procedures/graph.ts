/**
 * Graph checks on a procedure's steps and transitions: every transition leaves a step and points
 * at a step or (format 2) an outcome,
 * every step is reachable from the first, and any cycle runs through a `return` transition
 * (a resident sent back to an earlier step is modelled explicitly, never by accident).
 */
import { unknownName, type ProcedureProblem } from './errors';
import type { ProcedureDefinition } from './schema';
import { reach } from '../analysis/graph';

export function checkGraph(d: ProcedureDefinition, file: string): ProcedureProblem[] {
  const problems: ProcedureProblem[] = [];
  const steps = new Set(d.steps.map((s) => s.slug));
  const outcomes = new Set((d.outcomes ?? []).map((o) => o.slug));
  const forward = new Map<string, string[]>();
  const all = new Map<string, string[]>();
  const reachedOutcomes = new Set<string>();
  d.transitions.forEach((t, i) => {
    let ok = true;
    if (!steps.has(t.from)) {
      problems.push({
        file,
        path: `transitions[${i}].from`,
        message: outcomes.has(t.from)
          ? `"${t.from}" is an outcome: an end state leads nowhere`
          : unknownName('step', t.from, [...steps]),
        severity: 'error',
      });
      ok = false;
    }
    if (outcomes.has(t.to)) {
      reachedOutcomes.add(t.to);
      return;
    }
    if (!steps.has(t.to)) {
      problems.push({
        file,
        path: `transitions[${i}].to`,
        message: outcomes.size
          ? unknownName('step or outcome', t.to, [...steps, ...outcomes])
          : unknownName('step', t.to, [...steps]),
        severity: 'error',
      });
      ok = false;
    }
    if (!ok) return;
    if (t.from === t.to) {
      problems.push({
        file,
        path: `transitions[${i}]`,
        message: `a step cannot follow itself ("${t.from}")`,
        severity: 'error',
      });
    }
    push(all, t.from, t.to);
    if (t.kind !== 'return') push(forward, t.from, t.to);
  });
  const first = d.steps[0].slug;
  const reached = reach(first, all);
  d.steps.forEach((s, i) => {
    if (!reached.has(s.slug)) {
      problems.push({
        file,
        path: `steps[${i}]`,
        message: `step "${s.slug}" cannot be reached from the first step "${first}"`,
        severity: 'error',
      });
    }
  });
  (d.outcomes ?? []).forEach((o, i) => {
    if (!reachedOutcomes.has(o.slug))
      problems.push({
        file,
        path: `outcomes[${i}]`,
        message: `no transition leads to outcome "${o.slug}"`,
        severity: 'warning',
      });
  });
  const cycle = findCycle([...steps], forward);
  if (cycle) {
    problems.push({
      file,
      path: 'transitions',
      message: `cycle ${cycle.join(' → ')} without a "return" transition (mark the edge back as kind: return)`,
      severity: 'error',
    });
  }
  return problems;
}

function push(map: Map<string, string[]>, k: string, v: string): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** A cycle in the graph as a list of slugs (first repeated at the end), or undefined. */
export function findCycle(nodes: string[], edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    path.push(n);
    for (const next of edges.get(n) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const c = visit(next);
        if (c) return c;
      }
    }
    path.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of nodes) {
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return undefined;
}
