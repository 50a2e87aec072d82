/**
 * A scanner for personal data in free text: what the publication gate runs on every text that
 * passes, and the importer on quotes and notes (as a warning). Pure: text and a names list in,
 * findings out. It errs on the side of blocking: a false alarm costs a reviewer a minute, a miss
 * publishes a resident.
 */

export type PiiKind = 'BSN' | 'IBAN' | 'TELEFOON' | 'EMAIL' | 'POSTCODE' | 'GEBOORTEDATUM' | 'NAAM';

export interface PiiFinding {
  kind: PiiKind;
  /** UTF-16 offsets into the text, end exclusive. */
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
  const iban = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

interface Rule {
  kind: PiiKind;
  pattern: RegExp;
  /** Whether a match counts, given the text around it. */
  check?: (match: string, before: string) => boolean;
}

const months = 'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec';

const rules: Rule[] = [
  { kind: 'EMAIL', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu },
  { kind: 'IBAN', pattern: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b/gi, check: isIban },
  // Nine digits, optionally grouped with dots, spaces or hyphens (123.456.782).
  { kind: 'BSN', pattern: /(?<!\d|\d[.,-])\d{3}[ .-]?\d{3}[ .-]?\d{3}(?!\d|[.,]\d)/g, check: (m) => isBsn(m.replace(/\D/g, '')) },
  // Dutch numbers: 06-12345678, 06 1234 5678, +31 6 12345678, 0031…, 050-3675000, 010 123 4567.
  { kind: 'TELEFOON', pattern: /(?<![\d+])(?:(?:\+|00)31[\s-]?(?:\(0\))?[\s-]?|0)(?:[1-9][\s-]?)(?:\d[\s-]?){7}\d(?!\d)/g, check: (m) => m.replace(/\D/g, '').replace(/^(0031|31)/, '0').length === 10 },
  { kind: 'POSTCODE', pattern: /\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?:[\s,]+\d{1,5}\s?[a-zA-Z]?\b)?/g },
  // A date is a birth date when a word says so, or when its year is one an adult was born in
  // (1900–2012); policy dates (1-1-2026) and session dates stay.
  {
    kind: 'GEBOORTEDATUM',
    pattern: new RegExp(`\\b(?:[0-3]?\\d[-/.][01]?\\d[-/.](?:19|20)\\d{2}|[0-3]?\\d\\s+(?:${months})\\.?\\s+(?:19|20)\\d{2}|(?:19|20)\\d{2}-[01]\\d-[0-3]\\d)\\b`, 'giu'),
    check: (m, before) => /(geboren|geb\.|geboortedatum|jarig|verjaardag)\W*(op|:)?\W*$/i.test(before) || Number(/(?:19|20)\d{2}/.exec(m)![0]) <= 2012,
  },
];

/** Prepare a names list for scanning: trimmed, de-duplicated, longest first (so "Jan de Vries" wins over "Jan"). */
export function prepareNames(names: Iterable<string>): string[] {
  return [...new Set([...names].map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const normalise = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}@]+/gu, '');

/**
 * A compiled scanner; build it once per names list and reuse it for every text. `allow` lists
 * public contact details of organisations (a municipality's phone number): a finding inside one
 * of them is not personal data.
 */
export function createPiiScanner(names: string[] = [], allow: string[] = []): (text: string) => PiiFinding[] {
  const list = prepareNames(names);
  const allowed = allow.map(normalise).filter(Boolean);
  // Whole words only, as written (a capital letter): "Bos" the name, not "bos" the forest.
  const nameRule: Rule | undefined = list.length
    ? { kind: 'NAAM', pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu') }
    : undefined;
  const all = nameRule ? [...rules, nameRule] : rules;
  return (text) => {
    const found: PiiFinding[] = [];
    for (const rule of all) {
      rule.pattern.lastIndex = 0;
      for (const m of text.matchAll(rule.pattern)) {
        const match = m[0].trim();
        if (rule.check && !rule.check(match, text.slice(Math.max(0, m.index! - 30), m.index))) continue;
        if (rule.kind !== 'NAAM' && allowed.some((a) => a.includes(normalise(match)))) continue;
        const start = m.index! + m[0].indexOf(match);
        // A finding inside an earlier one (a BSN inside an IBAN) is not reported twice.
        if (found.some((f) => start >= f.start && start < f.end)) continue;
        found.push({ kind: rule.kind, start, end: start + match.length, match });
      }
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
