/**
 * The studio's taps on a real SQLite file, without a browser: what each action writes, that it
 * writes through the import's own rules and words, undo, resume, consent, and that a studio
 * session is an ordinary session to export, re-import and score.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { importCsv } from '../../research/csv/import';
import { openDatabase, setToday, type Db } from '../../research/db';
import { withdrawConsent } from '../../research/repositories/participants';
import { observationNotes, saveRedactedNotes } from '../../research/repositories/quotes';
import { deleteRecord } from '../../research/repositories/records';
import { act, StudioError, view, type Action, type Clock } from '../../scripts/app/studio/session';
import { addParticipant, startSession } from '../../scripts/app/studio/start';
import { RecordError } from '../../research/csv/record';
import { fixedNow, makeSampleDb, runCli, tempDir, writeTemp } from '../helpers';

const today = fixedNow.slice(0, 10);
let db: Db;
let t: number;
const clock: Clock = { now: () => t, iso: () => new Date(t).toISOString() };

beforeEach(async () => {
  db = await makeSampleDb();
  setToday(db, today);
  t = Date.parse(fixedNow);
});

const consent = { analysis: true, quote_internal: true, quote_public: false, recording: false };

function walkthrough(participant = 'P-900') {
  addParticipant(db, { participant, consent }, today);
  return startSession(
    db,
    { study: 'bijstand-2026-r2', participant, kind: 'walkthrough', researcher: 'onderzoeker-c', mode: 'in person' },
    today,
    clock,
  ).code;
}

/** Act on the session at its current revision. */
function tap(code: string, action: Action) {
  return act(db, code, action, view(db, code, clock).state.revision, clock);
}

const rows = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Record<string, unknown>[];

describe('starting a session', () => {
  test('a new participant gets a code and the consent given today; a code that could be a name is refused in the import’s words', () => {
    const code = walkthrough();
    expect(code).toBe('S-20261128-01');
    expect(
      rows(
        "SELECT given_on, analysis, quote_internal, quote_public FROM consents c JOIN participants p ON p.id = c.participant_id WHERE p.code = 'P-900'",
      ),
    ).toEqual([{ given_on: today, analysis: 1, quote_internal: 1, quote_public: 0 }]);
    const name = () => addParticipant(db, { participant: 'Jan de Vries', consent }, today);
    expect(name).toThrow(RecordError);
    expect(name).toThrow('participant: "Jan de Vries" is not a pseudonymous code such as P-014 (letters, then digits)');
    expect(() => addParticipant(db, { participant: 'P-900', consent }, today)).toThrow(/already a participant/);
  });

  test('a resident session without analysis consent covering today is refused, naming the consent that is missing', () => {
    addParticipant(db, { participant: 'P-901', consent: { ...consent, analysis: false } }, today);
    const before = rows('SELECT code FROM sessions');
    expect(() =>
      startSession(db, { study: 'bijstand-2026-r2', participant: 'P-901', kind: 'walkthrough' }, today, clock),
    ).toThrow(`participant: "P-901" has no analysis consent covering ${today} (import consents first)`);
    withdrawConsent(db, 'P-002', fixedNow);
    addParticipant(db, { participant: 'P-902', consent }, today);
    const withdrawn = rows('SELECT code FROM sessions');
    db.prepare(
      "UPDATE consents SET withdrawn_on = ? WHERE participant_id = (SELECT id FROM participants WHERE code = 'P-902')",
    ).run(today);
    expect(() =>
      startSession(db, { study: 'bijstand-2026-r2', participant: 'P-902', kind: 'interview' }, today, clock),
    ).toThrow(`participant: "P-902" withdrew consent on ${today}: nothing about them is imported`);
    expect(rows('SELECT code FROM sessions')).toEqual(withdrawn);
    expect(before.length).toBeGreaterThan(withdrawn.length); // P-002's sessions went with the withdrawal
  });

  test('a role-play needs no participant; an interview does', () => {
    const { code } = startSession(db, { study: 'bijstand-2026-r2', kind: 'roleplay' }, today, clock);
    expect(rows('SELECT participant_id, kind FROM sessions WHERE code = ?', code)).toEqual([
      { participant_id: null, kind: 'roleplay' },
    ]);
    expect(() => startSession(db, { study: 'bijstand-2026-r2', kind: 'interview' }, today, clock)).toThrow(
      'participant: is required for an interview (only a staff role-play has none)',
    );
  });
});

