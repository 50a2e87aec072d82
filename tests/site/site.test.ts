/**
 * The built site in a real browser (Debian's Chromium through playwright-core) with axe-core:
 * every page, JavaScript on and off; a keyboard walk of the map; 320 px; page weight; the
 * public/team split; the publication gate against planted personal data and hostile input.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsv } from '../../research/csv/import';
import { verifyFixes } from '../../scripts/app/reports/fixes';
import { saveCode } from '../../research/repositories/codebook';
import { buildSite } from '../../scripts/app/site/build';
import { serveDir } from '../../scripts/app/site/serve';
import type { SiteData } from '../../scripts/app/gate/types';
import { fixedNow, makeSampleDb, root, tempDir } from '../helpers';

const planted = join(root, 'tests/fixtures/planted');
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let publicDir: string;
let teamDir: string;
let publicData: SiteData;
let teamData: SiteData;
let server: Server;
let base: string;
let browser: Browser;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}
const pages = (dir: string) =>
  files(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => '/' + relative(dir, f).replace(/index\.html$/, ''));

beforeAll(async () => {
  const db = await makeSampleDb();
  for (const kind of ['participants', 'consents', 'sessions', 'quotes'] as const)
    await importCsv(db, kind, join(planted, `${kind}.csv`), { now: fixedNow });
  // The demo's findings and fixes (imported with the sample), verified against round 2: the team's backlog.
  verifyFixes(db, { now: fixedNow });
  // A code with a child, as a team's codebook grows: "wachten" under "tijd".
  saveCode(db, 'tijd', { description: 'Hoe lang iets duurt' });
  saveCode(db, 'wachten', { parent: 'tijd' });
  const out = tempDir('drempel-site-');
  const pub = await buildSite(db, {
    audience: 'public',
    out: join(out, 'public'),
    namesFile: join(planted, 'names.txt'),
    now: fixedNow,
    siteUrl: 'https://drempels.example.nl',
  });
  const team = await buildSite(db, {
    audience: 'team',
    out: join(out, 'team'),
    namesFile: join(planted, 'names.txt'),
    now: fixedNow,
  });
  publicDir = pub.out;
  teamDir = team.out;
  teamData = team.data;
  publicData = pub.data;
  await expect(buildSite(db, { audience: 'team', out: publicDir, now: fixedNow })).rejects.toThrow(
    /refusing to write a team build/,
  );
  server = await serveDir(publicDir, 0);
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('axe-core on every built page (WCAG 2.0/2.1/2.2 A and AA)', () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`zero violations with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      // "Off" is the page as a browser without JavaScript builds it: every script (inline or
      // not) removed before it can run. axe itself still needs script, so the context keeps it.
      const context = await browser.newContext();
      if (!javaScriptEnabled) {
        await context.route('**/*', async (route) => {
          const request = route.request();
          if (request.resourceType() === 'script') return route.abort();
          if (request.resourceType() !== 'document') return route.continue();
          const response = await route.fetch();
          const body = (await response.text()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
          return route.fulfill({ response, body });
        });
      }
      const page = await context.newPage();
      const failures: string[] = [];
      const list = pages(publicDir);
      expect(list.length).toBeGreaterThan(50);
      for (const path of list) {
        await page.goto(base + path);
        if (javaScriptEnabled) await page.waitForLoadState('networkidle');
        const r = await new AxeBuilder({ page }).withTags(tags).analyze();
        for (const v of r.violations)
          failures.push(`${path}: ${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')}`);
      }
      await context.close();
      expect(failures).toEqual([]);
    }, 600_000);
  }
});

