/**
 * Consent is a history and the latest word wins, at once, everywhere: scores, quotes for the team,
 * quotes on the public site, and event logs that leave for other tools. Each case imports a new
 * consent record as a researcher would (a CSV row) and checks every use.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { frictionEvents, waitQuantiles } from '../../analysis/friction';
import { loadProceduresOrThrow } from '../../procedures/load';
import { importCsv } from '../../research/csv/import';
import { setToday, type Db } from '../../research/db';
import { sessionEvents } from '../../research/events/export';
import { checkDatabase } from '../../research/maintenance';
import { evidenceQuotes } from '../../research/repositories/quotes';
import { listStudies, stepStatistics } from '../../research/repositories/scoring';
import { publish } from '../../scripts/app/gate/gate';
import { fixedNow, makeSampleDb, proceduresDir, root, writeTemp } from '../helpers';

const header = 'participant,given_on,analysis,quote_internal,quote_public,recording,retain_until,withdrawn_on\n';

/**
 * Import one consent row for P-001 (walkthrough S-001 in round 1, quote Q-001) and the same for
 * P-032 (an interview in round 2, the round the public site shows, with quote Q-031).
 */
async function consent(db: Db, row: string) {
  const rows = [row, row.replace('P-001', 'P-032')].join('\n');
  await importCsv(db, 'consents', writeTemp('consents.csv', header + rows + '\n'), { now: fixedNow });
}

/** Every use of their data. */
function uses(db: Db) {
  const r1 = listStudies(db).find((s) => s.study === 'bijstand-2026-r1')!;
  const site = JSON.stringify(
    publish(db, loadProceduresOrThrow(proceduresDir), { audience: 'public', now: fixedNow, proceduresDir }),
  );
  return {
    residentsInScores: [...stepStatistics(db, r1.id, frictionEvents, waitQuantiles).values()].reduce(
      (n, s) => n + s.n,
      0,
    ),
    internal: evidenceQuotes(db, r1.id, 'quote_internal').some((q) => q.quote === 'Q-001'),
    public: evidenceQuotes(db, r1.id, 'quote_public').some((q) => q.quote === 'Q-001'),
    onSite: site.includes('Ik heb de stukken twee keer gestuurd'),
    eventLog: sessionEvents(db).some((e) => e.case === 'S-001'),
  };
}

describe('consent: the latest record given on or before today governs', () => {
  test('before any change, P-001 counts everywhere', async () => {
    const db = await makeSampleDb();
    expect(uses(db)).toMatchObject({ internal: true, public: true, onSite: true, eventLog: true });
  });

  test('a newer record that takes back public quotes takes effect at once; the older record no longer grants', async () => {
    const db = await makeSampleDb();
    const before = uses(db);
    await consent(db, 'P-001,2026-10-01,yes,yes,no,yes,2028-03-12,');
    expect(uses(db)).toEqual({ ...before, public: false, onSite: false });
    expect(evidenceQuotes(db, listStudies(db)[0].id, 'quote_public').map((q) => q.quote)).not.toContain('Q-001');
  });

  test('a newer record without analysis consent takes P-001 out of scores, team quotes and event logs', async () => {
    const db = await makeSampleDb();
    const before = uses(db);
    await consent(db, 'P-001,2026-11-01,no,yes,yes,yes,2028-03-12,');
    const visitedSteps = new Set(
      db
        .prepare(
          "SELECT step_id FROM observations WHERE session_id = (SELECT id FROM sessions WHERE code = 'S-001') AND outcome != 'skipped'",
        )
        .pluck()
        .all(),
    ).size;
    expect(uses(db)).toEqual({
      residentsInScores: before.residentsInScores - visitedSteps,
      internal: false,
      public: false,
      onSite: false,
      eventLog: false,
    });
  });

  test('a withdrawal on the old record, dated after the latest grant, withdraws; a later new consent grants again', async () => {
    const db = await makeSampleDb();
    await consent(db, 'P-001,2026-03-13,yes,yes,yes,yes,2028-03-12,2026-09-30');
    expect(uses(db)).toMatchObject({ internal: false, public: false, onSite: false, eventLog: false });
    expect(checkDatabase(db).map((p) => p.check)).toContain('withdrawn consent not yet erased');
    // A renewed consent after the withdrawal governs from its date on.
    await consent(db, 'P-001,2026-10-15,yes,yes,no,yes,2028-10-14,');
    expect(uses(db)).toMatchObject({ internal: true, public: false, onSite: false, eventLog: true });
  });

  test('a record given after today does not count yet; a withdrawal dated after today not yet either', async () => {
    const db = await makeSampleDb();
    await consent(db, 'P-001,2026-12-24,no,no,no,no,,');
    expect(uses(db)).toMatchObject({ internal: true, public: true, onSite: true, eventLog: true });
    setToday(db, '2026-12-24');
    expect(uses(db)).toMatchObject({ internal: false, public: false, onSite: false, eventLog: false });
  });

  test('consent must also have held on the session date: a consent given afterwards does not cover it', async () => {
    const db = await makeSampleDb();
    // Replace P-001's only consent by one given after the session (2026-03-13).
    db.prepare(
      "UPDATE consents SET given_on = '2026-04-01' WHERE participant_id = (SELECT id FROM participants WHERE code = 'P-001')",
    ).run();
    expect(uses(db)).toMatchObject({ internal: false, public: false, eventLog: false });
    expect(checkDatabase(db).map((p) => p.check)).toContain('session without analysis consent on its date');
  });
});

describe('a recorded consent is never widened or un-withdrawn by editing it', () => {
  test('re-importing an older consents file does not undo a withdrawal (the study file still says "not withdrawn")', async () => {
    const db = await makeSampleDb();
    const given = db
      .prepare(
        "SELECT given_on FROM consents WHERE participant_id = (SELECT id FROM participants WHERE code = 'P-001')",
      )
      .pluck()
      .get() as string;
    await consent(db, `P-001,${given},yes,yes,yes,yes,2028-03-12,2026-11-01`);
    expect(uses(db)).toMatchObject({ internal: false, eventLog: false });
    const again = await importCsv(db, 'consents', join(root, 'scripts/sample/data/consents.csv'), {
      now: fixedNow,
    }).catch((e) => e);
    expect(String(again.message)).toMatch(
      /consents\.csv:\d+:withdrawn_on: .*would undo or postpone the withdrawal of 2026-11-01/,
    );
    expect(uses(db)).toMatchObject({ internal: false, eventLog: false });
  });

  test('a "no" in an existing record cannot become "yes"; a new record with its own date can say yes', async () => {
    const db = await makeSampleDb();
    const given = db
      .prepare(
        "SELECT given_on FROM consents WHERE participant_id = (SELECT id FROM participants WHERE code = 'P-003')",
      )
      .pluck()
      .get() as string;
    const file = writeTemp('c.csv', `${header}P-003,${given},yes,yes,yes,no,2028-03-15,\n`);
    await expect(importCsv(db, 'consents', file, { now: fixedNow })).rejects.toThrow(
      /quote_public: "yes" would widen the consent P-003 gave on/,
    );
    await importCsv(db, 'consents', writeTemp('c2.csv', `${header}P-003,2026-10-01,yes,yes,yes,no,2028-03-15,\n`), {
      now: fixedNow,
    });
    expect(
      db
        .prepare(
          "SELECT count(*) FROM consents WHERE participant_id = (SELECT id FROM participants WHERE code = 'P-003')",
        )
        .pluck()
        .get(),
    ).toBe(2);
  });
});
