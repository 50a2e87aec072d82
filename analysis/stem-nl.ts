/**
 * The Snowball Dutch stemmer (Martin Porter's algorithm, published as "dutch_porter" at
 * snowballstem.org/algorithms/dutch/stemmer.html), so that a search for "aanvragen" finds
 * "aanvraag" and "wachten" finds "wachtte". Tested against the Snowball project's own word list
 * (tests/fixtures/snowball/). Input: one lower-case word.
 */
const vowels = new Set('aeiouyè');
const isVowel = (c: string | undefined): boolean => c !== undefined && vowels.has(c);

/** Acute accents and diaereses go (ideeën → ideeen); i and y that act as consonants become I and Y. */
function prelude(word: string): string[] {
  const w = [...word.replace(/[äáëéïíöóüú]/g, (c) => 'aaeeiioouu'['äáëéïíöóüú'.indexOf(c)])];
  if (w[0] === 'y') w[0] = 'Y';
  for (let k = 1; k < w.length; k++) {
    if (!isVowel(w[k - 1])) continue;
    if (w[k] === 'i' && isVowel(w[k + 1])) w[k] = 'I';
    else if (w[k] === 'y') w[k] = 'Y';
  }
  return w;
}

/** R1 and R2: after the first non-vowel that follows a vowel (R1 starting at 3 at the earliest). */
function regions(w: string[]): [number, number] {
  const after = (from: number): number => {
    let k = from;
    while (k < w.length && !isVowel(w[k])) k++;
    while (k < w.length && isVowel(w[k])) k++;
    return Math.min(k + 1, w.length);
  };
  const r1 = after(0);
  return [Math.max(r1, 3), after(r1)];
}

export function stemDutch(word: string): string {
  const w = prelude(word);
  const [r1, r2] = regions(w);
  const ends = (s: string): boolean => w.length >= s.length && w.slice(w.length - s.length).join('') === s;
  const cut = (n: number): void => void w.splice(w.length - n, n);
  /** kk, dd, tt at the end lose a letter. */
  const undouble = (): void => {
    if (ends('kk') || ends('dd') || ends('tt')) cut(1);
  };
  /** -en after a non-vowel, not after "gem", in R1. */
  const enEnding = (len: number): boolean => {
    const at = w.length - len;
    if (at < r1 || isVowel(w[at - 1]) || w[at - 1] === undefined) return false;
    if (w.slice(at - 3, at).join('') === 'gem') return false;
    cut(len);
    undouble();
    return true;
  };
  let eFound = false;
  const eEnding = (): void => {
    eFound = false;
    const at = w.length - 1;
    if (w[at] === 'e' && at >= r1 && w[at - 1] !== undefined && !isVowel(w[at - 1])) {
      cut(1);
      eFound = true;
      undouble();
    }
  };

  // Step 1: the longest of heden, ene, en, se, s.
  if (ends('heden')) {
    if (w.length - 5 >= r1) w.splice(w.length - 5, 5, ...'heid');
  } else if (ends('ene')) enEnding(3);
  else if (ends('en')) enEnding(2);
  else if (ends('se') || ends('s')) {
    const len = ends('se') ? 2 : 1;
    const at = w.length - len;
    const before = w[at - 1];
    if (at >= r1 && before !== undefined && !isVowel(before) && before !== 'j') cut(len);
  }
  // Step 2: a final e.
  eEnding();
  // Step 3a: heid.
  if (ends('heid') && w.length - 4 >= r2 && w[w.length - 5] !== 'c') {
    cut(4);
    if (ends('en')) enEnding(2);
  }
  // Step 3b: the longest of end, ing, ig, lijk, baar, bar.
  const at = (n: number): number => w.length - n;
  if (ends('end') || ends('ing')) {
    if (at(3) >= r2) {
      cut(3);
      if (ends('ig') && at(2) >= r2 && w[at(2) - 1] !== 'e') cut(2);
      else undouble();
    }
  } else if (ends('ig')) {
    if (at(2) >= r2 && w[at(2) - 1] !== 'e') cut(2);
  } else if (ends('lijk')) {
    if (at(4) >= r2) {
      cut(4);
      eEnding();
    }
  } else if (ends('baar')) {
    if (at(4) >= r2) cut(4);
  } else if (ends('bar')) {
    if (at(3) >= r2 && eFound) cut(3);
  }
  // Step 4: a double vowel before a final consonant is undoubled (maan → man), after a consonant.
  const n = w.length;
  if (
    n >= 4 &&
    !isVowel(w[n - 1]) &&
    w[n - 1] !== 'I' &&
    ['aa', 'ee', 'oo', 'uu'].includes(w[n - 3] + w[n - 2]) &&
    !isVowel(w[n - 4])
  )
    w.splice(n - 2, 1);
  return w.join('').replace(/I/g, 'i').replace(/Y/g, 'y');
}
