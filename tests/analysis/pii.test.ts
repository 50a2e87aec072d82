import { describe, expect, test } from 'vitest';
import { createPiiScanner, isBsn, isIban, redact } from '../../analysis/pii';
import { bundledNamesFile, readNames } from '../../scripts/app/gate/gate';

const scan = createPiiScanner(['Jan de Vries', 'Jan', 'Fatima', 'Bos']);
const kinds = (text: string) => scan(text).map((f) => `${f.kind}:${f.match}`);

describe('isBsn() and isIban()', () => {
  test('the 11-test', () => {
    expect(isBsn('111222333')).toBe(true);
    expect(isBsn('123456782')).toBe(true);
    expect(isBsn('123456789')).toBe(false);
    expect(isBsn('000000000')).toBe(false);
  });
  test('mod-97', () => {
    expect(isIban('NL91ABNA0417164300')).toBe(true);
    expect(isIban('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(isIban('NL92ABNA0417164300')).toBe(false);
    expect(isIban('GB82WEST12345698765432')).toBe(true);
  });
});

describe('createPiiScanner()', () => {
  test.each([
    ['Mijn BSN is 123456782.', ['BSN:123456782']],
    ['BSN 123.456.782 staat op de brief', ['BSN:123.456.782']],
    ['Rekening NL91 ABNA 0417 1643 00 graag', ['IBAN:NL91 ABNA 0417 1643 00']],
    ['Bel me op 06-12345678 of 06 1234 5678', ['TELEFOON:06-12345678', 'TELEFOON:06 1234 5678']],
    ['Mijn nummer is +31 6 12345678.', ['TELEFOON:+31 6 12345678']],
    ['De balie: 050-3675000', ['TELEFOON:050-3675000']],
    ['Mail naar fatima.b@example.nl', ['EMAIL:fatima.b@example.nl']],
    ['Ik woon op 9712 AB 14 in de stad', ['POSTCODE:9712 AB 14']],
    ['Geboren op 03-04-1987 in Groningen', ['GEBOORTEDATUM:03-04-1987']],
    ['geboren 3 april 1987', ['GEBOORTEDATUM:3 april 1987']],
    ['Jan de Vries belde. Toen belde Jan weer.', ['NAAM:Jan de Vries', 'NAAM:Jan']],
    ['Fatima zei het ook', ['NAAM:Fatima']],
  ])('%s', (text, expected) => expect(kinds(text)).toEqual(expected));

  test('leaves ordinary text alone: amounts, counts, words that are also names in lower case', () => {
    expect(kinds('Ik kreeg 1.250 euro en moest 8 weken wachten in het bos, januari 2026.')).toEqual([]);
    expect(kinds('Nummer 123456789 faalt de 11-test')).toEqual([]);
    expect(kinds('Wacht 4 weken; art. 41 lid 4; 2026.1')).toEqual([]);
  });

  test('redact() replaces each finding with its label', () => {
    const text = 'Jan de Vries, BSN 123456782, 06-12345678';
    expect(redact(text, scan(text))).toBe('[NAAM], BSN [BSN], [TELEFOON]');
  });
});

describe('createPiiScanner(names, allow)', () => {
  test("an organisation's public contact details pass; a resident's do not", () => {
    const s = createPiiScanner([], ['050 367 50 00', 'Postbus 30026, 9700 RM Groningen']);
    expect(s('Bel de gemeente: 050 367 50 00, of schrijf naar Postbus 30026, 9700 RM Groningen.')).toEqual([]);
    expect(s('Mijn nummer is 050 123 45 67').map((f) => f.kind)).toEqual(['TELEFOON']);
  });
});

describe('birth dates', () => {
  const s = createPiiScanner();
  test('a date with a birth word is flagged; policy dates are not', () => {
    expect(s('Sinds 1-1-2023 tellen medebewoners jonger dan 27 niet mee.')).toEqual([]);
    expect(s('Vonnis van 18-06-2024.')).toEqual([]);
    expect(s('Mijn dochter is geboren op 3-2-2021').map((f) => f.kind)).toEqual(['GEBOORTEDATUM']);
    expect(s('Ik ben van 12-05-1979').map((f) => f.kind)).toEqual(['GEBOORTEDATUM']);
  });
});

describe('spellings an attacker tried against the published scanner (each was published before)', () => {
  const s = createPiiScanner(readNames(bundledNamesFile));
  test.each([
    ['Mijn BSN is ١٢٣٤٥٦٧٨٢, schreef ik op het formulier.', 'BSN'], // Arabic-Indic digits
    ['Mijn BSN is ۱۲۳۴۵۶۷۸۲.', 'BSN'], // Persian digits
    ['Mijn BSN is १२३ ४५६ ७८२.', 'BSN'], // Devanagari digits
    ['Mijn BSN is 123\n456\n782 maar dat wisten ze al.', 'BSN'],
    ['Bel me gerust op 06     12345678 als er iets is.', 'TELEFOON'],
    ['Mijn BSN is 12 345 6782, dat moest ik drie keer geven.', 'BSN'],
    ['Mijn BSN is 1234 5678 2.', 'BSN'],
    ['Mijn BSN is 123 456 78 2', 'BSN'],
    ['Mijn BSN is 123.456 782 en dat stond al in hun systeem.', 'BSN'],
    ['Mijn BSN is 1 2 3 4 5 6 7 8 2, dat spelde ik aan de telefoon.', 'BSN'],
    ['Mijn BSN is 123_456_782.', 'BSN'],
    ['Mijn BSN is 123·456·782.', 'BSN'],
    ['Mijn BSN is 123 / 456 / 782.', 'BSN'],
    ['bsn: 0123 45 678', 'BSN'], // a labelled number, whatever its checksum
    ['Mijn nummer is O6-12345678, bel maar.', 'TELEFOON'],
    ['Mijn BSN is l23456782.', 'BSN'],
    ['bel me op 6 12345678', 'TELEFOON'],
    ['bel me op tel06-12345678', 'TELEFOON'],
    ['bel me op 06_12_34_56_78', 'TELEFOON'],
    ['Mail naar jan.devries@example。nl want ik heb geen brief gekregen.', 'EMAIL'],
    ['Mijn mail is jan [@] example [dot] nl, daar kan het naartoe.', 'EMAIL'],
    ['mail jan @gmail.com', 'EMAIL'],
    ['mail jan@ gmail.com', 'EMAIL'],
    ['mail jan @ example . nl', 'EMAIL'],
    ['mail jan%40example.nl', 'EMAIL'],
    ['mail jan@example,nl', 'EMAIL'],
    ['mail jan@localhost', 'EMAIL'],
    ['mail jandevries op gmail punt com', 'EMAIL'],
    ['Mijn rekening is NL91_ABNA_0417_1643_00 maar het geld kwam niet.', 'IBAN'],
    ['Mijn rekening is NL91 АВNA 0417 1643 00.', 'IBAN'], // Cyrillic А and В
    ['IBAN NL9lABNA0417164300', 'IBAN'],
    ['IBANNL91ABNA0417164300', 'IBAN'],
    ['Ik woon op 9712\nCP 12 en de brief kwam niet aan.', 'POSTCODE'],
    ['ik woon op 9712  CP 12', 'POSTCODE'],
    ['ik woon op 9712 C.P. 12', 'POSTCODE'],
    ['ik woon op 9712 СР 12', 'POSTCODE'], // Cyrillic С and Р
    ['ik woon op Vismarkt 12, Groningen', 'ADRES'],
    ['adres: Vismarkt 12A', 'ADRES'],
    ['Ik ben geboren op 12\n03\n1966 en toch vroegen ze het weer.', 'GEBOORTEDATUM'],
    ['12-03-1966 is mijn geboortedatum', 'GEBOORTEDATUM'],
    ['ik ben op 12 maart 1966 ter wereld gekomen', 'GEBOORTEDATUM'],
    ['ik ben geboren in het jaar 1966', 'GEBOORTEDATUM'],
    ['Mevrouw Dе Jong van de balie hielp mij.', 'NAAM'], // Cyrillic е
    ['Ik heet Jan de Vriès en ik woon hier al lang.', 'NAAM'],
    ['Sahin belde', 'NAAM'],
    ['Celik belde', 'NAAM'],
    ['Ahmet Yılmaz belde', 'NAAM'],
    ['Öztürk belde', 'NAAM'],
    ['Noah belde', 'NAAM'],
  ])('%j is found (%s), whole', (text, kind) => {
    const found = s(text);
    expect(found.map((f) => f.kind)).toContain(kind);
    // Nothing of the value is left beside its label: every digit is inside a finding.
    const out = redact(text, found);
    expect(out.replace(/\[[A-Z]+\]/g, '')).not.toMatch(/\d{3}/);
  });
});

describe('the allowlist of public contact details', () => {
  test('passes exactly the listed details, however spelled, and nothing that merely looks like part of one', () => {
    const s = createPiiScanner([], ['info@groningen.nl', '050 367 50 00']);
    expect(s('Mail info@groningen.nl of bel (050) 367 50 00.')).toEqual([]);
    expect(s('Mail fo@groningen.nl').map((f) => f.kind)).toEqual(['EMAIL']);
    expect(s('Bel 050 367 50 01').map((f) => f.kind)).toEqual(['TELEFOON']);
  });
});
