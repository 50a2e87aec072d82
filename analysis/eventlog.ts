/**
 * Process-mining measures with PM4Py 2.7's semantics (docs/method.md, "Event logs"), over events
 * already ordered per case by time (ties in source order). Pure and single-pass per case.
 */
import { orderStatistics, quantileFromOrder } from './means';
export interface LogEvent {
  case: string;
  activity: string;
  /** Milliseconds since the epoch. */
  time: number;
  resource?: string | null;
  group?: string | null;
}

export interface DfgEdge {
  from: string;
  to: string;
  /** Every occurrence of b directly after a in a case (not once per case). */
  count: number;
  /** Performance: mean time between a and b, seconds. */
  meanSeconds: number;
  medianSeconds: number;
}

export interface EventLogSummary {
  cases: number;
  events: number;
  activities: number;
  variants: { activities: string[]; count: number }[];
  dfgEdges: DfgEdge[];
  startActivities: Record<string, number>;
  endActivities: Record<string, number>;
  /** Cases in which some activity occurs at least twice. */
  reworkCases: number;
  /** Per activity: the number of cases in which it occurs at least twice (PM4Py's rework). */
  reworkPerActivity: Record<string, number>;
  /** Hand-offs between departments: consecutive events whose org:group differs (a ≠ b). */
  groupHandoffs: { transitions: number; pairs: { from: string; to: string; count: number }[] };
  /** Case duration (last − first timestamp) in seconds; median and P90 are type-7 quantiles. */
  caseDuration: { mean: number; median: number; p90: number; min: number; max: number };
  /** Per activity: how often it occurs (events) and in how many cases. */
  activityFrequencies: { activity: string; events: number; cases: number }[];
  /**
   * Handover of work (PM4Py's social network, beta 0): consecutive events of a case by resource a
   * then resource b, every occurrence counted, self-pairs (a = a) included as PM4Py does.
   */
  resourceHandovers: { from: string; to: string; count: number }[];
  /** Working together: two different resources that both act in a case, counted per case, with the share of all cases. */
  workingTogether: { a: string; b: string; cases: number; share: number }[];
}

/** A type-7 quantile of a sample (the median at p = 0.5); 0 for an empty one. */
function quantile(values: number[], p: number): number {
  return quantileFromOrder(orderStatistics(values, [p]), values.length, p) ?? 0;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

const sortedRecord = (map: Map<string, number>) =>
  Object.fromEntries([...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));

/**
 * Summarise an event log. `events` must be grouped by case and ordered within each case.
 * @example summarizeEventLog(events).dfgEdges.length // 16 on van der Aalst's running example
 */
export function summarizeEventLog(events: LogEvent[]): EventLogSummary {
  const activities = new Set<string>();
  const variants = new Map<string, number>();
  const dfg = new Map<string, { from: string; to: string; durations: number[] }>();
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const rework = new Map<string, number>();
  const groupPairs = new Map<string, { from: string; to: string; count: number }>();
  const durations: number[] = [];
  const activityEvents = new Map<string, number>();
  const activityCases = new Map<string, number>();
  const handovers = new Map<string, { from: string; to: string; count: number }>();
  const together = new Map<string, { a: string; b: string; cases: number }>();
  let reworkCases = 0;
  let groupTransitions = 0;
  let cases = 0;

  let i = 0;
  while (i < events.length) {
    const id = events[i].case;
    let j = i;
    while (j < events.length && events[j].case === id) j++;
    cases++;
    const seq: string[] = [];
    const seen = new Map<string, number>();
    const resources = new Set<string>();
    for (let k = i; k < j; k++) {
      const e = events[k];
      activities.add(e.activity);
      seq.push(e.activity);
      bump(seen, e.activity);
      bump(activityEvents, e.activity);
      if (e.resource) resources.add(e.resource);
      if (k > i) {
        const p = events[k - 1];
        if (p.resource && e.resource) {
          const hk = `${p.resource}\u0000${e.resource}`;
          const h = handovers.get(hk);
          if (h) h.count++;
          else handovers.set(hk, { from: p.resource, to: e.resource, count: 1 });
        }
        const key = `${p.activity}\u0000${e.activity}`;
        let edge = dfg.get(key);
        if (!edge) dfg.set(key, (edge = { from: p.activity, to: e.activity, durations: [] }));
        edge.durations.push((e.time - p.time) / 1000);
        if (p.group && e.group && p.group !== e.group) {
          groupTransitions++;
          const gk = `${p.group}\u0000${e.group}`;
          const pair = groupPairs.get(gk);
          if (pair) pair.count++;
          else groupPairs.set(gk, { from: p.group, to: e.group, count: 1 });
        }
      }
    }
    bump(starts, events[i].activity);
    bump(ends, events[j - 1].activity);
    bump(variants, seq.join('\u0000'));
    for (const activity of seen.keys()) bump(activityCases, activity);
    const rs = [...resources].sort();
    for (let x = 0; x < rs.length; x++) {
      for (let y = x + 1; y < rs.length; y++) {
        const tk = `${rs[x]}\u0000${rs[y]}`;
        const t = together.get(tk);
        if (t) t.cases++;
        else together.set(tk, { a: rs[x], b: rs[y], cases: 1 });
      }
    }
    let any = false;
    for (const [activity, n] of seen) {
      if (n >= 2) {
        bump(rework, activity);
        any = true;
      }
    }
    if (any) reworkCases++;
    durations.push((events[j - 1].time - events[i].time) / 1000);
    i = j;
  }
  durations.sort((a, b) => a - b);
  return {
    cases,
    events: events.length,
    activities: activities.size,
    variants: [...variants]
      .map(([v, count]) => ({ activities: v.split('\u0000'), count }))
      .sort((a, b) => b.count - a.count || a.activities.join('>').localeCompare(b.activities.join('>'))),
    dfgEdges: [...dfg.values()]
      .map(({ from, to, durations: d }) => {
        d.sort((a, b) => a - b);
        return {
          from,
          to,
          count: d.length,
          meanSeconds: d.reduce((s, x) => s + x, 0) / d.length,
          medianSeconds: quantile(d, 0.5),
        };
      })
      .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    startActivities: sortedRecord(starts),
    endActivities: sortedRecord(ends),
    reworkCases,
    reworkPerActivity: sortedRecord(rework),
    groupHandoffs: {
      transitions: groupTransitions,
      pairs: [...groupPairs.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from)),
    },
    caseDuration: {
      mean: durations.length ? durations.reduce((s, x) => s + x, 0) / durations.length : 0,
      median: quantile(durations, 0.5),
      p90: quantile(durations, 0.9),
      min: durations[0] ?? 0,
      max: durations[durations.length - 1] ?? 0,
    },
    activityFrequencies: [...activityEvents]
      .map(([activity, n]) => ({ activity, events: n, cases: activityCases.get(activity) ?? 0 }))
      .sort((a, b) => b.events - a.events || a.activity.localeCompare(b.activity)),
    resourceHandovers: [...handovers.values()].sort(
      (a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    ),
    workingTogether: [...together.values()]
      .map((t) => ({ ...t, share: t.cases / cases }))
      .sort((a, b) => b.cases - a.cases || a.a.localeCompare(b.a) || a.b.localeCompare(b.b)),
  };
}
