/**
 * Hostile and unlucky conditions: a seeded fuzzer of malformed CSV files, imports killed with
 * SIGKILL at random moments, and two importers and a reader on one database at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { importCsv } from '../../research/csv/import';
import { kindNames } from '../../research/csv/kinds/index';
import { DrempelError } from '../../research/errors';
import { checkDatabase } from '../../research/maintenance';
import { generateSample } from '../../scripts/sample/generate';
import { Random } from '../../scripts/sample/random';
import { dump, fixedNow, makeDb, makeSampleDb, root, tempDir } from '../helpers';
import { sampleFile } from '../../scripts/cli/demo';

const bin = join(root, 'scripts/drempel.mjs');

/** One random corruption of a valid CSV file. */
function mutate(r: Random, text: string): string | Buffer {
  const at = () => r.int(0, Math.max(0, text.length - 1));
  const lines = text.split('\n');
  const ops: (() => string | Buffer)[] = [
    () => text.slice(0, at()), // truncated anywhere
    () => {
      const i = at();
      return text.slice(0, i) + '"' + text.slice(i);
    }, // stray quote
    () => {
      const i = at();
      return text.slice(0, i) + text.slice(i + r.int(1, 40));
    }, // bytes lost
    () => text.replace(/,/g, () => (r.chance(0.1) ? ';' : ',')), // mixed delimiters
    () =>
      Buffer.concat([Buffer.from(text.slice(0, at())), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(text.slice(at()))]), // invalid UTF-8
    () => lines.map((l) => (r.chance(0.1) ? l + ',extra' : l)).join('\n'), // too many fields
    () =>
      [lines[0], ...lines.slice(1).sort(() => r.next() - 0.5)].join('\n') + '\n' + lines[r.int(1, lines.length - 2)], // duplicate row
    () =>
      lines
        .map((l, i) => (i > 0 && r.chance(0.2) ? l.replace(/\d+/, () => String(r.pick([-1, 99, 1e9, 'x', '']))) : l))
        .join('\n'), // bad numbers
    () =>
      lines[0]
        .split(',')
        .sort(() => r.next() - 0.5)
        .join(',') +
      '\n' +
      lines.slice(1).join('\n'), // shuffled header
    () => '', // empty
    () => text.replace(/\n/g, '\r'), // old Mac line ends
    () => {
      const i = at();
      return text.slice(0, i) + '\u0000'.repeat(r.int(1, 5)) + text.slice(i);
    }, // NUL bytes
    () => {
      const i = at();
      return text.slice(0, i) + 'x'.repeat(r.int(1000, 120_000)) + text.slice(i);
    }, // a very long field
    () => '\ufeff' + lines.slice(0, 1).join('') + '\n' + '\ufeff' + lines.slice(1).join('\n'), // BOM in the middle
    () =>
      lines
        .map((l) =>
          l
            .split(',')
            .map((c) => (r.chance(0.05) ? `"${c}` : c))
            .join(','),
        )
        .join('\n'), // unbalanced quotes
  ];
  let out: string | Buffer = text;
  for (let k = r.int(1, 3); k > 0; k--) {
    text = typeof out === 'string' ? out : out.toString('latin1');
    out = r.pick(ops)();
  }
  return out;
}

describe('a seeded fuzzer: 1,200 malformed CSV files', () => {
  test('the importer never crashes, never imports partially, and always explains itself', async () => {
    const db = await makeSampleDb();
    const r = new Random(20261128);
    const dir = tempDir();
    const sources = kindNames.map((k) => ({ kind: k, text: readFileSync(sampleFile(k), 'utf8') }));
    let failed = 0;
    let succeeded = 0;
    for (let i = 0; i < 1200; i++) {
      const { kind, text } = r.pick(sources);
      const file = join(dir, `fuzz-${i}.csv`);
      writeFileSync(file, mutate(r, text));
      const before = dump(db);
      try {
        const s = await importCsv(db, kind, file, { now: fixedNow });
        succeeded++;
        expect(s.inserted + s.updated + s.unchanged).toBe(s.rows);
      } catch (e) {
        failed++;
        if (!(e instanceof DrempelError)) throw new Error(`fuzz case ${i} (${kind}) crashed: ${(e as Error).stack}`);
        expect(e.message, `fuzz case ${i}`).toContain(basename(file));
        expect(dump(db), `fuzz case ${i} left rows behind`).toEqual(before);
      }
      expect(db.inTransaction).toBe(false);
    }
    expect(checkDatabase(db).filter((p) => p.check !== 'withdrawn consent not yet erased')).toEqual([]);
    expect(failed).toBeGreaterThan(600);
    expect(succeeded).toBeGreaterThan(0);
  }, 300_000);
});

