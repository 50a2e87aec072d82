/**
 * Full-text search over quotes and notes, and the codebook tree. The stemmer is checked against
 * the Snowball project's published word list; the search on a real SQLite file through the same
 * imports and erasures researchers use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCsv } from '../../research/csv/import';
import type { Db } from '../../research/db';
import { codebook, codeFrequencies, saveCode } from '../../research/repositories/codebook';
import { withdrawConsent } from '../../research/repositories/participants';
import { deleteRecord } from '../../research/repositories/records';
import { deleteUnusedTags } from '../../research/repositories/tags';
import { matchExpression, refreshSearch, searchNotes, searchQuotes, wordsOf } from '../../research/search/index';
import { stemDutch } from '../../analysis/stem-nl';
import { fixedNow, makeDb, root, writeTemp } from '../helpers';

describe('the Dutch stemmer', () => {
  test('gives the Snowball project’s own stems for 9,134 Dutch words', () => {
    const pairs = readFileSync(join(root, 'tests/fixtures/snowball/dutch-porter-sample.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    expect(pairs.length).toBe(9134);
    const wrong = pairs.filter(([word, stem]) => stemDutch(word) !== stem);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  test('words: lower case, NFC, accents kept for the stemmer, an apostrophe inside a word joined', () => {
    expect(wordsOf('Ideeën over AUTO’s en de e\u0301e\u0301n brief (06-12)')).toEqual([
      'ideeën',
      'over',
      'autos',
      'en',
      'de',
      'één',
      'brief',
      '06',
      '12',
    ]);
  });

  test('what a researcher types is never FTS5 syntax', () => {
    for (const q of ['"', 'a" OR b', 'NEAR(a b)', 'col:word', '*', '-x', '^start', 'a AND b', '{words}: x'])
      expect(() => matchExpression(q), q).not.toThrow(/fts5|syntax/);
    expect(matchExpression('wacht* "te lang" OR formulier')).toBe(
      '(words : "wacht" *) AND (stems : "te lang") OR (stems : "formulier")',
    );
    expect(() => matchExpression(' " " ')).toThrow(/nothing to search for/);
  });
});

/** A study with two residents (P-1 consents to publication, P-2 to the team only) and a role-play. */
async function studyDb(): Promise<Db> {
  const db = makeDb();
  const load = (kind: Parameters<typeof importCsv>[1], text: string) =>
    importCsv(db, kind, writeTemp(`${kind}.csv`, text), { now: fixedNow });
  await load('studies', 'study,title,procedure,round,started_on\nzoek-r1,Zoeken,bijstand,1,2026-09-01\n');
  await load('participants', 'participant,household\nP-1,alleenstaand\nP-2,gezin\n');
  await load(
    'consents',
    'participant,given_on,analysis,quote_internal,quote_public,recording\nP-1,2026-09-01,ja,ja,ja,nee\nP-2,2026-09-01,ja,ja,nee,nee\n',
  );
  await load(
    'sessions',
    'session,study,participant,kind,date\nS-1,zoek-r1,P-1,walkthrough,2026-09-02\nS-2,zoek-r1,P-2,walkthrough,2026-09-03\nS-3,zoek-r1,,roleplay,2026-09-04\n',
  );
  await load(
    'observations',
    'session,step,visit,outcome,note\nS-1,aanvraag,1,helped,Zocht lang naar de knop voor bijlagen\nS-2,aanvraag,1,completed,\n',
  );
  await load(
    'quotes',
    [
      'quote,session,step,text,tags',
      'Q-1,S-1,aanvraag,"Ik moest mijn aanvraag drie keer opnieuw doen.",wachten|formulier',
      'Q-2,S-2,aanvraag,"Het aanvragen ging snel, maar de ideeën van de gemeente snap ik niet.",uitleg',
      'Q-3,S-2,controle,"Zes weken wachten op een antwoord, dat is te lang.",wachten',
      'Q-4,S-3,aanvraag,"De balie stuurde haar door naar het loket lang geleden.",doorverwijzen',
    ].join('\n') + '\n',
  );
  return db;
}

const codes = (hits: { code: string }[]) => hits.map((h) => h.code).sort();

