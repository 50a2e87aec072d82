/**
 * Build a site: the publication gate writes the site's data, then Astro builds static HTML from
 * it. A team build refuses to write where a public build goes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProceduresOrThrow } from '../../procedures/load';
import type { Procedure } from '../../procedures/schema';
import type { Db } from '../../research/db';
import { DrempelError } from '../../research/errors';
import { publish, readNames } from '../gate/gate';
import type { Audience, SiteData } from '../gate/types';

export const siteRoot = resolve(import.meta.dirname, '../../site');
export const defaultOut = (audience: Audience) => join(siteRoot, 'dist', audience);
const marker = '.drempel-audience';

export interface BuildOptions {
  audience: Audience;
  out?: string;
  namesFile?: string;
  redact?: boolean;
  minGroupSize?: number;
  now: string;
  proceduresDir?: string;
  /** Procedures already loaded (benchmarks); default: loaded from the procedures folder. */
  procedures?: Procedure[];
  /** Lines of Astro's own output, for progress. */
  onLog?: (line: string) => void;
}

/** The audience a folder was last built for, if it holds a drempel site. */
export function builtAudience(dir: string): Audience | undefined {
  const file = join(dir, marker);
  return existsSync(file) ? (readFileSync(file, 'utf8').trim() as Audience) : undefined;
}

export async function buildSite(db: Db, opts: BuildOptions): Promise<{ out: string; data: SiteData; pages: number }> {
  const out = resolve(opts.out ?? defaultOut(opts.audience));
  if (opts.audience === 'team' && (out === resolve(defaultOut('public')) || builtAudience(out) === 'public')) {
    throw new DrempelError(`refusing to write a team build to ${out}: that is where the public site goes`, 'Build the team site into its own folder, e.g. --out site/dist/team.');
  }
  const names = opts.namesFile ? readNames(opts.namesFile) : [];
  const procedures = opts.procedures ?? loadProceduresOrThrow(opts.proceduresDir);
  const data = publish(db, procedures, { audience: opts.audience, names, redact: opts.redact, minGroupSize: opts.minGroupSize, now: opts.now, proceduresDir: opts.proceduresDir });
  const work = mkdtempSync(join(tmpdir(), 'drempel-site-'));
  const dataFile = join(work, 'site-data.json');
  writeFileSync(dataFile, JSON.stringify(data));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Astro writes intermediate chunks relative to its working directory; a folder of its own
  // inside the project (so packages resolve) keeps two builds at once from colliding.
  const cwd = mkdtempSync(join(siteRoot, '.build-'));
  try {
    await runAstro(['build'], { DREMPEL_SITE_DATA: dataFile, DREMPEL_SITE_OUT: out }, cwd, opts.onLog);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
  writeFileSync(join(out, marker), opts.audience + '\n');
  const pages = countPages(out);
  return { out, data, pages };
}

function countPages(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) n += countPages(p);
    else if (name.endsWith('.html')) n++;
  }
  return n;
}

export function runAstro(args: string[], env: Record<string, string>, cwd: string, onLog?: (line: string) => void, root = siteRoot): Promise<void> {
  const bin = join(resolve(import.meta.dirname, '../../node_modules/astro/astro.js'));
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [bin, ...args, '--root', root], {
      cwd,
      env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) onLog?.(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`astro build failed (exit ${code}):\n${log.slice(-4000)}`))));
  });
}
