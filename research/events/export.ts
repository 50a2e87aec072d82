/**
 * Sessions as an event log, in PM4Py's conventions: one case per walkthrough or role-play
 * session, one event per observation. Walkthroughs record durations, not clock times, so each
 * event's `time:timestamp` is reconstructed: the session date at 09:00 UTC, plus every earlier
 * and the current step's waiting days and time on the step (the moment the step completed).
 */
import { consentCovers } from '../consent-sql';
import { csvLine } from '../csv/export';
import type { Db } from '../db';

export interface SessionEvent {
  case: string;
  activity: string;
  timestamp: string;
  resource: string;
  group: string;
  study: string;
  kind: string;
  outcome: string;
  seconds: number | null;
  retold: number | null;
  handoffs: number | null;
  waitDays: number | null;
}

/**
 * The events of every walkthrough and role-play session (of one study, when given), ordered.
 * An event log feeds analysis elsewhere, so only sessions analysis consent covers today leave.
 */
export function sessionEvents(db: Db, study?: string): SessionEvent[] {
  const rows = db
    .prepare<unknown[], Omit<SessionEvent, 'timestamp'> & { date: string }>(
      `SELECT se.code AS "case", st.slug AS activity, se.date, o.seconds, o.wait_days AS waitDays, a.slug AS resource, a.department AS "group",
         s2.code AS study, se.kind, o.outcome, o.retold, o.handoffs
       FROM observations o JOIN sessions se ON se.id = o.session_id JOIN studies s2 ON s2.id = se.study_id
       JOIN steps st ON st.id = o.step_id JOIN actors a ON a.id = st.actor_id
       WHERE se.kind IN ('walkthrough', 'roleplay') AND ${consentCovers('analysis', 'se')} ${study ? 'AND s2.code = ?' : ''}
       ORDER BY se.code, o.visit`,
    )
    .all(...(study ? [study] : []));
  let current = '';
  let clock = 0;
  return rows.map(({ date, ...r }) => {
    if (r.case !== current) {
      current = r.case;
      clock = Date.parse(`${date}T09:00:00Z`);
    }
    clock += (r.waitDays ?? 0) * 86_400_000 + (r.seconds ?? 0) * 1000;
    return { ...r, timestamp: new Date(Math.round(clock)).toISOString() };
  });
}

export const eventCsvColumns = [
  'case:concept:name',
  'concept:name',
  'time:timestamp',
  'org:resource',
  'org:group',
  'lifecycle:transition',
  'case:study',
  'case:kind',
  'outcome',
  'seconds',
  'retold',
  'handoffs',
  'wait_days',
];

export function eventsCsv(events: SessionEvent[]): string {
  return (
    csvLine(eventCsvColumns) +
    events
      .map((e) =>
        csvLine([
          e.case,
          e.activity,
          e.timestamp,
          e.resource,
          e.group,
          'complete',
          e.study,
          e.kind,
          e.outcome,
          e.seconds,
          e.retold,
          e.handoffs,
          e.waitDays,
        ]),
      )
      .join('')
  );
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attr = (type: string, key: string, value: string | number) =>
  `<${type} key="${esc(key)}" value="${esc(String(value))}"/>`;

/** XES (IEEE 1849-2016) with the concept, time, lifecycle and org extensions. */
export function eventsXes(events: SessionEvent[], logName = 'drempel sessions'): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1.0">',
    '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
    '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>',
    '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
    '  <global scope="trace">',
    `    ${attr('string', 'concept:name', '__INVALID__')}`,
    '  </global>',
    '  <global scope="event">',
    `    ${attr('string', 'concept:name', '__INVALID__')}`,
    `    ${attr('date', 'time:timestamp', '1970-01-01T00:00:00.000Z')}`,
    `    ${attr('string', 'lifecycle:transition', 'complete')}`,
    '  </global>',
    '  <classifier name="Activity" keys="concept:name"/>',
    '  <classifier name="Activity_and_lifecycle" keys="concept:name lifecycle:transition"/>',
    `  ${attr('string', 'concept:name', logName)}`,
  ];
  let open = '';
  for (const e of events) {
    if (e.case !== open) {
      if (open) out.push('  </trace>');
      open = e.case;
      out.push(
        '  <trace>',
        `    ${attr('string', 'concept:name', e.case)}`,
        `    ${attr('string', 'study', e.study)}`,
        `    ${attr('string', 'kind', e.kind)}`,
      );
    }
    out.push(
      '    <event>',
      `      ${attr('string', 'concept:name', e.activity)}`,
      `      ${attr('date', 'time:timestamp', e.timestamp)}`,
      `      ${attr('string', 'lifecycle:transition', 'complete')}`,
      `      ${attr('string', 'org:resource', e.resource)}`,
      `      ${attr('string', 'org:group', e.group)}`,
      `      ${attr('string', 'outcome', e.outcome)}`,
      ...(e.seconds === null ? [] : [`      ${attr('float', 'seconds', e.seconds)}`]),
      ...(e.retold === null ? [] : [`      ${attr('int', 'retold', e.retold)}`]),
      ...(e.handoffs === null ? [] : [`      ${attr('int', 'handoffs', e.handoffs)}`]),
      '    </event>',
    );
  }
  if (open) out.push('  </trace>');
  out.push('</log>', '');
  return out.join('\n');
}

export interface StoredEvent {
  case: string;
  activity: string;
  time: number;
  resource: string | null;
  group: string | null;
}

/**
 * The events of an imported log, grouped by case (in order of first appearance) and ordered
 * within each case by time, ties in source order. Read in file order and grouped here: cheaper
 * than an ORDER BY over a million rows, and the order of cases changes no measure.
 */
export function storedEvents(db: Db, logId: number): StoredEvent[] {
  const byCase = new Map<string, StoredEvent[]>();
  for (const r of db
    .prepare('SELECT case_id, activity, ts_ms, resource, grp FROM events WHERE log_id = ? ORDER BY position')
    .raw()
    .iterate(logId) as IterableIterator<[string, string, number, string | null, string | null]>) {
    const e = { case: r[0], activity: r[1], time: r[2], resource: r[3], group: r[4] };
    const list = byCase.get(e.case);
    if (list) list.push(e);
    else byCase.set(e.case, [e]);
  }
  const out: StoredEvent[] = [];
  for (const list of byCase.values()) {
    // A stable sort keeps the source order of events with the same time.
    for (let i = 1; i < list.length; i++)
      if (list[i].time < list[i - 1].time) {
        list.sort((a, b) => a.time - b.time);
        break;
      }
    for (const e of list) out.push(e);
  }
  return out;
}

export interface LogRef {
  id: number;
  name: string;
  source: string;
  format: string;
  cases: number;
  events: number;
  imported_at: string;
}

export function listLogs(db: Db): LogRef[] {
  return db
    .prepare<unknown[], LogRef>(
      'SELECT id, name, source, format, cases, events, imported_at FROM event_logs ORDER BY imported_at, id',
    )
    .all();
}