/** P-2 takes back the team's use of their quotes (a newer consent record, analysis only). */
const narrowConsent = (db: Db) =>
  importCsv(
    db,
    'consents',
    writeTemp(
      'c.csv',
      'participant,given_on,analysis,quote_internal,quote_public,recording\nP-2,2026-10-01,ja,nee,nee,nee\n',
    ),
    { now: fixedNow },
  );

describe('quote search', () => {
  test('every form of a word finds the others: aanvragen, aanvraag; ideeen finds ideeën', async () => {
    const db = await studyDb();
    expect(codes(searchQuotes(db, 'aanvragen'))).toEqual(['Q-1', 'Q-2']);
    expect(codes(searchQuotes(db, 'aanvraag'))).toEqual(['Q-1', 'Q-2']);
    expect(codes(searchQuotes(db, 'ideeen'))).toEqual(['Q-2']);
    expect(codes(searchQuotes(db, 'wacht'))).toEqual(['Q-3']);
    expect(codes(searchQuotes(db, 'week'))).toEqual(['Q-3']);
  });

  test('all words must occur; a phrase must occur as written; a prefix; OR', async () => {
    const db = await studyDb();
    expect(codes(searchQuotes(db, 'lang'))).toEqual(['Q-3', 'Q-4']);
    expect(codes(searchQuotes(db, 'lang wachten'))).toEqual(['Q-3']);
    expect(codes(searchQuotes(db, '"te lang"'))).toEqual(['Q-3']);
    expect(codes(searchQuotes(db, '"lang te"'))).toEqual([]);
    expect(codes(searchQuotes(db, 'gemeen*'))).toEqual(['Q-2']);
    expect(codes(searchQuotes(db, 'ideeën OR antwoord'))).toEqual(['Q-2', 'Q-3']);
  });

  test('filters: a code includes the codes under it; step; study; scope public leaves out team-only quotes', async () => {
    const db = await studyDb();
    saveCode(db, 'tijd', {});
    saveCode(db, 'wachten', { parent: 'tijd' });
    expect(codes(searchQuotes(db, 'lang', { tags: ['tijd'] }))).toEqual(['Q-3']);
    expect(codes(searchQuotes(db, 'aanvraag', { tags: ['tijd'] }))).toEqual(['Q-1']);
    expect(codes(searchQuotes(db, 'lang', { steps: ['controle'] }))).toEqual(['Q-3']);
    expect(codes(searchQuotes(db, 'lang', { study: 'other' }))).toEqual([]);
    const scoped = searchQuotes(db, 'aanvraag');
    expect(scoped.map((h) => [h.code, h.scope])).toEqual(
      expect.arrayContaining([
        ['Q-1', 'public'],
        ['Q-2', 'team'],
      ]),
    );
    expect(codes(searchQuotes(db, 'aanvraag', { scope: 'public' }))).toEqual(['Q-1']);
  });

  test('a narrowed consent hides the quotes at once; a withdrawal erases them from the index in the same step', async () => {
    const db = await studyDb();
    expect(codes(searchQuotes(db, 'lang'))).toEqual(['Q-3', 'Q-4']);
    await narrowConsent(db);
    expect(codes(searchQuotes(db, 'lang'))).toEqual(['Q-4']);
    withdrawConsent(db, 'P-2', fixedNow);
    // No refresh in between: the index row went with the quote.
    expect(db.prepare("SELECT count(*) FROM quote_search WHERE quote_search MATCH 'wachten'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM quote_search').pluck().get()).toBe(2);
  });

  test('a corrected or deleted text is no longer found, whoever changed it', async () => {
    const db = await studyDb();
    expect(codes(searchQuotes(db, 'ideeën'))).toEqual(['Q-2']);
    db.prepare("UPDATE quotes SET text = 'Het ging snel.' WHERE code = 'Q-2'").run();
    expect(codes(searchQuotes(db, 'ideeën'))).toEqual([]);
    expect(codes(searchQuotes(db, 'snel'))).toEqual(['Q-2']);
    deleteRecord(db, 'session', 'S-2', { at: fixedNow });
    expect(codes(searchQuotes(db, 'snel'))).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM quote_search').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM search_pending').pluck().get()).toBe(0);
  });

  test('notes: searched with analysis consent; a corrected note and an erasure leave no words in the file', async () => {
    const db = await studyDb();
    expect(searchNotes(db, 'bijlage').map((h) => `${h.session}:${h.visit}`)).toEqual(['S-1:1']);
    await importCsv(
      db,
      'observations',
      writeTemp('o.csv', 'session,step,visit,outcome,note\nS-2,aanvraag,1,completed,Mevrouw Annelies Vriesema belde\n'),
      { now: fixedNow },
    );
    expect(searchNotes(db, 'vriesema').length).toBe(1);
    await importCsv(
      db,
      'observations',
      writeTemp('o2.csv', 'session,step,visit,outcome,note\nS-2,aanvraag,1,completed,belde zelf\n'),
      { now: fixedNow },
    );
    expect(searchNotes(db, 'vriesema')).toEqual([]);
    refreshSearch(db);
    withdrawConsent(db, 'P-2', fixedNow);
    db.close();
    for (const suffix of ['', '-wal']) {
      const file = db.name + suffix;
      const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
      for (const needle of ['vriesema', 'Vriesema', 'annelies', 'ideeën', 'ideeen'])
        expect(bytes.includes(Buffer.from(needle)), `${needle} in ${file}`).toBe(false);
    }
  });
});

