/**
 * Screenshots of a built site for review: the procedure page (first screen and whole page) and
 * its map, at 360 × 640 (a cheap phone) and 1280 × 800, in Debian's Chromium.
 *
 *   npx tsx scripts/dev/screenshots.ts site/dist/demo docs/screenshots/after [procedure]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveDir } from '../app/site/serve';

const [dir = 'site/dist/demo', out = 'docs/screenshots/after', procedure = 'bijstand'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await serveDir(dir, 0);
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  for (const [width, height] of [
    [360, 640],
    [1280, 800],
  ]) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${base}/${procedure}/`, { waitUntil: 'networkidle' });
    await page.screenshot({ path: join(out, `procedure-${width}-first-screen.png`) });
    await page.screenshot({ path: join(out, `procedure-${width}-full.png`), fullPage: true });
    const map = page.locator('.map').first();
    // Open the map where it is behind a disclosure, as a resident would.
    await map.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1000); // the map hydrates when it comes into view
    const summary = map.locator('summary');
    if ((await summary.count()) > 0 && (await map.getAttribute('open')) === null) await summary.click();
    // The map shown at this width: the single column on a phone (with its legend), the lanes on a desktop.
    await page
      .locator(width < 768 ? '.map' : '.map__variant--lanes')
      .first()
      .screenshot({ path: join(out, `map-${width}.png`) });
    process.stdout.write(
      `${width} px: page ${await page.evaluate(() => document.documentElement.scrollHeight)} px high\n`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
