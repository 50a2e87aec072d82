import { describe, expect, test } from 'vitest';
import {
  brouwer,
  countText,
  fleschDouma,
  readability,
  readabilityWarnings,
  splitSentences,
  words,
} from '../../analysis/readability';
import { countSyllables } from '../../analysis/syllables';

describe('countSyllables()', () => {
  // The published vectors of the method (docs/method.md, readability).
  test.each([
    ['een', 1],
    ['testen', 2],
    ['voorbeeld', 2],
    ['zeeën', 2],
    ['eieren', 3],
    ['leesbaarheid', 3],
    ['lettergreep', 3],
    ['bijstand', 2],
    ['uitkering', 3],
  ])('countSyllables(%j) is %i', (word, n) => expect(countSyllables(word)).toBe(n));

  test.each([
    ['bureau', 2],
    ['bureaus', 2],
    ['cadeau', 2],
    ['niveau', 2],
    ['plateau', 2],
    ['museum', 3],
    ['lyceum', 3],
    ['musea', 3],
    ['e-mail', 2],
    ['e-mailadres', 4],
    ['mailen', 2],
    ['team', 1],
    ['teams', 1],
    ['teamleider', 3],
    ['online', 2],
    ['website', 2],
    ['update', 2],
    ['nieuwsupdate', 3],
    ['coach', 1],
    ['helpdesk', 2],
  ])('loanword: countSyllables(%j) is %i', (word, n) => expect(countSyllables(word)).toBe(n));

  test.each([
    ['liever', 2],
    ['kandidaten', 4],
    ['discipline', 4],
    ['applaus', 2],
    ['situatie', 4],
  ])('Dutch words that look like a loan stay Dutch: countSyllables(%j) is %i', (word, n) =>
    expect(countSyllables(word)).toBe(n),
  );

  test('trigraphs count once and a diaeresis starts a new nucleus', () => {
    expect(countSyllables('mooi')).toBe(1);
    expect(countSyllables('haai')).toBe(1);
    expect(countSyllables('leeuw')).toBe(1);
    expect(countSyllables('ideeën')).toBe(3);
    expect(countSyllables('beïnvloeden')).toBe(4);
    expect(countSyllables('Participatiewet')).toBe(6);
  });

  test('a token without vowels (a number, an abbreviation) counts as one', () => {
    expect(countSyllables('8')).toBe(1);
    expect(countSyllables('BRP')).toBe(1);
  });
});

describe('fleschDouma() and brouwer()', () => {
  // Test vector of the method (docs/method.md): 100 words, 150 syllables, 10 sentences.
  test('fleschDouma({words: 100, syllables: 150, sentences: 10}) is 82.04', () => {
    expect(fleschDouma({ words: 100, syllables: 150, sentences: 10 })).toBeCloseTo(82.04, 4);
  });
  test('brouwer({words: 100, syllables: 150, sentences: 10}) is 75.00', () => {
    expect(brouwer({ words: 100, syllables: 150, sentences: 10 })).toBeCloseTo(75, 4);
  });
  test('fleschDouma() weighs syllables by 0.77 and sentence length by 0.93, not swapped', () => {
    const longWords = fleschDouma({ words: 100, syllables: 200, sentences: 10 });
    const longSentences = fleschDouma({ words: 100, syllables: 150, sentences: 5 });
    expect(82.04 - longWords).toBeCloseTo(0.77 * 50, 6);
    expect(82.04 - longSentences).toBeCloseTo(0.93 * 10, 6);
  });
});

describe('splitSentences()', () => {
  test('does not split at abbreviations or article numbers', () => {
    expect(splitSentences('Zie art. 41 lid 4 van de wet. Dit geldt o.a. voor jongeren. Klaar!')).toEqual([
      'Zie art. 41 lid 4 van de wet.',
      'Dit geldt o.a. voor jongeren.',
      'Klaar!',
    ]);
  });
  test('list items and paragraphs are sentences of their own', () => {
    expect(splitSentences('Neem mee:\n- uw ID\n- uw bankafschriften\n\nDan gaat het snel')).toEqual([
      'Neem mee:',
      'uw ID',
      'uw bankafschriften',
      'Dan gaat het snel',
    ]);
  });
});

