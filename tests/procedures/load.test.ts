import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatProblem } from '../../procedures/errors';
import { lawUrl, loadProcedures } from '../../procedures/load';
import { proceduresDir, root, tempDir } from '../helpers';

const fixture = join(root, 'tests/fixtures/procedures');

/** A copy of the fixtures with `procedure.yaml` of mini changed by `edit`; returns the error lines. */
function problemsAfter(edit: (doc: any) => void, limitText?: string): string[] {
  const dir = join(tempDir(), 'procedures');
  cpSync(fixture, dir, { recursive: true });
  const file = join(dir, 'mini/procedure.yaml');
  const doc = parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, stringify(doc));
  if (limitText !== undefined) writeFileSync(join(dir, 'mini/limits/termijn.md'), limitText);
  return loadProcedures(dir).problems.map(formatProblem);
}

const limit = readFileSync(join(fixture, 'mini/limits/termijn.md'), 'utf8');

describe('loadProcedures()', () => {
  test('the shipped procedures load without problems', () => {
    const { procedures, problems } = loadProcedures(proceduresDir);
    expect(problems).toEqual([]);
    expect(procedures.map((p) => p.slug)).toEqual(['bijstand', 'bijzondere-bijstand', 'verhuizing']);
    const bijstand = procedures[0];
    expect(bijstand.steps).toHaveLength(10);
    expect(bijstand.limits).toHaveLength(10);
    expect(bijstand.caveats.join(' ')).toContain('Participatiewet in balans');
  });

  test('the fixture loads, and a limit without url gets its wetten.overheid.nl link', () => {
    const { procedures, problems } = loadProcedures(fixture);
    expect(problems).toEqual([]);
    expect(procedures[0].limits[0].legal_basis.url).toBe(
      'https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13',
    );
  });

  test('lawUrl() builds the article link, or the law link when no article number is found', () => {
    expect(lawUrl('BWBR0015703', 'art. 41 lid 4')).toBe('https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=41');
    expect(lawUrl('BWBR0015703', 'artikel 53a lid 2')).toBe(
      'https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=53a',
    );
    expect(lawUrl('BWBR0015703', 'uitvoeringspraktijk')).toBe('https://wetten.overheid.nl/BWBR0015703');
  });
});

describe('validation errors name the file and the field', () => {
  const file = 'procedures/mini/procedure.yaml';
  test.each([
    [
      'unknown actor',
      (d: any) => (d.steps[1].actor = 'kcc'),
      `${file}: steps[1].actor: unknown actor "kcc" (known: inwoner, klantcontactcentrum, inkomensconsulent)`,
    ],
    [
      'unknown channel',
      (d: any) => (d.steps[0].channels = ['fax']),
      `${file}: steps[0].channels[0]: unknown channel "fax" (known: online, balie)`,
    ],
    [
      'unknown item',
      (d: any) => d.steps[0].asks.push('bsn'),
      `${file}: steps[0].asks[2]: unknown information item "bsn" (known: adres, inkomen, id)`,
    ],
    [
      'missing field',
      (d: any) => delete d.steps[2].description,
      `${file}: steps[2].description: required field is missing (expected string)`,
    ],
    [
      'wrong type',
      (d: any) => (d.steps[0].reach = 'veel'),
      `${file}: steps[0].reach: expected number, got string "veel"`,
    ],
    ['out of range', (d: any) => (d.steps[0].reach = 1.5), `${file}: steps[0].reach: expected a number ≤ 1, got 1.5`],
    ['unknown field', (d: any) => (d.steps[0].colour = 'red'), `${file}: steps[0]: unknown field "colour"`],
    [
      'bad enum',
      (d: any) => (d.actors[0].kind = 'citizen'),
      `${file}: actors[0].kind: expected one of resident, front office, back office, external organisation, got "citizen"`,
    ],
    [
      'duplicate step',
      (d: any) => (d.steps[2].slug = 'melden'),
      `${file}: steps[2].slug: duplicate step slug "melden" (first at steps[0].slug)`,
    ],
    [
      'slug not folder',
      (d: any) => (d.slug = 'other'),
      `${file}: slug: expected "mini" (the folder name), got "other"`,
    ],
    [
      'dangling transition',
      (d: any) => (d.transitions[2].to = 'beslissing'),
      `${file}: transitions[2].to: unknown step "beslissing" (known: melden, intake, besluit)`,
    ],
  ])('%s', (_, edit, message) => {
    expect(problemsAfter(edit)).toContain(message);
  });

  test('an unreachable step', () => {
    expect(problemsAfter((d) => d.transitions.splice(2, 1))).toContain(
      `${file}: steps[2]: step "besluit" cannot be reached from the first step "melden"`,
    );
  });

  test('a cycle is allowed only through a return transition', () => {
    expect(problemsAfter(() => {})).toEqual([]);
    expect(problemsAfter((d) => (d.transitions[1].kind = 'next'))).toContain(
      `${file}: transitions: cycle melden → intake → melden without a "return" transition (mark the edge back as kind: return)`,
    );
  });

  test('limit files: unknown step, missing section, no legal link', () => {
    const lf = 'procedures/mini/limits/termijn.md';
    expect(problemsAfter(() => {}, limit.replace('steps: [besluit]', 'steps: [beslissing]'))).toContain(
      `${lf}: steps[0]: unknown step "beslissing" (known: melden, intake, besluit)`,
    );
    expect(problemsAfter(() => {}, limit.replace('## Waarom deze regel', '## Waarom'))).toEqual([
      `${lf}: ## Waarom: unknown section (expected "De regel", "Waarom deze regel", "Wat kunt u doen"; in English "The rule", "Why this rule", "What you can do")`,
      `${lf}: ## Waarom deze regel: section is missing or empty`,
    ]);
    expect(problemsAfter(() => {}, limit.replace('  bwbr: BWBR0005537\n', ''))).toContain(
      `${lf}: legal_basis: expected a url, or a bwbr or cvdr id to build the link from`,
    );
  });

  test('invalid YAML names the line', () => {
    const dir = join(tempDir(), 'procedures');
    cpSync(fixture, dir, { recursive: true });
    writeFileSync(join(dir, 'mini/procedure.yaml'), 'slug: mini\nsteps: [a, b\n');
    expect(loadProcedures(dir).problems.map(formatProblem)[0]).toMatch(
      /^procedures\/mini\/procedure\.yaml: invalid YAML at line \d+, column \d+/,
    );
  });
});
