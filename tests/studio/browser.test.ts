/**
 * The studio as a researcher uses it: the real `drempel studio` process on a real SQLite file,
 * driven in Debian's Chromium (playwright-core) by keyboard and by pointer, at tablet width, with
 * axe-core on every screen; a reload and a killed server mid-session; the exported observations
 * against what was entered; and, with --host, nothing without the access token.
 */
import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeSampleDb, root, runCli, tempDir } from '../helpers';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let dbFile: string;
let browser: Browser;
const running: ChildProcess[] = [];

/** Start `drempel studio` and wait for the address it prints. */
function studio(args: string[] = []): Promise<{ url: string; child: ChildProcess; out: () => string }> {
  const child = spawn(
    process.execPath,
    [join(root, 'scripts/drempel.mjs'), 'studio', '--port', '0', '--db', dbFile, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.push(child);
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`studio did not start: ${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /drempel studio: (http:\/\/\S+)/.exec(out);
      if (m && out.includes('Ctrl+C')) {
        clearTimeout(timer);
        ok({ url: m[1], child, out: () => out });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => fail(new Error(`studio exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill(signal);
  });
}

async function axe(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).withTags(tags).analyze();
  expect(
    result.violations.map((v) => `${screen}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** Every visible control is at least 44 × 44 px, and nothing scrolls sideways. */
async function checkTargets(page: Page, screen: string) {
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll('button, select, input:not([type=radio]):not([type=checkbox]), textarea, a'))
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return {
          what: `${el.tagName} ${(el.textContent ?? '').trim().slice(0, 30) || el.id}`,
          w: r.width,
          h: r.height,
        };
      })
      .filter((r) => r.h < 44 || r.w < 44),
  );
  expect(small, `${screen}: controls smaller than 44 px`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${screen}: horizontal scroll`).toBeLessThanOrEqual(0);
}

async function exportRows(kind: string, session: string): Promise<string[]> {
  const { stdout } = await runCli(['export', kind, '--db', dbFile]);
  return stdout.split('\n').filter((l) => l.includes(session));
}

