import { describe, expect, test } from 'vitest';
import { listFindings, listFixes, saveFinding, saveFix, setFixStatus } from '../../research/repositories/findings';
import { withdrawConsent } from '../../research/repositories/participants';
import { fixedNow, makeSampleDb } from '../helpers';

describe('findings and fixes', () => {
  test('a finding with quotes as evidence, a fix that follows it, and its status over time', async () => {
    const db = await makeSampleDb();
    const quotes = db
      .prepare(
        "SELECT q.code FROM quotes q JOIN steps s ON s.id = q.step_id WHERE s.slug = 'aanvraag' ORDER BY q.code LIMIT 2",
      )
      .pluck()
      .all() as string[];
    saveFinding(db, {
      finding: 'F-1',
      study: 'bijstand-2026-r1',
      step: 'aanvraag',
      statement: 'Inwoners geven gegevens die de gemeente al heeft.',
      status: 'accepted',
      evidence: quotes,
    });
    saveFix(db, {
      fix: 'X-1',
      finding: 'F-1',
      step: 'aanvraag',
      proposal: 'Adres en inkomen vooraf invullen uit BRP en UWV.',
      status: 'planned',
    });
    setFixStatus(db, 'X-1', 'done');
    expect(listFindings(db)).toEqual([
      {
        finding: 'F-1',
        study: 'bijstand-2026-r1',
        step: 'aanvraag',
        statement: 'Inwoners geven gegevens die de gemeente al heeft.',
        status: 'accepted',
        evidence: quotes,
      },
    ]);
    expect(listFixes(db)).toEqual([
      {
        fix: 'X-1',
        finding: 'F-1',
        step: 'aanvraag',
        proposal: 'Adres en inkomen vooraf invullen uit BRP en UWV.',
        status: 'done',
      },
    ]);
    expect(() =>
      saveFinding(db, { finding: 'F-2', study: 'bijstand-2026-r1', step: 'nergens', statement: 'x', status: 'open' }),
    ).toThrow('unknown step: nergens');
    expect(() => setFixStatus(db, 'X-9', 'done')).toThrow('unknown fix: X-9');
  });

  test('erasing a participant removes their quotes from the evidence, not the finding', async () => {
    const db = await makeSampleDb();
    const row = db
      .prepare(
        'SELECT q.code, p.code AS participant FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN participants p ON p.id = s.participant_id LIMIT 1',
      )
      .get() as { code: string; participant: string };
    saveFinding(db, {
      finding: 'F-1',
      study: null,
      step: null,
      statement: 'Algemeen',
      status: 'open',
      evidence: [row.code],
    });
    withdrawConsent(db, row.participant, fixedNow);
    expect(listFindings(db)[0].evidence).toEqual([]);
  });
});
