/**
 * REFI-QDA exchange on the command line, on a real SQLite file with the sample study: every
 * export validates against the standard's schemas (xmllint), offsets count code points of NFC
 * text, consent decides what leaves, GUIDs stay the same, and a project written by hand from the
 * specification — as another tool would send it back — brings its codes and codings onto the
 * right quotes and survives an export again. Bad input is one error and leaves the database as it was.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../research/db';
import { guidOf } from '../../scripts/app/refi/guid';
import { codePoints, normaliseText, sliceCodePoints } from '../../scripts/app/refi/text';
import { escapeAttr, escapeText, parseXml, type XmlElement } from '../../scripts/app/refi/xml';
import { writeZip, zipLimits } from '../../scripts/app/refi/zip';
import { main } from '../../scripts/cli/main';
import { captureIo, dump, root, sampleDir, tempDir } from '../helpers';

const schemas = join(root, 'tests/fixtures/schemas/refi-qda');
const handwritten = join(root, 'tests/fixtures/refi/handwritten');

async function run(args: string[], now?: string) {
  const io = captureIo();
  if (now) io.now = () => now;
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A session of our own (S-900, P-001) whose quotes put an emoji and a combining accent before a selection. */
const extraSessions =
  'session,study,participant,kind,date,researcher,mode\nS-900,bijstand-2026-r1,P-001,interview,2026-03-13,onderzoeker-a,in person\n';
const extraQuotes =
  'quote,session,step,text,tags\nQ-901,S-900,,Ik 😀 snap het,wachten\nQ-902,S-900,,Cafe\u0301 dicht,wachten\nQ-903,S-900,,Daarna wachten,wachten\n';

let template: string;
beforeAll(async () => {
  const dir = tempDir();
  template = join(dir, 'template.db');
  expect((await run(['init', '--db', template])).code).toBe(0);
  for (const kind of ['studies', 'participants', 'consents', 'sessions', 'observations', 'quotes'])
    expect((await run(['import', kind, join(sampleDir, `${kind}.csv`), '--db', template])).code).toBe(0);
  writeFileSync(join(dir, 'extra-sessions.csv'), extraSessions);
  writeFileSync(join(dir, 'extra-quotes.csv'), extraQuotes);
  expect((await run(['import', 'sessions', join(dir, 'extra-sessions.csv'), '--db', template])).code).toBe(0);
  expect((await run(['import', 'quotes', join(dir, 'extra-quotes.csv'), '--db', template])).code).toBe(0);
}, 120_000);

/** A fresh copy of the prepared database (every connection is closed, so the file is whole). */
function freshDb(): string {
  const file = join(tempDir(), 'refi.db');
  copyFileSync(template, file);
  return file;
}

const query = <T>(file: string, read: (d: ReturnType<typeof openDatabase>) => T): T => {
  const d = openDatabase(file);
  try {
    return read(d);
  } finally {
    d.close();
  }
};

/** Unzip with Python's zipfile (independent of drempel's reader) into a new folder. */
function unzip(file: string): string {
  const dir = tempDir('refi-unzip-');
  execFileSync('python3', [
    '-c',
    'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
    file,
    dir,
  ]);
  return dir;
}