/** Take focus off any field, so the next key is a shortcut. */
const unfocus = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** A button's name with or without its shortcut key shown after it ("Gelukt 1"). */
const named = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s+\\S)?$`);

/** GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

const sessionCode = (page: Page) => decodeURIComponent(new URL(page.url()).hash.replace('#/sessie/', ''));

beforeAll(async () => {
  const db = await makeSampleDb();
  dbFile = join(tempDir('drempel-studio-'), 'studio.db');
  db.close();
  copyFileSync(db.name, dbFile);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const c of running) await stop(c);
});

describe('drempel studio in Chromium', () => {
  test('a whole walkthrough with the keyboard only, at tablet width: what was entered is what the export holds', async () => {
    const s = await studio();
    const page = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
    await page.goto(s.url);
    await page.getByRole('heading', { name: 'drempel studio', level: 1 }).waitFor();
    await axe(page, 'home');
    await checkTargets(page, 'home');
    // Add a participant with consent, by keyboard.
    await page.getByRole('button', { name: 'Nieuwe deelnemer met toestemming' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#np-code').waitFor();
    await axe(page, 'new participant');
    await page.locator('#np-code').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('P-801');
    // Consent is ticked as given, never assumed: analysis and internal quotes.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Deelnemer toevoegen' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#participant').inputValue()).toBe('P-801');
    await page.locator('#researcher').focus();
    await page.keyboard.type('onderzoeker-k');
    await page.getByRole('button', { name: 'Sessie starten' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Doorloop S-/ }).waitFor();
    const code = sessionCode(page);
    await unfocus(page);
    const key = async (k: string) => {
      const saved = await page.locator('.status').textContent();
      await page.keyboard.press(k);
      await expect.poll(() => page.locator('.status').textContent()).not.toBe(saved);
    };
    // Step 1: melden, helped, two errors, SEQ 3, retold once.
    await key('n');
    await key('2');
    await key('e');
    await key('e');
    await key('r');
    await page.keyboard.press('s');
    await key('3');
    await page.keyboard.press('w');
    await page.keyboard.type('1,5');
    await page.keyboard.press('Tab'); // leaving the field saves it
    await expect
      .poll(async () => (await exportRows('observations', code))[0] ?? '')
      .toMatch(new RegExp(`^${code},melden,1,helped,\\d+,2,3,1,0,,1.5,,0,,$`));
    await unfocus(page);
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Sneltoetsen', level: 2 }).waitFor();
    await axe(page, 'walkthrough with shortcuts');
    await checkTargets(page, 'walkthrough');
    await page.keyboard.press('?');
    // Step 2: aanvraag, failed, one hand-off key, undo it, a quote by keyboard.
    await key('n');
    await key('3');
    await key('h');
    await key('u');
    await page.keyboard.press('q');
    await page.keyboard.type('Ik wist niet welke bankafschriften ze wilden.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('bewijsstukken');
    await page.keyboard.press('Enter');
    await page.locator('#quote-text').focus();
    await page.getByRole('button', { name: 'Citaat opslaan' }).focus();
    await key('Enter');
    // End, check the summary.
    await unfocus(page);
    await page.getByRole('button', { name: 'Sessie afronden' }).focus();
    await key('Enter');
    await page.getByRole('heading', { name: 'Samenvatting: controleer en verbeter' }).waitFor();
    await axe(page, 'summary');
    const obs = await exportRows('observations', code);
    expect(obs).toHaveLength(2);
    expect(obs[0]).toMatch(new RegExp(`^${code},melden,1,helped,\\d+,2,3,1,0,,1.5,,0,,$`));
    expect(obs[1]).toMatch(new RegExp(`^${code},aanvraag,2,failed,\\d+,0,,0,0,,,,0,,$`));
    expect(await exportRows('quotes', code)).toEqual([
      expect.stringMatching(
        new RegExp(`^${code}-Q01,${code},aanvraag,Ik wist niet welke bankafschriften ze wilden.,bewijsstukken,,\\d+$`),
      ),
    ]);
    await page.close();
    await stop(s.child);
  });

  test('a walkthrough by pointer; a reload and a killed server mid-session lose nothing and resume where it was', async () => {
    let s = await studio();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(s.url);
    await page.getByRole('button', { name: 'Nieuwe deelnemer met toestemming' }).click();
    await page.locator('#np-code').fill('P-802');
    await page.getByLabel('Gegevens mogen worden geanalyseerd').check();
    await page.getByLabel('Citaten mogen worden gepubliceerd').check();
    await page.getByRole('button', { name: 'Deelnemer toevoegen' }).click();
    await expect.poll(() => page.locator('#participant').inputValue()).toBe('P-802');
    await page.getByRole('button', { name: 'Sessie starten' }).click();
    await page.getByRole('heading', { level: 1, name: /^Doorloop S-/ }).waitFor();
    const code = sessionCode(page);
    await page.getByText('Citaten: mogen ook openbaar').waitFor();
    const click = async (name: string) => {
      const saved = await page.locator('.status').textContent();
      await page
        .getByRole('button', { name: named(name) })
        .first()
        .click();
      await expect.poll(() => page.locator('.status').textContent()).not.toBe(saved);
    };
    await click('Melden en inschrijven als werkzoekende');
    await click('Gelukt');
    await click('Fouten: Eén meer');
    await click('6');
    await page.getByLabel('Kanaal', { exact: true }).selectOption('online');
    await expect.poll(() => exportRows('observations', code)).toEqual([expect.stringContaining(',online,')]);
    // Reload: the open step, its values and its running clock are back.
    await page.reload();
    await page.getByRole('heading', { level: 3, name: /Melden en inschrijven/ }).waitFor();
    expect(await page.getByRole('button', { name: named('Gelukt') }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: named('Pauze') }).waitFor();
    // Kill the server without warning; start it again on the same file.
    await click('Aanvraag indienen met bewijsstukken');
    await click('Niet gelukt');
    // A value the import would refuse is refused here in the same words, beside its field.
    await page.getByLabel('Wachtdagen').fill('-1');
    await page.getByLabel('Wachtdagen').press('Tab');
    await page.getByText('wait_days: "-1" is not a number ≥ 0').first().waitFor();
    expect(await page.getByLabel('Wachtdagen').getAttribute('aria-invalid')).toBe('true');
    const port = new URL(s.url).port;
    await stop(s.child, 'SIGKILL');
    s = await studio(['--port', port]);
    // The page that stayed open goes on saving (the restarted studio's new CSRF token is fetched).
    await click('Fouten: Eén meer');
    await page.goto(s.url + `#/sessie/${code}`);
    await page.getByRole('heading', { level: 3, name: /Aanvraag indienen/ }).waitFor();
    expect(await page.getByRole('button', { name: named('Niet gelukt') }).getAttribute('aria-pressed')).toBe('true');
    const obs = await exportRows('observations', code);
    expect(obs).toEqual([
      expect.stringMatching(new RegExp(`^${code},melden,1,completed,\\d+,1,6,0,0,,,online,0,,$`)),
      expect.stringMatching(new RegExp(`^${code},aanvraag,2,failed,\\d+,1,,0,0,,,,0,,$`)),
    ]);
    // The session is counted by drempel score, without any CSV.
    const score = JSON.parse(
      (await runCli(['score', '--study', 'bijstand-2026-r2', '--format', 'json', '--db', dbFile])).stdout,
    );
    expect(score.steps.find((x: { step: string }) => x.step === 'aanvraag').n).toBeGreaterThan(0);
    // English, same screen.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: `Walkthrough ${code}` }).waitFor();
    await axe(page, 'walkthrough in English');
    await page.close();
    await stop(s.child);
  });

  test('an interview and a chain role-play have their own screens, axe clean', async () => {
    const s = await studio();
    const page = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
    await page.goto(s.url);
    await page.getByLabel('Interview').check();
    await page.locator('#participant').selectOption('P-801');
    await page.getByRole('button', { name: 'Sessie starten' }).click();
    await page.getByRole('heading', { level: 1, name: /^Interview S-/ }).waitFor();
    const interview = sessionCode(page);
    await page.locator('#quote-text').fill('Ik moest alles drie keer vertellen.');
    await page.locator('#quote-tag').fill('opnieuw vertellen');
    await page.getByRole('button', { name: 'Code toevoegen' }).click();
    await page.getByRole('button', { name: 'Citaat opslaan' }).click();
    await page.getByRole('heading', { name: 'Tijdlijn' }).waitFor();
    expect(await page.locator('blockquote').textContent()).toBe('Ik moest alles drie keer vertellen.');
    await page.locator('#note-text').fill('Kijkt steeds naar de brief van de gemeente.');
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    await page.getByText('Kijkt steeds naar de brief van de gemeente.', { exact: true }).waitFor();
    await axe(page, 'interview');
    await checkTargets(page, 'interview');
    expect(await exportRows('quotes', interview)).toEqual([expect.stringContaining('opnieuw vertellen')]);
    expect(await exportRows('notes', interview)).toEqual([
      expect.stringMatching(
        new RegExp(`^${interview}-N01,${interview},\\d+,,Kijkt steeds naar de brief van de gemeente.$`),
      ),
    ]);

    await page.getByRole('link', { name: 'Naar het overzicht' }).click();
    await page.getByLabel('Rollenspel in de keten').check();
    expect(await page.locator('#participant').count()).toBe(0);
    await page.getByRole('button', { name: 'Sessie starten' }).click();
    await page.getByRole('heading', { level: 1, name: /^Rollenspel in de keten S-/ }).waitFor();
    const roleplay = sessionCode(page);
    await page.getByRole('button', { name: 'Melden en inschrijven als werkzoekende' }).click();
    await page.getByRole('button', { name: named('Gelukt') }).click();
    await page.getByLabel('Doorverwezen naar').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Opnieuw gevraagd: Eén meer' }).click();
    await expect
      .poll(() => exportRows('observations', roleplay))
      .toEqual([expect.stringMatching(new RegExp(`^${roleplay},melden,1,completed,\\d+,0,,1,1,\\w`))]);
    await axe(page, 'role-play');
    const journeys = await runCli(['journeys', '--study', 'bijstand-2026-r2', '--format', 'json', '--db', dbFile]);
    expect(journeys.stdout).toContain(roleplay);
    await page.close();
    await stop(s.child);
  });

  test('with --host, nothing is served without the access token; changes need the CSRF token', async () => {
    const s = await studio(['--host', '127.0.0.2']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/\?token=[\w-]{43}$/);
    expect(s.out()).toMatch(/█|▀|▄/); // the QR code
    const base = s.url.replace(/\?token=.*/, '');
    for (const path of ['', 'assets/studio.js', 'api/home', 'api/sessions/S-001'])
      expect((await fetch(base + path)).status, path).toBe(401);
    expect((await fetch(`${base}?token=wrong`)).status).toBe(401);
    expect(
      (
        await fetch(`${base}api/sessions`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(401);
    const login = await fetch(s.url, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0];
    expect((await fetch(`${base}api/home`, { headers: { cookie: jar } })).status).toBe(200);
    // A change without the page's CSRF token, or from another origin, is refused.
    const post = (headers: Record<string, string>) =>
      fetch(`${base}api/sessions`, {
        method: 'POST',
        body: JSON.stringify({ study: 'bijstand-2026-r2', kind: 'roleplay' }),
        headers: { cookie: jar, 'content-type': 'application/json', ...headers },
      });
    expect((await post({})).status).toBe(403);
    const html = await (await fetch(base, { headers: { cookie: jar } })).text();
    const csrf = /name="drempel-csrf" content="([^"]+)"/.exec(html)![1];
    expect((await post({ 'x-drempel-csrf': csrf, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ 'x-drempel-csrf': 'x'.repeat(csrf.length) })).status).toBe(403);
    expect((await post({ 'x-drempel-csrf': csrf })).status).toBe(201);
    // In the browser: the token URL lets it in, and the page works.
    const page = await (await browser.newContext()).newPage();
    await page.goto(s.url);
    await page.getByRole('heading', { name: 'drempel studio', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await page.close();
    await stop(s.child);
    // Without --host, a request naming another host (DNS rebinding) gets nothing.
    const local = await studio();
    expect(await getWithHost(local.url, 'evil.example')).toBe(421);
    await stop(local.child);
    expect(readFileSync(dbFile).length).toBeGreaterThan(0);
  });
});
