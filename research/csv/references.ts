/**
 * What to say when a row names a study, participant or session that is not there: a code that
 * differs only in case or punctuation ("s-523", "P501") is suggested, and an erased participant
 * is named as erased (importing participants first would not help).
 */
import type { Db } from '../db';
import { erasedCodes } from '../repositories/participants';

const fold = (code: string) => code.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

export class KnownCodes {
  #folded?: Map<string, string>;
  #erased?: (code: string) => string | undefined;

  constructor(
    private readonly db: Db,
    private readonly table: 'studies' | 'participants' | 'sessions',
  ) {}

  /** The stored code that `code` probably means, if one differs from it only in case or punctuation. */
  similar(code: string): string | undefined {
    if (!this.#folded) {
      const codes = this.db.prepare<unknown[], string>(`SELECT code FROM ${this.table}`).pluck().all();
      this.#folded = new Map(codes.map((c) => [fold(c), c]));
    }
    const near = this.#folded.get(fold(code));
    return near !== code ? near : undefined;
  }

  /** The problem text for an unknown `code` of this table. */
  unknown(code: string): string {
    const what = { studies: 'study', participants: 'participant', sessions: 'session' }[this.table];
    if (this.table === 'participants') {
      this.#erased ??= erasedCodes(this.db);
      const erasedAt = this.#erased(code);
      if (erasedAt)
        return `was erased on ${erasedAt.slice(0, 10)} (consent withdrawn or retention ended) and is never imported again; remove the row`;
    }
    const near = this.similar(code);
    return near
      ? `is not a known ${what}: did you mean ${near}?`
      : `is not a known ${what} (import ${this.table} first)`;
  }
}