describe('recording a walkthrough', () => {
  test('each tap is written at once: the clock gives the seconds, the outcome makes the row, the fields follow', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden', start: true });
    expect(rows('SELECT * FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = ?', code)).toEqual(
      [],
    );
    t += 95_000;
    tap(code, { type: 'set', field: 'outcome', value: 'helped' });
    tap(code, { type: 'bump', field: 'errors', delta: 1 });
    tap(code, { type: 'bump', field: 'errors', delta: 1 });
    tap(code, { type: 'bump', field: 'errors', delta: -1 });
    tap(code, { type: 'set', field: 'ease', value: '3' });
    tap(code, { type: 'set', field: 'handoff_to', value: 'inkomensconsulent' });
    tap(code, { type: 'set', field: 'wait_days', value: '2,5' });
    tap(code, { type: 'set', field: 'note', value: 'Zocht lang naar de knop' });
    t += 5_000;
    tap(code, { type: 'timer', op: 'pause' });
    t += 60_000; // paused: not counted
    tap(code, { type: 'visit', step: 'aanvraag', start: true });
    t += 30_000;
    tap(code, { type: 'set', field: 'outcome', value: 'failed' });
    const csv = (kind: string) => runCli(['export', kind, '--db', db.name]);
    return csv('observations').then(({ stdout }) => {
      const lines = stdout.split('\n').filter((l) => l.startsWith(`${code},`));
      expect(lines).toEqual([
        `${code},melden,1,helped,100,1,3,0,1,inkomensconsulent,2.5,,0,,Zocht lang naar de knop`,
        // The counts shown as 0 are stored as 0: a resident with no errors counts as one.
        `${code},aanvraag,2,failed,30,0,,0,0,,,,0,,`,
      ]);
    });
  });

  test('a bad value is refused with the error text the CSV import gives for the same cell, and nothing changes', async () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden' });
    tap(code, { type: 'set', field: 'outcome', value: 'completed' });
    const before = view(db, code, clock);
    let studio = '';
    try {
      tap(code, { type: 'set', field: 'ease', value: '9' });
    } catch (e) {
      studio = (e as Error).message;
    }
    const file = writeTemp('observations.csv', `session,step,outcome,ease\n${code},melden,completed,9\n`);
    const imported = await importCsv(db, 'observations', file).catch((e: Error) => e.message);
    const importText = String(imported)
      .split('\n')[1]
      .replace(/^observations\.csv:2:/, '');
    expect(studio).toBe(importText); // ease: "9" is not an integer from 1 to 7
    expect(studio).toBe('ease: "9" is not an integer from 1 to 7');
    expect(view(db, code, clock).observations).toEqual(before.observations);
    expect(view(db, code, clock).state.revision).toBe(before.state.revision);
  });

  test('undo takes back the last action, row and place, and only that; a stale page is refused, not merged', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden' });
    tap(code, { type: 'set', field: 'outcome', value: 'completed' });
    tap(code, { type: 'set', field: 'outcome', value: 'abandoned' });
    const stale = view(db, code, clock).state.revision - 1;
    expect(() => act(db, code, { type: 'bump', field: 'errors', delta: 1 }, stale, clock)).toThrow(
      /changed in another window/,
    );
    tap(code, { type: 'undo' });
    expect(view(db, code, clock).observations.map((o) => o.outcome)).toEqual(['completed']);
    // One step back only: an earlier version of a row is not kept (a name edited out stays out).
    expect(() => tap(code, { type: 'undo' })).toThrow('nothing to undo');
    tap(code, { type: 'visit', step: 'aanvraag' });
    tap(code, { type: 'undo' });
    expect(view(db, code, clock).state.visits.map((v) => v.step)).toEqual(['melden']);
    expect(view(db, code, clock).state.current).toBe(1);
  });

  test('an edited quote keeps no earlier version once the next tap or the end comes', () => {
    const code = walkthrough();
    tap(code, { type: 'quote', text: 'Bel me op 06-12345678', tags: [] });
    tap(code, { type: 'edit-quote', quote: `${code}-Q01`, text: 'Bel me op [TELEFOON]', tags: [] });
    const state = () => JSON.stringify(rows('SELECT state FROM studio_state'));
    expect(state()).toContain('12345678'); // one step of undo
    tap(code, { type: 'end' });
    expect(state()).not.toContain('12345678');
  });

  test('a request of the wrong shape is refused before anything is read or written', () => {
    const code = walkthrough();
    const before = rows('SELECT * FROM tags');
    for (const action of [
      { type: 'quote', text: 'x', tags: 'wachten' },
      { type: 'quote', text: { a: 1 }, tags: [] },
      { type: 'quote', text: 'x', tags: [{}] },
      { type: 'quote', text: 'x', tags: Array.from({ length: 31 }, (_, i) => `code ${i}`) },
      { type: 'note' },
      { type: 'nonsense' },
    ])
      expect(() => tap(code, action as unknown as Action), JSON.stringify(action).slice(0, 40)).toThrow(StudioError);
    expect(rows('SELECT * FROM tags')).toEqual(before);
  });

  test('a session code is never handed out twice, also after its session was erased', () => {
    const first = walkthrough('P-920');
    withdrawConsent(db, 'P-920', fixedNow);
    const second = walkthrough('P-921');
    expect(second).not.toBe(first);
  });

  test('a quote gets a code, its time in the session, its tags (new ones join the codebook) and the step', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'aanvraag' });
    t += 125_000;
    tap(code, {
      type: 'quote',
      text: 'Ik snapte niet welke afschriften.',
      tags: ['bewijsstukken', 'nieuwe code'],
      step: 'aanvraag',
    });
    expect(view(db, code, clock).quotes).toEqual([
      {
        quote: `${code}-Q01`,
        session: code,
        step: 'aanvraag',
        text: 'Ik snapte niet welke afschriften.',
        tags: 'bewijsstukken|nieuwe code',
        note: null,
        at: 125,
      },
    ]);
    expect(rows("SELECT name FROM tags WHERE name = 'nieuwe code'")).toHaveLength(1);
    tap(code, { type: 'undo' });
    expect(view(db, code, clock).quotes).toEqual([]);
    expect(rows("SELECT name FROM tags WHERE name = 'nieuwe code'")).toHaveLength(0);
  });
});

