/**
 * Benchmark: the studio's two waits (issue 14).
 *
 * 1. From `drempel studio` to the first screen: the command is started as a researcher starts it
 *    (a new process on the sample database), and the time runs until Debian's Chromium shows the
 *    studio's heading (the browser is started beforehand: it is not the studio's to start). The
 *    reference, timed in the same script: `drempel --version`, the bare start of the CLI (Node and
 *    the TypeScript loader), which no command can beat. Without Chromium, until the page, its
 *    script, its style and the first API answer have been fetched.
 * 2. From a tap to its row on disk: one HTTP request of the page (raise a step's error count) until
 *    a second SQLite connection reads the new value, 200 taps, median and 95th percentile. The
 *    reference, on the same file in the same process: the smallest write there is, one row in its
 *    own transaction, with the same durability (`synchronous = FULL`).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsv } from '../../research/csv/import';
import { kindNames } from '../../research/csv/kinds/index';
import { openDatabase, setToday } from '../../research/db';
import { loadProceduresOrThrow } from '../../procedures/load';
import { syncProcedure } from '../../research/repositories/procedures';
import { addParticipant, startSession } from '../app/studio/start';
import { startStudio } from '../app/studio/server';
import { sampleFile } from '../cli/demo';
import type { Io } from '../cli/io';
import { firstVisitErrors, insertScratchRow } from '../../research/bench-fixtures';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'scripts', 'drempel.mjs');

/** Milliseconds from spawning `drempel …args` until `ready(output)` says so (or the process ends). */
function timeSpawn(
  args: string[],
  ready: (out: string) => boolean,
): Promise<{ ms: number; out: string; stop: () => void }> {
  const t = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((ok, fail) => {
    const done = () => ok({ ms: performance.now() - t, out, stop: () => child.kill('SIGTERM') });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (ready(out)) done();
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`drempel ${args[0]} exited with ${code}: ${out}`)),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

export async function benchStudio(io: Io): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-bench-studio-'));
  try {
    const file = join(dir, 'studio.db');
    const now = new Date().toISOString();
    const today = now.slice(0, 10);
    {
      const db = openDatabase(file, { create: true });
      setToday(db, today);
      for (const p of loadProceduresOrThrow(join(root, 'procedures'))) syncProcedure(db, p, now);
      for (const kind of kindNames) await importCsv(db, kind, sampleFile(kind), { now });
      db.close();
    }

    io.out('studio: from `drempel studio` to the first screen\n');
    const runs = 5;
    const versions: number[] = [];
    for (let i = 0; i < runs; i++) versions.push((await timeSpawn(['--version'], (o) => o.includes('drempel'))).ms);
    const chromium = '/usr/bin/chromium';
    const firsts: number[] = [];
    const servers: number[] = [];
    // playwright-core is a development dependency: without it (or Chromium), the first screen is fetched.
    const pw = existsSync(chromium) ? await import('playwright-core').catch(() => null) : null;
    const browser = pw
      ? await pw.chromium.launch({ executablePath: chromium, args: ['--headless', '--no-sandbox'] })
      : null;
    for (let i = 0; i < runs; i++) {
      const copy = join(dir, `first-${i}.db`);
      copyFileSync(file, copy);
      const t = performance.now();
      const s = await timeSpawn(['studio', '--port', '0', '--db', copy], (o) => o.includes('Ctrl+C'));
      servers.push(s.ms);
      const url = /drempel studio: (\S+)/.exec(s.out)![1];
      if (browser) {
        const page = await browser.newPage();
        await page.goto(url);
        await page.getByRole('heading', { name: 'drempel studio', level: 1 }).waitFor();
        await page.getByRole('button', { name: 'Sessie starten' }).waitFor();
        firsts.push(performance.now() - t);
        await page.close();
      } else {
        await Promise.all(
          ['', 'assets/studio.js', 'assets/studio.css', 'api/home'].map((p) => fetch(url + p).then((r) => r.text())),
        );
        firsts.push(performance.now() - t);
      }
      s.stop();
    }
    await browser?.close();
    const ref = median(versions);
    io.out(`  reference: \`drempel --version\` (the CLI's bare start), median of ${runs}: ${ref.toFixed(0)} ms\n`);
    io.out(
      `  studio listening (bundle built), median of ${runs}: ${median(servers).toFixed(0)} ms = ${(median(servers) / ref).toFixed(2)} × the reference\n`,
    );
    io.out(
      `  first screen ${browser ? 'shown in Chromium' : 'fetched (no Chromium here)'}, median of ${runs}: ${median(firsts).toFixed(0)} ms = ${(median(firsts) / ref).toFixed(2)} × the reference\n`,
    );

    io.out('studio: from a tap to its row on disk\n');
    const db = openDatabase(file);
    setToday(db, today);
    const clock = { now: () => Date.now(), iso: () => new Date().toISOString() };
    addParticipant(
      db,
      {
        participant: 'P-999',
        consent: { analysis: true, quote_internal: true, quote_public: false, recording: false },
      },
      today,
    );
    const { code } = startSession(
      db,
      { study: 'bijstand-2026-r2', participant: 'P-999', kind: 'walkthrough' },
      today,
      clock,
    );
    const studio = await startStudio({ db, port: 0, today: () => today, clock });
    const reader = openDatabase(file, { readonly: true });
    const errors = firstVisitErrors(reader, code);
    const csrf = /name="drempel-csrf" content="([^"]+)"/.exec(await (await fetch(studio.url)).text())![1];
    const post = (action: unknown, revision: number) =>
      fetch(`${studio.url}api/sessions/${code}/act`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-drempel-csrf': csrf },
        body: JSON.stringify({ action, revision }),
      }).then((r) => r.json() as Promise<{ state: { revision: number } }>);
    let revision = (await post({ type: 'visit', step: 'melden' }, 0)).state.revision;
    revision = (await post({ type: 'set', field: 'outcome', value: 'completed' }, revision)).state.revision;
    const taps: number[] = [];
    for (let i = 1; i <= 200; i++) {
      const t = performance.now();
      revision = (await post({ type: 'bump', field: 'errors', delta: 1 }, revision)).state.revision;
      if (errors() !== i) throw new Error(`tap ${i}: the row says ${errors()} errors`);
      taps.push(performance.now() - t);
    }
    await studio.close();
    reader.close();
    const single: number[] = [];
    const insertOne = insertScratchRow(db);
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      insertOne(i);
      single.push(performance.now() - t);
    }
    db.close();
    const r = median(single);
    io.out(`  reference: one row in its own transaction (synchronous = FULL), median of 200: ${r.toFixed(2)} ms\n`);
    io.out(
      `  tap → row on disk (HTTP request, validation, row and place in one transaction, read back by a second connection), 200 taps: median ${median(taps).toFixed(2)} ms (${(median(taps) / r).toFixed(1)} × the reference), 95th percentile ${p95(taps).toFixed(2)} ms\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