describe("the team's quotes and codebook page", () => {
  test('search narrows the list as you type (every form of a word; a code with the codes under it); axe finds nothing', async () => {
    const teamServer = await serveDir(teamDir, 0);
    try {
      const url = `http://127.0.0.1:${(teamServer.address() as { port: number }).port}`;
      const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
      const page = await context.newPage();
      for (const path of ['/team/', '/team/bijstand/', '/team/citaten/']) {
        await page.goto(url + path);
        await page.waitForLoadState('networkidle');
        const r = await new AxeBuilder({ page }).withTags(tags).analyze();
        expect(r.violations.map((v) => `${path}: ${v.id}`)).toEqual([]);
      }
      const count = page.locator('.quote-search__count');
      const all = Number((await count.innerText()).match(/\d+/)![0]);
      expect(all).toBe(teamData.team!.quoteIndex.length);
      expect(all).toBeGreaterThan(40);
      // "formulieren" finds "formulier" in the sample's Q-004 and the planted Q-952; the planted
      // Q-904 holds it too, but names a neighbour: the gate kept it off the team site.
      await page.fill('#quote-search-q', 'formulieren');
      await expect.poll(() => count.innerText()).toBe('2 citaten');
      const found = await page.locator('.quote-search__results li').allInnerTexts();
      expect(found.map((t) => /Q-\d+/.exec(t)![0]).sort()).toEqual(['Q-004', 'Q-952']);
      expect(found.join('\n')).not.toContain('Jan de Vries');
      await page.fill('#quote-search-q', '');
      // "tijd" has no quotes of its own: choosing it shows those of "wachten", the code under it.
      await page.selectOption('#quote-search-code', 'tijd');
      const coded = teamData.team!.quoteIndex.filter((q) => q.tags.includes('wachten')).length;
      await expect.poll(() => count.innerText()).toBe(`${coded} citaten`);
      // One round only: the planted quotes belong to the sample's first round.
      await page.selectOption('#quote-search-code', '');
      await page.selectOption('#quote-search-study', 'bijstand-2026-r2');
      const round2 = teamData.team!.quoteIndex.filter((q) => q.study === 'bijstand-2026-r2').length;
      expect(round2).toBeGreaterThan(5);
      await expect.poll(() => count.innerText()).toBe(`${round2} citaten`);
      await context.close();
    } finally {
      teamServer.close();
    }
  });
});

describe('the procedure map', () => {
  test('keyboard walk: one tab stop, arrow keys, visible focus, announced, Enter opens the step', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/bijstand/`);
    await page.waitForLoadState('networkidle');
    const map = page.locator('details.map');
    await map.scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    // Closed until the reader opens it, on every screen: nothing moves the page by itself.
    expect(await map.getAttribute('open')).toBeNull();
    await map.locator('summary').click();
    await expect.poll(() => map.getAttribute('open')).not.toBeNull();
    expect(await map.locator('summary').innerText()).toBe('Verberg de kaart');
    // At 1200 px the lanes map is the one shown; the phone's single column is display: none.
    const lanes = page.locator('.map__variant--lanes');
    await expect.poll(() => lanes.locator('.map__node[tabindex="0"]').count()).toBe(1);
    expect(await lanes.locator('.map__node[tabindex="-1"]').count()).toBe(9);
    await lanes.locator('.map__node').first().focus();
    await page.keyboard.press('ArrowRight');
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(label).toMatch(/^Niet voor iedereen: Zoekperiode/);
    expect(await lanes.locator('.map__node[tabindex="0"]').getAttribute('aria-label')).toBe(label);
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe(label);
    const stroke = await page.evaluate(
      () => getComputedStyle(document.activeElement!.querySelector('.map__box')!).strokeWidth,
    );
    expect(parseFloat(stroke)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Niet voor iedereen: Bezwaar/,
    );
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Stap 1: Melden/);
    // Tab leaves the map in one press: a single tab stop for all ten steps.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('map__node'))).toBe(false);
    await lanes.locator('.map__node').nth(2).focus();
    await Promise.all([page.waitForURL(/\/bijstand\/stap\/aanvraag\/$/), page.keyboard.press('Enter')]);
    await page.close();
  });

  test('filters dim the steps of other departments; without JavaScript every step is a plain link', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/bijstand/`);
    await page.locator('details.map').scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    await page.locator('details.map summary').click();
    await page.locator('.map__filters select').first().selectOption('Inkomen');
    expect(await page.locator('.map__variant--lanes .map__node--dim').count()).toBe(10 - 3);
    expect(await page.locator('.map__variant--single .map__node--dim').count()).toBe(10 - 3);
    await page.close();
    const off = await browser.newContext({ javaScriptEnabled: false });
    off.setDefaultTimeout(10_000);
    const plain = await off.newPage();
    await plain.goto(`${base}/bijstand/`);
    // Both maps are plain links: the phone's single column and the wide screen's lanes.
    expect(await plain.locator('.map__variant--single .map__node[href]').count()).toBe(10);
    expect(await plain.locator('.map__variant--lanes .map__node[href]').count()).toBe(10);
    expect(await plain.locator('.map__filters').count()).toBe(0);
    expect(await plain.locator('ol.step-by-step > li').count()).toBe(10);
    expect(await plain.locator('table.utrecht-table tbody tr').count()).toBe(10);
    await off.close();
  });
});

