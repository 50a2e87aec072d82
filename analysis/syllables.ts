/**
 * Dutch syllable counting by vowel nuclei (shared/docs/friction-science.md): the digraphs
 * aa ee oo uu ie oe eu ui ei ij ou au and trigraphs aai ooi oei eeu ieu count once; a letter
 * with a diaeresis starts a new nucleus (zeeën = 2); a final -e is a schwa and counts.
 * Hyphenation patterns mark break points, not syllables, so they are not used here.
 */
const trigraphs = ['aai', 'ooi', 'oei', 'eeu', 'ieu'];
const digraphs = ['aa', 'ee', 'oo', 'uu', 'ie', 'oe', 'eu', 'ui', 'ei', 'ij', 'ou', 'au'];
const vowels = new Set('aeiouyáéíóúàèìòùâêîôû');
const diaeresis = new Set('äëïöü');

/**
 * Syllables in one Dutch word; at least 1 for any word with a letter or digit.
 * @example countSyllables('zeeën') // 2
 */
export function countSyllables(word: string): number {
  const w = word.toLowerCase();
  let count = 0;
  let i = 0;
  while (i < w.length) {
    const ch = w[i];
    if (diaeresis.has(ch)) {
      count++;
      i++;
      continue;
    }
    if (!vowels.has(ch)) {
      i++;
      continue;
    }
    count++;
    const three = w.slice(i, i + 3);
    const two = w.slice(i, i + 2);
    i += trigraphs.includes(three) ? 3 : digraphs.includes(two) ? 2 : 1;
  }
  return Math.max(count, /[\p{L}\p{N}]/u.test(w) ? 1 : 0);
}
