/**
 * SQL conditions for "consent covers this session". A session of a participant counts only when
 * a consent with the scope was given on or before the session date and has not been withdrawn.
 * Staff role-plays have no participant and need no participant consent.
 */
export function consentCovers(scope: 'analysis' | 'quote_internal' | 'quote_public', session = 's'): string {
  return `(${session}.participant_id IS NULL OR EXISTS (
    SELECT 1 FROM consents c WHERE c.participant_id = ${session}.participant_id AND c.${scope} = 1
      AND c.given_on <= ${session}.date AND c.withdrawn_on IS NULL))`;
}
