/**
 * Journeys through the chain, from each session's ordered observations: hand-offs between
 * departments, re-tellings, loops and channel switches, plus a per-case "Kafka count".
 *
 * Kafka count (after the Kafkabrigade's "kastje-muur" cases), defined transparently:
 *   observed hand-offs (the `handoffs` field: sent to another desk, department or organisation)
 * + re-tellings (the `retold` field: information given again)
 * + loops (a step visited again in the same session).
 * Department changes that the procedure itself prescribes (the step sequence) are reported
 * separately and not counted: they are the design, not the resident's detour.
 */
import { summarizeEventLog, type EventLogSummary } from './eventlog';

export interface JourneyObservation {
  session: string;
  kind: string;
  step: string;
  department: string;
  retold: number | null;
  handoffs: number | null;
  channel_switches: number | null;
}

export interface CaseJourney {
  case: string;
  kind: string;
  steps: number;
  handoffs: number;
  retold: number;
  loops: number;
  channelSwitches: number;
  departmentChanges: number;
  kafka: number;
}

export interface JourneySummary extends Pick<EventLogSummary, 'cases' | 'events' | 'activities' | 'variants' | 'startActivities' | 'endActivities' | 'reworkPerActivity' | 'groupHandoffs'> {
  dfgEdges: { from: string; to: string; count: number }[];
  totals: { handoffs: number; retold: number; loops: number; channelSwitches: number };
  kafka: { mean: number; median: number; max: number };
  perCase: CaseJourney[];
}

/** `rows` ordered by session and visit. */
export function summarizeJourneys(rows: JourneyObservation[]): JourneySummary {
  // Observations carry order, not clock time: the event index stands in for time.
  const log = summarizeEventLog(rows.map((r, i) => ({ case: r.session, activity: r.step, time: i * 1000, group: r.department })));
  const perCase = new Map<string, CaseJourney>();
  const visited = new Map<string, Set<string>>();
  let previous: JourneyObservation | undefined;
  for (const r of rows) {
    let c = perCase.get(r.session);
    if (!c) {
      perCase.set(r.session, (c = { case: r.session, kind: r.kind, steps: 0, handoffs: 0, retold: 0, loops: 0, channelSwitches: 0, departmentChanges: 0, kafka: 0 }));
      visited.set(r.session, new Set());
      previous = undefined;
    }
    const seen = visited.get(r.session)!;
    c.steps++;
    if (seen.has(r.step)) c.loops++;
    seen.add(r.step);
    c.handoffs += r.handoffs ?? 0;
    c.retold += r.retold ?? 0;
    c.channelSwitches += r.channel_switches ?? 0;
    if (previous && previous.department !== r.department) c.departmentChanges++;
    c.kafka = c.handoffs + c.retold + c.loops;
    previous = r;
  }
  const cases = [...perCase.values()];
  const kafka = cases.map((c) => c.kafka).sort((a, b) => a - b);
  const sum = (f: (c: CaseJourney) => number) => cases.reduce((s, c) => s + f(c), 0);
  const mid = kafka.length >> 1;
  return {
    cases: log.cases,
    events: log.events,
    activities: log.activities,
    variants: log.variants,
    dfgEdges: log.dfgEdges.map(({ from, to, count }) => ({ from, to, count })),
    startActivities: log.startActivities,
    endActivities: log.endActivities,
    reworkPerActivity: log.reworkPerActivity,
    groupHandoffs: log.groupHandoffs,
    totals: { handoffs: sum((c) => c.handoffs), retold: sum((c) => c.retold), loops: sum((c) => c.loops), channelSwitches: sum((c) => c.channelSwitches) },
    kafka: {
      mean: kafka.length ? kafka.reduce((s, x) => s + x, 0) / kafka.length : 0,
      median: !kafka.length ? 0 : kafka.length % 2 ? kafka[mid] : (kafka[mid - 1] + kafka[mid]) / 2,
      max: kafka[kafka.length - 1] ?? 0,
    },
    perCase: cases.sort((a, b) => b.kafka - a.kafka || a.case.localeCompare(b.case)),
  };
}