describe('the codebook as a tree', () => {
  test('parents before children; a parent counts its children’s quotes once, with the residents behind them', async () => {
    const db = await studyDb();
    saveCode(db, 'tijd', { description: 'Alles over hoe lang iets duurt' });
    saveCode(db, 'wachten', { parent: 'tijd' });
    saveCode(db, 'termijn', { parent: 'tijd' });
    const book = codebook(db);
    const names = book.map((c) => `${'-'.repeat(c.depth)}${c.name}`);
    expect(names.indexOf('tijd')).toBeLessThan(names.indexOf('-termijn'));
    expect(names.indexOf('-termijn')).toBeLessThan(names.indexOf('-wachten'));
    const tijd = book.find((c) => c.name === 'tijd')!;
    expect([tijd.quotes, tijd.quotesWithChildren, tijd.residents]).toEqual([0, 2, 2]);
    expect(book.find((c) => c.name === 'doorverwijzen')).toMatchObject({ quotes: 1, residents: 0 }); // a role-play
  });

  test('a code never sits under itself or under one of its own children', async () => {
    const db = await studyDb();
    saveCode(db, 'tijd', {});
    saveCode(db, 'wachten', { parent: 'tijd' });
    expect(() => saveCode(db, 'tijd', { parent: 'wachten' })).toThrow(/cannot sit under itself/);
    expect(() => saveCode(db, 'tijd', { parent: 'tijd' })).toThrow(/cannot sit under itself/);
    expect(() => saveCode(db, 'tijd', { parent: 'bestaat-niet' })).toThrow(/unknown code/);
  });

  test('a parent code no quote uses stays; tidying removes only bare unused codes', async () => {
    const db = await studyDb();
    saveCode(db, 'tijd', {});
    saveCode(db, 'leeg', {});
    saveCode(db, 'wachten', { parent: 'tijd' });
    deleteUnusedTags(db);
    const names = codebook(db).map((c) => c.name);
    expect(names).toContain('tijd');
    expect(names).not.toContain('leeg');
  });

  test('frequencies per step and per group of residents, only quotes consent lets the team read', async () => {
    const db = await studyDb();
    expect(codeFrequencies(db, 'step').filter((f) => f.code === 'wachten')).toEqual([
      { code: 'wachten', group: 'bijstand/aanvraag', quotes: 1, residents: 1 },
      { code: 'wachten', group: 'bijstand/controle', quotes: 1, residents: 1 },
    ]);
    expect(codeFrequencies(db, 'household').filter((f) => f.code === 'wachten')).toEqual([
      { code: 'wachten', group: 'alleenstaand', quotes: 1, residents: 1 },
      { code: 'wachten', group: 'gezin', quotes: 1, residents: 1 },
    ]);
    await narrowConsent(db);
    expect(
      codeFrequencies(db, 'step')
        .filter((f) => f.code === 'wachten')
        .map((f) => f.group),
    ).toEqual(['bijstand/aanvraag']);
  });
});
