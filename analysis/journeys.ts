/**
 * Journeys through the chain, from each session's ordered observations: hand-offs between
 * departments, re-tellings, loops and channel switches, plus a per-case "Kafka count".
 *
 * Kafka count (after the Kafkabrigade's "kastje-muur" cases), defined transparently, each detour once:
 *   observed hand-offs (the `handoffs` field: sent to another desk, department or organisation)
 * + re-tellings (the `retold` field: information given again)
 * + loops (a step visited again in the same session) — except a return that directly follows a
 *   hand-off: being sent back is one detour, already counted as the hand-off.
 * Department changes that the procedure itself prescribes (the step sequence) are reported
 * separately and not counted: they are the design, not the resident's detour. `skipped`
 * observations are not visits: they make no step, variant, loop or hand-off.
 */
import { summarizeEventLog, type EventLogSummary } from './eventlog';
import { orderStatistics, quantileFromOrder } from './means';

export interface JourneyObservation {
  session: string;
  kind: string;
  /** `skipped` rows are left out: the resident did not visit the step. */
  outcome?: string;
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
  /** Loops that directly follow a hand-off: the same detour as the hand-off, not counted again. */
  returnsAfterHandoff: number;
  channelSwitches: number;
  departmentChanges: number;
  kafka: number;
}

export interface JourneySummary extends Pick<
  EventLogSummary,
  | 'cases'
  | 'events'
  | 'activities'
  | 'variants'
  | 'startActivities'
  | 'endActivities'
  | 'reworkPerActivity'
  | 'groupHandoffs'
> {
  dfgEdges: { from: string; to: string; count: number }[];
  totals: { handoffs: number; retold: number; loops: number; returnsAfterHandoff: number; channelSwitches: number };
  kafka: { mean: number; median: number; max: number };
  perCase: CaseJourney[];
}

/** `rows` ordered by session and visit. */
export function summarizeJourneys(all: JourneyObservation[]): JourneySummary {
  const rows = all.filter((r) => r.outcome !== 'skipped');
  // Observations carry order, not clock time: the event index stands in for time.
  const log = summarizeEventLog(
    rows.map((r, i) => ({ case: r.session, activity: r.step, time: i * 1000, group: r.department })),
  );
  const perCase = new Map<string, CaseJourney>();
  const visited = new Map<string, Set<string>>();
  let previous: JourneyObservation | undefined;
  for (const r of rows) {
    let c = perCase.get(r.session);
    if (!c) {
      perCase.set(
        r.session,
        (c = {
          case: r.session,
          kind: r.kind,
          steps: 0,
          handoffs: 0,
          retold: 0,
          loops: 0,
          returnsAfterHandoff: 0,
          channelSwitches: 0,
          departmentChanges: 0,
          kafka: 0,
        }),
      );
      visited.set(r.session, new Set());
      previous = undefined;
    }
    const seen = visited.get(r.session)!;
    c.steps++;
    if (seen.has(r.step)) {
      c.loops++;
      if ((previous?.handoffs ?? 0) >= 1) c.returnsAfterHandoff++;
    }
    seen.add(r.step);
    c.handoffs += r.handoffs ?? 0;
    c.retold += r.retold ?? 0;
    c.channelSwitches += r.channel_switches ?? 0;
    if (previous && previous.department !== r.department) c.departmentChanges++;
    c.kafka = c.handoffs + c.retold + c.loops - c.returnsAfterHandoff;
    previous = r;
  }
  const cases = [...perCase.values()];
  const kafka = cases.map((c) => c.kafka).sort((a, b) => a - b);
  const sum = (f: (c: CaseJourney) => number) => cases.reduce((s, c) => s + f(c), 0);
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
    totals: {
      handoffs: sum((c) => c.handoffs),
      retold: sum((c) => c.retold),
      loops: sum((c) => c.loops),
      returnsAfterHandoff: sum((c) => c.returnsAfterHandoff),
      channelSwitches: sum((c) => c.channelSwitches),
    },
    kafka: {
      mean: kafka.length ? kafka.reduce((s, x) => s + x, 0) / kafka.length : 0,
      median: quantileFromOrder(orderStatistics(kafka, [0.5]), kafka.length, 0.5) ?? 0,
      max: kafka[kafka.length - 1] ?? 0,
    },
    perCase: cases.sort((a, b) => b.kafka - a.kafka || a.case.localeCompare(b.case)),
  };
}
