/**
 * Where a site build writes. A build replaces only a folder drempel made; it builds beside the
 * old site and swaps it in, so a build killed at any moment leaves the previous site on disk;
 * and a lock keeps two builds out of one folder (a team build can never land where a public
 * build is going). Real builds of a one-procedure site, through the real binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadProceduresOrThrow } from '../../procedures/load';
import { openDatabase, setToday } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import { main } from '../../scripts/cli/main';
import { siteRoot, workOwner } from '../../scripts/app/site/build';
import { builtAudience, isAlive, recoverOutput, stageFolder } from '../../scripts/app/site/output';
import { captureIo, fixedNow, root, tempDir } from '../helpers';

const fixtures = join(root, 'tests/fixtures/procedures');
const env = { ...process.env, DREMPEL_PROCEDURES: fixtures, CI: 'true' };
let db: string;
let work: string;

beforeAll(() => {
  work = tempDir();
  db = join(work, 'mini.db');
  const d = openDatabase(db, { create: true });
  setToday(d, fixedNow);
  for (const p of loadProceduresOrThrow(fixtures)) syncProcedure(d, p, fixedNow);
  d.close();
});

function build(
  out: string,
  audience = 'public',
): ChildProcess & { done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(
    process.execPath,
    [join(root, 'scripts/drempel.mjs'), 'site', 'build', '--audience', audience, '--out', out, '--db', db],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const done = new Promise<{ code: number | null; stderr: string }>((ok) =>
    child.on('close', (code) => ok({ code, stderr })),
  );
  return Object.assign(child, { done });
}

function tree(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? tree(join(dir, n)).map((x) => `${n}/${x}`) : [n]))
    .sort();
}

/** The processes a process started (from /proc): a killed build's Astro must not outlive it. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return (
          Number(
            readFileSync(`/proc/${n}/stat`, 'utf8')
              .replace(/^.*\) /s, '')
              .split(' ')[1],
          ) === pid
        );
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

/** Running (a zombie waiting for a parent to collect it runs no more). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

async function gone(pids: number[], withinMs: number): Promise<number[]> {
  const until = Date.now() + withinMs;
  let alive = pids.filter(running);
  while (alive.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    alive = pids.filter(running);
  }
  return alive;
}

const siblings = (out: string) => readdirSync(dirname(out)).filter((n) => n.startsWith(`.${basename(out)}.`));

describe('a build killed at any moment leaves the previous site intact', () => {
  test('SIGKILL at several moments of a build; the next build tidies what was left', async () => {
    const out = join(work, 'site');
    const first = build(out);
    const started = Date.now();
    expect((await first.done).code).toBe(0);
    const took = Date.now() - started;
    const before = tree(out);
    expect(before).toContain('index.html');
    expect(builtAudience(out)).toBe('public');
    // Kill moments spread over a build's own duration, from start-up to just before the end.
    for (const share of [0.15, 0.4, 0.6, 0.8, 0.95]) {
      const child = build(out);
      await new Promise((r) => setTimeout(r, took * share));
      const astro = childrenOf(child.pid!);
      child.kill('SIGKILL');
      await child.done;
      expect(tree(out), `killed at ${Math.round(share * 100)}%`).toEqual(before);
      // Astro, which the build started, ends with it: an orphan would write on into the folders.
      expect(await gone(astro, 2000), `Astro outlived the build killed at ${Math.round(share * 100)}%`).toEqual([]);
    }
    const again = build(out);
    expect((await again.done).code).toBe(0);
    expect(tree(out)).toEqual(before);
    expect(siblings(out)).toEqual([]);
    // Working folders of killed builds (which hold the gate's data) are gone too.
    // (Other test files may be building at the same time: their folders belong to live processes.)
    // A build that ends removes its folder before its process exits: a folder listed here either
    // belongs to a live process or is gone by the time its owner is found dead.
    const leftovers = readdirSync(siteRoot).filter((n) => n.startsWith('.build-'));
    for (const n of leftovers) expect(isAlive(workOwner(n)) || !existsSync(join(siteRoot, n)), n).toBe(true);
  }, 240_000);

  test("tidying never takes a running build's working folder: the owner is in its name from the start", async () => {
    const { cleanLeftovers } = await import('../../scripts/app/site/build');
    const live = join(siteRoot, `.build-${process.pid}-livetest`);
    const dead = join(siteRoot, '.build-999999999-deadtest');
    const nameless = join(siteRoot, '.build-nametest');
    for (const d of [live, dead, nameless]) mkdirSync(d, { recursive: true });
    try {
      cleanLeftovers();
      expect([live, dead, nameless].map((d) => existsSync(d))).toEqual([true, false, false]);
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  });

  test('killed between the two renames: the next build puts the old site back first', () => {
    const out = join(work, 'between');
    // What a kill right after swapIn's first rename leaves: the live folder moved aside, no new one.
    const aside = join(dirname(out), `.${basename(out)}.previous-dead`);
    mkdirSync(aside);
    writeFileSync(join(aside, 'index.html'), 'old site');
    const stage = stageFolder(out);
    mkdirSync(stage);
    writeFileSync(join(stage, 'index.html'), 'half-built');
    recoverOutput(out);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('old site');
    expect(siblings(out)).toEqual([]);
  });
});

describe('two builds into one folder cannot race', () => {
  test('a team build started while a public build runs is refused; after it, the public marker refuses it', async () => {
    const out = join(work, 'shared');
    const pub = build(out);
    // Wait until the public build holds its lock.
    const lock = join(dirname(out), `.${basename(out)}.lock`);
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(lock)).toBe(true);
    const io = captureIo({ DREMPEL_PROCEDURES: fixtures });
    expect(await main(['site', 'build', '--audience', 'team', '--out', out, '--db', db], io)).toBe(1);
    expect(io.stderr).toMatch(/another drempel build \(process \d+\) is writing to/);
    expect((await pub.done).code).toBe(0);
    const late = captureIo({ DREMPEL_PROCEDURES: fixtures });
    expect(await main(['site', 'build', '--audience', 'team', '--out', out, '--db', db], late)).toBe(1);
    expect(late.stderr).toMatch(/refusing to write a team build to .*: that is where the public site goes/);
    expect(builtAudience(out)).toBe('public');
  }, 120_000);
});

describe('a rebuild never deletes what a build did not write', () => {
  test('files added to a built site (a .git folder, a CNAME) stop the next build; a marker that is a folder is no marker', async () => {
    const out = join(work, 'pages');
    expect((await build(out).done).code).toBe(0);
    writeFileSync(join(out, 'CNAME'), 'drempel.example.nl\n');
    mkdirSync(join(out, '.git'));
    writeFileSync(join(out, '.git', 'HEAD'), 'ref: refs/heads/gh-pages\n');
    const io = captureIo({ DREMPEL_PROCEDURES: fixtures });
    expect(await main(['site', 'build', '--out', out, '--db', db], io)).toBe(1);
    expect(io.stderr).toMatch(/holds files an earlier build did not make \((\.git\/HEAD|CNAME)/);
    expect(readFileSync(join(out, 'CNAME'), 'utf8')).toBe('drempel.example.nl\n');
    const fake = join(work, 'fake');
    mkdirSync(join(fake, '.drempel-audience'), { recursive: true });
    writeFileSync(join(fake, 'thesis.txt'), 'mine');
    const io2 = captureIo({ DREMPEL_PROCEDURES: fixtures });
    expect(await main(['site', 'build', '--out', fake, '--db', db], io2)).toBe(1);
    expect(io2.stderr).toContain('was not made by drempel');
  }, 120_000);

  test('a team build inside the public site folder is refused: it would be published with it', async () => {
    const io = captureIo({ DREMPEL_PROCEDURES: fixtures });
    expect(
      await main(['site', 'build', '--audience', 'team', '--out', join(work, 'site', 'intern'), '--db', db], io),
    ).toBe(1);
    expect(io.stderr).toMatch(/lies inside the site folder/);
  });
});
