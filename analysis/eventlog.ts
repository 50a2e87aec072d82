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

/** A count per ordered pair (from, to), keyed once. */
class PairCounts {
  readonly #pairs = new Map<string, { from: string; to: string; count: number }>();
  add(from: string, to: string): void {
    const key = `${from}\u0000${to}`;
    const pair = this.#pairs.get(key);
    if (pair) pair.count++;
    else this.#pairs.set(key, { from, to, count: 1 });
  }
  values() {
    return [...this.#pairs.values()];
  }
}

/** What one pass over the log counts, case by case. */
class LogTally {
  readonly activities = new Set<string>();
  readonly variants = new Map<string, number>();
  readonly dfg = new Map<string, { from: string; to: string; durations: number[] }>();
  readonly starts = new Map<string, number>();
  readonly ends = new Map<string, number>();
  readonly rework = new Map<string, number>();
  readonly groupPairs = new PairCounts();
  readonly handovers = new PairCounts();
  /** Resources working together: unordered pairs, stored in sorted order. */
  readonly together = new PairCounts();
  readonly durations: number[] = [];
  readonly activityEvents = new Map<string, number>();
  readonly activityCases = new Map<string, number>();
  reworkCases = 0;
  groupTransitions = 0;
  cases = 0;

  /** One case: `events[from]` up to, not including, `events[to]`. */
  addCase(events: LogEvent[], from: number, to: number): void {
    this.cases++;
    const seq: string[] = [];
    const seen = new Map<string, number>();
    const resources = new Set<string>();
    for (let k = from; k < to; k++) {
      const e = events[k];
      this.activities.add(e.activity);
      seq.push(e.activity);
      bump(seen, e.activity);
      bump(this.activityEvents, e.activity);
      if (e.resource) resources.add(e.resource);
      if (k > from) this.addStep(events[k - 1], e);
    }
    bump(this.starts, events[from].activity);
    bump(this.ends, events[to - 1].activity);
    bump(this.variants, seq.join('\u0000'));
    for (const activity of seen.keys()) bump(this.activityCases, activity);
    const rs = [...resources].sort();
    for (let x = 0; x < rs.length; x++) for (let y = x + 1; y < rs.length; y++) this.together.add(rs[x], rs[y]);
    let any = false;
    for (const [activity, n] of seen) {
      if (n >= 2) {
        bump(this.rework, activity);
        any = true;
      }
    }
    if (any) this.reworkCases++;
    this.durations.push((events[to - 1].time - events[from].time) / 1000);
  }

  /** Two events that follow each other in a case. */
  addStep(p: LogEvent, e: LogEvent): void {
    if (p.resource && e.resource) this.handovers.add(p.resource, e.resource);
    const key = `${p.activity}\u0000${e.activity}`;
    let edge = this.dfg.get(key);
    if (!edge) this.dfg.set(key, (edge = { from: p.activity, to: e.activity, durations: [] }));
    edge.durations.push((e.time - p.time) / 1000);
    if (p.group && e.group && p.group !== e.group) {
      this.groupTransitions++;
      this.groupPairs.add(p.group, e.group);
    }
  }
}

/**
 * Summarise an event log. `events` must be grouped by case and ordered within each case.
 * @example summarizeEventLog(events).dfgEdges.length // 16 on van der Aalst's running example
 */
export function summarizeEventLog(events: LogEvent[]): EventLogSummary {
  const t = new LogTally();
  for (let i = 0; i < events.length;) {
    let j = i;
    while (j < events.length && events[j].case === events[i].case) j++;
    t.addCase(events, i, j);
    i = j;
  }
  const durations = t.durations.sort((a, b) => a - b);
  return {
    cases: t.cases,
    events: events.length,
    activities: t.activities.size,
    variants: [...t.variants]
      .map(([v, count]) => ({ activities: v.split('\u0000'), count }))
      .sort((a, b) => b.count - a.count || a.activities.join('>').localeCompare(b.activities.join('>'))),
    dfgEdges: [...t.dfg.values()]
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
    startActivities: sortedRecord(t.starts),
    endActivities: sortedRecord(t.ends),
    reworkCases: t.reworkCases,
    reworkPerActivity: sortedRecord(t.rework),
    groupHandoffs: {
      transitions: t.groupTransitions,
      pairs: t.groupPairs.values().sort((a, b) => b.count - a.count || a.from.localeCompare(b.from)),
    },
    caseDuration: {
      mean: durations.length ? durations.reduce((s, x) => s + x, 0) / durations.length : 0,
      median: quantile(durations, 0.5),
      p90: quantile(durations, 0.9),
      min: durations[0] ?? 0,
      max: durations[durations.length - 1] ?? 0,
    },
    activityFrequencies: [...t.activityEvents]
      .map(([activity, n]) => ({ activity, events: n, cases: t.activityCases.get(activity) ?? 0 }))
      .sort((a, b) => b.events - a.events || a.activity.localeCompare(b.activity)),
    resourceHandovers: t.handovers
      .values()
      .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    workingTogether: t.together
      .values()
      .map(({ from: a, to: b, count }) => ({ a, b, cases: count, share: count / t.cases }))
      .sort((a, b) => b.cases - a.cases || a.a.localeCompare(b.a) || a.b.localeCompare(b.b)),
  };
}