describe('the map, phone first', () => {
  test('at 320 px the single column shows every step with no sideways scrolling; at 1280 px the lanes show the whole chain', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    for (const p of publicData.procedures) {
      await page.goto(`${base}/${p.slug}/`);
      const map = page.locator('details.map');
      await map.scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      if ((await map.getAttribute('open')) === null) await map.locator('summary').click();
      expect(await page.locator('.map__variant--lanes').isVisible()).toBe(false);
      const nodes = page.locator('.map__variant--single .map__node');
      expect(await nodes.count()).toBe(p.steps.length);
      for (const box of await nodes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect)))
        expect(box.x >= 0 && box.x + box.width <= 320, p.slug).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const p of publicData.procedures) {
      await page.goto(`${base}/${p.slug}/`);
      await page.locator('details.map').scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      await page.locator('details.map summary').click();
      const lanes = page.locator('.map__variant--lanes');
      await expect.poll(() => lanes.isVisible()).toBe(true);
      const [scroll, client] = await lanes.evaluate((e) => [e.scrollWidth, e.clientWidth]);
      expect(scroll, p.slug).toBeLessThanOrEqual(client);
      for (const box of await lanes
        .locator('.map__node')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect)))
        expect(box.x >= 0 && box.x + box.width <= 1280, p.slug).toBe(true);
      // A legend says what the bands and the arrows mean, in words.
      expect(await page.locator('.map').first().textContent()).toContain('Terug naar een eerdere stap');
    }
    await page.close();
  }, 120_000);
});

describe('narrow screens and page weight', () => {
  test('at 320 px no page scrolls horizontally', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    const wide: string[] = [];
    for (const path of pages(publicDir)) {
      await page.goto(base + path);
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scroll > width) wide.push(`${path}: ${scroll}px`);
    }
    await page.close();
    expect(wide).toEqual([]);
  }, 300_000);

  test('content pages ship 0 KB JavaScript, map pages at most 60 KB gzip, every page at most 150 KB gzip', () => {
    const gz = (file: string) => gzipSync(readFileSync(file)).length;
    const over: string[] = [];
    for (const path of pages(publicDir)) {
      const html = readFileSync(join(publicDir, path, 'index.html'), 'utf8');
      const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
      const js = new Set(
        [...html.matchAll(/(?:src|component-url|renderer-url|href)="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]),
      );
      // Follow static imports of each chunk: what the browser will fetch.
      for (const f of [...js])
        for (const m of readFileSync(join(publicDir, f), 'utf8').matchAll(
          /from"\.\/([^"]+\.js)"|import"\.\/([^"]+\.js)"/g,
        ))
          js.add(`/_astro/${m[1] ?? m[2]}`);
      const jsBytes = [...js].reduce((t, f) => t + gz(join(publicDir, f)), 0);
      const total = gzipSync(html).length + css.reduce((t, f) => t + gz(join(publicDir, f)), 0) + jsBytes;
      const isMap = /class="map__canvas[\s"]/.test(html);
      if (!isMap && jsBytes > 0) over.push(`${path}: ${jsBytes} B JavaScript on a content page`);
      if (isMap && jsBytes > 60 * 1024) over.push(`${path}: ${jsBytes} B JavaScript`);
      if (total > 150 * 1024) over.push(`${path}: ${total} B in total`);
    }
    expect(over).toEqual([]);
  });
});

