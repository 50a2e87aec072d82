import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { proceduresDir, tempDir, runCli } from '../helpers';

const run = runCli;

describe('drempel procedures', () => {
  test('check passes on the shipped procedures and reports readability without claiming a level', async () => {
    const r = await run(['procedures', 'check', proceduresDir, '--readability']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bijstand 2026.1: 10 steps, 15 transitions, 10 policy limits');
    expect(r.stdout).toContain('3 procedures valid, 0 errors');
    expect(r.stdout).toMatch(/Flesch–Douma/);
    expect(r.stdout + r.stderr).not.toMatch(/\bB1\b/);
  });

  test('the shipped texts pass --strict; a text over a threshold warns, and fails only with --strict', async () => {
    expect((await run(['procedures', 'check', proceduresDir, '--strict'])).code).toBe(0);
    const dir = join(tempDir(), 'procedures');
    cpSync(proceduresDir, dir, { recursive: true });
    const file = join(dir, 'bijstand/limits/voorschot.md');
    const long =
      'Zolang het recht op algemene bijstand niet is vastgesteld, verleent het college van burgemeester en wethouders uiterlijk vier weken na de datum van ontvangst van de aanvraag en vervolgens telkens na vier weken een voorschot in de vorm van een renteloze geldlening.';
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/## Waarom deze regel\n\n/, `## Waarom deze regel\n\n${long} `),
    );
    const warn = await run(['procedures', 'check', dir]);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toMatch(
      /^warning: procedures\/bijstand\/limits\/voorschot\.md: Waarom deze regel: .*(below|above)/m,
    );
    const strict = await run(['procedures', 'check', dir, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^error: procedures\/bijstand\/limits\/voorschot\.md: Waarom deze regel/m);
  });

  test('check on a broken copy exits 1 and points at the exact field', async () => {
    const dir = join(tempDir(), 'procedures');
    cpSync(proceduresDir, dir, { recursive: true });
    const file = join(dir, 'bijstand/procedure.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '    actor: inkomensconsulent\n    channels: [mijn-groningen, post]',
        '    actor: kcc\n    channels: [mijn-groningen, post]',
      ),
    );
    const r = await run(['procedures', 'check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: procedures/bijstand/procedure.yaml: steps[3].actor: unknown actor "kcc" (known: inwoner, klantcontactcentrum, uwv, inkomensconsulent, handhaving, uitkeringsadministratie, werkcoach, jurist)',
    );
  });

  test('tell-once lists repeated items with steps and actors', async () => {
    const r = await run(['procedures', 'tell-once', 'bijstand']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bijstand 2026\.1: \d+ information items asked at more than one step/);
    expect(r.stdout).toContain('melden → aanvraag → gesprek → huisbezoek (conditional) → verplichtingen (conditional)');
    const json = JSON.parse((await run(['procedures', 'tell-once', 'bijstand', '--format', 'json'])).stdout);
    expect(json[0].items[0].item).toBe('woonsituatie');
  });

  test('chain shows before, after and what the resident already gave', async () => {
    const r = await run(['procedures', 'chain', 'bijstand', '--actor', 'werkcoach']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verplichtingen tijdens de uitkering (re-integratie)');
    // Whom to ask: the staff who received it on the way; where only the resident's own forms had it, look it up.
    expect(r.stdout).toContain(
      'asked here again: Woonsituatie en medebewoners — ask Klantcontactcentrum or UWV (werk.nl) or Inkomensconsulent, not the resident',
    );
    expect(r.stdout).toContain(
      'asked here again: Overzicht van sollicitaties — already given at zoekperiode, aanvraag: look it up before asking the resident again',
    );
    expect(r.stdout).toContain('asked here again: Inkomen en uitkeringen — ask Inkomensconsulent, not the resident');
    const unknown = await run(['procedures', 'chain', 'bijstand', '--actor', 'kcc']);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('error: unknown actor: kcc') });
  });
});