describe('crash safety: SIGKILL during an import', () => {
  test('at 24 random moments the database is intact and holds all of the file or none of it', async () => {
    const dir = tempDir();
    await generateSample({ out: dir, observations: 150_000 });
    const base = join(dir, 'base.db');
    const db = makeDb(base);
    for (const kind of ['studies', 'participants', 'consents', 'sessions'] as const)
      await importCsv(db, kind, join(dir, `${kind}.csv`), { now: fixedNow });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const importInto = (file: string) =>
      spawn(process.execPath, [bin, 'import', 'observations', join(dir, 'observations.csv'), '--db', file], {
        stdio: 'ignore',
      });
    // Calibrate on this machine: how long a whole run (start-up and import) takes — the faster of
    // two, since the first run also warms the disk cache and would stretch every delay after it.
    const timed = async (name: string) => {
      const started = Date.now();
      copyFileSync(base, join(dir, name));
      await new Promise((done) => importInto(join(dir, name)).on('exit', done));
      return Date.now() - started;
    };
    const whole = Math.min(await timed('calibrate-1.db'), await timed('calibrate-2.db'));
    const r = new Random(7);
    const outcomes = { none: 0, all: 0 };
    let killedMidway = 0;
    for (let i = 0; i < 24; i++) {
      const file = join(dir, `run-${i}.db`);
      copyFileSync(base, file);
      const child = importInto(file);
      // Mostly inside the import itself (after start-up), now and then just before or after it.
      const delay = Math.round(whole * (0.3 + 0.75 * r.next()));
      const exit = await new Promise<string>((done) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          done(signal ?? String(code));
        });
      });
      if (exit === 'SIGKILL') killedMidway++;
      const check = new Database(file);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = check.prepare('SELECT count(*) FROM observations').pluck().get() as number;
      check.close();
      expect([0, 150_000]).toContain(n);
      outcomes[n === 0 ? 'none' : 'all']++;
    }
    expect(killedMidway).toBeGreaterThanOrEqual(16);
    expect(outcomes.none).toBeGreaterThan(0);
    expect(outcomes.none + outcomes.all).toBe(24);
  }, 300_000);
});

describe('concurrency: two importers and a reader on one database', () => {
  test('no SQLITE_BUSY reaches the user and nothing is lost', async () => {
    const dir = tempDir();
    await generateSample({ out: dir, observations: 60_000 });
    const file = join(dir, 'shared.db');
    const db = makeDb(file);
    for (const kind of ['studies', 'participants', 'consents', 'sessions'] as const)
      await importCsv(db, kind, join(dir, `${kind}.csv`), { now: fixedNow });
    db.close();
    // Split the observations by session into two files, one per importer.
    const [header, ...rows] = readFileSync(join(dir, 'observations.csv'), 'utf8').trim().split('\n');
    const half = (odd: boolean) =>
      [header, ...rows.filter((l) => (Number(l.split(',')[0].replace(/\D/g, '')) % 2 === 1) === odd)].join('\n') + '\n';
    writeFileSync(join(dir, 'a.csv'), half(true));
    writeFileSync(join(dir, 'b.csv'), half(false));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [bin, ...args, '--db', file], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => done({ code, stderr }));
      });
    const readers = (async () => {
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await run(['score', '--format', 'json']));
      return results;
    })();
    const [a, b, reads] = await Promise.all([
      run(['import', 'observations', join(dir, 'a.csv')]),
      run(['import', 'observations', join(dir, 'b.csv')]),
      readers,
    ]);
    for (const x of [a, b, ...reads]) {
      expect(x.stderr).not.toMatch(/SQLITE_BUSY|database is locked|unexpected/);
      expect(x.code).toBe(0);
    }
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(60_000);
    check.close();
    expect(spawnSync(process.execPath, [bin, 'check', '--db', file]).status).toBe(0);
  }, 300_000);
});