describe('public and team builds', () => {
  test('the public build holds no team page, no quote code and no participant code', () => {
    expect(existsSync(join(publicDir, 'team'))).toBe(false);
    const all = files(publicDir)
      .filter((f) => /\.(html|js|csv)$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(all).not.toMatch(/\bP-\d{3}\b/);
    expect(all).not.toMatch(/\bQ-\d{3}\b/);
    expect(all).not.toMatch(/\bS-\d{3}\b/);
  });

  test('the team build has the dashboard: priorities, before/after, tell-it-once, chain per role', () => {
    const team = readFileSync(join(teamDir, 'team/index.html'), 'utf8');
    expect(team).toContain('Prioriteiten');
    const bijstand = readFileSync(join(teamDir, 'team/bijstand/index.html'), 'utf8');
    for (const heading of ['Voor en na', 'Vertel het één keer', 'Wat gebeurt er voor en na u?', 'Citaten (intern)'])
      expect(bijstand).toContain(heading);
    expect(bijstand).toContain('verbeterd');
  });

  test('the team backlog: ranked steps with what drives them, their findings, fixes and verification; evidence without repeats', () => {
    const team = readFileSync(join(teamDir, 'team/index.html'), 'utf8');
    const words = team.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain('Wat de score drijft');
    expect(team).toContain('<a href="#bevinding-F-001">F-001</a>');
    expect(words).toMatch(/F-001 \(accepted\) → X-001 \(done: verbeterd\s*\)/);
    // The evidence's own words, from the finding's round (consent for internal use).
    expect(words).toMatch(/“Het formulier vroeg dingen die de gemeente al weet[^”]*” \(Q-004\)/);
    expect(words).toMatch(/X-001 \(done, form, eigenaar: productowner inkomen\)/);
    expect(words).toMatch(/aanvraag: verbeterd \(-0,2\d\d \[-0,4\d\d, -0,0\d\d\], 90%\), 12 → 14 inwoners/);
    expect(words).toMatch(/controle: nog geen meetbare verandering/);
    expect(words).toContain('nog geen meetronde gekozen');
    // The findings' statements and fixes are internal: never in the public build.
    expect(readFileSync(join(publicDir, 'index.html'), 'utf8')).not.toContain('F-001');
    // Each ranked step's evidence: never the same words twice.
    for (const row of team.split('<tr class="utrecht-table__row">').slice(1)) {
      const quotes = [...row.matchAll(/<p>\s*“([^”]+)”/g)].map((m) => m[1]);
      expect(new Set(quotes).size).toBe(quotes.length);
    }
  });

  test('every page sends a Content-Security-Policy: no unsafe-inline scripts, nothing from elsewhere, no plugins, no <base>, no form posting', () => {
    for (const path of pages(publicDir)) {
      const html = readFileSync(join(publicDir, path, 'index.html'), 'utf8');
      const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1];
      expect(csp, path).toBeDefined();
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toContain('unsafe-inline');
      for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"])
        expect(csp, path).toContain(directive);
    }
  });

  test('the CSV download holds the table behind the map', () => {
    const csv = readFileSync(join(publicDir, 'bijstand/stappen.csv'), 'utf8');
    expect(csv.startsWith('\ufeffstap;nummer;titel')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(11);
  });
});

describe('what a format-2 procedure tells a resident', () => {
  const page = (dir: string, path: string) => readFileSync(join(dir, path, 'index.html'), 'utf8');
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  test('where to start, with or without DigiD, whom to call, the legal terms and the sources', () => {
    const html = page(publicDir, 'bijstand');
    expect(html).toMatch(
      /<a class="start-button" href="https:\/\/gemeente\.groningen\.nl\/bijstandsuitkering-aanvragen"/,
    );
    const words = text(html);
    expect(words).toContain('Hiervoor heeft u DigiD nodig.');
    expect(html).toContain('href="tel:0503675000"');
    expect(words).toContain('De gemeente beslist binnen 8 weken na uw aanvraag');
    // Working assumptions stay with the team: no assumed term, no waiting-norm column.
    expect(words).not.toContain('Wachtnorm tot het gesprek');
    expect(html).not.toMatch(/>\s*Wachttijd\s*</);
    expect(readFileSync(join(publicDir, 'bijstand/stappen.csv'), 'utf8')).not.toContain('wachtnorm');
    const team = text(page(teamDir, 'team/bijstand'));
    expect(team).toMatch(/Wachtnorm tot het gesprek\s*:\s*21 dagen \(werkaanname\s*\)/);
    expect(page(teamDir, 'bijstand')).toMatch(/>\s*Wachttijd\s*</);
    expect(words).toContain('Gemeente Groningen: Bijstandsuitkering aanvragen');
    expect(words).toMatch(/Vragen over deze regeling\? Bel Gemeente Groningen: 050 367 50 00 \./);
    // Without a phone number in the file, the footer names whom to contact.
    expect(page(publicDir, 'verhuizing/stap/melden')).toContain('Neem contact op met Gemeente Groningen.');
  });

  test('steps not everyone meets carry their condition and no number; every step says what comes next', () => {
    const html = page(publicDir, 'bijstand');
    const items = html.split('<li class="step-by-step__step">').slice(1);
    // An item by the title in its heading (the "Daarna" line names other steps too).
    const item = (title: string) => text(items.find((i) => i.split('</h3>')[0].includes(title))!);
    const zoekperiode = item('Zoekperiode van 4 weken');
    expect(zoekperiode).toContain('alleen als u jonger bent dan 27');
    expect(zoekperiode).toContain('Niet voor iedereen');
    expect(zoekperiode).not.toMatch(/Stap \d van/);
    expect(item('Melden en inschrijven')).toContain('Stap 1 van 5');
    expect(item('Bezwaar maken')).toContain('Als u het niet eens bent');
    const gesprek = item('Gesprek met inkomensconsulent');
    expect(gesprek).toContain('Stap 4 van 5');
    // The default next step beside the two branches.
    expect(gesprek).toMatch(/Daarna\s*:\s*Besluit op de aanvraag\s+of\s.*Eventueel huisbezoek.*Voorschot/);
    expect(item('Besluit op de aanvraag')).toContain('U krijgt geen bijstand');
  });

  test('the English site uses the English texts the file has', () => {
    const html = page(publicDir, 'en/bijstand');
    expect(text(html)).toContain('Apply for social assistance (with DigiD)');
    expect(html).toMatch(/lang="en">\s*Search period of 4 weeks \(only under 27\)/);
    expect(html).toMatch(/lang="en">\s*You do not receive social assistance/);
  });

  test('the room a rule leaves is in the team build only: beside the rule, in the chain and on the dashboard', () => {
    expect(text(page(teamDir, 'bijstand/regel/vermogensgrens'))).toContain('hardheidsclausule');
    expect(text(page(publicDir, 'bijstand/regel/vermogensgrens'))).not.toContain('hardheidsclausule');
    expect(text(page(teamDir, 'team/bijstand'))).toContain('Regel Kostendelersnorm: maatwerk');
    expect(text(page(teamDir, 'team'))).toContain('Waar de regel tegenhoudt, en hoeveel ruimte hij laat');
  });
});

describe('a resident on a phone: the 30-second test', () => {
  const html = (path: string) => readFileSync(join(publicDir, path, 'index.html'), 'utf8');
  const words = (h: string) => h.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  test('at 360 × 640 every procedure page shows the summary, where to start and whom to contact on the first screen, with the checklist linked', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    const missing: string[] = [];
    for (const p of publicData.procedures)
      for (const prefix of ['', '/en']) {
        await page.goto(`${base}${prefix}/${p.slug}/`);
        for (const selector of [
          'h1',
          '.lead',
          '.first-screen__start',
          '.first-screen__call',
          '.first-screen__checklist a',
        ]) {
          const box = await page.locator(selector).first().boundingBox();
          if (!box || box.y < 0 || box.y + box.height > 640)
            missing.push(`${prefix}/${p.slug}: ${selector} at ${box?.y}`);
        }
        // The link leads to the one checklist, which names at least one thing to bring.
        expect(await page.locator('.first-screen__checklist a').getAttribute('href')).toBe('#wat-heeft-u-nodig');
        expect(await page.locator('#wat-heeft-u-nodig .checklist__items li').count()).toBeGreaterThan(0);
      }
    await page.close();
    expect(missing).toEqual([]);
  }, 120_000);

  test('the checklist: what everyone needs, then what only some need; printable, with tick boxes and without the rest', async () => {
    const h = html('bijstand');
    const list = words(
      h.slice(h.indexOf('id="wat-heeft-u-nodig"'), h.indexOf('</section>', h.indexOf('id="wat-heeft-u-nodig"'))),
    );
    expect(list).toMatch(
      /Voor iedereen .*geldig identiteitsbewijs .*bankafschriften van al uw rekeningen .*Alleen als u jonger bent dan 27 .*bewijzen van sollicitaties/,
    );
    expect(list).toMatch(/Als u het niet eens bent .*bezwaarschrift/);
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await page.goto(`${base}/bijstand/`);
    // With JavaScript the print button shows and the how-to-print hint goes.
    expect(await page.locator('.print-button').isVisible()).toBe(true);
    expect(await page.locator('[data-print-hint]').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#wat-heeft-u-nodig').isVisible()).toBe(true);
    for (const hidden of ['.map', '.professionals', '.print-button', '.site-header'])
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    const tick = await page.evaluate(
      () => getComputedStyle(document.querySelector('.checklist__items li')!, '::before').content,
    );
    expect(tick).toContain('☐');
    await page.close();
  });

  test('how long it takes and the legal time limits come before the steps; an amount over a year old says to check it', () => {
    const w = words(html('bijstand'));
    expect(w.indexOf('Hoe lang duurt het?')).toBeGreaterThan(w.indexOf('Wat heeft u nodig?'));
    expect(w.indexOf('Hoe lang duurt het?')).toBeLessThan(w.indexOf('De stappen'));
    expect(w).toContain('De gemeente beslist binnen 8 weken na uw aanvraag');
    const rule = words(html('bijstand/regel/vermogensgrens'));
    // Said once for the three amounts from one source, not three times.
    expect(rule.match(/meer dan een jaar oud/g)).toHaveLength(1);
    expect(rule).toMatch(
      /Voor iemand alleen\s*:\s*€\s7\.575,00 \(bedrag van 1 januari 2024\).*Deze bedragen zijn meer dan een jaar oud: controleer het actuele bedrag\s*:\s*Gemeente Groningen/,
    );
  });

  test('research language stays with professionals: no BWBR ids, notes on checking, parliamentary papers or statistics outside "Voor professionals"', () => {
    const jargon =
      /BWBR\d|ECLI|Kamerstuk|kst-|corpora|tekst 2015|waarschijnlijk tussen|probably between|\b(gemiddeld|laag|hoog|low|medium|high) 0[,.]\d\d\b|inwoners gevolgd|residents followed|Flesch|Brouwer|PiB\b|niet geverifieerd|MvT/;
    const found: string[] = [];
    for (const path of pages(publicDir)) {
      if (/^\/(en\/)?(frictie|friction|methode|method|toegankelijkheid|accessibility)\//.test(path)) continue;
      const h = readFileSync(join(publicDir, path, 'index.html'), 'utf8');
      const resident = words(
        h.replace(/<details class="more professionals[\s\S]*?<\/details>/g, '').replace(/<head>[\s\S]*?<\/head>/, ''),
      );
      const m = jargon.exec(resident);
      if (m) found.push(`${path}: ${resident.slice(Math.max(0, m.index - 40), m.index + 40)}`);
    }
    expect(found).toEqual([]);
    // The caveats and the figures are still there, for professionals.
    expect(html('bijstand')).toMatch(/<details class="more professionals[\s\S]*BWBR0051679/);
    expect(html('bijstand/stap/melden')).toMatch(/<details class="more professionals[\s\S]*waarschijnlijk tussen/);
  });

  test('evidence in plain sentences from at least 5 residents, and never the same quote twice on a page', () => {
    const melden = words(html('bijstand/stap/melden'));
    expect(melden).toMatch(/(Bij \d+ van de \d+ mensen|\d+ van de \d+ mensen) /);
    for (const m of melden.matchAll(/(\d+) van de (\d+) mensen (vond|moest|werd)\b/g)) expect(m[1]).toBe('1');
    for (const m of melden.matchAll(/van de (\d+) mensen/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(5);
    const repeated: string[] = [];
    for (const path of pages(publicDir)) {
      const quotes = [
        ...readFileSync(join(publicDir, path, 'index.html'), 'utf8').matchAll(
          /<blockquote[^>]*>\s*<p>([\s\S]*?)<\/p>/g,
        ),
      ].map((m) => m[1].trim().toLowerCase());
      if (new Set(quotes).size !== quotes.length) repeated.push(path);
    }
    expect(repeated).toEqual([]);
  });

  test('a step page says which procedure it is part of, with the previous and the next step', () => {
    const h = html('bijstand/stap/aanvraag');
    expect(words(h)).toMatch(/Onderdeel van\s*:\s*Bijstand aanvragen/);
    // Along the main route: the search period (only under 27) is not the step before for everyone.
    expect(h).toMatch(/<a href="\/bijstand\/stap\/melden\/" rel="prev">/);
    // Off the route: from the step that leads there, to the step it leads to.
    const off = html('bijstand/stap/zoekperiode');
    expect(off).toMatch(/<a href="\/bijstand\/stap\/melden\/" rel="prev">/);
    expect(off).toMatch(/<a href="\/bijstand\/stap\/aanvraag\/" rel="next">/);
    expect(h).toMatch(/<a href="\/bijstand\/stap\/controle\/" rel="next">/);
    expect(h).toMatch(/<strong aria-current="step"[^>]*>\s*Aanvraag indienen met bewijsstukken/);
  });

  test('English: the English texts of the file, a notice where texts are only in Dutch, absolute hreflang links', () => {
    const en = html('en/bijstand');
    expect(words(en)).toContain('Social assistance is money to live on when your income is too low.');
    expect(words(en)).toContain('Some texts on this page are only in Dutch so far.');
    expect(words(html('bijstand'))).not.toContain('only in Dutch');
    expect(en).toContain('<link rel="alternate" hreflang="nl" href="https://drempels.example.nl/bijstand/">');
    expect(en).toContain('<link rel="alternate" hreflang="en" href="https://drempels.example.nl/en/bijstand/">');
    expect(en).toContain('<link rel="canonical" href="https://drempels.example.nl/en/bijstand/">');
    expect(html('bijstand/stap/melden')).toContain(
      'hreflang="en" href="https://drempels.example.nl/en/bijstand/step/melden/"',
    );
  });

  test('the steps table reads at 360 px without scrolling sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    for (const p of publicData.procedures) {
      await page.goto(`${base}/${p.slug}/`);
      const [scroll, client] = await page
        .locator('.steps-table')
        .evaluate((t) => [t.parentElement!.scrollWidth, t.parentElement!.clientWidth]);
      expect(scroll, p.slug).toBeLessThanOrEqual(client);
    }
    await page.close();
  });
});

describe('the publication gate against planted personal data and hostile input', () => {
  const plantedValues = [
    '111222333',
    '111 222 333',
    'NL91 ABNA 0417 1643 00',
    'NL91ABNA0417164300',
    '06-98765432',
    '0698765432',
    'wilhelmina.oosterhuis@example.nl',
    'Wilhelmina',
    'Oosterhuis',
    'Jan de Vries',
    '9711 LM',
    '14-07-1984',
  ];

  test('none of the planted values appears anywhere in the public build', () => {
    const all = files(publicDir)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const v of plantedValues) expect(all.includes(v), v).toBe(false);
    const reasons = publicData.blocked
      .filter((b) => b.where.startsWith('quote Q-9'))
      .map((b) => `${b.where}: ${b.kinds.join(',')}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'quote Q-900: BSN',
        'quote Q-901: IBAN',
        'quote Q-902: TELEFOON',
        'quote Q-903: EMAIL',
        'quote Q-904: NAAM',
        'quote Q-905: POSTCODE',
        'quote Q-906: NAAM',
        'quote Q-907: GEBOORTEDATUM',
      ]),
    );
  });

  test('hostile quotes are published as text, escaped, and run nothing', async () => {
    const html = ['aanvraag', 'controle', 'gesprek', 'besluit', 'melden']
      .map((s) => readFileSync(join(publicDir, `bijstand/stap/${s}/index.html`), 'utf8'))
      .join('\n');
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img src=x/);
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    for (const s of ['aanvraag', 'controle', 'gesprek', 'besluit']) {
      await page.goto(`${base}/bijstand/stap/${s}/`);
      await page.waitForLoadState('networkidle');
    }
    expect(dialogs).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    await page.goto(`${base}/bijstand/stap/gesprek/`);
    expect(await page.locator('blockquote', { hasText: 'achteruit op mijn telefoon' }).count()).toBe(1);
    await page.close();
  });
});
