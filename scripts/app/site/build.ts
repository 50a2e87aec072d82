/**
 * Build a site: the publication gate writes the site's data, then Astro builds static HTML from
 * it. Where a build may write, and how it swaps the new site in, is in output.ts.
 */
import { stripVTControlCharacters } from 'node:util';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadProceduresOrThrow } from '../../../procedures/load';
import type { Procedure } from '../../../procedures/schema';
import type { Db } from '../../../research/db';
import { DrempelError } from '../../../research/errors';
import { publish, readNames } from '../gate/gate';
import type { Audience, SiteData } from '../gate/types';
import {
  builtAudience,
  checkOutputFolder,
  isAlive,
  recoverOutput,
  stageFolder,
  swapIn,
  withOutputLock,
  writeMarker,
} from './output';

export const siteRoot = resolve(import.meta.dirname, '../../../site');
export const repoRoot = resolve(siteRoot, '..');
export const defaultOut = (audience: Audience) => join(siteRoot, 'dist', audience);
/** Where `drempel demo` builds its synthetic site: never over the team's own public site. */
export const demoOut = join(siteRoot, 'dist', 'demo');
export { builtAudience };

export interface BuildOptions {
  audience: Audience;
  out?: string;
  namesFile?: string;
  redact?: boolean;
  minGroupSize?: number;
  now: string;
  proceduresDir?: string;
  /** The address the site is published at: absolute hreflang and canonical links need it. */
  siteUrl?: string;
  /** Procedures already loaded (benchmarks); default: loaded from the procedures folder. */
  procedures?: Procedure[];
  /** Lines of Astro's own output, for progress. */
  onLog?: (line: string) => void;
  /** Called once the output folder is checked and locked, just before the work starts. */
  onStart?: () => void;
}

const workPrefix = '.build-';

/** A site address as pages link to it: http(s), no query or fragment, ending in a slash. */
export function siteUrlOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DrempelError(
      `invalid site url: ${value.slice(0, 80)}`,
      'Give the address the site is published at, such as https://drempels.groningen.nl/.',
    );
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password)
    throw new DrempelError(
      `invalid site url: ${value.slice(0, 80)}`,
      'Give an http(s) address without query, fragment or password, such as https://drempels.groningen.nl/.',
    );
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The process a working folder belongs to: its name says so from the moment it exists (`.build-<pid>-…`). */
export function workOwner(name: string): number {
  return Number(/^\.build-(\d+)-/.exec(name)?.[1] ?? 0);
}

/**
 * Remove what killed builds left in site/: their working folders (which hold the gate's data,
 * internal quotes included). A folder whose process still runs belongs to a build in progress;
 * the pid is in the folder's name, so no build can tidy away another's folder before it says
 * whose it is.
 */
export function cleanLeftovers(): void {
  for (const name of readdirSync(siteRoot)) {
    if (!name.startsWith(workPrefix)) continue;
    const pid = workOwner(name);
    if (pid && isAlive(pid)) continue;
    rmSync(join(siteRoot, name), { recursive: true, force: true });
  }
}

export async function buildSite(db: Db, opts: BuildOptions): Promise<{ out: string; data: SiteData; pages: number }> {
  const rules = {
    audience: opts.audience,
    repoRoot,
    dbPath: db.name,
    publicDefault: defaultOut('public'),
    defaults: [defaultOut('public'), defaultOut('team'), demoOut],
  };
  const out = checkOutputFolder(opts.out ?? defaultOut(opts.audience), rules);
  const names = opts.namesFile ? readNames(opts.namesFile) : [];
  const procedures = opts.procedures ?? loadProceduresOrThrow(opts.proceduresDir);
  mkdirSync(dirname(out), { recursive: true });
  cleanLeftovers();
  return withOutputLock(out, async () => {
    recoverOutput(out);
    checkOutputFolder(out, rules); // again, under the lock: another build may have written meanwhile
    opts.onStart?.();
    const data = publish(db, procedures, {
      audience: opts.audience,
      names,
      redact: opts.redact,
      minGroupSize: opts.minGroupSize,
      now: opts.now,
      proceduresDir: opts.proceduresDir,
      siteUrl: opts.siteUrl === undefined ? undefined : siteUrlOf(opts.siteUrl),
    });
    // Astro writes intermediate chunks relative to its working directory; a folder of its own
    // inside the project (so packages resolve) keeps two builds at once from colliding. The
    // gate's data lives there too, readable by this user only, and goes with the folder.
    const work = mkdtempSync(join(siteRoot, `${workPrefix}${process.pid}-`));
    const dataFile = join(work, 'site-data.json');
    writeFileSync(dataFile, JSON.stringify(data), { mode: 0o600 });
    const stage = stageFolder(out);
    try {
      await runAstro(['build'], { DREMPEL_SITE_DATA: dataFile, DREMPEL_SITE_OUT: stage }, work, opts.onLog);
      writeMarker(stage, opts.audience);
      swapIn(stage, out);
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(stage, { recursive: true, force: true });
    }
    return { out, data, pages: countPages(out) };
  });
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

export function runAstro(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  onLog?: (line: string) => void,
  root = siteRoot,
): Promise<void> {
  const bin = join(resolve(import.meta.dirname, '../../../node_modules/astro/astro.js'));
  return new Promise((ok, fail) => {
    // The guard ends Astro the moment this process dies: no orphan writes on after a kill.
    const guard = pathToFileURL(join(import.meta.dirname, 'parent-guard.mjs')).href;
    const child = spawn(process.execPath, ['--import', guard, bin, ...args, '--root', root], {
      cwd,
      env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let log = '';
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) onLog?.(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(astroFailure(code, log))));
  });
}

/**
 * Astro's failure as one line: the message under its `[ERROR]` line and the file it names, never
 * the stack trace; the whole log only when DREMPEL_DEBUG is set.
 */
export function astroFailure(code: number | null, log: string): DrempelError {
  const lines = log
    .split('\n')
    .map((l) => stripVTControlCharacters(l).trim())
    .filter(Boolean);
  const error = lines.findIndex((l) => /\[ERROR\]/.test(l));
  const after = error < 0 ? [] : lines.slice(error + 1);
  const message = after.find((l) => !/^(Location:|Stack trace:|Hint:|at )/.test(l));
  const location = after[after.findIndex((l) => l === 'Location:') + 1];
  const fallback = lines.findLast((l) => !/^at /.test(l)) ?? `exit code ${code}`;
  const said = message
    ? `${message}${location && after.includes('Location:') ? ` (${location})` : ''}`
    : error >= 0
      ? lines[error].replace(/^.*\[ERROR\]\s*/, '')
      : fallback;
  const debug = process.env.DREMPEL_DEBUG ? `\n${log}` : '';
  return new DrempelError(
    `the site build failed: ${said.slice(0, 300)}${debug}`,
    "Run again with DREMPEL_DEBUG=1 to see Astro's whole output.",
  );
}
