import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarizeEventLog } from '../../analysis/eventlog';
import { summarizeJourneys } from '../../analysis/journeys';
import { eventsCsv, eventsXes, listLogs, sessionEvents, storedEvents } from '../../research/events/export';
import { importEventLog } from '../../research/events/import';
import { parseTimestamp } from '../../research/events/timestamps';
import { CsvImportError } from '../../research/errors';
import { listStudies, observationRows } from '../../research/repositories/scoring';
import { dump, fixedNow, makeDb, makeSampleDb, root, tempDir, writeTemp } from '../helpers';

const fixtures = join(root, 'tests/fixtures');
const runningExample = join(fixtures, 'eventlogs/running-example.csv');
const xsd = join(fixtures, 'schemas/xes-ieee-1849-2016.xsd');

async function summaryOf(path: string, opts = {}) {
  const db = makeDb();
  await importEventLog(db, path, { now: fixedNow, ...opts });
  const [log] = listLogs(db);
  return summarizeEventLog(storedEvents(db, log.id));
}

describe('parseTimestamp()', () => {
  test('normalises offsets to UTC, keeps milliseconds of microsecond timestamps', () => {
    expect(new Date(parseTimestamp('2010-12-30 14:32:00+01:00')!.ms).toISOString()).toBe('2010-12-30T13:32:00.000Z');
    expect(new Date(parseTimestamp('2011-10-11 13:45:40.276000+02:00')!.ms).toISOString()).toBe(
      '2011-10-11T11:45:40.276Z',
    );
    expect(new Date(parseTimestamp('2026-03-29T03:30:00+0200')!.ms).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parseTimestamp('2026-03-01T10:00:00Z')!.hasOffset).toBe(true);
    expect(parseTimestamp('2026-03-01 10:00')!.hasOffset).toBe(false);
    expect(parseTimestamp('2026-02-30 10:00:00Z')).toBeUndefined();
    expect(parseTimestamp('gisteren')).toBeUndefined();
  });
});

describe('the running example (van der Aalst, Process Mining; PM4Py test data)', () => {
  test('6 cases, 42 events, 8 activities, 6 variants, 16 directly-follows edges', async () => {
    const s = await summaryOf(runningExample);
    expect({
      cases: s.cases,
      events: s.events,
      activities: s.activities,
      variants: s.variants.length,
      dfgEdges: s.dfgEdges.length,
    }).toEqual({
      cases: 6,
      events: 42,
      activities: 8,
      variants: 6,
      dfgEdges: 16,
    });
  });

  test('PM4Py semantics: DFG counts every occurrence; rework counts cases; start and end activities', async () => {
    const s = await summaryOf(runningExample);
    expect(s.dfgEdges.find((e) => e.from === 'decide' && e.to === 'reinitiate request')!.count).toBe(3);
    expect(s.reworkPerActivity).toEqual({
      'check ticket': 2,
      decide: 2,
      'examine casually': 1,
      'reinitiate request': 1,
    });
    expect(s.reworkCases).toBe(2);
    expect(s.startActivities).toEqual({ 'register request': 6 });
    expect(s.endActivities).toEqual({ 'pay compensation': 3, 'reject request': 3 });
  });

  test('per-activity frequencies: events as in the book (Table 1.1: check ticket 9, decide 9, …) and cases', async () => {
    const s = await summaryOf(runningExample);
    expect(s.activityFrequencies).toEqual([
      { activity: 'check ticket', events: 9, cases: 6 },
      { activity: 'decide', events: 9, cases: 6 },
      { activity: 'examine casually', events: 6, cases: 4 },
      { activity: 'register request', events: 6, cases: 6 },
      { activity: 'examine thoroughly', events: 3, cases: 3 },
      { activity: 'pay compensation', events: 3, cases: 3 },
      { activity: 'reinitiate request', events: 3, cases: 2 },
      { activity: 'reject request', events: 3, cases: 3 },
    ]);
  });

  test('handover of work between resources (self-pairs included) and working together, counted from the raw file by hand', async () => {
    const s = await summaryOf(runningExample);
    expect(s.resourceHandovers).toHaveLength(20);
    expect(s.resourceHandovers[0]).toEqual({ from: 'Sara', to: 'Ellen', count: 4 });
    expect(s.resourceHandovers).toContainEqual({ from: 'Sara', to: 'Sara', count: 3 });
    expect(s.workingTogether).toHaveLength(14);
    expect(s.workingTogether[0]).toEqual({ a: 'Mike', b: 'Sara', cases: 6, share: 1 });
  });

  test('case durations: median 815,940 s and P90 1,472,610 s of the six cases (type 7)', async () => {
    const s = await summaryOf(runningExample);
    expect(s.caseDuration).toMatchObject({ median: 815940, p90: 1472610, min: 520920, max: 1576440 });
  });
});