describe('splitSentences(): the edges, each written out by hand', () => {
  test('Windows and old Mac line ends split paragraphs like Unix ones', () => {
    expect(splitSentences('Eerste alinea\r\n\r\nTweede alinea\r\rDerde')).toEqual([
      'Eerste alinea',
      'Tweede alinea',
      'Derde',
    ]);
  });
  test('a blank line with spaces on it still ends a paragraph; a single line break does not', () => {
    expect(splitSentences('Een zin die\ndoorloopt\n  \nNieuw')).toEqual(['Een zin die doorloopt', 'Nieuw']);
  });
  test('bullets of every kind, indented or not, with one space or more, are items; the marker is not a word', () => {
    expect(splitSentences('Neem mee:\n  * paspoort\n•   loonstrook\n-\tpolis')).toEqual([
      'Neem mee:',
      'paspoort',
      'loonstrook',
      'polis',
    ]);
    expect(splitSentences('- alleen een item')).toEqual(['alleen een item']);
    // A hyphen inside a line is not a bullet.
    expect(splitSentences('Het is een e-mail-adres\nvan de gemeente')).toEqual([
      'Het is een e-mail-adres van de gemeente',
    ]);
  });
  test('numbered items start a new sentence; a number inside a line does not', () => {
    expect(splitSentences('Stappen\n1. melden\n  12. aanvragen\nof 3 weken wachten')).toEqual([
      'Stappen',
      '1. melden',
      '12. aanvragen of 3 weken wachten',
    ]);
    expect(splitSentences('Dat kost\n3.50 euro')).toEqual(['Dat kost 3.50 euro']);
  });
  test('runs of spaces and tabs inside a sentence become one space', () => {
    expect(splitSentences('U  meldt\t\tzich.   Daarna    wacht u.')).toEqual(['U meldt zich.', 'Daarna wacht u.']);
  });
  test('a sentence ends at . ! ? (also repeated, also before a closing quote) followed by a capital, a digit, a quote or the end', () => {
    expect(splitSentences('Echt?! Ja. "Nee," zei hij. (Zo.) 2 keer. Klaar.  ')).toEqual([
      'Echt?!',
      'Ja.',
      '"Nee," zei hij.',
      '(Zo.)',
      '2 keer.',
      'Klaar.',
    ]);
    expect(splitSentences('Zij zei: "Ga maar." Toen ging ik')).toEqual(['Zij zei: "Ga maar."', 'Toen ging ik']);
    // A lower-case letter after the stop is the same sentence; so is a stop with no space after it.
    expect(splitSentences('Dat is bijv. zo. en.zo verder')).toEqual(['Dat is bijv. zo. en.zo verder']);
  });
  test('an abbreviation ends a sentence when it is not followed by more text; a word that ends with an abbreviation is not one', () => {
    expect(splitSentences('Bel de balie, tel. 14 050. Of mail.')).toEqual(['Bel de balie, tel. 14 050.', 'Of mail.']);
    expect(splitSentences('Dat staat in de wet. Mr. Jansen weet dat.')).toEqual([
      'Dat staat in de wet.',
      'Mr. Jansen weet dat.',
    ]);
    expect(splitSentences('Kijk naar het stempel. Dat is genoeg.')).toEqual([
      'Kijk naar het stempel.',
      'Dat is genoeg.',
    ]);
    // An exclamation mark after an abbreviation still ends the sentence.
    expect(splitSentences('Denk aan je ID enz! Echt.')).toEqual(['Denk aan je ID enz!', 'Echt.']);
  });
  test('a number after a stop continues only when the stop followed a number or an abbreviation', () => {
    expect(splitSentences('Het bedrag is 1. 500 euro is te veel')).toEqual(['Het bedrag is 1. 500 euro is te veel']);
    expect(splitSentences('U wacht lang. 8 weken is de termijn.')).toEqual(['U wacht lang.', '8 weken is de termijn.']);
  });
  test('a piece without words is not a sentence', () => {
    expect(splitSentences('Klaar.\n\n...\n\n- !')).toEqual(['Klaar.']);
    expect(splitSentences('')).toEqual([]);
  });
});

describe('words()', () => {
  test('letters and digits with inner hyphens, apostrophes and dots; a trailing dot or hyphen is not part of the word', () => {
    expect(words("Auto's, e-mail en o.a. 3.50 euro. Twee- en driewieler")).toEqual([
      "Auto's",
      'e-mail',
      'en',
      'o.a',
      '3.50',
      'euro',
      'Twee',
      'en',
      'driewieler',
    ]);
    expect(words('--- …')).toEqual([]);
    expect(words('stop..')).toEqual(['stop']);
  });
});

