import { describe, expect, test } from 'vitest';
import {
  getFinding,
  listFindings,
  listFixes,
  saveFinding,
  saveFix,
  setFixStatus,
} from '../../research/repositories/findings';
import { withdrawConsent } from '../../research/repositories/participants';
import { dump, fixedNow, makeSampleDb } from '../helpers';

const finding = {
  finding: 'F-1',
  study: 'bijstand-2026-r1',
  steps: ['aanvraag'],
  statement: 'Inwoners geven gegevens die de gemeente al heeft.',
  status: 'accepted' as const,
  evidence: [] as string[],
  observations: [] as string[],
  components: ['retold'],
};

describe('findings and fixes', () => {
  test('a finding with quotes and observations as evidence, a fix that answers it, and its status over time', async () => {
    const db = await makeSampleDb('findings');
    const quotes = db
      .prepare(
        "SELECT q.code FROM quotes q JOIN steps s ON s.id = q.step_id JOIN sessions se ON se.id = q.session_id JOIN studies st ON st.id = se.study_id WHERE s.slug = 'aanvraag' AND st.code = 'bijstand-2026-r1' ORDER BY q.code LIMIT 2",
      )
      .pluck()
      .all() as string[];
    saveFinding(db, { ...finding, evidence: quotes, observations: ['S-001:2'] });
    saveFix(db, {
      fix: 'X-1',
      findings: ['F-1'],
      step: 'aanvraag',
      change: 'form',
      proposal: 'Adres en inkomen vooraf invullen uit BRP en UWV.',
      owner: 'productowner inkomen',
      measure: 'bijstand-2026-r2',
      status: 'planned',
    });
    setFixStatus(db, 'X-1', 'done');
    expect(getFinding(db, 'F-1')).toEqual({
      ...finding,
      evidence: quotes,
      observations: ['S-001:2'],
      evidenceErased: 0,
    });
    expect(listFixes(db)).toEqual([
      {
        fix: 'X-1',
        findings: ['F-1'],
        step: 'aanvraag',
        change: 'form',
        proposal: 'Adres en inkomen vooraf invullen uit BRP en UWV.',
        owner: 'productowner inkomen',
        measure: 'bijstand-2026-r2',
        status: 'done',
      },
    ]);
    expect(() => setFixStatus(db, 'X-9', 'done')).toThrow('unknown fix: X-9');
  });

  test('a bad reference saves nothing: a step, quote or observation outside the study, an unknown finding', async () => {
    const db = await makeSampleDb('findings');
    const before = dump(db);
    expect(() => saveFinding(db, { ...finding, steps: ['nergens'] })).toThrow(
      `step "nergens" is not a step of study bijstand-2026-r1's procedure`,
    );
    expect(() => saveFinding(db, { ...finding, evidence: ['Q-999'] })).toThrow(
      'quote Q-999 is not a quote of study bijstand-2026-r1',
    );
    expect(() => saveFinding(db, { ...finding, observations: ['S-001:99'] })).toThrow(
      'observation S-001:99 is not an observation of study bijstand-2026-r1',
    );
    expect(() => saveFinding(db, { ...finding, observations: ['S-001'] })).toThrow('invalid observation "S-001"');
    expect(() =>
      saveFix(db, {
        fix: 'X-1',
        findings: ['F-404'],
        step: null,
        change: null,
        proposal: 'x',
        owner: null,
        measure: null,
        status: 'proposed',
      }),
    ).toThrow('unknown finding: F-404');
    expect(dump(db)).toEqual(before);
  });

  test('erasing a participant removes their evidence, not the finding, and the finding counts what went', async () => {
    const db = await makeSampleDb('findings');
    const row = db
      .prepare(
        "SELECT q.code, p.code AS participant, s.code AS session FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN participants p ON p.id = s.participant_id JOIN studies st ON st.id = s.study_id WHERE st.code = 'bijstand-2026-r1' AND s.kind = 'walkthrough' LIMIT 1",
      )
      .get() as { code: string; participant: string; session: string };
    saveFinding(db, { ...finding, evidence: [row.code], observations: [`${row.session}:1`] });
    withdrawConsent(db, row.participant, fixedNow);
    const after = getFinding(db, 'F-1');
    expect(after.evidence).toEqual([]);
    expect(after.observations).toEqual([]);
    expect(after.evidenceErased).toBe(2);
    expect(listFindings(db)).toHaveLength(1);
  });
});
