/**
 * Readability of Dutch explanations. Pure: text in, figures out. These are measures, not a
 * verdict: "taalniveau B1" has no official operational definition, so nothing here claims it.
 */
import { countSyllables } from './syllables';

export interface TextCounts {
  words: number;
  sentences: number;
  syllables: number;
  /** Sentences of more than 20 words. */
  longSentences: number;
  /** Words of 4 or more syllables. */
  longWords: number;
}

export interface Readability extends TextCounts {
  fleschDouma: number;
  brouwer: number;
  meanSentenceLength: number;
  shareLongSentences: number;
  shareLongWords: number;
}

/** Abbreviations whose full stop does not end a sentence. */
const abbreviations = new Set([
  'art',
  'bijv',
  'bv',
  'ca',
  'enz',
  'etc',
  'max',
  'min',
  'nr',
  'o.a',
  'm.b.t',
  'i.p.v',
  'e.d',
  'd.w.z',
  'z.g',
  'zgn',
  'jl',
  'mr',
  'dr',
  'mevr',
  'dhr',
  'incl',
  'excl',
  'tel',
  'resp',
  'evt',
  'p',
]);

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;

/** Split text into sentences: at . ! ? followed by a capital or the end, at line breaks between list items and paragraphs. */
export function splitSentences(text: string): string[] {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n|\n\s*[-*•]\s+|\n(?=\s*\d+\.\s)/)
    .map((b) =>
      b
        .replace(/^\s*[-*•]\s+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
  const sentences: string[] = [];
  for (const block of blocks) {
    let start = 0;
    const ends = /[.!?]+["'’”)]*(?=\s+[\p{Lu}\p{N}"'‘“(]|\s*$)/gu;
    for (const m of block.matchAll(ends)) {
      const before = block.slice(start, m.index).split(' ').pop()!.toLowerCase();
      if (m[0].startsWith('.') && abbreviations.has(before.replace(/\.$/, ''))) continue;
      // A digit after the stop continues an article number or amount ("art. 41"), unless the stop ends a word.
      const next = block.slice(m.index + m[0].length).trimStart();
      if (/^\d/.test(next) && /^\d*$/.test(before)) continue;
      sentences.push(block.slice(start, m.index + m[0].length).trim());
      start = m.index + m[0].length;
    }
    const rest = block.slice(start).trim();
    if (rest) sentences.push(rest);
  }
  return sentences.filter((s) => words(s).length > 0);
}

/** The words of a text (letters or digits, with inner hyphens and apostrophes). */
export function words(text: string): string[] {
  return (text.match(wordPattern) ?? []).map((w) => w.replace(/[.-]+$/, ''));
}

export function countText(text: string): TextCounts {
  const counts: TextCounts = { words: 0, sentences: 0, syllables: 0, longSentences: 0, longWords: 0 };
  for (const sentence of splitSentences(text)) {
    const ws = words(sentence);
    counts.sentences++;
    counts.words += ws.length;
    if (ws.length > 20) counts.longSentences++;
    for (const w of ws) {
      const s = countSyllables(w);
      counts.syllables += s;
      if (s >= 4) counts.longWords++;
    }
  }
  return counts;
}

/**
 * Flesch–Douma (Douma 1960): 206.84 − 0.77 · syllables per 100 words − 0.93 · words per sentence.
 * (Some published implementations swap the two coefficients; this is Douma's order, see dbnl.org.)
 */
export function fleschDouma({
  words,
  sentences,
  syllables,
}: Pick<TextCounts, 'words' | 'sentences' | 'syllables'>): number {
  return 206.84 - 0.77 * ((syllables / words) * 100) - 0.93 * (words / sentences);
}

/**
 * Brouwer's leesindex A (1963): 195 − ⅔ · syllables per 100 words − 2 · words per sentence.
 * Often quoted as 195 − 2·ZL − 66.7·(syllables per word); 66.7 is ⅔ × 100 rounded.
 */
export function brouwer({
  words,
  sentences,
  syllables,
}: Pick<TextCounts, 'words' | 'sentences' | 'syllables'>): number {
  return 195 - (2 / 3) * ((syllables / words) * 100) - 2 * (words / sentences);
}

/** Every readability measure of a text; undefined for a text without words. */
export function readability(text: string): Readability | undefined {
  const c = countText(text);
  if (c.words === 0) return undefined;
  return {
    ...c,
    fleschDouma: fleschDouma(c),
    brouwer: brouwer(c),
    meanSentenceLength: c.words / c.sentences,
    shareLongSentences: c.longSentences / c.sentences,
    shareLongWords: c.longWords / c.words,
  };
}

export interface ReadabilityThresholds {
  /** Warn below this Flesch–Douma score. */
  minFleschDouma: number;
  /** Warn below this Brouwer score. */
  minBrouwer: number;
  /** Warn above this mean sentence length (words). */
  maxMeanSentenceLength: number;
  /** Warn above this share of sentences over 20 words. */
  maxShareLongSentences: number;
  /** Warn above this share of words of 4+ syllables. */
  maxShareLongWords: number;
}

/** Which thresholds a text's figures cross, as readable reasons. */
export function readabilityWarnings(r: Readability, t: ReadabilityThresholds): string[] {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const out: string[] = [];
  if (r.fleschDouma < t.minFleschDouma)
    out.push(`Flesch–Douma ${r.fleschDouma.toFixed(1)} is below ${t.minFleschDouma}`);
  if (r.brouwer < t.minBrouwer) out.push(`Brouwer ${r.brouwer.toFixed(1)} is below ${t.minBrouwer}`);
  if (r.meanSentenceLength > t.maxMeanSentenceLength)
    out.push(`mean sentence length ${r.meanSentenceLength.toFixed(1)} words is above ${t.maxMeanSentenceLength}`);
  if (r.shareLongSentences > t.maxShareLongSentences)
    out.push(
      `${pct(r.shareLongSentences)} of sentences have more than 20 words (threshold ${pct(t.maxShareLongSentences)})`,
    );
  if (r.shareLongWords > t.maxShareLongWords)
    out.push(`${pct(r.shareLongWords)} of words have 4 or more syllables (threshold ${pct(t.maxShareLongWords)})`);
  return out;
}