/** xmllint's verdict: '' on success (it prints "validates" on stderr). */
function xmllint(schema: string, file: string): string {
  return execFileSync('xmllint', ['--noout', '--schema', join(schemas, schema), file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Export a project, validate it, and return its folder and parsed project.qde. */
async function exportProject(db: string, extra: string[] = [], now?: string) {
  const out = join(tempDir(), 'study.qdpx');
  const r = await run(['export', 'refi', '--out', out, '--db', db, ...extra], now);
  expect(r, r.stderr).toMatchObject({ code: 0 });
  const dir = unzip(out);
  expect(xmllint('Project.xsd', join(dir, 'project.qde'))).toBe('');
  const qde = readFileSync(join(dir, 'project.qde'), 'utf8');
  return { out, dir, qde, tree: parseXml(qde, 'project.qde'), stderr: r.stderr };
}

/** Every element with this local name, depth first. */
function all(el: XmlElement, local: string): XmlElement[] {
  return [...(el.local === local ? [el] : []), ...el.children.flatMap((c) => all(c, local))];
}

const selection = (tree: XmlElement, quote: string) =>
  all(tree, 'PlainTextSelection').find((s) => s.attrs.name === quote);

/** Zip a folder of the fixture, with entry names as given (to test lenient reading). */
function zipFolder(folder: string, rename: (name: string) => string = (n) => n): Buffer {
  const walk = (d: string, prefix = ''): { name: string; data: Uint8Array }[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory()
        ? walk(join(d, n), `${prefix}${n}/`)
        : [{ name: rename(`${prefix}${n}`), data: readFileSync(join(d, n)) }],
    );
  return writeZip(walk(folder), new Date('2026-11-20T10:00:00Z'));
}

/** The handwritten fixture zipped, with project.qde changed by `edit`. */
function fixtureZip(edit: (qde: string) => string = (q) => q): string {
  const dir = tempDir('refi-fixture-');
  const qde = readFileSync(join(handwritten, 'project.qde'), 'utf8');
  writeFileSync(join(dir, 'project.qde'), edit(qde));
  mkdirSync(join(dir, 'sources'));
  for (const f of readdirSync(join(handwritten, 'sources')))
    copyFileSync(join(handwritten, 'sources', f), join(dir, 'sources', f));
  const file = join(tempDir(), 'from-another-tool.qdpx');
  writeFileSync(file, zipFolder(dir));
  return file;
}

describe('drempel export refi', () => {
  test('validates against Project.xsd; offsets are code points of NFC text, after an emoji and a combining accent', async () => {
    const db = freshDb();
    const finding = ['findings', 'add', 'F-1', '--db', db, '--study', 'bijstand-2026-r1', '--quote', 'Q-001'];
    expect((await run([...finding, '--statement', 'De brief zegt niet wat er mist'])).code).toBe(0);
    const { out, dir, tree, stderr } = await exportProject(db);
    expect(stderr).toMatch(/^wrote .*study\.qdpx: \d+ sessions as text sources, \d+ quotes as coded selections/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const source = all(tree, 'TextSource').find((s) => s.attrs.name === 'S-900')!;
    expect(source.attrs.guid).toBe(guidOf('source', 'S-900'));
    expect(source.attrs.plainTextPath).toBe(`internal://${source.attrs.guid}.txt`);
    const bytes = readFileSync(join(dir, 'sources', `${source.attrs.guid}.txt`));
    // Counted by hand: "Ik 😀 snap het" is 13 code points (14 UTF-16 units), then two line feeds;
    // "Café dicht" is 10 once e + U+0301 is composed (11 before), then two line feeds; then 14.
    expect(bytes.toString('utf8')).toBe('Ik 😀 snap het\n\nCaf\u00e9 dicht\n\nDaarna wachten');
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const at = (q: string) => [selection(tree, q)!.attrs.startPosition, selection(tree, q)!.attrs.endPosition];
    expect(at('Q-901')).toEqual(['0', '13']);
    expect(at('Q-902')).toEqual(['15', '25']);
    expect(at('Q-903')).toEqual(['27', '41']);
    // Each tag a Coding to its code; a step-tied quote also to its step's code.
    const codeRefs = (q: string) => all(selection(tree, q)!, 'CodeRef').map((c) => c.attrs.targetGUID);
    expect(codeRefs('Q-901')).toEqual([guidOf('code', 'wachten')]);
    expect(codeRefs('Q-001')).toEqual([
      guidOf('code', 'onduidelijke informatie'),
      guidOf('code', 'wachten'),
      guidOf('step', 'bijstand/controle'),
    ]);
    const q001 = readFileSync(join(dir, 'sources', `${guidOf('source', 'S-001')}.txt`), 'utf8');
    expect(q001).toContain('[Controle volledigheid en gegevens opvragen] Ik kreeg een brief dat er iets miste');
    // Participants are cases by pseudonym with their segments; a finding is a note its evidence refers to.
    const c = all(tree, 'Case').find((x) => x.attrs.name === 'P-001')!;
    expect(all(c, 'TextValue').map((v) => v.text)).toContain('18-26');
    const note = all(tree, 'Note').find((n) => n.attrs.name === 'F-1')!;
    expect(all(note, 'PlainTextContent')[0].text).toBe('De brief zegt niet wat er mist');
    expect(all(selection(tree, 'Q-001')!, 'NoteRef').map((n) => n.attrs.targetGUID)).toEqual([note.attrs.guid]);
  });

  test('GUIDs are the same in every export, and each is a valid GUID', async () => {
    const db = freshDb();
    const first = await exportProject(db, [], '2026-11-28T12:00:00.000Z');
    const second = await exportProject(db, [], '2026-12-01T08:30:00.000Z');
    const guids = (qde: string) => [...qde.matchAll(/(?:guid|GUID)="([^"]*)"/g)].map((m) => m[1]);
    expect(guids(first.qde).length).toBeGreaterThan(100);
    expect(guids(second.qde)).toEqual(guids(first.qde));
    for (const g of guids(first.qde))
      expect(g).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(readdirSync(join(second.dir, 'sources'))).toEqual(readdirSync(join(first.dir, 'sources')));
    // One study only: its sessions, still valid.
    const one = await exportProject(db, ['--study', 'bijstand-2026-r2']);
    expect(all(one.tree, 'TextSource').length).toBeGreaterThan(0);
    expect(all(one.tree, 'TextSource').some((s) => s.attrs.name === 'S-001')).toBe(false);
  });

  test('a withdrawn consent removes the participant; a narrowed one removes their quotes', async () => {
    const db = freshDb();
    const consents = join(tempDir(), 'consents.csv');
    writeFileSync(
      consents,
      'participant,given_on,analysis,quote_internal,quote_public,recording,retain_until,withdrawn_on\n' +
        'P-002,2026-03-03,yes,yes,yes,yes,2028-03-02,2026-06-01\n' +
        'P-004,2026-10-01,yes,no,no,no,2028-03-08,\n',
    );
    expect((await run(['import', 'consents', consents, '--db', db])).code).toBe(0);
    const { dir, qde, tree } = await exportProject(db);
    const texts = readdirSync(join(dir, 'sources')).map((f) => readFileSync(join(dir, 'sources', f), 'utf8'));
    expect(all(tree, 'TextSource').some((s) => s.attrs.name === 'S-002')).toBe(false);
    expect(all(tree, 'Case').some((c) => c.attrs.name === 'P-002')).toBe(false);
    expect(qde).not.toContain('P-002');
    expect(selection(tree, 'Q-002')).toBeUndefined(); // P-002's quote (others said the same words)
    expect(selection(tree, 'Q-004')).toBeUndefined();
    expect(texts.join('\n')).not.toContain('zoals mijn adres en mijn inkomen');
  });

  test('--out as export --out: never over a file without --force, never through a symbolic link', async () => {
    const db = freshDb();
    const dir = tempDir();
    const out = join(dir, 'study.qdpx');
    writeFileSync(out, 'mine');
    const refused = await run(['export', 'refi', '--out', out, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exists already/);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect((await run(['export', 'refi', '--out', out, '--db', db, '--force'])).code).toBe(0);
    symlinkSync(join(dir, 'elsewhere.qdpx'), join(dir, 'link.qdpx'));
    expect((await run(['export', 'refi', '--out', join(dir, 'link.qdpx'), '--db', db])).stderr).toMatch(
      /symbolic link/,
    );
    expect((await run(['export', 'refi', '--db', db])).code).toBe(2); // --out is required: a ZIP is no terminal output
  });
});

describe('drempel import refi: a project written by hand, as another tool sends it back', () => {
  test('codes (nested, described) and codings arrive on the right quotes, and survive an export again', async () => {
    const db = freshDb();
    const file = fixtureZip();
    const r = await run(['import', 'refi', file, '--db', db]);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toBe(
      `REFI-QDA project ${file}: 4 selections, 3 on 3 quotes: 5 codings added (1 present already), 4 codes new, 1 filled in\n`,
    );
    expect(r.stderr).toContain('warning: 1 selection matches no quote the team may use, not imported: S-001 [2–11]');
    const tags = (q: string) =>
      query(db, (d) =>
        d
          .prepare(
            'SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id JOIN quotes q ON q.id = qt.quote_id WHERE q.code = ? ORDER BY qt.position',
          )
          .pluck()
          .all(q),
      );
    expect(tags('Q-001')).toEqual([
      'onduidelijke informatie',
      'wachten',
      'Brief onduidelijk',
      'Geen bewijsstuk genoemd',
    ]);
    expect(tags('Q-003')).toEqual(['onduidelijke informatie', 'geldzorgen', 'Vertrouwen', 'Brief onduidelijk']);
    expect(tags('Q-004')).toEqual(['opnieuw vertellen', 'Vertrouwen']);
    const codebook = query(db, (d) =>
      d
        .prepare(
          'SELECT t.name, t.description, p.name AS parent FROM tags t LEFT JOIN tags p ON p.id = t.parent_id WHERE t.name IN (?, ?, ?, ?, ?) ORDER BY t.name',
        )
        .all('Drempels', 'wachten', 'Brief onduidelijk', 'Geen bewijsstuk genoemd', 'Vertrouwen'),
    );
    expect(codebook).toEqual([
      { name: 'Brief onduidelijk', description: 'De brief zegt niet wat er mist.', parent: 'Drempels' },
      { name: 'Drempels', description: 'Wat inwoners tegenhoudt', parent: null },
      { name: 'Geen bewijsstuk genoemd', description: null, parent: 'Brief onduidelijk' },
      { name: 'Vertrouwen', description: null, parent: null },
      { name: 'wachten', description: null, parent: 'Drempels' },
    ]);

    // Exported again: the codebook keeps the hierarchy, the selections keep the codings.
    const again = await exportProject(db);
    const code = (name: string) => all(again.tree, 'Code').find((c) => c.attrs.name === name)!;
    expect(
      code('Drempels')
        .children.filter((c) => c.local === 'Code')
        .map((c) => c.attrs.name),
    ).toEqual(['Brief onduidelijk', 'wachten']);
    expect(all(code('Brief onduidelijk'), 'Description')[0].text).toBe('De brief zegt niet wat er mist.');
    expect(all(code('Brief onduidelijk'), 'Code').map((c) => c.attrs.name)).toEqual([
      'Brief onduidelijk',
      'Geen bewijsstuk genoemd',
    ]);
    const refs = all(selection(again.tree, 'Q-001')!, 'CodeRef').map((c) => c.attrs.targetGUID);
    expect(refs).toEqual(
      expect.arrayContaining([guidOf('code', 'Brief onduidelijk'), guidOf('code', 'Geen bewijsstuk genoemd')]),
    );
    // The codebook alone validates too, with the nesting.
    const qdc = join(tempDir(), 'codebook.qdc');
    expect((await run(['export', 'codebook', '--format', 'qdc', '--out', qdc, '--db', db])).code).toBe(0);
    expect(xmllint('Codebook.xsd', qdc)).toBe('');
    expect(readFileSync(qdc, 'utf8')).toMatch(
      /name="Drempels"[^]*name="Brief onduidelijk"[^]*name="Geen bewijsstuk genoemd"[^]*<\/Code>/,
    );
    // And the export imported again adds nothing.
    const round = await run(['import', 'refi', again.out, '--db', db]);
    expect(round.stdout).toMatch(/: 0 codings added \(\d+ present already\), 0 codes new, 0 filled in\n$/);
  });

  test('a code named after a person is refused, nothing written; a code renamed in the other tool is said', async () => {
    const db = freshDb();
    const before = query(db, dump);
    const named = fixtureZip((q) => q.replace('name="Vertrouwen"', 'name="Jan de Vries belde 0612345678"'));
    const r = await run(['import', 'refi', named, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the code's name looks like personal data/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(query(db, dump)).toEqual(before);
    // drempel's own export, a code renamed in the other tool (its GUID kept), sent back.
    expect((await run(['import', 'refi', fixtureZip(), '--db', db])).code).toBe(0);
    const { dir, qde } = await exportProject(db);
    expect(qde).toContain('name="Vertrouwen"');
    writeFileSync(join(dir, 'project.qde'), qde.replace('name="Vertrouwen"', 'name="Argwaan"'));
    const renamed = writeTo('renamed.qdpx', zipFolder(dir));
    const again = await run(['import', 'refi', renamed, '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/the code "Vertrouwen" is called "Argwaan" in the file; kept as "Vertrouwen"/);
  });

  test('reads leniently: PROJECT.QDE, a Sources/ folder, a --dry-run changes nothing', async () => {
    const db = freshDb();
    const file = join(tempDir(), 'upper.qdpx');
    writeFileSync(
      file,
      zipFolder(handwritten, (n) => (n === 'project.qde' ? 'PROJECT.QDE' : n.replace(/^sources\//, 'Sources/'))),
    );
    const before = query(db, dump);
    const r = await run(['import', 'refi', file, '--dry-run', '--db', db]);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^dry run, nothing written: .*: 4 selections, 3 on 3 quotes: 5 codings added/);
    expect(query(db, dump)).toEqual(before);
  });
});

describe('drempel import refi: bad input is one error, and the database stays as it was', () => {
  const cases: [string, () => string, RegExp][] = [
    ['not a ZIP file', () => writeTo('notes.qdpx', 'just some text'), /notes\.qdpx: not a ZIP file/],
    [
      'no project.qde',
      () => writeTo('empty.qdpx', writeZip([{ name: 'sources/a.txt', data: Buffer.from('x') }], new Date())),
      /empty\.qdpx: no project\.qde in the ZIP file/,
    ],
    [
      'a selection beyond its source',
      () => fixtureZip((q) => q.replace('endPosition="104"', 'endPosition="106"')),
      /project\.qde: Project\/Sources\/TextSource\[1\]\/PlainTextSelection\[1\]\/@endPosition: 106 is beyond the end of the source text \(105 characters\)/,
    ],
    [
      'an unknown code',
      () =>
        fixtureZip((q) =>
          q.replace(
            '<CodeRef targetGUID="5F8C6CFE-6CE5-4516-8C7C-445AB700E86B"/>',
            '<CodeRef targetGUID="00000000-0000-0000-0000-000000000000"/>',
          ),
        ),
      /project\.qde: Project\/Sources\/TextSource\[1\]\/PlainTextSelection\[2\]\/Coding\[1\]\/CodeRef\/@targetGUID: 00000000-0000-0000-0000-000000000000 is not a code/,
    ],
    [
      'XML that is not well-formed',
      () => fixtureZip((q) => q.slice(0, q.indexOf('</Sources>'))),
      /project\.qde:\d+:\d+: invalid XML/,
    ],
    [
      'a path that climbs out',
      () => writeTo('slip.qdpx', writeZip([{ name: '../project.qde', data: Buffer.from('<Project/>') }], new Date())),
      /unsafe path in the ZIP file: "\.\.\/project\.qde"/,
    ],
    [
      'an entry that unpacks beyond its declared size (a zip bomb)',
      () => writeTo('bomb.qdpx', bomb()),
      /bomb\.qdpx: not a readable ZIP file \(project\.qde does not unpack to its declared size\)/,
    ],
  ];

  test.each(cases)('%s', async (_what, make, message) => {
    const db = freshDb();
    const file = make();
    const before = query(db, dump);
    const r = await run(['import', 'refi', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.match(/^error: /gm)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toContain(file);
    expect(query(db, dump)).toEqual(before);
  });

  test('an entry larger than the cap is refused before it is unpacked', async () => {
    const db = freshDb();
    const file = fixtureZip();
    const cap = zipLimits.entryBytes;
    zipLimits.entryBytes = 1000;
    try {
      const r = await run(['import', 'refi', file, '--db', db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/project\.qde is too large \(\d+ bytes when unpacked; at most 1000\)/);
    } finally {
      zipLimits.entryBytes = cap;
    }
  });
});

function writeTo(name: string, content: string | Buffer): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/** A ZIP whose project.qde says it is 100 bytes but inflates to 10 MB of spaces. */
function bomb(): Buffer {
  const big = Buffer.concat([
    Buffer.from('<Project xmlns="urn:QDA-XML:project:1.0" name="x">'),
    Buffer.alloc(10 << 20, 0x20),
  ]);
  const zip = writeZip([{ name: 'project.qde', data: big }], new Date());
  // Patch the declared size in the local and central headers to 100 bytes.
  zip.writeUInt32LE(100, 22);
  const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(100, central + 24);
  return zip;
}

describe('XML and text helpers', () => {
  test('escaping: &, <, >, " and line breaks; characters XML 1.0 cannot carry are dropped', () => {
    expect(escapeText('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d "e"');
    expect(escapeAttr('a & "b"\nc')).toBe('a &amp; &quot;b&quot;&#10;c');
    expect(escapeText('bel\u0007 mij\u0000 \ud800 \uffff 😀')).toBe('bel mij   😀');
    const back = parseXml(`<x a="${escapeAttr('1 & "2"\n<3>')}">${escapeText('a & <b>')}</x>`, 't');
    expect(back.attrs.a).toBe('1 & "2"\n<3>');
    expect(back.text).toBe('a & <b>');
  });

  test('code points: a surrogate pair is one, and slices count the same way', () => {
    // "😀é" is 3 UTF-16 units and 2 code points; "e\u0301" is 2 code points before NFC and 1 after.
    expect(codePoints('😀é')).toBe(2);
    expect(codePoints(normaliseText('e\u0301'))).toBe(1);
    expect(sliceCodePoints('a😀bc', 2, 4)).toBe('bc');
    expect(sliceCodePoints('abc', 2, 4)).toBeUndefined();
    expect(normaliseText('\ufeffa\r\nb\rc')).toBe('a\nb\nc');
  });
});
