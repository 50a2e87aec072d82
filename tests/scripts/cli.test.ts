import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root, sampleDir, tempDir, writeTemp, runCli } from '../helpers';

const run = runCli;

describe('drempel CLI', () => {
  test('no command prints help and exits 2; --help exits 0', async () => {
    expect((await run([])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('import');
  });

  test('an unknown command or option is a usage error (exit 2)', async () => {
    expect(await run(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('error: unknown command: frobnicate'),
    });
    const r = await run(['export', 'observations', '--colour', 'red']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: Unknown option '--colour'");
    expect((await run(['import', 'people', 'x.csv'])).stderr).toContain(
      'error: unknown kind: people (expected one of studies, participants',
    );
  });

  test('init, import, export: exit 0 with a summary line', async () => {
    const db = join(tempDir(), 'cli.db');
    expect((await run(['init', '--db', db])).stdout).toContain('procedure bijstand 2026.1: created');
    for (const kind of ['studies', 'participants', 'consents', 'sessions']) {
      const r = await run(['import', kind, join(sampleDir, `${kind}.csv`), '--db', db]);
      expect(r.code).toBe(0);
    }
    const r = await run(['import', 'observations', join(sampleDir, 'observations.csv'), '--db', db]);
    expect(r.stdout).toMatch(
      /^observations from .*observations\.csv \(utf-8, ";"-separated\): 147 rows: 147 new, 0 updated, 0 unchanged\n$/,
    );
    const out = await run(['export', 'participants', '--format', 'json', '--db', db]);
    expect(JSON.parse(out.stdout)).toHaveLength(34);
  });

  test('bad input: exit 1, one error naming file, row and column, database unchanged', async () => {
    const db = join(tempDir(), 'cli.db');
    await run(['init', '--db', db]);
    const file = writeTemp(
      'studies.csv',
      'study,title,procedure,round,started_on\nr1,Ronde 1,bijstand,nul,2026-03-01\n',
    );
    const r = await run(['import', 'studies', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: studies.csv: 1 problem, nothing imported\nstudies.csv:2:round: "nul" is not an integer ≥ 1\nhint: Fix the rows above and import the file again; the database was not changed.\n',
    );
    expect(JSON.parse((await run(['export', 'studies', '--format', 'json', '--db', db])).stdout)).toEqual([]);
  });

  test('template prints the documented header and one example row, which imports', async () => {
    const r = await run(['template', 'observations']);
    const [header, example] = r.stdout.trim().split('\n');
    expect(header).toBe(
      'session,step,visit,outcome,seconds,errors,ease,retold,handoffs,handoff_to,wait_days,channel,channel_switches,blocked_by,note',
    );
    expect(example.split(',')).toHaveLength(15);
    const db = join(tempDir(), 'template.db');
    await run(['init', '--db', db]);
    for (const kind of ['studies', 'participants', 'consents', 'sessions', 'observations', 'quotes']) {
      const file = writeTemp(`${kind}.csv`, (await run(['template', kind, '--delimiter', ';'])).stdout);
      expect(await run(['import', kind, file, '--db', db]), kind).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('1 row: 1 new'),
      });
    }
  });

  test('`node scripts/drempel.mjs demo --no-serve` builds the database and prints the summary', () => {
    const db = join(tempDir(), 'demo.db');
    const out = execFileSync(process.execPath, [join(root, 'scripts/drempel.mjs'), 'demo', '--no-serve', '--db', db], {
      encoding: 'utf8',
      cwd: tempDir(),
    });
    expect(out).toContain('bijstand-2026-r1');
    expect(out).toMatch(/bijstand-2026-r1\s+bijstand 2026\.1\s+1\s+14\s+3\s+1/);
    expect(existsSync(db)).toBe(true);
  });

  test('the real binary exits 1 on a user error and 2 on wrong usage', () => {
    const bin = join(root, 'scripts/drempel.mjs');
    const bad = spawnSync(
      process.execPath,
      [bin, 'import', 'studies', '/nonexistent.csv', '--db', join(tempDir(), 'x.db')],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('error: unknown file: /nonexistent.csv\n');
    expect(spawnSync(process.execPath, [bin, 'export'], { encoding: 'utf8' }).status).toBe(2);
  });
});

describe('drempel import: personal data in free text', () => {
  test('is a warning with file, row and column; the import goes on', async () => {
    const db = join(tempDir(), 'pii.db');
    const planted = join(root, 'tests/fixtures/planted');
    await run(['init', '--db', db]);
    await run(['import', 'studies', join(sampleDir, 'studies.csv'), '--db', db]);
    for (const kind of ['participants', 'consents', 'sessions'])
      await run(['import', kind, join(planted, `${kind}.csv`), '--db', db]);
    const r = await run(['import', 'quotes', join(planted, 'quotes.csv'), '--db', db], {
      DREMPEL_NAMES: join(planted, 'names.txt'),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: quotes.csv:2:text: looks like personal data (BSN)');
    expect(r.stderr).toContain('warning: quotes.csv:8:text: looks like personal data (NAAM)');
    expect(r.stdout).toContain('13 rows: 13 new');
  });
});

describe('drempel consent, purge, participant, backup, restore, check', () => {
  test('the privacy commands work end to end on a real database file', async () => {
    const dir = tempDir();
    const db = join(dir, 'p.db');
    await run(['init', '--db', db]);
    for (const kind of ['studies', 'participants', 'consents', 'sessions', 'observations', 'quotes'])
      await run(['import', kind, join(sampleDir, `${kind}.csv`), '--db', db]);
    const exported = await run(['participant', 'export', 'P-002', '--db', db]);
    expect(JSON.parse(exported.stdout).participant.participant).toBe('P-002');
    expect((await run(['backup', join(dir, 'b.db'), '--db', db])).code).toBe(0);
    const erased = await run(['consent', 'withdraw', 'P-002', '--db', db]);
    expect(erased.stdout).toBe(
      'erased 1 participant, 1 consent, 1 session, 7 observations, 1 quote, 0 notes, 0 tags, 0 log events\n',
    );
    expect(await run(['consent', 'withdraw', 'P-002', '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^error: participant P-002 was already erased on \d{4}-\d{2}-\d{2}: nothing about them is held\n$/,
      ),
    });
    // A date after today would erase people whose retention has not ended yet.
    expect(await run(['purge', '--expired', '--today', '2028-12-31', '--dry-run', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is after today'),
    });
    expect((await run(['purge', '--expired', '--today', '2026-11-28', '--dry-run', '--db', db])).stdout).toMatch(
      /^dry run: 0 participants past retention on 2026-11-28/,
    );
    expect((await run(['purge', '--db', db])).code).toBe(2);
    expect(await run(['check', '--db', db])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('integrity ok'),
    });
    // The backup was taken before the withdrawal: restoring it must not bring P-002 back.
    expect(await run(['restore', join(dir, 'b.db'), '--db', db])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('1 participant erased since the backup erased again'),
    });
    // An access request after the erasure: the answer is that nothing is held.
    expect(await run(['participant', 'export', 'P-002', '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^error: participant P-002 was already erased on 2026-\d\d-\d\d: nothing about them is held\n$/,
      ),
    });
    expect(await run(['check', '--db', db])).toMatchObject({ code: 0 });
    // Nor may re-importing the unchanged participants file.
    const again = await run(['import', 'participants', join(sampleDir, 'participants.csv'), '--db', db]);
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/participants\.csv:\d+:participant: "P-002" was erased on 2026-11-28/),
    });
  });
});

describe('files named on the command line', () => {
  test('an input that is a folder, or an output in a missing folder, is one clear error (exit 1)', async () => {
    const db = join(tempDir(), 'f.db');
    await run(['init', '--db', db]);
    expect(await run(['import', 'studies', tempDir(), '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error: not a file: /),
    });
    expect(await run(['export', 'studies', '--out', '/nonexistent-folder/x.csv', '--db', db])).toMatchObject({
      code: 1,
      stderr:
        'error: cannot write /nonexistent-folder/x.csv: the folder /nonexistent-folder does not exist or is not writable\n',
    });
  });
});