describe('recording an interview', () => {
  test('quotes and the researcher’s own notes carry their time in the conversation; a note is a notes row, edited and undone like a quote', () => {
    addParticipant(db, { participant: 'P-905', consent }, today);
    const { code } = startSession(
      db,
      { study: 'bijstand-2026-r2', participant: 'P-905', kind: 'interview' },
      today,
      clock,
    );
    t += 90_000;
    tap(code, { type: 'quote', text: 'Ik wist niet waar ik moest beginnen.', tags: ['start'] });
    t += 30_000;
    tap(code, { type: 'note', text: 'Pakt de map met brieven erbij.', step: 'aanvraag' });
    expect(view(db, code, clock).notes).toEqual([
      { note: `${code}-N01`, session: code, at: 120, step: 'aanvraag', text: 'Pakt de map met brieven erbij.' },
    ]);
    expect(view(db, code, clock).quotes.map((q) => q.at)).toEqual([90]);
    tap(code, { type: 'edit-note', note: `${code}-N01`, text: 'Pakt de map met alle brieven erbij.', step: null });
    expect(view(db, code, clock).notes[0]).toMatchObject({
      at: 120,
      step: null,
      text: 'Pakt de map met alle brieven erbij.',
    });
    tap(code, { type: 'undo' });
    expect(view(db, code, clock).notes[0]).toMatchObject({ step: 'aanvraag', text: 'Pakt de map met brieven erbij.' });
    expect(() => tap(code, { type: 'edit-note', note: 'S-001-N01', text: 'x' })).toThrow(/not one of this session's/);
  });
});

describe('nothing is lost, nothing outlives consent', () => {
  test('a second connection (a restarted server) resumes the session where it was, clock running', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden', start: true });
    tap(code, { type: 'set', field: 'outcome', value: 'completed' });
    t += 40_000;
    const other = openDatabase(db.name);
    setToday(other, today);
    const resumed = view(other, code, clock);
    expect(resumed.state.current).toBe(1);
    expect(resumed.state.visits[0].runningSince).not.toBeNull();
    t += 20_000;
    act(other, code, { type: 'timer', op: 'stop' }, resumed.state.revision, clock);
    expect(
      rows('SELECT seconds FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = ?', code),
    ).toEqual([{ seconds: 60 }]);
    other.close();
  });

  test('a withdrawn consent takes the session, its drafts and its undo history with it at once', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden' });
    tap(code, { type: 'set', field: 'note', value: 'draft note before an outcome' });
    withdrawConsent(db, 'P-900', fixedNow);
    expect(rows('SELECT * FROM studio_state')).toEqual([]);
    expect(() => view(db, code, clock)).toThrow(StudioError);
    expect(readFileSync(db.name).includes('draft note before an outcome')).toBe(false);
  });

  test('a redaction elsewhere is what the studio shows and writes on from; undo cannot bring the text back', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden' });
    tap(code, { type: 'set', field: 'outcome', value: 'completed' });
    tap(code, { type: 'set', field: 'note', value: 'belt op 06-12345678' });
    tap(code, { type: 'bump', field: 'retold', delta: 1 }); // its undo holds the row, note and all
    const state = () => JSON.stringify(rows('SELECT state FROM studio_state'));
    expect(state()).toContain('12345678');
    const notes = observationNotes(db, code).map((n) => ({ ...n, note: 'belt op [TELEFOON]' }));
    saveRedactedNotes(db, notes, fixedNow);
    expect(state()).not.toContain('12345678');
    tap(code, { type: 'bump', field: 'errors', delta: 1 });
    expect(view(db, code, clock).observations[0]).toMatchObject({ note: 'belt op [TELEFOON]', errors: 1 });
    tap(code, { type: 'undo' });
    expect(() => tap(code, { type: 'undo' })).toThrow('nothing to undo');
    expect(view(db, code, clock).observations[0].note).toBe('belt op [TELEFOON]');
  });

  test('an observation deleted elsewhere takes its visit out of the studio', () => {
    const code = walkthrough();
    tap(code, { type: 'visit', step: 'melden' });
    tap(code, { type: 'set', field: 'outcome', value: 'completed' });
    tap(code, { type: 'visit', step: 'aanvraag' });
    tap(code, { type: 'set', field: 'outcome', value: 'completed' });
    deleteRecord(db, 'observation', code, { at: fixedNow, visit: 1 });
    expect(view(db, code, clock).state.visits.map((v) => v.visit)).toEqual([2]);
  });

  test('two sessions recorded at once through two connections do not touch each other', () => {
    const a = walkthrough('P-910');
    const b = walkthrough('P-911');
    const other = openDatabase(db.name);
    setToday(other, today);
    const tapOther = (code: string, action: Action) =>
      act(other, code, action, view(other, code, clock).state.revision, clock);
    for (const step of ['melden', 'aanvraag', 'controle']) {
      tap(a, { type: 'visit', step });
      tapOther(b, { type: 'visit', step });
      tap(a, { type: 'set', field: 'outcome', value: 'completed' });
      tapOther(b, { type: 'set', field: 'outcome', value: 'failed' });
    }
    other.close();
    expect(view(db, a, clock).observations.map((o) => o.outcome)).toEqual(['completed', 'completed', 'completed']);
    expect(view(db, b, clock).observations.map((o) => o.outcome)).toEqual(['failed', 'failed', 'failed']);
  });
});

