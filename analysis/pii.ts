/**
 * A scanner for personal data in free text: what the publication gate runs on every text that
 * reaches a site, and the importer on quotes, notes and tags (as a warning). Pure: text and a
 * names list in, findings out. It errs on the side of blocking: a false alarm costs a reviewer a
 * minute, a miss publishes a resident.
 *
 * People do not write numbers the way a pattern expects, so the text is normalised first
 * (Unicode NFKC: full-width digits and letters become plain ones; format characters such as a
 * zero-width space are dropped; every dash becomes "-"), and numbers are read as runs of digit
 * groups with any mix of spaces, dots, dashes, slashes and parentheses between them. Findings
 * report positions in the original text, so `redact` still cuts out exactly what was found.
 *
 * Every detector runs in linear time: each looks at a bounded window around an anchor (a digit
 * run, an "@", a word), never retries a pattern from every position (a 200,000-character cell is
 * scanned in milliseconds; `drempel bench --only pii` measures it).
 */

export type PiiKind = 'BSN' | 'IBAN' | 'TELEFOON' | 'EMAIL' | 'POSTCODE' | 'ADRES' | 'GEBOORTEDATUM' | 'NAAM';

export interface PiiFinding {
  kind: PiiKind;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  match: string;
}

/** The BSN 11-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). */
export function isBsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** IBAN check digits (ISO 13616, mod-97 = 1). */
export function isIban(text: string): boolean {
  const iban = text.replace(/[\s._-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

// ---------------------------------------------------------------------------------------------
// Normalisation with a map back to the original text

interface Normalised {
  text: string;
  /** For each UTF-16 unit of `text`: where its source character starts and ends in the original. */
  from: Int32Array;
  to: Int32Array;
}

const dashes = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;
const apostrophes = /[\u2018\u2019\u201B\u2032\u00B4\u0060]/;
/** Ideographic full stops: what a phone keyboard in another script puts in an address. */
const fullStops = /[\u3002\uFF61]/;

/** Cyrillic and Greek letters that look like Latin ones: "Jаn" with a Cyrillic а is still Jan. */
const lookalikes: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ո: 'n',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
};

/** A decimal digit of any script (Arabic-Indic, Devanagari, …) as its ASCII digit; NFKC leaves those alone. */
function asciiDigit(ch: string): string | undefined {
  if (!/\p{Nd}/u.test(ch)) return undefined;
  const cp = ch.codePointAt(0)!;
  // Unicode digits come in runs of ten: step back to the run's zero.
  let zero = cp;
  while (zero > cp - 9 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
  return String(cp - zero);
}

/** NFKC per character, format characters dropped, dashes and apostrophes unified; positions kept. ASCII is copied as it is. */
export function normaliseForScan(original: string): Normalised {
  const n = original.length;
  let from = new Int32Array(n + 16);
  let to = new Int32Array(n + 16);
  const parts: string[] = [];
  let len = 0;
  const grow = (need: number) => {
    if (len + need <= from.length) return;
    const size = Math.max(from.length * 2, len + need);
    const f = new Int32Array(size);
    const t = new Int32Array(size);
    f.set(from);
    t.set(to);
    from = f;
    to = t;
  };
  let i = 0;
  while (i < n) {
    // A run of ASCII: copied as one slice, each position mapping to itself.
    let k = i;
    while (k < n && original.charCodeAt(k) < 0x80) k++;
    if (k > i) {
      grow(k - i);
      for (let x = i; x < k; x++, len++) {
        from[len] = x;
        to[len] = x + 1;
      }
      parts.push(original.slice(i, k));
      i = k;
      if (i >= n) break;
    }
    const cp = original.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const start = i;
    i += ch.length;
    if (/\p{Cf}/u.test(ch)) continue; // zero-width space, soft hyphen, BOM, direction marks
    const nfkc = ch.normalize('NFKC');
    const out = dashes.test(ch)
      ? '-'
      : apostrophes.test(ch)
        ? "'"
        : fullStops.test(ch)
          ? '.'
          : (lookalikes[ch] ?? asciiDigit(nfkc) ?? nfkc);
    grow(out.length);
    for (let x = 0; x < out.length; x++, len++) {
      from[len] = start;
      to[len] = i;
    }
    parts.push(out);
  }
  return { text: digitLookalikes(parts.join('')), from: from.subarray(0, len), to: to.subarray(0, len) };
}

/** O and o for 0, l and I for 1, where they stand next to a digit and not next to a letter ("O6-12345678", "l23456782"). */
function digitLookalikes(text: string): string {
  let out: string[] | undefined;
  const digitAt = (k: number) => k >= 0 && k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
  const letterAt = (k: number) => k >= 0 && k < text.length && isLetter(text, k);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 79 && c !== 111 && c !== 73 && c !== 108) continue; // O o I l
    if (!(digitAt(i - 1) || digitAt(i + 1)) || letterAt(i - 1) || letterAt(i + 1)) continue;
    out ??= text.split('');
    out[i] = c === 79 || c === 111 ? '0' : '1';
  }
  return out ? out.join('') : text;
}

// ---------------------------------------------------------------------------------------------
// Numbers: BSN and telephone numbers, read as runs of digit groups

interface Group {
  digits: string;
  start: number;
  end: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/**
 * What people put between the digit groups of one number: space, tab, line break, dot, comma,
 * dash, slash, parentheses, and the rarer underscore, middle dot, plus, tilde and bar.
 */
const isSeparator = (c: number) =>
  c === 32 ||
  c === 9 ||
  c === 10 ||
  c === 13 ||
  c === 46 ||
  c === 44 ||
  c === 45 ||
  c === 47 ||
  c === 40 ||
  c === 41 ||
  c === 95 ||
  c === 0xb7 ||
  c === 43 ||
  c === 126 ||
  c === 124;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Maximal runs of digit groups in `text`, groups joined by 1–3 separator characters (one pass). */
function digitRuns(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const g = { digits: text.slice(start, i), start, end: i };
    const prev = run[run.length - 1];
    const gap = prev ? start - prev.end : 0;
    // Up to three separators of any kind, or a longer stretch of spaces ("06     12345678").
    let joined = prev !== undefined && gap >= 1 && gap <= 8;
    let spacesOnly = true;
    for (let k = prev ? prev.end : 0; joined && k < start; k++) {
      const c = text.charCodeAt(k);
      joined = isSeparator(c);
      spacesOnly &&= isSpace(c);
    }
    if (joined && gap > 3 && !spacesOnly) joined = false;
    // A comma joins only short groups, as a number read aloud ("06, 41, 93"): not "21-04-1995, 9721 GV".
    if (joined && prev && text.slice(prev.end, start).includes(',') && (prev.digits.length > 3 || i - start > 3))
      joined = false;
    if (joined) run.push(g);
    else {
      if (run.length) runs.push(run);
      run = [g];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

/** How people group a BSN's nine digits: 123456782, 123 456 782, 1234 56 782, 12 34 56 782, 123 45 67 82. */
const bsnGroupings = new Set(['9', '3,3,3', '4,2,3', '2,2,2,3', '3,2,2,2']);

/**
 * Whether groups i..j of a run are written as a BSN: a known grouping, and one kind of separator
 * (space, dot, dash, or a comma as when it is read aloud) throughout — not a case number
 * 2026/12399 or a date run into a number.
 */
function bsnShape(text: string, run: Group[], i: number, j: number): boolean {
  // A number that stands alone — nine digits and nothing else around them, split only by spaces,
  // dots or dashes — is tested however it is grouped ("12 345 6782", "123.456 782").
  if (i === 0 && j === run.length - 1) {
    let plain = true;
    for (let k = i; plain && k < j; k++) plain = /^[\s.-]+$/.test(text.slice(run[k].end, run[k + 1].start));
    if (plain) return true;
  }
  if (
    !bsnGroupings.has(
      run
        .slice(i, j + 1)
        .map((g) => g.digits.length)
        .join(','),
    )
  )
    return false;
  const seps = new Set<string>();
  for (let k = i; k < j; k++) seps.add(text.slice(run[k].end, run[k + 1].start).replace(/\s+/g, ' '));
  return seps.size <= 1 && [...seps].every((x) => /^(?: |\.|-| - |, | ?\/ ?|_|·|\+|~|\|)$/.test(x));
}

/** A Dutch number: 0 + area or mobile code + subscriber, 10 digits. */
const dutchNumber = (d: string) => d.length === 10 && d[0] === '0' && d[1] !== '0';

function numberFindings(text: string, runs: Group[][], out: Span[]): void {
  for (const run of runs) {
    for (let i = 0; i < run.length; i++) {
      const g = run[i];
      const plus = text[g.start - 1] === '+' || (text[g.start - 1] === ' ' && text[g.start - 2] === '+');
      // Only a group of two or more digits starts a BSN; only a 0 or a + starts a telephone number.
      // (a lone run of single digits — "1 2 3 4 5 6 7 8 2" — only from its start)
      const bsnStart = !plus && (g.digits.length >= 2 ? g.digits.length <= 9 : i === 0);
      const phoneStart = plus || g.digits[0] === '0' || (i === 0 && g.digits[0] === '6');
      if (!bsnStart && !phoneStart) continue;
      const start = plus ? text.lastIndexOf('+', g.start) : g.start;
      let digits = '';
      for (let j = i; j < run.length && digits.length + run[j].digits.length <= 15; j++) {
        digits += run[j].digits;
        const span = { start, end: run[j].end };
        if (bsnStart && digits.length === 9 && isBsn(digits) && bsnShape(text, run, i, j) && !money(text, start))
          out.push({ kind: 'BSN', ...span });
        // Written after "BSN:" it is a BSN whatever its checksum (a typo is still somebody's number).
        else if (
          bsnStart &&
          (digits.length === 8 || digits.length === 9) &&
          j === run.length - 1 &&
          bsnLabel.test(text.slice(Math.max(0, start - 30), start))
        )
          out.push({ kind: 'BSN', ...span });
        if (phoneStart && isPhone(digits, plus) && !glued(text, start)) out.push({ kind: 'TELEFOON', ...span });
        // A mobile number without its 0 ("bel me op 6 12345678"), where the words say it is one.
        else if (
          i === 0 &&
          j === run.length - 1 &&
          digits.length === 9 &&
          digits[0] === '6' &&
          phoneLabel.test(text.slice(Math.max(0, start - 25), start))
        )
          out.push({ kind: 'TELEFOON', ...span });
        if (!phoneStart && digits.length >= 9) break;
      }
    }
  }
}

/** An amount: "€ 123.456.782" is money, not a BSN. */
const money = (text: string, start: number) =>
  /(?:[€$]|eur|euro)[ \t]*$/i.test(text.slice(Math.max(0, start - 6), start));
/** Words that label a number as a BSN or a telephone number. */
const bsnLabel = /(?:bsn|burgerservicenummer|sofi-?nummer)(?:-?nummer)?\W{0,6}$/i;
const phoneLabel =
  /(?:tel|telefoon|telefoonnummer|mobiel|mob|gsm|bel(?:\s+\p{L}+){0,3}\s+op|nummer|app|whatsapp)\W{0,6}$/iu;
/** Digits glued to letters are an identifier (BWBR0015703, CVDR123456), not a telephone number — unless the letters are a phone label ("tel06…"). */
const glued = (text: string, start: number) =>
  start > 0 &&
  isLetter(text, start - 1) &&
  !/(?:^|[^\p{L}])(?:tel|mob|gsm|nr|t|m)$/iu.test(text.slice(Math.max(0, start - 5), start));

/** A telephone number: Dutch (0 + nine digits), or international (+ or 00, country code, number). */
function isPhone(digits: string, plus: boolean): boolean {
  if (!plus && !digits.startsWith('00')) return dutchNumber(digits);
  const international = plus ? digits : digits.slice(2);
  if (international.startsWith('31')) {
    // "+31 (0)6 …" and "+31 06 …": the 0 is the trunk prefix, written for callers inside the country.
    let rest = international.slice(2);
    if (rest.length === 10 && rest[0] === '0') rest = rest.slice(1);
    return rest.length === 9 && rest[0] !== '0';
  }
  return international.length >= 8 && international.length <= 13 && international[0] !== '0';
}

// ---------------------------------------------------------------------------------------------
// IBAN: two letters, two check digits, then letters and digits in any grouping

/** Lengths of IBANs by country (the SWIFT IBAN registry). */
const ibanLength: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MA: 28,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** Two letters (not inside a word), an optional space, two digits: where an IBAN may start. */
function ibanStarts(text: string): { index: number; 1: string }[] {
  const found: { index: number; 1: string }[] = [];
  const checkDigit = (k: number) => isDigit(text.charCodeAt(k)) || 'OoIl'.includes(text[k] ?? '-');
  for (let i = 0; i + 3 < text.length; i++) {
    if (!isAsciiLetter(text.charCodeAt(i)) || !isAsciiLetter(text.charCodeAt(i + 1))) continue;
    const d = text[i + 2] === ' ' ? i + 3 : i + 2;
    if (!(checkDigit(d) && checkDigit(d + 1) && (isDigit(text.charCodeAt(d)) || isDigit(text.charCodeAt(d + 1)))))
      continue;
    // Not inside a word — but "IBANNL91…" is an IBAN glued to its label.
    if (i > 0 && isAlnum(text, i - 1) && !/iban$/i.test(text.slice(Math.max(0, i - 4), i))) continue;
    found.push({ index: i, 1: text.slice(i, i + 2) });
  }
  return found;
}

function ibanFindings(text: string, out: Span[]): void {
  for (const m of ibanStarts(text)) {
    const length = ibanLength[m[1].toUpperCase()];
    if (!length) continue;
    let chars = '';
    let at = m.index;
    let end = at;
    // Collect letters and digits, skipping up to three separators between them, until the country's length.
    while (at < text.length && chars.length < length) {
      const ch = text[at];
      if (/[A-Za-z0-9]/.test(ch)) {
        chars += ch;
        end = at + 1;
        at++;
      } else if (/[\s._-]/.test(ch) && /^[\s._-]{0,2}[A-Za-z0-9]/.test(text.slice(at + 1, at + 4))) at++;
      else break;
    }
    // Check digits written with O for 0 or l for 1 ("NL9l ABNA …") are read as digits.
    const fixed = chars.slice(0, 2) + chars.slice(2, 4).replace(/[Oo]/g, '0').replace(/[Il]/g, '1') + chars.slice(4);
    if (chars.length === length && !/[A-Za-z0-9]/.test(text[end] ?? '') && isIban(fixed))
      out.push({ kind: 'IBAN', start: m.index, end });
  }
}

// ---------------------------------------------------------------------------------------------
// E-mail: around every "@" or spelled-out at

/** "(at)", "[at]", "{at}", "<at>", "(a)", "[@]": how people spell an at sign to fool harvesters. */
const spelledAt = ['(at)', '[at]', '{at}', '<at>', '(a)', '[@]', '(@)', '{@}'];

/**
 * How long the at sign starting at i is written — "@", a spelled-out form, or "at" / "apenstaartje"
 * as a word between spaces — or 0 when there is none.
 */
function atSignAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 64 && !'([{'.includes(text[i - 1] ?? '')) return 1;
  if (c === 37 && text[i + 1] === '4' && text[i + 2] === '0') return 3; // %40, as in a copied link
  // "jan op gmail punt com": only with a domain that ends in a common top-level domain (checked below)
  if (
    (c === 111 || c === 79) &&
    (text[i + 1] === 'p' || text[i + 1] === 'P') &&
    i > 0 &&
    /\s/.test(text[i - 1]) &&
    /\s/.test(text[i + 2] ?? '')
  )
    return 2;
  if (c === 40 || c === 91 || c === 123 || c === 60) {
    const next = text[i + 1];
    const form =
      (next === 'a' || next === 'A' || next === '@') &&
      spelledAt.find((f) => text.slice(i, i + f.length).toLowerCase() === f);
    return form ? form.length : 0;
  }
  if ((c === 97 || c === 65) && i > 0 && /\s/.test(text[i - 1])) {
    const next = text[i + 1];
    if ((next === 't' || next === 'T') && /\s/.test(text[i + 2] ?? '')) return 2;
    if (
      (next === 'p' || next === 'P') &&
      text.slice(i, i + 12).toLowerCase() === 'apenstaartje' &&
      /\s/.test(text[i + 12] ?? '')
    )
      return 12;
  }
  return 0;
}
/** ".", " . ", "·", "(dot)", "[dot]", " dot ", "(punt)", "[punt]", " punt " between domain labels. */
const dotSign =
  /^(?:[ \t]{0,2}[.·][ \t]{0,2}|[ \t]{0,2}(?:\(dot\)|\[dot\]|\{dot\}|\(punt\)|\[punt\])[ \t]{0,2}|[ \t]{1,2}(?:dot|punt)[ \t]{1,2})/iu;
/** Top-level domains residents write: where a comma stands for the dot ("example,nl") or "op" for the at, only these count. */
const commonTlds = /^(?:nl|com|net|org|be|de|eu|info|nu|fr|uk|tr|ma|pl|ua|sr)$/i;

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** A letter or digit of any script (the ASCII test first: it answers almost every call). */
const isAlnum = (text: string, k: number) => {
  const c = text.charCodeAt(k);
  return isAsciiAlnum(c) || (c >= 0x80 && /[\p{L}\p{N}]/u.test(text[k]));
};
const isLocal = (text: string, k: number) => {
  const c = text.charCodeAt(k);
  return isAlnum(text, k) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39; // . _ % + - '
};

/** Words that stand before "@domain" in a sentence about addresses, never as an address's own name. */
const sentenceWords = new Set([
  'op',
  'naar',
  'aan',
  'bij',
  'via',
  'met',
  'van',
  'de',
  'het',
  'een',
  'to',
  'at',
  'on',
  'via',
  'from',
  'eindigt',
  'eindigen',
  'adres',
  'domein',
]);

/** The end of a domain label starting at `at` (letters, digits, inner hyphens; at most 63), or `at` if none. */
function labelEnd(text: string, at: number): number {
  if (!isAlnum(text, at)) return at;
  let k = at + 1;
  while (k < text.length && k - at < 63 && (isAlnum(text, k) || text.charCodeAt(k) === 45)) k++;
  while (k > at + 1 && text.charCodeAt(k - 1) === 45) k--;
  return k;
}

function emailFindings(text: string, out: Span[]): void {
  for (let i = 0; i < text.length; i++) {
    const length = atSignAt(text, i);
    if (!length) continue;
    const m = { index: i, length };
    // Up to three spaces or line breaks on either side of the at ("jan @ hotmail.com").
    let left = m.index;
    while (left > 0 && m.index - left < 3 && isSpace(text.charCodeAt(left - 1))) left--;
    if (left === 0 || !isLocal(text, left - 1)) continue;
    let at = m.index + m.length;
    while (at < text.length && at - (m.index + m.length) < 3 && isSpace(text.charCodeAt(at))) at++;
    if (!isAlnum(text, at)) continue;
    const spelledOp = m.length === 2 && (text[m.index] === 'o' || text[m.index] === 'O');
    let spelledDot = false;
    // The local part: up to 64 characters to the left, spelled-out dots included ("marco dot peters").
    let start = left;
    for (;;) {
      while (start > 0 && left - start < 64 && isLocal(text, start - 1)) start--;
      const spelled =
        text[start - 1] === ' ' ? / (?:dot|punt) $/i.exec(text.slice(Math.max(0, start - 6), start)) : null;
      if (
        !spelled ||
        start - spelled[0].length <= 0 ||
        !isAlnum(text, start - spelled[0].length - 1) ||
        left - start > 64
      )
        break;
      start -= spelled[0].length;
    }
    while (start < left && (text[start] === '.' || text[start] === "'" || text[start] === '-')) start++;
    if (start === left) continue;
    // "eindigt op @groningen.nl": a word of the sentence before a domain, not an address's name.
    if (left < m.index && sentenceWords.has(text.slice(start, left).toLowerCase())) continue;
    // The domain: labels joined by a dot (or a spelled-out dot), at most 255 characters.
    const domainStart = at;
    let labels = 0;
    let end = at;
    let tldStart = at;
    while (at < text.length && at - domainStart < 255) {
      const e = labelEnd(text, at);
      if (e === at) break;
      labels++;
      tldStart = at;
      at = e;
      end = e;
      let next = -1;
      if (text[at] === '.') next = at + 1;
      else if (text[at] === ' ' || text[at] === '(' || text[at] === '[' || text[at] === '{' || text[at] === '·') {
        const d = dotSign.exec(text.slice(at, at + 12));
        if (d) next = at + d[0].length;
        if (d && /[a-z]/i.test(d[0])) spelledDot = true;
      } else if (text[at] === ',' && commonTlds.test(text.slice(at + 1, labelEnd(text, at + 1)))) next = at + 1;
      if (next < 0 || !isAlnum(text, next)) break;
      at = next;
    }
    const tld = text.slice(tldStart, end);
    const tight = left === m.index && domainStart === m.index + m.length && text[m.index] === '@';
    // Without a dot the domain is a host ("jan@localhost", "jan@examplenl"): an address still, when written tight.
    if (labels < 2 && !(tight && labels === 1 && tld.length >= 2)) continue;
    if (labels >= 2 && (tld.length < 2 || !/^\p{L}+$/u.test(tld))) continue;
    // "staat op wetten.overheid.nl" names a website; "jan op gmail punt com" spells an address.
    if (spelledOp && !(labels >= 2 && spelledDot && commonTlds.test(tld))) continue;
    out.push({ kind: 'EMAIL', start, end });
  }
}

// ---------------------------------------------------------------------------------------------
// Postcode with (optionally) a house number

/** Two-letter words that follow a year in ordinary text ("in 2026 en 2027"): never a postcode's letters unless in capitals. */
const twoLetterWords = new Set(
  'en of op in is te al na om nu ik we ze je de ja zo er an to be by he if it me my no on or so up us as at do go am uw ca bv nr tm'.split(
    ' ',
  ),
);

/** The house number may follow with or without a space ("1103TA61"), with an addition: 14a, 3-2, 5-A, 143-III. */
const postcodeAt =
  /([1-9]\d{3})(?:[ \t\r\n]{1,3}|-)?([A-Za-z]{2}|[A-Z]\.? ?[A-Z]\.?)(?![\p{L}-])(?:[ \t]*,?[ \t]*(\d{1,5})(?:[ \t]?[A-Za-z](?![\p{L}]))?(?:-(?:\d{1,3}|[IVXivx]{1,4}|[A-Za-z]{1,2})(?![\p{L}\p{N}]))?(?![\p{L}\p{N}]))?/uy;

/** Matches of a sticky pattern tried only where a digit group starts (not glued to a letter or digit). */
function atGroups(text: string, runs: Group[][], re: RegExp, lengths: (n: number) => boolean): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (const run of runs) {
    for (const g of run) {
      if (
        !lengths(g.digits.length) ||
        (g.start > 0 && (isLetter(text, g.start - 1) || isDigit(text.charCodeAt(g.start - 1))))
      )
        continue;
      re.lastIndex = g.start;
      const m = re.exec(text);
      if (m) found.push(m);
    }
  }
  return found;
}

function postcodeFindings(text: string, runs: Group[][], out: Span[]): void {
  for (const m of atGroups(text, runs, postcodeAt, (n) => n === 4)) {
    const letters = m[2].replace(/[. ]/g, ''); // "9712 C.P." and "9712 C P" are 9712 CP
    const upper = letters.toUpperCase();
    if (upper === 'SA' || upper === 'SD' || upper === 'SS') continue; // not used in Dutch postcodes
    if (letters !== upper && twoLetterWords.has(letters.toLowerCase())) continue;
    if (letters === upper && upper === 'EU') continue;
    out.push({ kind: 'POSTCODE', start: m.index, end: m.index + m[0].length });
  }
}

/** How Dutch street names end: a word ending in one of these, then a house number, is an address. */
const streetSuffix =
  /(?:straat|weg|laan|plein|markt|kade|singel|dijk|pad|hof|steeg|gracht|wal|dreef|park|erf|baan|plantsoen|diep|boulevard|allee|ring|brink|haven|kamp|dwarsweg|pleintje|zijl|stede|hove|oord|veld|akker|wijk)$/i;
const houseNumber =
  /^[ \t]+(\d{1,5})(?:[ \t]?[A-Za-z](?![\p{L}]))?(?:-(?:\d{1,3}|[IVXivx]{1,4}|[A-Za-z]{1,2}))?(?![\p{L}\p{N}])/u;

/** "Vismarkt 12", "Verlengde Hereweg 60a", "oosterstraat 12-2": a street with a house number. */
function addressFindings(text: string, ws: Word[], out: Span[]): void {
  for (const w of ws) {
    if (w.text.length < 5 || !streetSuffix.test(w.lower)) continue;
    const m = houseNumber.exec(text.slice(w.end, w.end + 16));
    if (!m) continue;
    // "Postbus 123" is no street; "de weg 2 keer" is no address: a street name starts with a capital, or a known prefix.
    if (
      !isCapitalised(w.text) &&
      !/(?:^|\s)(?:adres|woon|woont|wonen|op)\s*:?\s*$/i.test(text.slice(Math.max(0, w.start - 12), w.start))
    )
      continue;
    out.push({ kind: 'ADRES', start: w.start, end: w.end + m[0].length });
  }
}

// ---------------------------------------------------------------------------------------------
// Dates of birth: a date (or a birth year) where the words around it say it is one

const months =
  'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|may|june|july|august|october';
/** Words that say a date is someone's birth date, at most about 25 characters before it within the sentence. */
const birthBefore =
  /(?:(?<![\p{L}])(?:geboren|geb\.?|geboortedatum|geb\.?\s*datum|geboortedag|geboortejaar|verjaardag|jarig|(?:ben|is|zijn|was|waren)\s+van|wordt\s+\d{1,3}\s+op|born|birth|d\.?o\.?b\.?)(?![\p{L}])[^.!\n]{0,25}|[*°]\s?)$/iu;
const birthAfter =
  /^[\s,:(-]*(?:(?:is|was)\s+(?:mijn|zijn|haar|de|het)\s+)?(?:geboren|jarig|geboortedatum|geboortedag|verjaardag|ter\s+wereld)(?![\p{L}])/iu;
/** "geboren na 1 januari 2006" is a rule about a group, not someone's birth date. */
const cutOff = /(?<![\p{L}])(?:vóór|voor|na|tussen|vanaf|sinds|tot|en|of|dan)\s*$/iu;
/** "ik ben van 2 tot en met 16 augustus weg": a period, not a birthday. */
const periodAfter = /^\s*(?:tot|t\/m)(?![\p{L}])|^\s*-\s*\d/iu;
const periodBefore = /(?<![\p{L}])(?:tot(?:\s+en\s+met)?|t\/m)\s*$/iu;
const year = `(?:(?:19|20)\\d{2}|'\\d{2})`;
const dateRe = new RegExp(
  `(?:[0-3]?\\d(?:[-/. ]|\\s{1,2})(?:[01]?\\d|[IVX]{1,4})(?:[-/. ]|\\s{1,2})(?:(?:19|20)\\d{2}|'?\\d{2})|[0-3]?\\d[ \\t]{1,3}(?:${months})\\.?(?:[ \\t]{1,3}${year})?|(?:19|20)\\d{2}-[01]\\d-[0-3]\\d)(?![\\p{L}\\p{N}])`,
  'iuy',
);

/** A full date: day, month and year (a bare year or "5 mei" only counts with birth words around it). */
const fullDate = /\d.*(?:19|20)\d{2}|\d[-/.]\d{1,2}[-/.]'?\d{2}$|'\d{2}$/;

/** A bare year counts only right after the words: "geboren in 1958", "ik ben van 1961" (one pass for all of them). */
const birthYear =
  /(?<![\p{L}])(?:geboren(?:\s+in)?(?:\s+het\s+jaar)?|geboortejaar\s*:?|(?:ben|is|zijn|was|waren)\s+van|born(?:\s+in)?)\s*((?:19|20)\d{2})(?![\p{L}\p{N}])(?!\s*(?:tot|t\/m)(?![\p{L}]))/giu;

function birthDateFindings(text: string, runs: Group[][], out: Span[]): void {
  for (const m of text.matchAll(birthYear)) {
    const end = m.index + m[0].length;
    out.push({ kind: 'GEBOORTEDATUM', start: end - m[1].length, end });
  }
  let last: Span | undefined;
  for (const m of atGroups(text, runs, dateRe, (n) => n <= 2 || n === 4)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(end, end + 40);
    const period = periodAfter.test(after) || periodBefore.test(before);
    let birth = !period && !cutOff.test(before) && (birthBefore.test(before) || birthAfter.test(after));
    // "8 augustus 2015 en 19 mei 2018": a date listed right after a birth date is one too.
    if (!birth && last && /^\s*(?:,|en|and|&)\s*$/i.test(text.slice(last.end, start))) birth = true;
    if (birth) {
      last = { kind: 'GEBOORTEDATUM', start, end };
      out.push(last);
    } else if (fullDate.test(m[0]) && !/^\d{1,2}[-/.\s]+(?:\d{1,2}|[IVX]+)[-/.\s]+'?\d{2}$/i.test(m[0])) {
      // A full date without birth words: kept only if other personal data stands next to it (a bare 12-03-66 never).
      out.push({ kind: 'GEBOORTEDATUM', start, end, weak: true });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names

/** Words between a first name and a surname ("Jan de Vries", "Ahmed el Amrani"). */
const particles = new Set([
  'de',
  'den',
  'der',
  'van',
  'von',
  'het',
  "'t",
  'ter',
  'ten',
  'te',
  'el',
  'al',
  'la',
  'le',
  'du',
  'da',
  'di',
  'op',
  'in',
  "in 't",
  'bin',
  'ben',
]);
/** Words after "mevrouw"/"ik heet" that are not a name. */
const notNames = new Set(
  'niet ook geen wel nog een het de dat die dit er al maar even erg heel zo hier daar eigenlijk gewoon nu ik u je jij hij zij ze we wij hun haar zijn mijn uw bij van voor met en of was is wordt werd had heb'.split(
    ' ',
  ),
);
const honorifics = new Set([
  'mevrouw',
  'mevr',
  'mw',
  'meneer',
  'mijnheer',
  'dhr',
  'heer',
  'mr',
  'mrs',
  'ms',
  'dr',
  'juffrouw',
  'juf',
  'meester',
]);

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetter = (text: string, k: number) => {
  const c = text.charCodeAt(k);
  return isAsciiLetter(c) || (c >= 0x80 && /\p{L}/u.test(text[k]));
};

/** Words: a letter, then letters, apostrophes, and hyphens between letters (one pass, no regex per word). */
/** Case and accents folded, for comparing names: "Sahin" is "Şahin", "Yılmaz" is "Yilmaz". */
export const foldName = (s: string) =>
  /\P{ASCII}/u.test(s) ? s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').replace(/İ/g, 'I') : s;

function words(text: string): Word[] {
  const out: Word[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isLetter(text, i)) {
      i++;
      continue;
    }
    const start = i++;
    let ascii = text.charCodeAt(start) < 0x80;
    for (;;) {
      while (i < n && (isLetter(text, i) || text[i] === "'")) {
        if (text.charCodeAt(i) >= 0x80) ascii = false;
        i++;
      }
      if (i + 1 < n && text[i] === '-' && isLetter(text, i + 1)) i++;
      else break;
    }
    const word = text.slice(start, i);
    const lower = word.toLowerCase();
    out.push({ text: word, lower: ascii ? lower : foldName(lower), start, end: i });
  }
  return out;
}

const isCapitalised = (w: string) => /^\p{Lu}/u.test(w);
const isAllCaps = (w: string) => w.length >= 2 && w === w.toUpperCase() && w !== w.toLowerCase();

interface NameIndex {
  /** Every word of every listed name, lower case. */
  single: Set<string>;
  /** Listed names as written (for single-word matches, which need the capital). */
  asWritten: Set<string>;
  /** Multi-word listed names, lower case, split into words. */
  multi: string[][];
  /** The first words of the multi-word names ("van", "de", "el"). */
  multiFirst: Set<string>;
}

function indexNames(names: string[]): NameIndex {
  const single = new Set<string>();
  const asWritten = new Set<string>();
  const multi: string[][] = [];
  for (const raw of names) {
    const n = foldName(raw);
    const parts = n.split(/\s+/);
    if (parts.length === 1) {
      single.add(n.toLowerCase());
      asWritten.add(n);
    } else multi.push(parts.map((p) => p.toLowerCase()));
    // The surname of a multi-word entry ("de Vries" → "vries") is a name word too.
    for (const p of parts) if (!particles.has(p.toLowerCase())) single.add(p.toLowerCase());
  }
  return { single, asWritten, multi, multiFirst: new Set(multi.map((m) => m[0])) };
}

/** A listed name word, or a double-barrelled surname with a listed part ("Heuvel-Dekker", "Kuipers-de"). */
const known = (index: NameIndex, w: Word) =>
  index.single.has(w.lower) || (w.lower.includes('-') && w.lower.split('-').some((p) => index.single.has(p)));

/** The end of a surname starting at word i: optional particles then a word (any case); -1 if none. */
function surnameEnd(ws: Word[], i: number, text: string, index: NameIndex, needCapital: boolean): number {
  let k = i;
  while (k < ws.length && particles.has(ws[k].lower) && adjacent(ws, k, text)) k++;
  if (k >= ws.length || (k > i && !adjacent(ws, k - 1, text)) || notNames.has(ws[k].lower)) return -1;
  const ok = needCapital ? isCapitalised(ws[k].text) || known(index, ws[k]) : true;
  return ok ? k : -1;
}

/** Word k+1 follows word k with only spaces between (a name does not run over a comma or a full stop). */
const adjacent = (ws: Word[], k: number, text: string) =>
  k + 1 < ws.length && /^[ \t]+$/.test(text.slice(ws[k].end, ws[k + 1].start));

/** Initials written before a name: "A.M.C.", "K." — single capitals each followed by a dot. */
function skipInitials(ws: Word[], k: number, text: string): number {
  while (k < ws.length && /^\p{Lu}$/u.test(ws[k].text) && text[ws[k].end] === '.') k++;
  return k;
}

/** Words after which a name follows: greetings and sign-offs ("groetjes ayse", "gr. Piet"). */
const signOffs = new Set([
  'groetjes',
  'groet',
  'groeten',
  'gr',
  'mvg',
  'vriendelijke',
  'liefs',
  'doei',
  'xx',
  'xxx',
  'namens',
  'ondertekend',
]);
/** Sayings built on a first name: "Jan Modaal" is everyone, not a resident. */
const sayings = new Set([
  'jan modaal',
  'jan publiek',
  'jan alleman',
  'jan en',
  'jan met',
  'jantje lacht',
  'klaas vaak',
  'pietje precies',
  'piet precies',
  'jan klaassen',
]);

function nameFindings(text: string, ws: Word[], index: NameIndex, out: Span[]): void {
  const push = (from: number, to: number) => out.push({ kind: 'NAAM', start: ws[from].start, end: ws[to].end });
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    const prev = ws[i - 1];
    // "mevrouw De Jong", "meneer Jansen", "mw. A.M.C. van den Heuvel-Dekker": the name after a form of address.
    if (honorifics.has(w.lower) && i + 1 < ws.length && /^\.?[ \t]+$/.test(text.slice(w.end, ws[i + 1].start))) {
      const first = skipInitials(ws, i + 1, text);
      const k = first < ws.length ? surnameEnd(ws, first, text, index, true) : -1;
      if (k >= 0) {
        push(i + 1, k);
        i = k;
        continue;
      }
    }
    // "ik heet fatima", "mijn naam is Sanne Visser", "groetjes ayse": what follows is a name, in any case.
    const introduced =
      prev &&
      ((prev.lower === 'heet' && ws[i - 2]?.lower === 'ik') ||
        (prev.lower === 'is' && ws[i - 2]?.lower === 'naam') ||
        (prev.lower === 'naam' && text.slice(prev.end, w.start).includes(':')));
    const signedOff =
      prev && signOffs.has(prev.lower) && /^[\s.,!:]*$/.test(text.slice(prev.end, w.start)) && known(index, w);
    if ((introduced || signedOff) && !notNames.has(w.lower)) {
      const k = adjacent(ws, i, text) ? surnameEnd(ws, i + 1, text, index, true) : -1;
      const last = k >= 0 && (known(index, ws[k]) || isCapitalised(ws[k].text)) ? k : i;
      push(i, last);
      i = last;
      continue;
    }
    // A listed multi-word name with its capital: "van den Berg", "De Jong" (not "van loon", "de koning").
    if (index.multiFirst.has(w.lower)) {
      const multi = index.multi.find((parts) =>
        parts.every((p, j) => ws[i + j]?.lower === p && (j === 0 || adjacent(ws, i + j - 1, text))),
      );
      const last = multi && ws[i + multi.length - 1].text;
      if (multi && last && (isCapitalised(last) || isAllCaps(last))) {
        push(i, i + multi.length - 1);
        i += multi.length - 1;
        continue;
      }
    }
    if (!known(index, w)) continue;
    if (adjacent(ws, i, text) && sayings.has(`${w.lower} ${ws[i + 1].lower}`)) {
      i++;
      continue;
    }
    // A listed name followed by a surname: "Jan de Vries", "jan de vries", "JAN DE VRIES", "A. Kuipers-de Jong".
    if (adjacent(ws, i, text)) {
      const k = surnameEnd(ws, i + 1, text, index, false);
      if (k >= 0 && known(index, ws[k])) {
        push(i, k);
        i = k;
        continue;
      }
    }
    // A listed name alone counts as written with a capital (or in capitals): "Bos" the name, not "bos" the forest.
    const asWritten = foldName(w.text);
    const titled = asWritten[0] + w.lower.slice(1);
    const listed =
      index.asWritten.has(asWritten) || index.asWritten.has(titled) || (w.lower.includes('-') && known(index, w));
    if ((isCapitalised(w.text) || isAllCaps(w.text)) && listed) {
      if (w.text === 'Jan' && /^\s*(?:t\/m|-|–|\d|\.?\s*(?:19|20)\d{2})/.test(text.slice(w.end, w.end + 8))) continue; // "Jan t/m mrt", "Jan 2026": the month
      push(i, i);
    } else if (particles.has(prev?.lower ?? '') && isCapitalised(w.text) && adjacent(ws, i - 1, text)) {
      // "De Jong" without its listed particle
      push(i - 1, i);
    }
  }
}

// ---------------------------------------------------------------------------------------------

interface Span {
  kind: PiiKind;
  start: number;
  end: number;
  /**
   * A full date without birth words: a birth date only when it stands in a list with other
   * personal data ("Hassan Benali, 1 januari 1971, 9404 GL 15").
   */
  weak?: boolean;
}

/** Keep a weak date only when another finding is next to it, separated by a comma, dash or "en". */
function resolveWeak(text: string, spans: Span[]): Span[] {
  const starts = new Set<number>();
  const ends = new Set<number>();
  for (const o of spans) {
    if (o.weak || o.kind === 'GEBOORTEDATUM') continue;
    starts.add(o.start);
    ends.add(o.end);
  }
  const near = (a: number, b: number) => /^[\s,;–-]{1,4}$|^\s*(?:,\s*)?en\s+$/.test(text.slice(a, b));
  const hasNeighbour = (s: Span) => {
    for (let gap = 1; gap <= 8; gap++) {
      if (ends.has(s.start - gap) && near(s.start - gap, s.start)) return true;
      if (starts.has(s.end + gap) && near(s.end, s.end + gap)) return true;
    }
    return false;
  };
  return spans.filter((s) => !s.weak || hasNeighbour(s));
}

/** "K. van Leeuwen", "A. Çelik": initials before a name belong to it. */
function withInitials(text: string, spans: Span[]): void {
  for (const s of spans) {
    if (s.kind !== 'NAAM') continue;
    const m = /(?:(?<![\p{L}])\p{Lu}\.[ \t]?){1,4}[ \t]*$/u.exec(text.slice(Math.max(0, s.start - 12), s.start));
    if (m) s.start -= m[0].length;
  }
}

/** Prepare a names list for scanning: trimmed, de-duplicated, longest first. */
export function prepareNames(names: Iterable<string>): string[] {
  return [...new Set([...names].map((n) => n.trim()).filter((n) => n.length >= 2))].sort(
    (a, b) => b.length - a.length || a.localeCompare(b),
  );
}

/** Digits and letters only, lower case: how an allowlisted contact detail is compared. */
const compact = (s: string) =>
  normaliseForScan(s)
    .text.toLowerCase()
    .replace(/[^\p{L}\p{N}@]+/gu, '');

/**
 * A compiled scanner; build it once per names list and reuse it for every text. `allow` lists
 * public contact details of organisations (a municipality's phone number): a finding inside one
 * of them is not personal data, however it is spelled.
 */
export function createPiiScanner(names: string[] = [], allow: string[] = []): (text: string) => PiiFinding[] {
  const index = indexNames(prepareNames(names));
  // What the scanner finds inside each allowlisted contact detail, compacted: a finding passes
  // only when it is one of those exactly ("fo@groningen.nl" is not "info@groningen.nl").
  const plain = allow.length ? createPiiScanner(names) : undefined;
  const allowed = new Set(allow.flatMap((a) => plain!(a).map((f) => compact(f.match))));
  return (original) => {
    const n = normaliseForScan(original);
    const spans: Span[] = [];
    const runs = digitRuns(n.text);
    numberFindings(n.text, runs, spans);
    ibanFindings(n.text, spans);
    emailFindings(n.text, spans);
    postcodeFindings(n.text, runs, spans);
    birthDateFindings(n.text, runs, spans);
    const ws = words(n.text);
    nameFindings(n.text, ws, index, spans);
    addressFindings(n.text, ws, spans);
    withInitials(n.text, spans);
    const covered = new Uint8Array(n.text.length);
    const found: PiiFinding[] = [];
    // Longer findings first, so one inside another (a BSN inside an IBAN) is not reported twice.
    for (const s of resolveWeak(n.text, spans).sort(
      (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start,
    )) {
      if (s.end <= s.start || covered.subarray(s.start, s.end).includes(1)) continue;
      if (s.kind !== 'NAAM' && allowed.size && allowed.has(compact(n.text.slice(s.start, s.end)))) continue;
      covered.fill(1, s.start, s.end);
      const start = n.from[s.start];
      const end = n.to[s.end - 1];
      found.push({ kind: s.kind, start, end, match: original.slice(start, end) });
    }
    return found.sort((a, b) => a.start - b.start);
  };
}

/** Replace every finding with a label such as [BSN]. */
export function redact(text: string, findings: PiiFinding[]): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + `[${f.kind}]`;
    at = f.end;
  }
  return out + text.slice(at);
}
