/**
 * Dutch syllable counting by vowel nuclei (docs/method.md): the digraphs aa ee oo uu ie oe eu
 * ui ei ij ou au and trigraphs aai ooi oei eeu ieu count once; a letter with a diaeresis starts a
 * new nucleus (zeeën = 2); a final -e is a schwa and counts. Hyphenation patterns mark break
 * points, not syllables, so they are not used here.
 *
 * Loanwords follow their own spelling: French "eau" is one vowel (bureau, cadeau, niveau), Latin
 * "-eum" two (museum, lyceum), and common English loans are listed with their Dutch syllable
 * count (e-mail, team, online, website). A hyphenated word counts per part.
 */
const trigraphs = ['aai', 'ooi', 'oei', 'eeu', 'ieu'];
const digraphs = ['aa', 'ee', 'oo', 'uu', 'ie', 'oe', 'eu', 'ui', 'ei', 'ij', 'ou', 'au'];
const vowels = new Set('aeiouyáéíóúàèìòùâêîôû');
const diaeresis = new Set('äëïöü');

/**
 * English loans in Dutch text, with their syllables as a Dutch reader says them. They count as a
 * whole word, or as the first or last part of a compound (teamleider, nieuwsupdate), with an
 * inflection (teams, mailen, updates).
 */
const loans: Record<string, number> = {
  mail: 1,
  team: 1,
  online: 2,
  offline: 2,
  website: 2,
  site: 1,
  update: 2,
  coach: 1,
  download: 2,
  upload: 2,
  service: 2,
  deadline: 2,
  feedback: 2,
  timing: 2,
  chat: 1,
  whatsapp: 2,
  laptop: 2,
  smartphone: 2,
  homepage: 2,
  helpdesk: 2,
  inbox: 2,
};
const inflection = '(?:s|n|en|e|je|tje|jes|tjes)?';
const loanStart = new RegExp(`^(${Object.keys(loans).join('|')})`);
const loanEnd = new RegExp(`(${Object.keys(loans).join('|')})${inflection}$`);

/** Vowel nuclei by the Dutch rules above, without the loanword corrections. */
function nuclei(w: string): number {
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
  return count;
}

/** How far a loan's Dutch-rule count is off, where it stands in the word. */
function loanCorrection(w: string): number {
  let correction = 0;
  const start = loanStart.exec(w);
  const end = loanEnd.exec(w);
  if (start) correction += loans[start[1]] - nuclei(start[1]);
  if (end && !(start && end.index === 0 && start[1] === end[1])) correction += loans[end[1]] - nuclei(end[1]);
  return correction;
}

/**
 * Syllables in one Dutch word; at least 1 for any word with a letter or digit.
 * @example countSyllables('zeeën') // 2
 * @example countSyllables('bureau') // 2
 */
export function countSyllables(word: string): number {
  const w = word.toLowerCase();
  if (w.includes('-'))
    return (
      w
        .split('-')
        .filter(Boolean)
        .reduce((n, part) => n + countSyllables(part), 0) || (/[\p{L}\p{N}]/u.test(w) ? 1 : 0)
    );
  let count = nuclei(w);
  count -= (w.match(/eau/g) ?? []).length; // e + au counted two; French eau is one vowel
  if (/eums?$/.test(w)) count++; // museum: e and u are two vowels, not the digraph eu
  count += loanCorrection(w);
  return Math.max(count, /[\p{L}\p{N}]/u.test(w) ? 1 : 0);
}