describe('countText(): long sentences and long words at their boundaries', () => {
  const n = (k: number) => Array.from({ length: k }, () => 'de').join(' ');
  test('a sentence of 20 words is not long; of 21 it is', () => {
    expect(countText(n(20) + '.')).toMatchObject({ sentences: 1, words: 20, longSentences: 0 });
    expect(countText(n(21) + '.')).toMatchObject({ sentences: 1, words: 21, longSentences: 1 });
  });
  test('a word of three syllables is not long; of four it is; of five too', () => {
    // ge-meen-te (3), be-slis-ter-mijn (4), in-ko-mens-con-su-lent (6): syllables counted by hand.
    expect(countText('gemeente')).toMatchObject({ syllables: 3, longWords: 0 });
    expect(countText('beslistermijn')).toMatchObject({ syllables: 4, longWords: 1 });
    expect(countText('inkomensconsulent gemeente beslistermijn')).toMatchObject({
      words: 3,
      syllables: 13,
      longWords: 2,
    });
    expect(readability('inkomensconsulent gemeente beslistermijn de')!.shareLongWords).toBe(0.5);
  });
});

describe('readability()', () => {
  test('counts words, sentences, long sentences and long words', () => {
    const text =
      'U meldt zich. De gemeente onderzoekt uw aanvraag en beslist binnen acht weken of u bijstand krijgt, en zo ja vanaf welke dag die uitkering ingaat.';
    const c = countText(text);
    // Counted by hand: 40 syllables (ge-meen-te, on-der-zoekt, uit-ke-ring, … 1 for each of 12
    // one-syllable words), so Flesch–Douma = 206.84 − 0.93 × 13 − 0.77 × (40 / 26 × 100) = 76.2885.
    expect(c).toMatchObject({ sentences: 2, words: 26, syllables: 40, longSentences: 1 });
    const r = readability(text)!;
    expect(r.meanSentenceLength).toBe(13);
    expect(r.shareLongSentences).toBe(0.5);
    expect(r.fleschDouma).toBeCloseTo(76.2885, 4);
  });
  test('an empty text has no figures', () => expect(readability('  ')).toBeUndefined());
  test('readabilityWarnings(): every threshold, crossed by a hair or held exactly', () => {
    const t = {
      minFleschDouma: 60,
      minBrouwer: 50,
      maxMeanSentenceLength: 15,
      maxShareLongSentences: 0.25,
      maxShareLongWords: 0.1,
    };
    const base = { words: 30, sentences: 2, syllables: 45, longSentences: 0, longWords: 0 };
    const at = {
      ...base,
      fleschDouma: 60,
      brouwer: 50,
      meanSentenceLength: 15,
      shareLongSentences: 0.25,
      shareLongWords: 0.1,
    };
    expect(readabilityWarnings(at, t)).toEqual([]); // on a threshold is no warning
    const over = {
      ...base,
      fleschDouma: 59.94,
      brouwer: 49.96,
      meanSentenceLength: 15.04,
      shareLongSentences: 0.26,
      shareLongWords: 0.11,
    };
    expect(readabilityWarnings(over, t)).toEqual([
      'Flesch–Douma 59.9 is below 60',
      'Brouwer 50.0 is below 50',
      'mean sentence length 15.0 words is above 15',
      '26% of sentences have more than 20 words (threshold 25%)',
      '11% of words have 4 or more syllables (threshold 10%)',
    ]);
  });

  test('readabilityWarnings() names each threshold crossed, and never claims a level', () => {
    const r = readability(
      'Een zin met heel veel woorden die maar doorgaat en doorgaat en nooit lijkt op te houden omdat de schrijver geen punt kan vinden ergens.',
    )!;
    const w = readabilityWarnings(r, {
      minFleschDouma: 60,
      minBrouwer: 50,
      maxMeanSentenceLength: 15,
      maxShareLongSentences: 0.25,
      maxShareLongWords: 0.1,
    });
    expect(w).toContain('mean sentence length 25.0 words is above 15');
    expect(w.join(' ')).not.toMatch(/B1/);
  });
});
