/**
 * What a friction event is, as data: which field of an observation it reads and when it counts.
 * One description serves both sides — analysis/friction.ts evaluates it on rows in TypeScript,
 * research/repositories/scoring.ts turns it into SQL — so the two can never define an event
 * differently. Types only: the rules themselves are `frictionEvents` in analysis/friction.ts.
 */

/** Count fields of an observation: an event when the count is at least `atLeast`. */
export type CountField = 'errors' | 'retold' | 'handoffs' | 'channel_switches';

export type EventRule =
  /** The outcome is one of these (the outcome is always recorded). */
  | { field: 'outcome'; in: readonly string[] }
  /** Seconds on the step over the step's target time; absent when the step has no target. */
  | { field: 'seconds'; over: 'targetSeconds' }
  /** Days waited over the step's waiting norm. */
  | { field: 'wait_days'; over: 'waitNormDays' }
  | { field: CountField; atLeast: number }
  /** A rating at or below `atMost` (the Single Ease Question). */
  | { field: 'ease'; atMost: number };