describe('the receipt log (Buijs 2014, CoSeLoG; 4TU.ResearchData)', () => {
  test('1,434 cases and 8,577 events; hand-offs between org:group values', async () => {
    const s = await summaryOf(join(fixtures, 'eventlogs/receipt.csv'));
    expect(s.cases).toBe(1434);
    expect(s.events).toBe(8577);
    expect(s.activities).toBe(27);
    expect(s.groupHandoffs.transitions).toBe(s.groupHandoffs.pairs.reduce((t, p) => t + p.count, 0));
    for (const p of s.groupHandoffs.pairs) expect(p.from).not.toBe(p.to);
  });
});

describe('importEventLog()', () => {
  test('ties in time keep the source order; timestamps are stored in UTC', async () => {
    const file = writeTemp(
      'ties.csv',
      'case:concept:name,concept:name,time:timestamp\nc1,b,2026-03-01 10:00:00+01:00\nc1,a,2026-03-01 10:00:00+01:00\nc1,c,2026-03-01 08:59:00Z\n',
    );
    const db = makeDb();
    await importEventLog(db, file, { now: fixedNow });
    const events = storedEvents(db, listLogs(db)[0].id);
    expect(events.map((e) => e.activity)).toEqual(['c', 'b', 'a']);
    expect(
      db
        .prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ts_ms / 1000.0, 'unixepoch') FROM events ORDER BY position")
        .pluck()
        .all(),
    ).toEqual(['2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z', '2026-03-01T08:59:00.000Z']);
  });

  test('other column names are mapped with options', async () => {
    const file = writeTemp(
      'mine.csv',
      'zaak;stap;tijd;afdeling\nZ1;melden;2026-03-01T10:00:00Z;KCC\nZ1;besluit;2026-03-05T10:00:00Z;Inkomen\n',
    );
    const s = await summaryOf(file, {
      columns: { case: 'zaak', activity: 'stap', timestamp: 'tijd', group: 'afdeling' },
    });
    expect(s).toMatchObject({
      cases: 1,
      events: 2,
      groupHandoffs: { transitions: 1, pairs: [{ from: 'KCC', to: 'Inkomen', count: 1 }] },
    });
    expect(s.caseDuration.max).toBe(4 * 86400);
  });

  test('bad input: a missing column and a bad timestamp are reported, the database is unchanged', async () => {
    const db = makeDb();
    const before = dump(db);
    const missing = writeTemp('m.csv', 'case,concept:name\n1,a\n');
    await expect(importEventLog(db, missing, { now: fixedNow })).rejects.toThrow(
      'm.csv:1:case:concept:name: required column is missing (the header has: case, concept:name); name another with --case COLUMN',
    );
    const bad = writeTemp(
      'b.csv',
      'case:concept:name,concept:name,time:timestamp\n1,a,2026-03-01T10:00:00Z\n1,b,morgen\n',
    );
    const e = await importEventLog(db, bad, { now: fixedNow }).catch((x) => x);
    expect(e).toBeInstanceOf(CsvImportError);
    expect(e.message).toContain('b.csv:3:time:timestamp: "morgen" is not a timestamp');
    expect(dump(db)).toEqual(before);
  });

  test('importing under the same name replaces the log', async () => {
    const db = makeDb();
    await importEventLog(db, runningExample, { now: fixedNow });
    const again = await importEventLog(db, runningExample, { now: fixedNow });
    expect(again.replaced).toBe(true);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(42);
  });
});

