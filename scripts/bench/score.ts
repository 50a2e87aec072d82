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
import { fillObservations, referenceStepCounts, referenceStepCountsSql } from '../../research/bench-fixtures';
import { openDatabase } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import type { Io } from '../cli/io';
import { Random } from '../sample/random';
import { buildScoreReport } from '../app/reports/score';

/** A synthetic procedure of `steps` steps in a line, for benchmarks only. */
export function benchProcedure(steps: number): Procedure {
  const slugs = Array.from({ length: steps }, (_, i) => `stap-${i + 1}`);
  return {
    format: 1,
    slug: 'bench',
    title: 'Benchmark',
    short_title: 'Benchmark',
    upl: 'bench',
    municipality: 'Bench',
    version: '1',
    valid_from: '2026-01-01',
    summary: 'Benchmark.',
    applicants_per_year: 10000,
    applicants_per_year_source: 'generated',
    caveats: [],
    sources: [],
    actors: [
      { slug: 'inwoner', name: 'Inwoner', department: 'Inwoner', kind: 'resident' },
      { slug: 'consulent', name: 'Consulent', department: 'Inkomen', kind: 'back office' },
    ],
    channels: [{ slug: 'online', name: 'Online' }],
    information_items: [],
    steps: slugs.map((slug, i) => ({
      slug,
      title: `Stap ${i + 1}`,
      actor: i % 2 ? 'consulent' : 'inwoner',
      channels: ['online'],
      description: 'Stap.',
      asks: [],
      documents: [],
      target_minutes: 10,
      wait_norm_days: 7,
      reach: 1,
    })),
    transitions: slugs.slice(1).map((to, i) => ({ from: slugs[i], to, kind: 'next' as const })),
    limits: [],
    hash: `bench-${steps}`,
    dir: '',
  };
}

/** Fill a database with one study of `observations` rows spread over the procedure's steps. */
export function fillBenchDb(path: string, observations: number, steps: number): void {
  const db = openDatabase(path, { create: true });
  syncProcedure(db, benchProcedure(steps), '2026-01-01T00:00:00Z');
  fillObservations(db, observations, steps, new Random(7));
  db.close();
}

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
    const reference = Math.min(
      ...[0, 1, 2].map(() => seconds(() => execFileSync('sqlite3', [path, referenceStepCountsSql]))),
    );
    const db = openDatabase(path);
    const sameEngine = Math.min(...[0, 1, 2].map(() => seconds(() => referenceStepCounts(db))));
    let scored = 0;
    const ours = Math.min(
      ...[0, 1, 2].map(() =>
        seconds(
          () => (scored = buildScoreReport(db, { study: 'bench' }).steps.filter((s) => s.friction !== null).length),
        ),
      ),
    );
    db.close();
    const ratio = ours / reference;
    io.out(
      `  drempel score ${ours.toFixed(2)} s (${scored} steps scored, with consent filter, intervals, time and ease)\n` +
        `  sqlite3 GROUP BY of the same event counts per resident and step ${reference.toFixed(2)} s (Debian's sqlite3 CLI); ` +
        `the same GROUP BY in-process ${sameEngine.toFixed(2)} s (the SQLite bundled with better-sqlite3)\n` +
        `  ratio ${ratio.toFixed(2)}× against the CLI, ${(ours / sameEngine).toFixed(2)}× against the same engine (target ≤ 2×, and under 5 s) — best of 3 runs each\n`,
    );
    return {
      observations,
      steps,
      seconds: ours,
      referenceSeconds: reference,
      sameEngineSeconds: sameEngine,
      ratio,
      ratioSameEngine: ours / sameEngine,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
