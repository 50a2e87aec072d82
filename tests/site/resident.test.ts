/**
 * What a resident's pages say, tested without a browser: plain evidence sentences with correct
 * Dutch and English agreement, the one checklist, the age of an amount, "en"/"of" in the route,
 * the article a resident sees, and honest quotes (no repeats, the common experience first).
 */
import { describe, expect, test } from 'vitest';
import { foundHard } from '../../analysis/friction';
import { experiencesOf, honestQuotes, mostFoundHard } from '../../analysis/evidence';
import type { SiteProcedure, SiteStep } from '../../scripts/app/gate/types';
import { counted, evidenceSentence, longDate } from '../../site/src/lib/i18n';
import { amountTooOld, checklist, logicLabels, residentArticle } from '../../site/src/lib/resident';

describe('evidence in plain sentences, with agreement from Intl.PluralRules', () => {
  test('Dutch: "Bij 9 van de 14 mensen …", singular and plural verbs', () => {
    expect(evidenceSentence('nl', 'notCompleted', 9, 14)).toBe('Bij 9 van de 14 mensen lukte dit niet zonder hulp.');
    expect(evidenceSentence('nl', 'hardRating', 1, 14)).toBe('1 van de 14 mensen vond dit moeilijk.');
    expect(evidenceSentence('nl', 'hardRating', 7, 15)).toBe('7 van de 15 mensen vonden dit moeilijk.');
    expect(evidenceSentence('nl', 'handoff', 1, 12)).toBe('1 van de 12 mensen werd doorgestuurd.');
    expect(evidenceSentence('nl', 'handoff', 3, 12)).toBe('3 van de 12 mensen werden doorgestuurd.');
    expect(evidenceSentence('nl', 'retold', 0, 9)).toBe('0 van de 9 mensen moesten informatie opnieuw geven.');
  });

  test('English: "3 of 15 people were sent elsewhere", "1 of 15 people was sent elsewhere"', () => {
    expect(evidenceSentence('en', 'handoff', 3, 15)).toBe('3 of 15 people were sent elsewhere.');
    expect(evidenceSentence('en', 'handoff', 1, 15)).toBe('1 of 15 people was sent elsewhere.');
    expect(evidenceSentence('en', 'errors', 1, 6)).toBe('1 of 6 people made a mistake.');
    expect(evidenceSentence('en', 'errors', 2, 6)).toBe('2 of 6 people made mistakes.');
    expect(evidenceSentence('en', 'notCompleted', 9, 14)).toBe('9 of 14 people could not do this without help.');
  });

  test('counts with their noun, and dates as residents read them', () => {
    expect(counted('nl', 1, { one: 'stap', other: 'stappen' })).toBe('1 stap');
    expect(counted('nl', 10, { one: 'stap', other: 'stappen' })).toBe('10 stappen');
    expect(counted('en', 1, { one: 'wait', other: 'waits' })).toBe('1 wait');
    expect(counted('nl', 1500, { one: 'inwoner', other: 'inwoners' })).toBe('1.500 inwoners');
    expect(longDate('nl', '2026-11-28')).toBe('28 november 2026');
    expect(longDate('en', '2026-01-01')).toBe('1 January 2026');
  });
});

const step = (slug: string, over: Partial<SiteStep> = {}): SiteStep =>
  ({
    slug,
    title: slug,
    en: {},
    position: 1,
    condition: null,
    objection: null,
    documents: [],
    next: [],
    ...over,
  }) as SiteStep;

describe('the checklist: everything to bring, once', () => {
  test('what everyone needs first, then per condition; the same document at two steps is one item', () => {
    const p = {
      steps: [
        step('melden', { documents: ['DigiD'] }),
        step('zoekperiode', {
          position: null,
          condition: 'alleen als u jonger bent dan 27',
          documents: ['bewijzen van sollicitaties', 'DigiD'],
        }),
        step('aanvraag', { documents: ['Bankafschriften', 'digid '] }),
        step('bezwaar', { position: null, objection: 'bezwaar', documents: ['kopie besluit'] }),
      ],
    } as SiteProcedure;
    const groups = checklist('nl', p);
    expect(groups.map((g) => g.when?.text ?? null)).toEqual([
      null,
      'alleen als u jonger bent dan 27',
      'Als u het niet eens bent',
    ]);
    expect(groups[0].items.map((i) => [i.text, i.steps.map((x) => x.slug)])).toEqual([
      ['DigiD', ['melden', 'aanvraag']],
      ['Bankafschriften', ['aanvraag']],
    ]);
    // DigiD is on everyone's list already: not repeated under the condition.
    expect(groups[1].items.map((i) => i.text)).toEqual(['bewijzen van sollicitaties']);
  });

  test('an amount is too old after a year, counted from the date it applies to when the file gives one', () => {
    expect(amountTooOld({ checked: '2025-11-28' }, '2026-11-28T12:00:00Z')).toBe(false);
    expect(amountTooOld({ checked: '2025-11-27' }, '2026-11-28T12:00:00Z')).toBe(true);
    expect(amountTooOld({ checked: '2026-11-28', valid_on: '2024-01-01' }, '2026-11-28')).toBe(true);
  });
});

