/**
 * Every user error is one clear line (plus a hint), never a stack trace: a table of bad
 * invocations, each with its exit code (1 user error, 2 wrong usage) and what the line says.
 * Files an invocation names as a database are checked byte for byte afterwards: a refused
 * command changes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main';
import { captureIo, makeSampleDb, proceduresDir, root, tempDir } from '../helpers';

const dir = tempDir();
const f = (name: string) => join(dir, name);
let db: string;

beforeAll(async () => {
  const d = await makeSampleDb();
  db = d.name;
  d.close();
  writeFileSync(f('text.db'), 'this is a text file, not a database\n');
  writeFileSync(f('empty.db'), '');
  mkdirSync(f('folder.db'));
  const other = new Database(f('other.sqlite'));
  other.exec(
    'CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices (amount) VALUES (12.5);',
  );
  other.close();
  const corrupt = Buffer.alloc(8192, 0x5a);
  Buffer.from('SQLite format 3\0').copy(corrupt);
  writeFileSync(f('corrupt.db'), corrupt);
  writeFileSync(f('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('study,title\r\n', 'utf16le')]));
  writeFileSync(f('book.xlsx.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
  mkdirSync(f('procs/links'), { recursive: true });
  symlinkSync(f('nowhere'), f('procs/links/dangling'));
  mkdirSync(f('procs/bomb'), { recursive: true });
  const bomb = [
    'a: &a [x,x,x,x,x,x,x,x,x]',
    ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
  ].join('\n');
  writeFileSync(f('procs/bomb/procedure.yaml'), bomb + '\n');
  writeFileSync(f('exists.json'), '{}');
  writeFileSync(f('precious.txt'), 'mine');
  mkdirSync(f('study'));
  writeFileSync(f('study/studies.csv'), 'study,title\nreal,Real study\n');
  symlinkSync(f('exists.json'), f('link.csv'));
  mkdirSync(f('site-with-db'));
  writeFileSync(f('site-with-db/index.html'), '<p>mine</p>');
});

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Case {
  args: () => string[];
  code: 1 | 2;
  says: RegExp;
  env?: Record<string, string>;
}

const cases: Record<string, Case> = {
  '--db names a text file': {
    args: () => ['export', 'studies', '--db', f('text.db')],
    code: 1,
    says: /is not a SQLite database/,
  },
  '--db names a folder': {
    args: () => ['score', '--db', f('folder.db')],
    code: 1,
    says: /is a folder, not a database file/,
  },
  '--db names a missing file (export)': {
    args: () => ['export', 'studies', '--db', f('missing/x.db')],
    code: 1,
    says: /no drempel database at .*missing\/x\.db/,
  },
  '--db names a missing file (import)': {
    args: () => ['import', 'studies', join(root, 'scripts/sample/data/studies.csv'), '--db', f('typo.db')],
    code: 1,
    says: /no drempel database/,
  },
  '--db names an empty file': {
    args: () => ['check', '--db', f('empty.db')],
    code: 1,
    says: /empty file, not a drempel database/,
  },
  "--db names another program's SQLite file": {
    args: () => ['export', 'studies', '--db', f('other.sqlite')],
    code: 1,
    says: /SQLite database, but not drempel's/,
  },
  '--db names a damaged SQLite file': {
    args: () => ['score', '--db', f('corrupt.db')],
    code: 1,
    says: /damaged or not a SQLite database|not drempel's|cannot open/,
  },
  'DREMPEL_DB names a missing file': {
    args: () => ['priorities'],
    env: { DREMPEL_DB: f('nope.db') },
    code: 1,
    says: /no drempel database/,
  },
  'restore of a text file': {
    args: () => ['restore', f('text.db'), '--db', f('restored.db')],
    code: 1,
    says: /is not a SQLite database/,
  },
  'restore of a damaged file': {
    args: () => ['restore', f('corrupt.db'), '--db', f('restored.db')],
    code: 1,
    says: /not a drempel backup|fails its integrity check|cannot be read/,
  },
  "restore of another program's SQLite file": {
    args: () => ['restore', f('other.sqlite'), '--db', f('restored.db')],
    code: 1,
    says: /not a drempel backup/,
  },
  "restore over another program's SQLite file": {
    args: () => ['restore', db, '--db', f('other.sqlite')],
    code: 1,
    says: /refusing to restore over .*not a drempel database/,
  },
  'restore of a missing backup': {
    args: () => ['restore', f('nope.db'), '--db', f('restored.db')],
    code: 1,
    says: /unknown file|not found/,
  },
  'procedures check on a missing folder': {
    args: () => ['procedures', 'check', f('no-such-folder')],
    code: 1,
    says: /no procedures folder at/,
  },
  'procedures check on a file': {
    args: () => ['procedures', 'check', f('text.db')],
    code: 1,
    says: /is a file, not a procedures folder/,
  },
  'procedures check on a YAML alias bomb': {
    args: () => ['procedures', 'check', f('procs')],
    code: 1,
    says: /cannot read the YAML: Excessive alias count/,
  },
  'site build with a missing names file': {
    args: () => ['site', 'build', '--names', f('nope.txt'), '--out', f('out'), '--db', db],
    code: 1,
    says: /names file not found/,
  },
  'import of a UTF-16 file': {
    args: () => ['import', 'studies', f('utf16.csv'), '--db', db],
    code: 1,
    says: /is UTF-16 text/,
  },
  'import of an Excel workbook': {
    args: () => ['import', 'studies', f('book.xlsx.csv'), '--db', db],
    code: 1,
    says: /is an Excel workbook/,
  },
  'import of a missing file': {
    args: () => ['import', 'studies', f('nope.csv'), '--db', db],
    code: 1,
    says: /unknown file/,
  },
  'import of a folder': { args: () => ['import', 'studies', dir, '--db', db], code: 1, says: /not a file/ },
  'an unknown command': { args: () => ['scroe'], code: 2, says: /unknown command: scroe/ },
  'an unknown kind': { args: () => ['export', 'studys', '--db', db], code: 2, says: /unknown kind: studys/ },
  'an unknown option': {
    args: () => ['score', '--studdy', 'x', '--db', db],
    code: 2,
    says: /Unknown option '--studdy'/,
  },
  'site preview for an unknown audience': {
    args: () => ['site', 'preview', '--audience', 'foo'],
    code: 2,
    says: /invalid audience: foo/,
  },
  'purge ahead of time': {
    args: () => ['purge', '--expired', '--today', '2099-01-01', '--db', db],
    code: 2,
    says: /is after today/,
  },
  'purge with a date that is no date': {
    args: () => ['purge', '--expired', '--today', '31-02-2026', '--db', db],
    code: 2,
    says: /invalid --today/,
  },
  'score with a confidence of 2': {
    args: () => ['score', '--confidence', '2', '--db', db],
    code: 2,
    says: /invalid confidence: 2/,
  },
  'score as XML': { args: () => ['score', '--format', 'xml', '--db', db], code: 2, says: /invalid format: xml/ },
  'score of an unknown study': {
    args: () => ['score', '--study', 'nope', '--db', db],
    code: 1,
    says: /unknown study: nope/,
  },
  'export into a missing folder': {
    args: () => ['export', 'studies', '--out', f('no/such/folder/x.csv'), '--db', db],
    code: 1,
    says: /cannot write .*does not exist or is not writable/,
  },
  'participant export over an existing file': {
    args: () => ['participant', 'export', 'P-001', '--out', f('exists.json'), '--db', db],
    code: 1,
    says: /exists already/,
  },
  'participant export of an unknown code': {
    args: () => ['participant', 'export', 'P-999', '--db', db],
    code: 1,
    says: /unknown participant: P-999/,
  },
  'a 10,000-character participant code': {
    args: () => ['consent', 'withdraw', 'P'.repeat(10_000), '--db', db],
    code: 1,
    says: /unknown participant: "P{20,}…"$/m,
  },
  'site build into /': {
    args: () => ['site', 'build', '--out', '/', '--db', db],
    code: 1,
    says: /refusing to build the site into \/: it is the root/,
  },
  'site build into the home folder': {
    args: () => ['site', 'build', '--out', homedir(), '--db', db],
    code: 1,
    says: /it is your home folder|it holds the drempel repository/,
  },
  'site build into the checkout': {
    args: () => ['site', 'build', '--out', root, '--db', db],
    code: 1,
    says: /it is the drempel repository itself/,
  },
  "site build into the database's folder": {
    args: () => ['site', 'build', '--out', join(db, '..'), '--db', db],
    code: 1,
    says: /holds the research database|not empty and was not made by drempel/,
  },
  'site build into a folder of your own': {
    args: () => ['site', 'build', '--out', f('site-with-db'), '--db', db],
    code: 1,
    says: /not empty and was not made by drempel/,
  },
  'backup over an existing file': {
    args: () => ['backup', f('exists.json'), '--db', db],
    code: 1,
    says: /backup file exists/,
  },
  'events import of a missing file': {
    args: () => ['events', 'import', f('nope.xes'), '--db', db],
    code: 1,
    says: /unknown file|not found/,
  },
  'sample over study files': {
    args: () => ['sample', '--out', f('study')],
    code: 1,
    says: /study\/studies\.csv exists already: the sample never writes over study files/,
  },
  'export over the research database': {
    args: () => ['export', 'quotes', '--out', db, '--db', db],
    code: 1,
    says: /refusing to write over .*: it is a database/,
  },
  'export over an existing file': {
    args: () => ['export', 'quotes', '--out', f('exists.json'), '--db', db],
    code: 1,
    says: /exists already/,
  },
  'export through a symbolic link': {
    args: () => ['export', 'quotes', '--out', f('link.csv'), '--db', db],
    code: 1,
    says: /is a symbolic link/,
  },
  'export with a missing --db does not touch --out': {
    args: () => ['export', 'quotes', '--out', f('precious.txt'), '--db', f('missing.db')],
    code: 1,
    says: /no drempel database/,
  },
  'init with an empty --db': { args: () => ['init', '--db', ''], code: 2, says: /--db needs a file name/ },
  'weights named after an object property': {
    args: () => ['score', '--weights', 'toString=2', '--db', db],
    code: 2,
    says: /invalid weight: toString/,
  },
  'weights that switch off both families': {
    args: () => ['score', '--weights', 'burden=0,usability=0', '--db', db],
    code: 2,
    says: /both families are 0/,
  },
  'a 5,000-character option value': {
    args: () => ['score', '--format', 'x'.repeat(5000), '--db', db],
    code: 2,
    says: /invalid format: x{40} \(expected/,
  },
  'restore where the database is gone and no ledger is left': {
    args: () => ['restore', db, '--db', f('gone/new.db')],
    code: 1,
    says: /no erasure ledger beside it/,
  },
  'init where a file is in the way of the folder': {
    args: () => ['init', '--db', join(f('text.db'), 'x.db')],
    code: 1,
    says: /cannot|not a directory|ENOTDIR/i,
  },
};

describe('bad invocations: one clear line, the right exit code, no stack trace', () => {
  test('there are at least 30 of them', () => expect(Object.keys(cases).length).toBeGreaterThanOrEqual(30));

  for (const [name, c] of Object.entries(cases)) {
    test(name, async () => {
      const watched = [
        f('other.sqlite'),
        f('text.db'),
        db,
        f('precious.txt'),
        f('study/studies.csv'),
        f('exists.json'),
      ];
      const before = watched.map(sha);
      const io = captureIo({ DREMPEL_PROCEDURES: proceduresDir, ...c.env });
      const code = await main(c.args(), io);
      expect({ code, stderr: io.stderr }).toMatchObject({ code: c.code, stderr: expect.stringMatching(c.says) });
      expect(io.stderr).toMatch(/^error: /);
      expect(io.stderr).not.toMatch(/^\s+at /m);
      expect(io.stderr).not.toContain('unexpected');
      // One line: the error, then at most a hint (usage errors add the usage text).
      if (c.code === 1)
        expect(
          io.stderr
            .trimEnd()
            .split('\n')
            .filter((l) => !l.startsWith('hint: ')).length,
        ).toBe(1);
      for (const line of io.stderr.split('\n')) expect(line.length).toBeLessThan(400);
      expect(watched.map(sha)).toEqual(before);
    });
  }
});