describe('sessions as an event log', () => {
  test('the XES export validates against the IEEE 1849-2016 schema (xmllint) and reads back the same', async () => {
    const db = await makeSampleDb();
    const events = sessionEvents(db);
    const file = join(tempDir(), 'sessions.xes');
    writeFileSync(file, eventsXes(events));
    const out = execFileSync('xmllint', ['--noout', '--schema', xsd, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('');
    const fromXes = await summaryOf(file);
    const csvFile = writeTemp('sessions.csv', eventsCsv(events));
    const fromCsv = await summaryOf(csvFile);
    expect(fromXes).toEqual(fromCsv);
    expect(fromXes.cases).toBe(29);
    expect(fromXes.events).toBe(147);
  });

  test('an XES file without case ids is refused with the line', async () => {
    const file = writeTemp(
      'bad.xes',
      '<?xml version="1.0"?>\n<log xes.version="1.0">\n<trace>\n<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2026-01-01T00:00:00Z"/></event>\n</trace>\n</log>\n',
    );
    await expect(importEventLog(makeDb(), file, { now: fixedNow })).rejects.toThrow(
      'bad.xes:3:concept:name: trace has no concept:name (the case id)',
    );
  });
});

describe('summarizeJourneys()', () => {
  test('Kafka count = observed hand-offs + re-tellings + loops, per case', () => {
    const j = summarizeJourneys([
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'melden',
        department: 'Inwoner',
        retold: 0,
        handoffs: 1,
        channel_switches: 0,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'aanvraag',
        department: 'Inwoner',
        retold: 2,
        handoffs: 0,
        channel_switches: 1,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'controle',
        department: 'Inkomen',
        retold: 0,
        handoffs: 0,
        channel_switches: 0,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'aanvraag',
        department: 'Inwoner',
        retold: 1,
        handoffs: 1,
        channel_switches: 0,
      },
      {
        session: 'S2',
        kind: 'roleplay',
        step: 'melden',
        department: 'Inwoner',
        retold: null,
        handoffs: null,
        channel_switches: null,
      },
    ]);
    expect(j.perCase[0]).toEqual({
      case: 'S1',
      kind: 'walkthrough',
      steps: 4,
      handoffs: 2,
      retold: 3,
      loops: 1,
      returnsAfterHandoff: 0,
      channelSwitches: 1,
      departmentChanges: 2,
      kafka: 6,
    });
    expect(j.perCase[1].kafka).toBe(0);
    expect(j.groupHandoffs.pairs).toEqual([
      { from: 'Inkomen', to: 'Inwoner', count: 1 },
      { from: 'Inwoner', to: 'Inkomen', count: 1 },
    ]);
    expect(j.kafka).toEqual({ mean: 3, median: 3, max: 6 });
  });

  test('a hand-off that sends the resident back is one detour, not also a loop; a skipped step is no visit', () => {
    const j = summarizeJourneys([
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'melden',
        department: 'Inwoner',
        retold: 0,
        handoffs: 0,
        channel_switches: 0,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'intake',
        department: 'KCC',
        retold: 0,
        handoffs: 1,
        channel_switches: 0,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'melden',
        department: 'Inwoner',
        retold: 0,
        handoffs: 0,
        channel_switches: 0,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        outcome: 'skipped',
        step: 'voorschot',
        department: 'Financiën',
        retold: null,
        handoffs: null,
        channel_switches: null,
      },
      {
        session: 'S1',
        kind: 'walkthrough',
        step: 'besluit',
        department: 'Inkomen',
        retold: 0,
        handoffs: 0,
        channel_switches: 0,
      },
    ]);
    expect(j.perCase[0]).toMatchObject({ steps: 4, handoffs: 1, loops: 1, returnsAfterHandoff: 1, kafka: 1 });
    expect(j.variants).toEqual([{ activities: ['melden', 'intake', 'melden', 'besluit'], count: 1 }]);
    expect(j.groupHandoffs.pairs.map((p) => `${p.from}>${p.to}`)).not.toContain('Inwoner>Financiën');
  });

  test('the staff role-play of the sample shows re-telling along the chain', async () => {
    const db = await makeSampleDb();
    const r1 = listStudies(db).find((s) => s.study === 'bijstand-2026-r1')!;
    const j = summarizeJourneys(observationRows(db, r1.id).filter((r) => r.kind !== 'interview'));
    const roleplay = j.perCase.find((c) => c.kind === 'roleplay')!;
    expect(roleplay.retold).toBeGreaterThan(0);
    expect(roleplay.departmentChanges).toBeGreaterThanOrEqual(2);
  });
});
