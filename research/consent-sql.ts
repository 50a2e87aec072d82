/**
 * Consent is a history, and the latest word wins. A participant's consent records (one per
 * `given_on`) and their withdrawals (`withdrawn_on`) are events in time. What holds at a date D
 * is the latest record given on or before D, unless any withdrawal dated between that record's
 * `given_on` and D came after it: then nothing holds (a withdrawal on the day of a new record
 * wins, to be safe). A record dated after D does not count yet.
 *
 * A session's data may be used when both hold:
 *  - at the session's date, analysis consent held (the data was recorded with consent);
 *  - today (the moment of use, `drempel_today()`), consent for the use holds: analysis for
 *    scores and journeys, and the quote scope for quotes. So a narrowed scope or a withdrawal
 *    takes effect at once for analysis, internal quotes and publication.
 * Staff role-plays have no participant and need no participant consent.
 */
export type ConsentScope = 'analysis' | 'quote_internal' | 'quote_public';

/** SQL: consent with every scope in `scopes` holds for `participant` at the date expression `at`. */
export function consentHolds(participant: string, at: string, scopes: ConsentScope[]): string {
  const governing = `(SELECT c.id FROM consents c WHERE c.participant_id = ${participant} AND c.given_on <= ${at} ORDER BY c.given_on DESC LIMIT 1)`;
  return `EXISTS (SELECT 1 FROM consents g WHERE g.id = ${governing} AND ${scopes.map((s) => `g.${s} = 1`).join(' AND ')}
      AND NOT EXISTS (SELECT 1 FROM consents w WHERE w.participant_id = ${participant} AND w.withdrawn_on IS NOT NULL
        AND w.withdrawn_on >= g.given_on AND w.withdrawn_on <= ${at}))`;
}

/** SQL: the session aliased `session` may be used for `scope` today (see above). */
export function consentCovers(scope: ConsentScope, session = 's'): string {
  const p = `${session}.participant_id`;
  const now: ConsentScope[] = scope === 'analysis' ? ['analysis'] : ['analysis', scope];
  return `(${p} IS NULL OR (${consentHolds(p, `${session}.date`, ['analysis'])} AND ${consentHolds(p, 'drempel_today()', now)}))`;
}
