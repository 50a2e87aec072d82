/**
 * Benchmark: build the public site for 50 generated procedures of 15 steps each, through the
 * publication gate, and a bare Astro project with the same number of empty pages, with the same
 * Astro, in the same run. Prints time per page and the ratio.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Procedure } from '../../procedures/schema';
import { openDatabase } from '../../research/db';
import type { Io } from '../cli/io';
import { buildSite, runAstro, siteRoot } from '../app/site/build';
import { benchProcedure } from './score';

const termijn = {
  law: 'Algemene wet bestuursrecht',
  bwbr: 'BWBR0005537',
  article: 'art. 4:13',
  url: 'https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13',
};

function procedures(count: number, steps: number): Procedure[] {
  return Array.from({ length: count }, (_, i) => {
    const p = benchProcedure(steps);
    const slug = `regeling-${i + 1}`;
    return {
      ...p,
      slug,
      title: `Regeling ${i + 1}`,
      short_title: `Regeling ${i + 1}`,
      hash: `${slug}`,
      summary: 'U vraagt iets aan bij de gemeente. Zo gaat dat.',
      limits: [
        {
          slug: 'termijn',
          title: 'Beslistermijn',
          steps: [p.steps[steps - 1].slug],
          legal_basis: termijn,
          legal_bases: [termijn],
          room: [],
          en: {},
          sources: [],
          known_friction: [],
          last_checked: '2026-11-28',
          rule: 'De gemeente beslist binnen 8 weken.',
          why: 'U moet niet te lang wachten.',
          options: 'Bel de gemeente als het langer duurt.',
          file: `${slug}/limits/termijn.md`,
        },
      ],
    };
  });
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function benchSite(io: Io, count = 50, steps = 15): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  const bare = mkdtempSync(join(siteRoot, '.bench-bare-'));
  try {
    io.out(`site benchmark: ${count} procedures × ${steps} steps\n`);
    const db = openDatabase(join(dir, 'site.db'), { create: true });
    let t = process.hrtime.bigint();
    const r = await buildSite(db, {
      audience: 'public',
      out: join(dir, 'out'),
      now: new Date().toISOString(),
      procedures: procedures(count, steps),
    });
    const ours = seconds(t);
    db.close();
    // The reference: the same number of empty pages from one bare Astro route.
    mkdirSync(join(bare, 'src/pages'), { recursive: true });
    writeFileSync(
      join(bare, 'astro.config.mjs'),
      `import { defineConfig } from 'astro/config';\nexport default defineConfig({ outDir: process.env.DREMPEL_SITE_OUT });\n`,
    );
    writeFileSync(
      join(bare, 'src/pages/[...path].astro'),
      `---\nexport function getStaticPaths() { return Array.from({ length: ${r.pages} }, (_, i) => ({ params: { path: 'p' + i } })); }\n---\n<html lang="nl"><head><title>leeg</title></head><body></body></html>\n`,
    );
    t = process.hrtime.bigint();
    await runAstro(['build'], { DREMPEL_SITE_OUT: join(dir, 'bare') }, bare, undefined, bare);
    const reference = seconds(t);
    io.out(
      `  drempel site build ${ours.toFixed(1)} s for ${r.pages} pages (${((ours / r.pages) * 1000).toFixed(1)} ms per page, gate and data included)\n` +
        `  bare Astro build of ${r.pages} empty pages ${reference.toFixed(1)} s (${((reference / r.pages) * 1000).toFixed(1)} ms per page)\n` +
        `  ratio ${(ours / reference).toFixed(2)}×\n`,
    );
    return { pages: r.pages, seconds: ours, referenceSeconds: reference, ratio: ours / reference };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  }
}
