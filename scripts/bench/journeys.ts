/**
 * Benchmark: import an event log of N events (CSV, PM4Py columns) and summarise it (variants,
 * directly-follows graph, rework, hand-offs, durations), in a child process so peak memory is
 * its own. Target (issue 4): under 10 s for 1,000,000 events, peak RSS under 1 GB. The reference
 * run, in the same script on the same file: Debian's sqlite3 CLI imports the CSV without any
 * checks (`.import`) and counts the directly-follows pairs with one window query — the least any
 * tool must do; the ratio is ours ÷ that. For scale, PM4Py's published XES import alone runs at
 * about 15–20 thousand events per second (not measured here: PyPI is out of reach).
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Io } from '../cli/io';
import { Random } from '../sample/random';

const activities = [
  'melden',
  'aanvraag',
  'controle',
  'stukken nasturen',
  'gesprek',
  'huisbezoek',
  'voorschot',
  'besluit',
  'bezwaar',
  're-integratie',
];
const groups = [
  'Klantcontact',
  'Inkomen',
  'Inkomen',
  'Inkomen',
  'Inkomen',
  'Handhaving',
  'Financiën',
  'Inkomen',
  'Juridische Zaken',
  'Werk',
];

/** Write a synthetic event log of `events` events, cases of 5–15 events with loops. */
export async function writeEventLog(path: string, events: number): Promise<void> {
  const r = new Random(11);
  const out = createWriteStream(path);
  out.write('case:concept:name,concept:name,time:timestamp,org:resource,org:group\n');
  let n = 0;
  let buffer = '';
  for (let c = 1; n < events; c++) {
    let t = Date.UTC(2026, 0, 1) + r.int(0, 300) * 86_400_000;
    const length = r.int(5, 15);
    let a = 0;
    for (let i = 0; i < length && n < events; i++, n++) {
      t += r.int(60, 86_400 * 5) * 1000;
      buffer += `case-${c},${activities[a]},${new Date(t).toISOString().replace('T', ' ').replace('Z', '+00:00')},res-${r.int(1, 40)},${groups[a]}\n`;
      a = r.chance(0.2) ? Math.max(0, a - 1) : Math.min(activities.length - 1, a + 1);
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((res) => out.once('drain', () => res()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** The reference: a plain table, `.import` without checks, and the directly-follows counts in SQL. */
const referenceShape = 'CREATE TABLE events (case_id TEXT, activity TEXT, ts TEXT, resource TEXT, grp TEXT);';
const referenceDfg = `SELECT count(*) FROM (SELECT a, b, count(*) FROM (
  SELECT activity AS a, lead(activity) OVER (PARTITION BY case_id ORDER BY ts) AS b FROM events
) WHERE b IS NOT NULL GROUP BY a, b);`;

function seconds(run: () => unknown): number {
  const t = performance.now();
  run();
  return (performance.now() - t) / 1000;
}

export async function benchJourneys(io: Io, events: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  try {
    io.out(`journeys benchmark: ${events.toLocaleString('en')} events\n`);
    const file = join(dir, 'log.csv');
    await writeEventLog(file, events);
    const child = execFileSync(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        resolve(import.meta.dirname, 'journeys-child.ts'),
        join(dir, 'j.db'),
        file,
      ],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(child.trim().split('\n').pop()!) as {
      importSeconds: number;
      analysisSeconds: number;
      events: number;
      cases: number;
      variants: number;
      maxRssMb: number;
    };
    const total = r.importSeconds + r.analysisSeconds;
    const reference = join(dir, 'reference.db');
    execFileSync('sqlite3', [reference, referenceShape]);
    const refImport = seconds(() => execFileSync('sqlite3', [reference, `.import --csv --skip 1 ${file} events`]));
    const refAnalysis = seconds(() => execFileSync('sqlite3', [reference, referenceDfg]));
    const refTotal = refImport + refAnalysis;
    io.out(
      `  import ${r.importSeconds.toFixed(2)} s + analysis ${r.analysisSeconds.toFixed(2)} s = ${total.toFixed(2)} s for ${r.events.toLocaleString('en')} events, ` +
        `${r.cases.toLocaleString('en')} cases, ${r.variants.toLocaleString('en')} variants (target under 10 s)\n` +
        `  ${Math.round(r.events / total).toLocaleString('en')} events/s end to end; peak RSS ${r.maxRssMb.toFixed(0)} MB (target under 1 GB)\n` +
        `  reference, same file: sqlite3 .import ${refImport.toFixed(2)} s + directly-follows query ${refAnalysis.toFixed(2)} s = ${refTotal.toFixed(2)} s (no checks, no variants)\n` +
        `  ratio ${(total / refTotal).toFixed(2)}× the reference\n` +
        `  for scale: PM4Py's published XES import alone is about 15,000–20,000 events/s (not measured here)\n`,
    );
    return { ...r, totalSeconds: total, referenceSeconds: refTotal, ratio: total / refTotal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
