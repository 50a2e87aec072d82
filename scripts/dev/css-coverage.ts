/**
 * How much of the site's CSS any page uses: Chromium's CSS coverage over every page of a built
 * site, at 360 and 1280 px, the union per stylesheet. Rules only for print, hover or focus count
 * as unused here, so the figure is a floor.
 *
 *   npx tsx scripts/dev/css-coverage.ts site/dist/demo
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { serveDir } from '../app/site/serve';

const dir = process.argv[2] ?? 'site/dist/demo';
const files = (d: string): string[] =>
  readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]));
const pages = files(dir)
  .filter((f) => f.endsWith('.html'))
  .map((f) => '/' + relative(dir, f).replace(/index\.html$/, ''));
const server = await serveDir(dir, 0);
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const used = new Map<string, { size: number; ranges: Set<string> }>();
try {
  for (const width of [360, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const path of pages) {
      await page.coverage.startCSSCoverage();
      await page.goto(base + path, { waitUntil: 'networkidle' });
      for (const entry of await page.coverage.stopCSSCoverage()) {
        const name = new URL(entry.url).pathname;
        const sheet = used.get(name) ?? { size: entry.text?.length ?? 0, ranges: new Set<string>() };
        for (const r of entry.ranges) for (let i = r.start; i < r.end; i++) sheet.ranges.add(String(i));
        used.set(name, sheet);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
let total = 0;
let hit = 0;
for (const [name, sheet] of used) {
  total += sheet.size;
  hit += sheet.ranges.size;
  process.stdout.write(
    `${name}: ${sheet.ranges.size} of ${sheet.size} bytes used (${Math.round((100 * sheet.ranges.size) / sheet.size)}%)\n`,
  );
}
process.stdout.write(
  `${pages.length} pages: ${hit} of ${total} CSS bytes used by some page (${Math.round((100 * hit) / total)}%)\n`,
);