describe('a studio session is an ordinary session', () => {
  test('export and re-import round-trip exactly, and score counts it without any CSV', async () => {
    const scoreBefore = JSON.parse(
      (await runCli(['score', '--study', 'bijstand-2026-r2', '--format', 'json', '--db', db.name])).stdout,
    );
    const code = walkthrough();
    for (const [step, outcome] of [
      ['melden', 'completed'],
      ['aanvraag', 'failed'],
    ]) {
      tap(code, { type: 'visit', step, start: true });
      t += 61_000;
      tap(code, { type: 'set', field: 'outcome', value: outcome });
      tap(code, { type: 'set', field: 'ease', value: '2' });
    }
    tap(code, { type: 'quote', text: 'Waar moet ik beginnen?', tags: ['start'], step: 'melden' });
    tap(code, { type: 'note', text: 'Zoekt eerst op de website van het UWV.', step: 'melden' });
    tap(code, { type: 'end' });
    const out = tempDir();
    const files: Record<string, string> = {};
    for (const kind of ['sessions', 'observations', 'quotes', 'notes']) {
      files[kind] = join(out, `${kind}.csv`);
      expect(
        (await runCli(['export', kind, '--study', 'bijstand-2026-r2', '--out', files[kind], '--db', db.name])).code,
      ).toBe(0);
    }
    const before = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(f, 'utf8')]));
    expect(before.observations).toContain(`${code},melden,1,completed,61,0,2,0,0,`);
    // Re-imported, nothing changes; exported again, byte for byte the same.
    expect(before.notes).toContain(`${code}-N01,${code},`);
    for (const kind of ['sessions', 'observations', 'quotes', 'notes'] as const) {
      const summary = await importCsv(db, kind, files[kind]);
      expect(summary.inserted + summary.updated).toBe(0);
    }
    for (const kind of ['sessions', 'observations', 'quotes', 'notes']) {
      const again = join(out, `${kind}-again.csv`);
      await runCli(['export', kind, '--study', 'bijstand-2026-r2', '--out', again, '--db', db.name]);
      expect(readFileSync(again, 'utf8')).toBe(before[kind]);
    }
    const scoreAfter = JSON.parse(
      (await runCli(['score', '--study', 'bijstand-2026-r2', '--format', 'json', '--db', db.name])).stdout,
    );
    const residents = (s: { steps: { step: string; n: number }[] }, step: string) =>
      s.steps.find((x) => x.step === step)!.n;
    expect(residents(scoreAfter, 'aanvraag')).toBe(residents(scoreBefore, 'aanvraag') + 1);
  });
});