describe('"en" and "of" in the route', () => {
  test('two main steps after the same step: "of" for conditioned branches, "en" for plain next steps', () => {
    const branch = (to: string, condition: string) => ({ step: to, kind: 'branch', condition, en: {} });
    const next = (to: string) => ({ step: to, kind: 'next', condition: null, en: {} });
    const p = {
      steps: [
        step('a', { next: [branch('b', 'online'), branch('c', 'op papier')] }),
        step('b', { next: [next('d')] }),
        step('c', { next: [next('d')] }),
        step('d', { next: [next('e'), next('f')] }),
        step('e'),
        step('f'),
        step('g'),
      ],
    } as SiteProcedure;
    expect([...logicLabels(p)]).toEqual([
      ['c', 'or'],
      ['f', 'and'],
    ]);
  });

  test('an off-route step and a return make no label', () => {
    const p = {
      steps: [
        step('a', {
          next: [
            { step: 'b', kind: 'branch', condition: 'jonger dan 27', en: {} },
            { step: 'c', kind: 'branch', condition: '27 of ouder', en: {} },
          ],
        }),
        step('b', {
          position: null,
          condition: 'jonger dan 27',
          next: [{ step: 'c', kind: 'next', condition: null, en: {} }],
        }),
        step('c', { next: [{ step: 'a', kind: 'return', condition: 'niet compleet', en: {} }] }),
      ],
    } as SiteProcedure;
    expect(logicLabels(p).size).toBe(0);
  });
});

test('a resident sees the article, not the research notes beside it', () => {
  expect(residentArticle('art. 34 lid 2 onder b en lid 3 (tekst 2015 noemde 5.895 / 11.790 euro)')).toBe(
    'art. 34 lid 2 onder b en lid 3',
  );
  expect(residentArticle('art. 52 lid 1-2; bij ontbreken: art. 81 (verzoek)')).toBe('art. 52 lid 1-2');
  expect(residentArticle('art. 9 lid 1-2 (ontheffing), art. 9a (alleenstaande ouder)')).toBe('art. 9 lid 1-2');
  expect(residentArticle('art. 6:7 en 6:8')).toBe('art. 6:7 en 6:8');
});

describe('honest quotes', () => {
  test('a resident found a step hard when any visit needed help, went wrong or was rated hard', () => {
    expect(foundHard([{ outcome: 'completed', errors: 0, ease: 6 }])).toBe(false);
    expect(foundHard([{ outcome: 'helped', errors: null, ease: null }])).toBe(true);
    expect(foundHard([{ outcome: 'completed', errors: 1, ease: 7 }])).toBe(true);
    expect(foundHard([{ outcome: 'completed', errors: null, ease: 4 }])).toBe(true);
    expect(foundHard([{ outcome: 'completed', errors: null, ease: 5 }])).toBe(false);
    expect(foundHard([])).toBe(null);
  });

  test('per step and resident, over all their visits; "most" is more than half', () => {
    const v = (participant: number, step: string, outcome: 'completed' | 'failed', ease: number | null = null) => ({
      participant,
      step,
      outcome,
      errors: null,
      ease,
    });
    const byStep = experiencesOf([
      v(1, 'a', 'completed', 6),
      v(1, 'a', 'failed'),
      v(2, 'a', 'completed', 7),
      v(3, 'a', 'completed', 2),
      v(1, 'b', 'completed', 7),
      v(2, 'b', 'completed', 3),
    ]);
    expect([...byStep.get('a')!]).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(mostFoundHard(byStep.get('a'))).toBe(true);
    expect(mostFoundHard(byStep.get('b'))).toBe(false); // one of two is not more than half
    expect(mostFoundHard(undefined)).toBe(null);
  });

  test('never the same words twice, and the experience most residents had first', () => {
    const q = (text: string, hard: boolean | null) => ({ text, hard });
    const quotes = [
      q('Bellen ging sneller dan de website.', false),
      q('bellen ging  sneller dan de website', false),
      q('Ik snapte niet welke afschriften ze wilden.', true),
      q('Onbekend', null),
      q('Het formulier liep vast.', true),
    ];
    expect(honestQuotes(quotes, true).map((x) => x.text)).toEqual([
      'Ik snapte niet welke afschriften ze wilden.',
      'Het formulier liep vast.',
      'Onbekend',
      'Bellen ging sneller dan de website.',
    ]);
    expect(honestQuotes(quotes, false).map((x) => x.text)).toEqual([
      'Bellen ging sneller dan de website.',
      'Onbekend',
      'Ik snapte niet welke afschriften ze wilden.',
      'Het formulier liep vast.',
    ]);
    expect(honestQuotes(quotes, null)).toHaveLength(4);
  });
});
