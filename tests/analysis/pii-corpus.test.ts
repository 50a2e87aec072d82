/**
 * The personal-data scanner against a labelled corpus written by hand (tests/fixtures/pii-corpus):
 * texts with personal data in the forms people really write, and clean texts of the same
 * register. Recall is counted per labelled value: every letter and digit of it must fall inside
 * a finding (a half-redacted phone number still leaks). The test prints recall and the
 * false-positive rate; the bar is 100% recall and at most 1% of clean texts flagged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPiiScanner, redact, type PiiFinding } from '../../analysis/pii';
import { bundledNamesFile, readNames } from '../../scripts/gate/gate';
import { proceduresDir, root } from '../helpers';

interface Labelled {
  id: string;
  text: string;
  pii?: { kind: string; value: string }[];
}

const corpus = (name: string): Labelled[] =>
  readFileSync(join(root, 'tests/fixtures/pii-corpus', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labelled);

const personal = corpus('personal.jsonl');
const clean = corpus('clean.jsonl');
const scan = createPiiScanner(readNames(bundledNamesFile), readNames(join(proceduresDir, 'public-contacts.txt')));

/** Positions of `value` in `text` whose letters and digits no finding covers. */
function uncovered(text: string, value: string, findings: PiiFinding[]): number {
  let missed = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    for (let k = at; k < at + value.length; k++) {
      if (/[\p{L}\p{N}]/u.test(text[k]) && !findings.some((f) => f.start <= k && k < f.end)) missed++;
    }
  }
  return missed;
}

describe('the personal-data scanner on the labelled corpus', () => {
  test('the corpus is large enough: at least 200 texts each way, every kind present', () => {
    expect(personal.length).toBeGreaterThanOrEqual(200);
    expect(clean.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(personal.flatMap((p) => p.pii!.map((x) => x.kind)));
    expect([...kinds].sort()).toEqual(['BSN', 'EMAIL', 'GEBOORTEDATUM', 'IBAN', 'NAAM', 'POSTCODE', 'TELEFOON']);
  });

  test('recall is 100% and at most 1% of clean texts is flagged', () => {
    const misses: string[] = [];
    let labels = 0;
    for (const p of personal) {
      const findings = scan(p.text);
      for (const l of p.pii!) {
        labels++;
        if (uncovered(p.text, l.value, findings)) misses.push(`${p.id} ${l.kind} ${JSON.stringify(l.value)} in ${JSON.stringify(redact(p.text, findings))}`);
      }
    }
    const flagged = clean.flatMap((c) => {
      const f = scan(c.text);
      return f.length ? [`${c.id}: ${f.map((x) => `${x.kind} ${JSON.stringify(x.match)}`).join(', ')}`] : [];
    });
    const recall = (labels - misses.length) / labels;
    const fpRate = flagged.length / clean.length;
    console.log(
      `pii corpus: recall ${(recall * 100).toFixed(1)}% (${labels - misses.length} of ${labels} labelled values in ${personal.length} texts); ` +
        `false positives ${(fpRate * 100).toFixed(1)}% (${flagged.length} of ${clean.length} clean texts)` +
        (flagged.length ? `\n  flagged: ${flagged.join('\n  flagged: ')}` : ''),
    );
    expect(misses).toEqual([]);
    expect(fpRate).toBeLessThanOrEqual(0.01);
  });

  test('redaction leaves none of a text\'s personal data', () => {
    for (const p of personal) {
      const out = redact(p.text, scan(p.text));
      for (const l of p.pii!) expect(out, p.id).not.toContain(l.value);
    }
  });
});
