/**
 * The team's synthesis on the command line, on the sample study: findings and fixes imported and
 * exported like every other kind, the backlog CSV for an issue tracker, the codebook tree and
 * full-text search over quotes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../research/db';
import { sampleFile } from '../../scripts/cli/demo';
import { dump, tempDir, writeTemp, runCli } from '../helpers';

const run = runCli;

let db: string;
beforeAll(async () => {
  db = join(tempDir(), 's.db');
  expect((await run(['init', '--db', db])).code).toBe(0);
  for (const kind of ['studies', 'participants', 'consents', 'sessions', 'observations', 'quotes'] as const)
    expect((await run(['import', kind, sampleFile(kind), '--db', db])).code).toBe(0);
}, 60_000);

const snapshot = () => {
  const d = openDatabase(db);
  try {
    return dump(d);
  } finally {
    d.close();
  }
};

const findingsHeader = 'finding,study,steps,statement,status,quotes,observations,components';

describe('findings and fixes as CSV', () => {
  test('a bad reference names the file, row and column, exits 1 and imports no row of the file', async () => {
    const before = snapshot();
    const cases: [string, string, RegExp][] = [
      [
        'bad-step.csv',
        `${findingsHeader}\nF-9,bijstand-2026-r1,aanvraag,Goed.,open,,,\nF-10,bijstand-2026-r1,nergens,Fout.,open,,,\n`,
        /bad-step\.csv:3.*steps.*nergens.*not a step/,
      ],
      [
        'bad-quote.csv',
        `${findingsHeader}\nF-9,bijstand-2026-r1,aanvraag,Fout.,open,Q-999,,\n`,
        /bad-quote\.csv:2.*quotes.*Q-999.*not a quote of study/,
      ],
      [
        'bad-obs.csv',
        `${findingsHeader}\nF-9,bijstand-2026-r1,aanvraag,Fout.,open,,S-001:99,\n`,
        /bad-obs\.csv:2.*observations.*S-001:99/,
      ],
      [
        'bad-component.csv',
        `${findingsHeader}\nF-9,bijstand-2026-r1,aanvraag,Fout.,open,,,frustration\n`,
        /bad-component\.csv:2.*components.*frustration.*not a score component/,
      ],
      ['no-study.csv', `${findingsHeader}\nF-9,,aanvraag,Fout.,open,,,\n`, /no-study\.csv:2.*study.*is needed/],
      [
        'pii.csv',
        `${findingsHeader}\nF-9,bijstand-2026-r1,aanvraag,Mevrouw Jansen belde vanaf 06-12345678.,open,,,\n`,
        /pii\.csv:2.*statement/,
      ],
    ];
    for (const [name, text, error] of cases) {
      const r = await run(['import', 'findings', writeTemp(name, text), '--db', db]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(error);
      expect(r.stderr, name).not.toMatch(/\n\s+at /); // never a stack trace
    }
    const fix = await run([
      'import',
      'fixes',
      writeTemp('bad-fix.csv', 'fix,findings,proposal,owner\nX-9,F-404,Iets.,teamleider\n'),
      '--db',
      db,
    ]);
    expect(fix.code).toBe(1);
    expect(fix.stderr).toMatch(/bad-fix\.csv:2.*findings.*F-404.*not a known finding/);
    expect(snapshot()).toEqual(before);
  });

  test('imported, exported and imported again: the same findings and fixes; a second import changes nothing', async () => {
    expect((await run(['import', 'findings', sampleFile('findings'), '--db', db])).code).toBe(0);
    expect((await run(['import', 'fixes', sampleFile('fixes'), '--db', db])).code).toBe(0);
    const findings = (await run(['export', 'findings', '--db', db])).stdout;
    const fixes = (await run(['export', 'fixes', '--db', db])).stdout;
    expect(findings.split('\n')[1]).toMatch(/^F-001,bijstand-2026-r1,aanvraag,/);
    const again = await run(['import', 'findings', writeTemp('findings.csv', findings), '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/3 rows: 0 new, 0 updated, 3 unchanged/);
    expect((await run(['export', 'fixes', '--db', db])).stdout).toBe(fixes);
    const json = JSON.parse((await run(['export', 'fixes', '--format', 'json', '--db', db])).stdout);
    expect(json[0]).toMatchObject({ fix: 'X-001', findings: 'F-001', owner: 'productowner inkomen', status: 'done' });
  });

  test('the backlog: one row per fix and per finding without a fix, priority from the ranking, verified where measured', async () => {
    expect((await run(['fixes', 'verify', '--db', db])).code).toBe(0);
    const out = (await run(['fixes', 'backlog', '--site-url', 'https://team.example.nl', '--db', db])).stdout;
    const rows = Papa.parse<Record<string, string>>(out, { header: true, skipEmptyLines: true }).data;
    expect(Object.keys(rows[0])).toEqual(['title', 'description', 'labels', 'priority']);
    // Work still to do first (X-003, proposed), then the fixes done; controle and aanvraag are the
    // two steps most residents were affected at in round 1, melden the fourth of six.
    expect(rows.map((r) => r.title.slice(0, 5))).toEqual(['X-003', 'X-001', 'X-002']);
    expect(rows.map((r) => r.priority)).toEqual(['Medium', 'Highest', 'Highest']);
    const [x001, x002] = [rows[1], rows[2]];
    expect(x001.labels.split(',')).toEqual(
      expect.arrayContaining(['drempel', 'fix', 'change-form', 'step-aanvraag', 'verified-improved']),
    );
    expect(x002.labels).toContain('verified-no-measurable-change-yet');
    expect(x001.description).toContain('https://team.example.nl/team/#bevinding-F-001');
    expect(x001.description).toMatch(/improved, change -0\.247 \[-0\.490, -0\.003\] at 90%, 12 → 14 residents/);
    expect(x001.description).toMatch(/Q-004: “Het formulier vroeg/);
    expect(x001.description).toMatch(/aanvraag: in bijstand-2026-r1, rank 2 of 6 steps/);
    const jira = Papa.parse<string[]>((await run(['fixes', 'backlog', '--tracker', 'jira', '--db', db])).stdout).data;
    expect(jira[0].slice(0, 5)).toEqual(['Summary', 'Description', 'Issue Type', 'Priority', 'Labels']);
    expect(jira[2].slice(4).filter(Boolean)).toContain('verified-improved');
  });
});

describe('what a trial found', () => {
  test('a file without the evidence columns keeps the evidence; a finding cannot move into its fix’s measuring round', async () => {
    const before = JSON.parse((await run(['findings', 'show', 'F-001', '--format', 'json', '--db', db])).stdout);
    const partial = writeTemp(
      'partial.csv',
      'finding,study,statement\nF-001,bijstand-2026-r1,Het formulier vraagt wat de gemeente al weet.\n',
    );
    expect((await run(['import', 'findings', partial, '--db', db])).code).toBe(0);
    const after = JSON.parse((await run(['findings', 'show', 'F-001', '--format', 'json', '--db', db])).stdout);
    expect(after.statement).toBe('Het formulier vraagt wat de gemeente al weet.');
    expect(after.evidence).toEqual(before.evidence);
    expect(after.evidence.length).toBe(3);
    expect(after.components).toEqual(before.components);
    const moved = await run([
      'findings',
      'edit',
      'F-001',
      '--study',
      'bijstand-2026-r2',
      '--quote',
      '',
      '--step',
      '',
      '--db',
      db,
    ]);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/cannot move to bijstand-2026-r2: its fix X-001 is measured in bijstand-2026-r2/);
    const file = writeTemp('move.csv', 'finding,study,steps,quotes,statement\nF-001,bijstand-2026-r2,,,Verplaatst.\n');
    const imported = await run(['import', 'findings', file, '--db', db]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/move\.csv:2.*study.*X-001 is measured in bijstand-2026-r2/);
    expect((await run(['import', 'findings', sampleFile('findings'), '--db', db])).code).toBe(0);
  });

  test('a fixes file may write a finding code in lower case, as a findings file may a quote code', async () => {
    const file = writeTemp(
      'lower.csv',
      'fix,findings,proposal,owner\nX-009,f-003,Eén gesprek voor beide.,ketenregisseur\n',
    );
    const r = await run(['import', 'fixes', file, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const fixes = JSON.parse((await run(['fixes', 'list', '--format', 'json', '--db', db])).stdout);
    expect(fixes.find((x: { fix: string }) => x.fix === 'X-009').findings).toEqual(['F-003']);
    const dutch = writeTemp(
      'nl.csv',
      'fix,findings,change,proposal,owner,status\nX-010,F-003,formulier,Eén formulier.,ketenregisseur,in uitvoering\n',
    );
    expect((await run(['import', 'fixes', dutch, '--db', db])).code).toBe(0);
    const x010 = JSON.parse((await run(['fixes', 'list', '--format', 'json', '--db', db])).stdout).find(
      (x: { fix: string }) => x.fix === 'X-010',
    );
    expect([x010.change, x010.status]).toEqual(['form', 'in progress']);
    const list = writeTemp(
      'list.csv',
      `${findingsHeader}\nF-9,bijstand-2026-r1,aanvraag,Fout.,open,,,retold|frustration\n`,
    );
    expect((await run(['import', 'findings', list, '--db', db])).stderr).toMatch(
      /list\.csv:2:components: "retold\|frustration" has "frustration", which is not a score component/,
    );
  });

  test('a quote with a name and a number: never in the backlog, never "may be published" in search', async () => {
    const pii = writeTemp(
      'q.csv',
      'quote,session,step,text\nQ-900,S-001,aanvraag,"Marieke de Vries belde me op 06-12345678 over het formulier."\n',
    );
    expect((await run(['import', 'quotes', pii, '--db', db])).code).toBe(0);
    expect((await run(['findings', 'edit', 'F-001', '--quote', 'Q-004,Q-900', '--db', db])).code).toBe(0);
    const backlog = (await run(['fixes', 'backlog', '--db', db])).stdout;
    expect(backlog).not.toMatch(/Marieke|12345678/);
    expect(backlog).toContain('Q-900 (words left out: personal data)');
    const found = await run(['quotes', 'search', 'Marieke', '--db', db]);
    expect(found.stdout).toMatch(/Q-900 .*team only; holds .*drempel quotes redact Q-900/);
    const published = await run(['quotes', 'search', 'Marieke', '--scope', 'public', '--db', db]);
    expect(published.stdout).toMatch(/nothing found/);
    const step = await run(['quotes', 'search', 'brief', '--step', 'aanvrag', '--db', db]);
    expect(step.code).toBe(1);
    expect(step.stderr).toMatch(/unknown step: aanvrag\nhint: Did you mean aanvraag\?/);
    expect((await run(['delete', 'quote', 'Q-900', '--db', db])).code).toBe(0);
    expect((await run(['import', 'findings', sampleFile('findings'), '--db', db])).code).toBe(0);
  });
});

describe('drempel report', () => {
  test('one self-contained page: the top steps with evidence, the fixes with their verification, the chart; never over a file', async () => {
    expect((await run(['fixes', 'verify', '--db', db])).code).toBe(0); // the tests above changed F-001
    const out = join(tempDir(), 'rapport.html');
    const r = await run(['report', '--out', out, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(html).not.toMatch(/<script|<link|src=|@import/i); // nothing runs, nothing loads from elsewhere
    expect(html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(5 + 3); // five steps, three fixes
    expect(html).toMatch(
      /<strong>verbeterd<\/strong> bij Aanvraag indienen met bewijsstukken: -0,247 \(-0,490 tot -0,003\), 12 → 14 inwoners/,
    );
    expect(html).toMatch(/<strong>nog geen meetbaar verschil<\/strong> bij Controle/);
    expect(html).toMatch(/<svg [^>]*role="img"[^>]*>\s*<title id="chart-title">Drempel per stap voor en na/);
    expect(html).toContain('@media print');
    const again = await run(['report', '--out', out, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);
    expect((await run(['report', '--db', db])).code).toBe(2);
    const r1 = join(tempDir(), 'r.html');
    const one = await run(['report', '--out', r1, '--study', 'bijstand-2026-r1', '--top', '2', '--db', db]);
    expect(one.code).toBe(0);
    const first = readFileSync(r1, 'utf8');
    expect(first).toContain('uit bijstand-2026-r1.');
    expect(first.match(/<td class="num">\d<\/td>/g)).toHaveLength(2); // --top 2
  });
});

describe('codebook and search', () => {
  test('codes move under a parent, which then counts their quotes; a loop is refused', async () => {
    expect((await run(['codebook', 'add', 'tijd', '--description', 'Hoe lang iets duurt', '--db', db])).code).toBe(0);
    expect((await run(['codebook', 'edit', 'wachten', '--parent', 'tijd', '--db', db])).code).toBe(0);
    const loop = await run(['codebook', 'edit', 'tijd', '--parent', 'wachten', '--db', db]);
    expect(loop.code).toBe(1);
    expect(loop.stderr).toMatch(/cannot sit under itself/);
    const list = JSON.parse((await run(['codebook', 'list', '--format', 'json', '--db', db])).stdout);
    const tijd = list.find((c: { name: string }) => c.name === 'tijd');
    const wachten = list.find((c: { name: string }) => c.name === 'wachten');
    expect(tijd.quotesWithChildren).toBe(wachten.quotesWithChildren);
    expect(wachten).toMatchObject({ parent: 'tijd', depth: 1 });
    expect(list.indexOf(wachten)).toBe(list.indexOf(tijd) + 1);
    const bad = await run(['codebook', 'add', 'a|b', '--db', db]);
    expect(bad.code).toBe(2);
    const named = await run([
      'codebook',
      'add',
      'bellen',
      '--description',
      'Belde met Jan de Vries op 0612345678',
      '--db',
      db,
    ]);
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/personal data/);
  });

  test('frequencies per round count the quotes of a code and the codes under it', async () => {
    const out = (await run(['codebook', 'frequencies', '--by', 'round', '--format', 'csv', '--db', db])).stdout;
    const rows = Papa.parse<Record<string, string>>(out, { header: true, skipEmptyLines: true }).data;
    const of = (code: string) => rows.filter((r) => r.code === code).map((r) => [r.round, r.quotes]);
    expect(of('tijd')).toEqual(of('wachten'));
    expect(of('wachten').length).toBe(2);
    expect((await run(['codebook', 'frequencies', '--by', 'agebnd', '--db', db])).stderr).toMatch(
      /did you mean age_band/,
    );
  });

  test('quotes search: stems, a code with its children, JSON; bad input is one clear line', async () => {
    const hits = JSON.parse((await run(['quotes', 'search', 'formulieren', '--format', 'json', '--db', db])).stdout);
    expect(hits.map((h: { code: string }) => h.code)).toContain('Q-004'); // "Het formulier vroeg …"
    const timed = JSON.parse(
      (await run(['quotes', 'search', 'geld', '--tag', 'tijd', '--format', 'json', '--db', db])).stdout,
    ) as { tags: string[] }[];
    for (const h of timed) expect(h.tags).toContain('wachten');
    const unknown = await run(['quotes', 'search', 'geld', '--tag', 'wachtn', '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown code: wachtn\nhint: Did you mean wachten\?/);
    expect((await run(['quotes', 'search', '--db', db])).code).toBe(2);
    expect((await run(['quotes', 'search', 'x', '--limit', '0', '--db', db])).code).toBe(2);
    const weird = await run(['quotes', 'search', 'NEAR(a" OR', '--db', db]);
    expect(weird.code).toBe(0);
  });
});
