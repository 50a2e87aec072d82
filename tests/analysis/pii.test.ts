import { describe, expect, test } from 'vitest';
import { createPiiScanner, isBsn, isIban, redact } from '../../analysis/pii';

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
