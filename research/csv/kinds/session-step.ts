/** What a quote and a note row share: their session, by code, and the step they are about in it. */
import type { Db } from '../../db';
import { getOrInit } from '../../maps';
import { versionLookup, type VersionLookup } from '../../repositories/procedures';
import { resolveRef, type RowContext } from '../columns';
import { KnownCodes } from '../references';

/**
 * A lookup of a row's session (its code) and step (a slug or title of the session's procedure
 * version, or empty): the ids, or undefined after reporting what is wrong on the row.
 */
export function sessionStep(db: Db) {
  const session = db.prepare<[string], { id: number; versionId: number }>(
    'SELECT s.id, st.version_id AS versionId FROM sessions s JOIN studies st ON st.id = s.study_id WHERE s.code = ?',
  );
  const lookups = new Map<number, VersionLookup>();
  const knownSessions = new KnownCodes(db, 'sessions');
  return (code: string, step: string | null, ctx: RowContext): { id: number; stepId: number | null } | undefined => {
    const s = session.get(code);
    if (!s) {
      ctx.problem('session', code, knownSessions.unknown(code));
      return undefined;
    }
    if (!step) return { id: s.id, stepId: null };
    const l = getOrInit(lookups, s.versionId, () => versionLookup(db, s.versionId));
    const stepId = resolveRef(l.steps, 'step', step, 'step', ctx);
    return stepId === undefined || stepId === null ? undefined : { id: s.id, stepId };
  };
}
