/**
 * From finding to verified fix on the command line, on the sample study (round 1 before the
 * redesign, round 2 after): a finding with its evidence, a fix with an owner role and the round
 * that measures it, and its verification — which agrees with `drempel compare` for the same
 * rounds and step, and says "improved" only when the interval of the change lies below zero.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../research/db';
import { main } from '../../scripts/cli/main';
import { captureIo, dump, sampleDir, tempDir, runCli } from '../helpers';

const run = runCli;

let db: string;
beforeAll(async () => {
  db = join(tempDir(), 'f.db');
  expect((await run(['init', '--db', db])).code).toBe(0);
  for (const kind of ['studies', 'participants', 'consents', 'sessions', 'observations', 'quotes'])
    expect((await run(['import', kind, join(sampleDir, `${kind}.csv`), '--db', db])).code).toBe(0);
}, 60_000);

/** Read the test database directly, closing it again. */
const query = <T>(read: (d: ReturnType<typeof openDatabase>) => T): T => {
  const d = openDatabase(db);
  try {
    return read(d);
  } finally {
    d.close();
  }
};
const snapshot = () => query(dump);

describe('drempel findings and fixes', () => {
  test('a finding with evidence, a fix with an owner role, and its verification after round 2', async () => {
    expect(
      await run([
        'findings',
        'add',
        'F-1',
        '--db',
        db,
        '--study',
        'bijstand-2026-r1',
        '--step',
        'aanvraag',
        '--statement',
        'Inwoners geven gegevens die de gemeente al heeft',
        '--component',
        'retold,hardRating',
        '--quote',
        'Q-001',
        '--observation',
        'S-001:2',
      ]),
    ).toMatchObject({ code: 0, stdout: 'added finding F-1\n' });
    expect(
      await run([
        'fixes',
        'add',
        'X-1',
        '--db',
        db,
        '--finding',
        'F-1',
        '--change',
        'form',
        '--proposal',
        'Adres en inkomen vooraf invullen',
        '--owner',
        'productowner inkomen',
        '--measure',
        'bijstand-2026-r2',
        '--status',
        'done',
      ]),
    ).toMatchObject({ code: 0 });
    const verify = await run(['fixes', 'verify', '--format', 'json', '--db', db]);
    expect(verify.code).toBe(0);
    const [v] = JSON.parse(verify.stdout).verified;
    // The same rounds through `drempel compare`: one computation, two doors.
    const cmp = JSON.parse(
      (
        await run([
          'compare',
          '--before',
          'bijstand-2026-r1',
          '--after',
          'bijstand-2026-r2',
          '--format',
          'json',
          '--db',
          db,
        ])
      ).stdout,
    );
    const step = cmp.steps.find((s: { step: string }) => s.step === 'aanvraag');
    expect(v).toMatchObject({
      fix: 'X-1',
      step: 'aanvraag',
      before: 'bijstand-2026-r1',
      after: 'bijstand-2026-r2',
      change: step.change,
      changeLow: step.changeLow,
      changeHigh: step.changeHigh,
      residentsBefore: step.before.n,
      residentsAfter: step.after.n,
    });
    expect(v.result).toBe('improved');
    expect(v.changeHigh).toBeLessThan(0);
    const show = await run(['findings', 'show', 'F-1', '--db', db]);
    expect(show.stdout).toMatch(/steps\s+aanvraag/);
    expect(show.stdout).toMatch(/quotes\s+Q-001/);
    // The quote's words, as the resident said them (consent for internal use).
    expect(show.stdout).toMatch(/\s+Q-001: “Ik kreeg een brief dat er iets miste, maar niet wat precies\.”/);
    expect(show.stdout).toMatch(/observations\s+S-001:2/);
    expect(show.stdout).toMatch(/fixes\s+X-1 \(done\)/);
    expect((await run(['fixes', 'list', '--db', db])).stdout).toMatch(/X-1 .* aanvraag: improved/);
    expect(await run(['fixes', 'status', 'X-1', 'done', '--db', db])).toMatchObject({
      code: 0,
      stdout: 'fix X-1: done\n',
    });
  });

  test('a step without a measurable change is "no measurable change yet", not improved', async () => {
    await run([
      'findings',
      'add',
      'F-2',
      '--db',
      db,
      '--study',
      'bijstand-2026-r1',
      '--step',
      'besluit',
      '--statement',
      'Lang wachten op het besluit',
    ]);
    await run([
      'fixes',
      'add',
      'X-2',
      '--db',
      db,
      '--finding',
      'F-2',
      '--proposal',
      'Bericht na 4 weken',
      '--owner',
      'teamleider inkomen',
      '--measure',
      'bijstand-2026-r2',
      '--status',
      'done',
    ]);
    const [v] = JSON.parse((await run(['fixes', 'verify', 'X-2', '--format', 'json', '--db', db])).stdout).verified;
    expect(v.step).toBe('besluit');
    if (v.result === 'improved') expect(v.changeHigh).toBeLessThan(0);
    else if (v.result === 'worse') expect(v.changeLow).toBeGreaterThan(0);
    else expect(['no measurable change yet', 'too few residents']).toContain(v.result);
    if (v.result === 'no measurable change yet') expect(v.changeLow <= 0 && v.changeHigh >= 0).toBe(true);
  });

  test('bad input: one clear error, exit 1, the database as it was', async () => {
    const before = snapshot();
    const cases: [string[], RegExp][] = [
      [
        ['findings', 'add', 'F-9', '--study', 'bijstand-2026-r1', '--step', 'nergens', '--statement', 'x'],
        /step "nergens" is not a step/,
      ],
      [
        ['findings', 'add', 'F-9', '--study', 'bijstand-2026-r1', '--quote', 'Q-999', '--statement', 'x'],
        /quote Q-999 is not a quote of study/,
      ],
      [['findings', 'add', 'F-1', '--statement', 'x'], /finding F-1 exists/],
      [
        ['findings', 'add', 'F-9', '--statement', 'Bel Piet op 06-12345678'],
        /--statement looks like it holds personal data/,
      ],
      [
        ['fixes', 'add', 'X-9', '--finding', 'F-1', '--proposal', 'x', '--owner', 'Piet Jansen'],
        /--owner looks like it holds personal data \(NAAM\)/,
      ],
      [['fixes', 'add', 'X-9', '--finding', 'F-404', '--proposal', 'x', '--owner', 'jurist'], /unknown finding: F-404/],
      [['fixes', 'status', 'X-404', 'done'], /unknown fix: X-404/],
    ];
    for (const [args, message] of cases) {
      const r = await run([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    for (const args of [
      ['findings', 'add', 'F-9', '--component', 'retoled', '--statement', 'x'],
      ['fixes', 'status', 'X-1', 'klaar'],
    ]) {
      const r = await run([...args, '--db', db]);
      expect(r.code).toBe(2);
    }
    expect(
      (await run(['findings', 'add', 'F-9', '--component', 'retoled', '--statement', 'x', '--db', db])).stderr,
    ).toContain('did you mean retold?');
    expect(snapshot()).toEqual(before);
  });

  test('after a consent withdrawal the finding says its evidence was erased', async () => {
    const participant = query(
      (d) =>
        d
          .prepare(
            "SELECT p.code FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN participants p ON p.id = s.participant_id WHERE q.code = 'Q-001'",
          )
          .pluck()
          .get() as string,
    );
    const io = captureIo();
    expect(await main(['consent', 'withdraw', participant, '--db', db], io)).toBe(0);
    const show = await run(['findings', 'show', 'F-1', '--db', db]);
    expect(show.stdout).toMatch(/quotes\s+–/);
    expect(show.stdout).toMatch(/erased\s+\d+ pieces? of evidence removed since \(consent withdrawn or deleted\)/);
    // The observations changed: every verdict is withdrawn until verify runs again.
    expect((await run(['fixes', 'list', '--db', db])).stdout).not.toMatch(/improved|no measurable change/);
  });
});

describe('what a verdict stands on', () => {
  test('only a fix that was carried out is verified; a measuring round must come after the findings; an edit withdraws the verdict', async () => {
    await run([
      'findings',
      'add',
      'F-7',
      '--db',
      db,
      '--study',
      'bijstand-2026-r1',
      '--step',
      'aanvraag',
      '--statement',
      'Uploaden mislukt',
    ]);
    await run([
      'fixes',
      'add',
      'X-7',
      '--db',
      db,
      '--finding',
      'F-7',
      '--proposal',
      'Een chatbot',
      '--owner',
      'productowner inkomen',
      '--measure',
      'bijstand-2026-r2',
      '--status',
      'dropped',
    ]);
    const dropped = JSON.parse((await run(['fixes', 'verify', 'X-7', '--format', 'json', '--db', db])).stdout);
    expect(dropped.verified).toEqual([]);
    expect(dropped.skipped[0].reason).toMatch(/^not carried out \(status dropped\)/);
    const backwards = await run(['fixes', 'edit', 'X-7', '--measure', 'bijstand-2026-r1', '--db', db]);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain(
      'fix X-7 cannot be measured in bijstand-2026-r1: it must be a later round of bijstand',
    );
    await run(['fixes', 'status', 'X-7', 'done', '--db', db]);
    expect(
      JSON.parse((await run(['fixes', 'verify', 'X-7', '--format', 'json', '--db', db])).stdout).verified,
    ).toHaveLength(1);
    expect((await run(['fixes', 'list', '--db', db])).stdout).toMatch(/X-7 .*aanvraag: /);
    // A change to the finding withdraws the verdict until verify runs again.
    await run(['findings', 'edit', 'F-7', '--step', 'controle', '--db', db]);
    expect((await run(['fixes', 'list', '--db', db])).stdout).not.toMatch(/X-7 .*aanvraag: /);
    expect(await run(['fixes', 'verify', 'X-404', '--db', db])).toMatchObject({ code: 1 });
    expect(await run(['findings', 'add', 'F 8', '--statement', 'x', '--db', db])).toMatchObject({ code: 2 });
    expect(await run(['findings', 'add', 'F-8', '--statement', '   ', '--db', db])).toMatchObject({ code: 2 });
    expect(await run(['findings', 'add', 'F-8', '--statement', 'kleur \u001b[31mrood', '--db', db])).toMatchObject({
      code: 2,
    });
    expect(await run(['findings', 'edit', 'F-7', '--db', db])).toMatchObject({ code: 2 });
  });
});
