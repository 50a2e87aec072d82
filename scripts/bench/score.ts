/**
 * Benchmark: score N observations over S steps (one study of a generated procedure) against a
 * single sqlite3 GROUP BY that computes the same event counts, run by the sqlite3 CLI on the
 * same file in the same run. Target (issue 4): at most 2× and under 5 s for 1,000,000 × 500.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Procedure } from '../../procedures/schema';
import { openDatabase } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import type { Io } from '../io';
import { Random } from '../sample/random';
import { buildScoreReport } from '../reports/score';

/** A synthetic procedure of `steps` steps in a line, for benchmarks only. */
export function benchProcedure(steps: number): Procedure {
  const slugs = Array.from({ length: steps }, (_, i) => `stap-${i + 1}`);
  return {
    slug: 'bench', title: 'Benchmark', short_title: 'Benchmark', upl: 'bench', municipality: 'Bench', version: '1', valid_from: '2026-01-01',
    summary: 'Benchmark.', applicants_per_year: 10000, applicants_per_year_source: 'generated', caveats: [], sources: [],
    actors: [{ slug: 'inwoner', name: 'Inwoner', department: 'Inwoner', kind: 'resident' }, { slug: 'consulent', name: 'Consulent', department: 'Inkomen', kind: 'back office' }],
    channels: [{ slug: 'online', name: 'Online' }], information_items: [],
    steps: slugs.map((slug, i) => ({
      slug, title: `Stap ${i + 1}`, actor: i % 2 ? 'consulent' : 'inwoner', channels: ['online'], description: 'Stap.', asks: [], documents: [],
      target_minutes: 10, wait_norm_days: 7, reach: 1,
    })),
    transitions: slugs.slice(1).map((to, i) => ({ from: slugs[i], to, kind: 'next' as const })),
    limits: [], hash: `bench-${steps}`, dir: '',
  };
}

/** Fill a database with one study of `observations` rows spread over the procedure's steps. */
export function fillBenchDb(path: string, observations: number, steps: number): void {
  const db = openDatabase(path, { create: true });
  syncProcedure(db, benchProcedure(steps), '2026-01-01T00:00:00Z');
  const r = new Random(7);
  const perSession = 10;
  db.transaction(() => {
    db.prepare("INSERT INTO studies (code, title, version_id, round, started_on) SELECT 'bench', 'Benchmark', id, 1, '2026-01-01' FROM procedure_versions").run();
    const participant = db.prepare('INSERT INTO participants (code) VALUES (?)');
    const consent = db.prepare("INSERT INTO consents (participant_id, given_on, analysis, quote_internal, quote_public, recording) VALUES (?, '2026-01-01', 1, 1, 1, 0)");
    const session = db.prepare("INSERT INTO sessions (code, study_id, participant_id, kind, date) VALUES (?, 1, ?, 'walkthrough', '2026-02-01')");
    const stepIds = db.prepare('SELECT id FROM steps ORDER BY position').pluck().all() as number[];
    const insert = db.prepare(
      `INSERT INTO observations (session_id, visit, step_id, outcome, seconds, errors, ease, retold, handoffs, wait_days, channel_switches)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const outcomes = ['completed', 'completed', 'completed', 'helped', 'failed', 'abandoned', 'skipped'];
    for (let s = 0; s * perSession < observations; s++) {
      const pid = Number(participant.run(`P-${s + 1}`).lastInsertRowid);
      consent.run(pid);
      const sid = Number(session.run(`S-${s + 1}`, pid).lastInsertRowid);
      for (let v = 1; v <= perSession && s * perSession + v <= observations; v++) {
        insert.run(sid, v, stepIds[(s * perSession + v) % steps], r.pick(outcomes), Math.round(r.lognormal(500, 0.6)), r.chance(0.3) ? 1 : 0,
          r.int(1, 7), r.chance(0.3) ? 1 : 0, r.chance(0.2) ? 1 : 0, r.int(0, 14), r.chance(0.2) ? 1 : 0);
      }
    }
  })();
  db.close();
}

/** The reference: one GROUP BY with the same event counts per step, in the sqlite3 CLI. */
const referenceSql = `SELECT o.step_id, count(*),
  sum(o.outcome IN ('helped','failed','abandoned')), sum(o.seconds > st.target_seconds), sum(o.errors >= 1), sum(o.ease <= 4),
  sum(o.retold >= 1), sum(o.handoffs >= 1), sum(o.wait_days > st.wait_norm_days), sum(o.channel_switches >= 1)
  FROM observations o JOIN steps st ON st.id = o.step_id WHERE o.outcome != 'skipped' GROUP BY o.step_id;`;

function seconds(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function benchScore(io: Io, observations: number, steps = 500): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  try {
    io.out(`score benchmark: ${observations.toLocaleString('en')} observations over ${steps} steps\n`);
    const path = join(dir, 'score.db');
    fillBenchDb(path, observations, steps);
    execFileSync('sqlite3', [path, 'PRAGMA wal_checkpoint(TRUNCATE);']);
    const reference = Math.min(...[0, 1, 2].map(() => seconds(() => execFileSync('sqlite3', [path, referenceSql]))));
    const db = openDatabase(path, { create: true });
    const sameEngine = Math.min(...[0, 1, 2].map(() => seconds(() => db.prepare(referenceSql).all())));
    let scored = 0;
    const ours = Math.min(...[0, 1, 2].map(() => seconds(() => (scored = buildScoreReport(db, { study: 'bench' }).steps.filter((s) => s.friction !== null).length))));
    db.close();
    const ratio = ours / reference;
    io.out(
      `  drempel score ${ours.toFixed(2)} s (${scored} steps scored, with consent filter, intervals, time and ease)\n` +
        `  sqlite3 GROUP BY of the same event counts ${reference.toFixed(2)} s (Debian's sqlite3 CLI); ` +
        `the same GROUP BY in-process ${sameEngine.toFixed(2)} s (the SQLite bundled with better-sqlite3)\n` +
        `  ratio ${ratio.toFixed(2)}× against the CLI, ${(ours / sameEngine).toFixed(2)}× against the same engine (target ≤ 2×, and under 5 s) — best of 3 runs each\n`,
    );
    return { observations, steps, seconds: ours, referenceSeconds: reference, sameEngineSeconds: sameEngine, ratio, ratioSameEngine: ours / sameEngine };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
