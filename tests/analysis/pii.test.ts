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
