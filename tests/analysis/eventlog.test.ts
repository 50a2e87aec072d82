/**
 * The event-log and journey summaries on a log small enough to count on paper. Every expected
 * value below was worked out by hand from the four cases drawn here (times in seconds):
 *
 *   c1  A(0, ann, X)  B(60, bob, Y)      C(180, bob, Y)
 *   c2  A(0, ann, X)  B(30, —, X)        B(90, cas, Z)
 *   c3  A(0, —, —)    C(600, ann, X)
 *   c4  A(0, ann, X)  B(60, bob, Y)      C(120, bob, Y)
 */
import { describe, expect, test } from 'vitest';
import { summarizeEventLog, type LogEvent } from '../../analysis/eventlog';
import { summarizeJourneys, type JourneyObservation } from '../../analysis/journeys';

const ev = (c: string, activity: string, s: number, resource: string | null, group: string | null): LogEvent => ({
  case: c,
  activity,
  time: Date.UTC(2026, 0, 1) + s * 1000,
  resource,
  group,
});
const log: LogEvent[] = [
  ev('c1', 'A', 0, 'ann', 'X'),
  ev('c1', 'B', 60, 'bob', 'Y'),
  ev('c1', 'C', 180, 'bob', 'Y'),
  ev('c2', 'A', 0, 'ann', 'X'),
  ev('c2', 'B', 30, null, 'X'),
  ev('c2', 'B', 90, 'cas', 'Z'),
  ev('c3', 'A', 0, null, null),
  ev('c3', 'C', 600, 'ann', 'X'),
  ev('c4', 'A', 0, 'ann', 'X'),
  ev('c4', 'B', 60, 'bob', 'Y'),
  ev('c4', 'C', 120, 'bob', 'Y'),
];

// Each test summarises afresh (never once at collection time), so a mutation run sees every call.
describe('summarizeEventLog() on four cases counted by hand', () => {
  test('cases, events, activities, variants (most frequent first, ties alphabetically)', () => {
    const s = summarizeEventLog(log);
    expect([s.cases, s.events, s.activities]).toEqual([4, 11, 3]);
    expect(summarizeEventLog(log).variants).toEqual([
      { activities: ['A', 'B', 'C'], count: 2 },
      { activities: ['A', 'B', 'B'], count: 1 },
      { activities: ['A', 'C'], count: 1 },
    ]);
  });

  test('directly-follows edges with every occurrence counted and their mean and median time', () => {
    expect(summarizeEventLog(log).dfgEdges).toEqual([
      { from: 'A', to: 'B', count: 3, meanSeconds: 50, medianSeconds: 60 }, // 60, 30, 60
      { from: 'B', to: 'C', count: 2, meanSeconds: 90, medianSeconds: 90 }, // 120, 60
      { from: 'A', to: 'C', count: 1, meanSeconds: 600, medianSeconds: 600 },
      { from: 'B', to: 'B', count: 1, meanSeconds: 60, medianSeconds: 60 },
    ]);
  });

  test('start and end activities and rework, most frequent first', () => {
    expect(Object.entries(summarizeEventLog(log).startActivities)).toEqual([['A', 4]]);
    expect(Object.entries(summarizeEventLog(log).endActivities)).toEqual([
      ['C', 3],
      ['B', 1],
    ]);
    expect(summarizeEventLog(log).reworkCases).toBe(1);
    expect(summarizeEventLog(log).reworkPerActivity).toEqual({ B: 1 });
  });

  test('hand-offs between groups only where both events name a group and they differ', () => {
    expect(summarizeEventLog(log).groupHandoffs).toEqual({
      transitions: 3,
      pairs: [
        { from: 'X', to: 'Y', count: 2 },
        { from: 'X', to: 'Z', count: 1 },
      ],
    });
  });

  test('case durations 90, 120, 180, 600 s: mean 247.5, type-7 median 150 and P90 474', () => {
    expect(summarizeEventLog(log).caseDuration).toEqual({
      mean: 247.5,
      median: 150,
      p90: expect.closeTo(474, 9),
      min: 90,
      max: 600,
    });
  });

  test('activity frequencies, resource hand-overs (both resources known) and working together', () => {
    expect(summarizeEventLog(log).activityFrequencies).toEqual([
      { activity: 'A', events: 4, cases: 4 },
      { activity: 'B', events: 4, cases: 3 },
      { activity: 'C', events: 3, cases: 3 },
    ]);
    expect(summarizeEventLog(log).resourceHandovers).toEqual([
      { from: 'ann', to: 'bob', count: 2 },
      { from: 'bob', to: 'bob', count: 2 },
    ]);
    expect(summarizeEventLog(log).workingTogether).toEqual([
      { a: 'ann', b: 'bob', cases: 2, share: 0.5 },
      { a: 'ann', b: 'cas', cases: 1, share: 0.25 },
    ]);
  });

  test('an empty log', () => {
    const e = summarizeEventLog([]);
    expect([e.cases, e.events, e.variants, e.dfgEdges]).toEqual([0, 0, [], []]);
    expect(e.caseDuration).toEqual({ mean: 0, median: 0, p90: 0, min: 0, max: 0 });
  });
});

describe('summarizeJourneys() totals and order, counted by hand', () => {
  const row = (
    session: string,
    step: string,
    department: string,
    handoffs = 0,
    retold = 0,
    channel_switches = 0,
  ): JourneyObservation => ({
    session,
    kind: 'walkthrough',
    step,
    department,
    handoffs,
    retold,
    channel_switches,
  });
  // S-b: a (hand-off 1, retold 2), b (hand-off 1 back to a, 1 channel switch), a again: a loop straight
  //      after a hand-off, the same detour: Kafka 2 + 2 + 1 − 1 = 4
  // S-a: a, b (retold 2), a again without a hand-off before it (2 channel switches): Kafka 2 + 1 = 3
  // S-c: a (hand-off 1), b (hand-offs 2), c: Kafka 3
  const journeys = () =>
    summarizeJourneys([
      row('S-b', 'a', 'Inwoner', 1, 2),
      row('S-b', 'b', 'KCC', 1, 0, 1),
      row('S-b', 'a', 'Inwoner'),
      row('S-a', 'a', 'Inwoner'),
      row('S-a', 'b', 'KCC', 0, 2),
      row('S-a', 'a', 'Inwoner', 0, 0, 2),
      row('S-c', 'a', 'Inwoner', 1),
      row('S-c', 'b', 'KCC', 2),
      row('S-c', 'c', 'Inkomen'),
    ]);

  test('totals are sums over cases', () => {
    expect(journeys().totals).toEqual({ handoffs: 5, retold: 4, loops: 2, returnsAfterHandoff: 1, channelSwitches: 3 });
  });

  test('Kafka per case, highest first, ties by case code; mean, median and maximum', () => {
    expect(journeys().perCase.map((c) => [c.case, c.kafka])).toEqual([
      ['S-b', 4],
      ['S-a', 3],
      ['S-c', 3],
    ]);
    expect(journeys().kafka).toEqual({ mean: 10 / 3, median: 3, max: 4 });
  });

  test('the directly-follows graph and variants of the journeys', () => {
    expect(journeys().dfgEdges).toEqual([
      { from: 'a', to: 'b', count: 3 },
      { from: 'b', to: 'a', count: 2 },
      { from: 'b', to: 'c', count: 1 },
    ]);
    expect(journeys().variants).toEqual([
      { activities: ['a', 'b', 'a'], count: 2 },
      { activities: ['a', 'b', 'c'], count: 1 },
    ]);
    expect(journeys().cases).toBe(3);
    expect(journeys().events).toBe(9);
  });
});
