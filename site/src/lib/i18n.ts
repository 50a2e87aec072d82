/** Interface text in Dutch (default) and English, and the routes of every page in both. */
import { solidN, type ComponentKey } from '../../../analysis/friction';

export type Lang = 'nl' | 'en';

export const routes = {
  home: (l: Lang) => (l === 'nl' ? '/' : '/en/'),
  procedure: (l: Lang, p: string) => `${l === 'nl' ? '' : '/en'}/${p}/`,
  step: (l: Lang, p: string, s: string) => `${l === 'nl' ? '' : '/en'}/${p}/${l === 'nl' ? 'stap' : 'step'}/${s}/`,
  limit: (l: Lang, p: string, r: string) => `${l === 'nl' ? '' : '/en'}/${p}/${l === 'nl' ? 'regel' : 'rule'}/${r}/`,
  accessibility: (l: Lang) => (l === 'nl' ? '/toegankelijkheid/' : '/en/accessibility/'),
  friction: (l: Lang) => (l === 'nl' ? '/frictie/' : '/en/friction/'),
  method: (l: Lang) => (l === 'nl' ? '/methode/' : '/en/method/'),
  csv: (p: string) => `/${p}/stappen.csv`,
  team: () => '/team/',
  teamProcedure: (p: string) => `/team/${p}/`,
};

/** The friction components as a resident reads them (the command line's names are componentNames). */
const componentsNl: Record<ComponentKey, string> = {
  notCompleted: 'lukte niet zonder hulp',
  overTime: 'duurde langer dan de norm',
  errors: 'maakte fouten',
  hardRating: 'vond het moeilijk',
  retold: 'moest informatie opnieuw geven',
  handoff: 'werd doorgestuurd',
  longWait: 'wachtte lang',
  channelSwitch: 'moest van kanaal wisselen',
};

const nl = {
  components: componentsNl,
  siteName: 'Drempels in aanvragen',
  skip: 'Naar de inhoud',
  otherLanguage: 'English',
  otherLanguageLang: 'en',
  navHome: 'Alle regelingen',
  navFriction: 'Hoe wij meten',
  navAccessibility: 'Toegankelijkheid',
  help: 'Hulp nodig? Op de pagina van elke regeling staat wie u kunt bellen. Dit is een onderzoekssite; u kunt hier niets aanvragen.',
  questions: (who: string) => `Vragen over deze regeling? Neem contact op met ${who}.`,
  questionsPhone: (who: string) => `Vragen over deze regeling? Bel ${who}:`,
  researchSite: 'Dit is een onderzoekssite; u kunt hier niets aanvragen.',
  start: 'Beginnen',
  startOnline: (digid: boolean): string => (digid ? 'Hiervoor heeft u DigiD nodig.' : 'U heeft geen DigiD nodig.'),
  startOffline: 'U kunt niet online beginnen.',
  contact: 'Contact',
  phone: 'Telefoon',
  address: 'Adres',
  website: 'Website',
  websiteOf: (who: string) => `website van ${who}`,
  helpTitle: 'Hulp nodig?',
  costs: 'Kosten',
  checkedOn: (date: string) => `Gecontroleerd op ${date}.`,
  terms: 'Termijnen',
  optionalStep: 'Als u wilt',
  objectionStep: 'Als u het niet eens bent',
  then: 'Daarna',
  homeTitle: 'Zo gaan aanvragen bij de gemeente',
  homeIntro:
    'Op deze site ziet u hoe een aanvraag bij de gemeente gaat, stap voor stap. U leest ook waarom een regel bestaat en wat u kunt doen. Wij hebben inwoners gevraagd waar het moeilijk was. Dat ziet u bij elke stap.',
  procedures: 'Regelingen',
  steps: 'Stappen',
  stepOf: (n: number, total?: number) => (total === undefined ? `stap ${n}` : `Stap ${n} van ${total}`),
  offRoute: 'Niet voor iedereen',
  who: 'Wie',
  channel: 'Hoe',
  handoffTo: 'Daarna naar',
  waiting: 'Wachttijd',
  friction: 'Drempel',
  asks: 'Wat wordt gevraagd',
  documents: 'Wat u meeneemt of meestuurt',
  typicalTime: 'Hoe lang het duurt',
  measuredTime: 'Gemeten tijd (gemiddeld)',
  rulesHere: 'Regels bij deze stap',
  tooFew: 'Nog te weinig gegevens',
  residentsObserved: (n: number) => `${counted('nl', n, { one: 'inwoner', other: 'inwoners' })} gevolgd`,
  interval: (lo: string, hi: string) => `waarschijnlijk tussen ${lo} en ${hi}`,
  indicative: `voorlopig: minder dan ${solidN} inwoners`,
  level: { laag: 'laag', gemiddeld: 'gemiddeld', hoog: 'hoog' } as Record<string, string>,
  or: 'of',
  waitDays: (d: number) => (d === 0 ? 'geen' : counted('nl', d, { one: 'dag', other: 'dagen' })),
  mapTitle: 'Kaart van de stappen per afdeling',
  mapToggle: 'Toon de kaart',
  mapToggleClose: 'Verberg de kaart',
  plusSome: (n: number) => `(en ${counted('nl', n, { one: 'stap', other: 'stappen' })} voor sommige mensen)`,
  startLeaves: 'De knop brengt u naar de website van de gemeente. Daar vraagt u het aan.',
  provisional: `Dit is nog voorlopig: wij volgden minder dan ${solidN} mensen bij deze stap.`,
  levelsExplained:
    'Bij een stap ziet u soms een kleine, middelgrote of grote drempel. Dat zegt hoe moeilijk de mensen die wij volgden die stap vonden.',
  amountsOld: 'Deze bedragen zijn meer dan een jaar oud: controleer het actuele bedrag',
  listTitle: 'De stappen op een rij',
  tableTitle: 'Alle stappen in een tabel',
  downloadCsv: 'Download de tabel (CSV)',
  caption: (n: number, depts: number, waits: number | null) =>
    `${counted('nl', n, { one: 'stap', other: 'stappen' })}, ${counted('nl', depts, { one: 'afdeling', other: 'afdelingen' })}${waits === null ? '' : `, ${waits} keer wachten`}`,
  quotesTitle: 'Wat inwoners zeiden',
  rule: 'De regel',
  why: 'Waarom deze regel',
  legalBasis: 'Wettelijke basis',
  options: 'Wat kunt u doen',
  sources: 'Bronnen',
  lastChecked: 'Laatst gecontroleerd',
  uncertain: 'Nog niet zeker',
  knownFriction: 'Wat anderen zagen',
  readabilityTitle: 'Hoe leesbaar is deze uitleg?',
  caveats: 'Let op',
  studyNote: (round: number, from: string, to: string | null, n: number | null) =>
    `Gemeten in onderzoeksronde ${round} (${from}${to ? ` tot ${to}` : ''})${n ? ` met ${n} inwoners` : ''}.`,
  noStudy: 'Voor deze regeling zijn nog geen inwoners gevolgd.',
  appliesTo: 'Geldt bij',
  contentDutch: '',
  back: 'Terug naar',
  keyboard: 'Gebruik de pijltjestoetsen om van stap naar stap te gaan. Druk op Enter om een stap te openen.',
  filterDepartment: 'Toon afdeling',
  filterActor: 'Toon wie',
  filterChannel: 'Toon kanaal',
  all: 'Alle',
  lanes: 'afdelingen',
  startOfflineCall: (who: string, phone: string) => `U kunt niet online beginnen. Bel ${who}: ${phone}.`,
  questionsCall: 'Vragen? Bel',
  questionsWeb: 'Vragen? Kijk op de',
  whatYouNeed: 'Wat heeft u nodig?',
  whatYouNeedLink: (n: number) => `Bekijk wat u nodig heeft (${counted('nl', n, { one: 'ding', other: 'dingen' })})`,
  forEveryone: 'Voor iedereen',
  atStep: 'bij',
  print: 'Druk deze lijst af',
  printHint: 'U kunt deze lijst afdrukken via het menu van uw browser.',
  howLong: 'Hoe lang duurt het?',
  youDo: 'Wat u zelf doet',
  checkAmount: 'Dit bedrag is meer dan een jaar oud: controleer het actuele bedrag',
  amountOn: (date: string) => `bedrag van ${date}`,
  route: 'De stappen',
  and: 'en',
  partOf: 'Onderdeel van',
  previous: 'Vorige stap',
  next: 'Volgende stap',
  allSteps: 'Alle stappen',
  professionals: 'Voor professionals',
  professionalsIntro:
    'Hieronder staat hoe wij de drempels meten en waar de informatie vandaan komt. Dit is voor onderzoekers en medewerkers.',
  evidenceTitle: 'Wat wij zagen',
  dutchOnly: '',
  notChecked: 'Nog niet gecontroleerd',
  amounts: 'Bedragen',
  level2: { laag: 'Kleine drempel', gemiddeld: 'Middelgrote drempel', hoog: 'Grote drempel' } as Record<string, string>,
  tooFewShort: 'Te weinig gegevens',
  mapLegend: {
    legendTitle: 'Zo leest u de kaart',
    legendLow: 'Kleine drempel (lichte balk)',
    legendMedium: 'Middelgrote drempel (gestreepte balk)',
    legendHigh: 'Grote drempel (geruite balk)',
    legendTooFew: 'Te weinig gegevens (geen balk)',
    legendArrows: 'Pijlen',
    legendNext: 'Volgende stap',
    legendHandoff: 'Naar een andere afdeling (dikke pijl)',
    legendReturn: 'Terug naar een eerdere stap (gestreepte pijl)',
    legendOffRoute: 'Alleen voor sommige mensen (gestreepte rand)',
  },
  stepTitle: 'Stap',
  handedTo: 'Overdracht naar',
};

type Dict = typeof nl;

const en: Dict = {
  components: {
    notCompleted: 'did not manage without help',
    overTime: 'took longer than the norm',
    errors: 'made mistakes',
    hardRating: 'found it hard',
    retold: 'had to give information again',
    handoff: 'was sent elsewhere',
    longWait: 'waited long',
    channelSwitch: 'had to switch channel',
  },
  siteName: 'Barriers in applications',
  skip: 'Skip to content',
  otherLanguage: 'Nederlands',
  otherLanguageLang: 'nl',
  navHome: 'All procedures',
  navFriction: 'How we measure',
  navAccessibility: 'Accessibility',
  help: 'Need help? The page of each scheme says whom to call. This is a research site; you cannot apply here.',
  homeTitle: 'How applications to the municipality work',
  homeIntro:
    'This site shows how an application to the municipality works, step by step, why each rule exists and what you can do. We asked residents where it was hard; you see that at every step.',
  procedures: 'Procedures',
  steps: 'Steps',
  stepOf: (n, total) => (total === undefined ? `step ${n}` : `Step ${n} of ${total}`),
  offRoute: 'Not for everyone',
  questions: (who) => `Questions about this scheme? Contact ${who}.`,
  questionsPhone: (who) => `Questions about this scheme? Call ${who}:`,
  researchSite: 'This is a research site; you cannot apply for anything here.',
  start: 'Start',
  startOnline: (digid) => (digid ? 'For this you need DigiD.' : 'You do not need DigiD.'),
  startOffline: 'You cannot start online.',
  contact: 'Contact',
  phone: 'Phone',
  address: 'Address',
  website: 'Website',
  websiteOf: (who) => `${who} website`,
  helpTitle: 'Need help?',
  costs: 'Costs',
  checkedOn: (date) => `Checked on ${date}.`,
  terms: 'Time limits',
  optionalStep: 'If you want',
  objectionStep: 'If you disagree',
  then: 'Then',
  who: 'Who',
  channel: 'How',
  handoffTo: 'Then to',
  waiting: 'Waiting',
  friction: 'Barrier',
  asks: 'What is asked',
  documents: 'What you bring or send',
  typicalTime: 'How long it takes',
  measuredTime: 'Measured time (average)',
  rulesHere: 'Rules at this step',
  tooFew: 'Not enough data yet',
  residentsObserved: (n) => `${counted('en', n, { one: 'resident', other: 'residents' })} followed`,
  interval: (lo, hi) => `probably between ${lo} and ${hi}`,
  indicative: `provisional: fewer than ${solidN} residents`,
  level: { laag: 'low', gemiddeld: 'medium', hoog: 'high' },
  or: 'or',
  waitDays: (d) => (d === 0 ? 'none' : counted('en', d, { one: 'day', other: 'days' })),
  mapTitle: 'Map of the steps by department',
  mapToggle: 'Show the map',
  mapToggleClose: 'Hide the map',
  plusSome: (n) => `(and ${counted('en', n, { one: 'step', other: 'steps' })} for some people)`,
  startLeaves: "The button takes you to the municipality's website. You apply there.",
  provisional: `This is provisional: we followed fewer than ${solidN} people at this step.`,
  levelsExplained:
    'At some steps you see a small, medium or big barrier. It says how hard the people we followed found that step.',
  amountsOld: 'These amounts are more than a year old: check the current amount',
  listTitle: 'The steps in order',
  tableTitle: 'All steps in a table',
  downloadCsv: 'Download the table (CSV)',
  caption: (n, depts, waits) =>
    `${counted('en', n, { one: 'step', other: 'steps' })}, ${counted('en', depts, { one: 'department', other: 'departments' })}${waits === null ? '' : `, ${counted('en', waits, { one: 'wait', other: 'waits' })}`}`,
  quotesTitle: 'What residents said',
  rule: 'The rule',
  why: 'Why this rule exists',
  legalBasis: 'Legal basis',
  options: 'What you can do',
  sources: 'Sources',
  lastChecked: 'Last checked',
  uncertain: 'Not yet certain',
  knownFriction: 'What others found',
  readabilityTitle: 'How readable is this explanation?',
  caveats: 'Please note',
  studyNote: (round, from, to, n) =>
    `Measured in research round ${round} (${from}${to ? ` to ${to}` : ''})${n ? ` with ${n} residents` : ''}.`,
  noStudy: 'No residents have been followed for this procedure yet.',
  appliesTo: 'Applies at',
  contentDutch: 'The texts of this procedure are in Dutch.',
  back: 'Back to',
  keyboard: 'Use the arrow keys to move from step to step. Press Enter to open a step.',
  filterDepartment: 'Show department',
  filterActor: 'Show who',
  filterChannel: 'Show channel',
  all: 'All',
  lanes: 'departments',
  startOfflineCall: (who, phone) => `You cannot start online. Call ${who}: ${phone}.`,
  questionsCall: 'Questions? Call',
  questionsWeb: 'Questions? See the',
  whatYouNeed: 'What do you need?',
  whatYouNeedLink: (n) => `See what you need (${counted('en', n, { one: 'thing', other: 'things' })})`,
  forEveryone: 'For everyone',
  atStep: 'at',
  print: 'Print this list',
  printHint: "You can print this list from your browser's menu.",
  howLong: 'How long does it take?',
  youDo: 'What you do yourself',
  checkAmount: 'This amount is more than a year old: check the current amount',
  amountOn: (date) => `amount of ${date}`,
  route: 'The steps',
  and: 'and',
  partOf: 'Part of',
  previous: 'Previous step',
  next: 'Next step',
  allSteps: 'All steps',
  professionals: 'For professionals',
  professionalsIntro:
    'Below is how we measure the barriers and where the information comes from. This is for researchers and staff.',
  evidenceTitle: 'What we saw',
  dutchOnly: 'Some texts on this page are only in Dutch so far. They are marked as Dutch for screen readers.',
  notChecked: 'Not yet checked',
  amounts: 'Amounts',
  level2: { laag: 'Small barrier', gemiddeld: 'Medium barrier', hoog: 'Big barrier' },
  tooFewShort: 'Not enough data',
  mapLegend: {
    legendTitle: 'How to read the map',
    legendLow: 'Small barrier (light band)',
    legendMedium: 'Medium barrier (striped band)',
    legendHigh: 'Big barrier (cross-hatched band)',
    legendTooFew: 'Not enough data (no band)',
    legendArrows: 'Arrows',
    legendNext: 'Next step',
    legendHandoff: 'To another department (thick arrow)',
    legendReturn: 'Back to an earlier step (dashed arrow)',
    legendOffRoute: 'Only for some people (dashed border)',
  },
  stepTitle: 'Step',
  handedTo: 'Handed to',
};

export const t = (l: Lang): Dict => (l === 'nl' ? nl : en);

/**
 * What was seen at a step, as a sentence a resident reads: "Bij 9 van de 14 mensen lukte dit niet
 * zonder hulp", "3 of 15 people were sent elsewhere". The verb agrees with the count through
 * Intl.PluralRules, never by string concatenation.
 */
const evidence: Record<Lang, Record<ComponentKey, { one: string; other: string }>> = {
  nl: {
    notCompleted: { one: 'Bij {x} van de {n} mensen lukte dit niet zonder hulp.', other: '' },
    overTime: { one: 'Bij {x} van de {n} mensen duurde dit langer dan verwacht.', other: '' },
    errors: { one: 'Bij {x} van de {n} mensen ging er iets mis.', other: '' },
    hardRating: {
      one: '{x} van de {n} mensen vond dit moeilijk.',
      other: '{x} van de {n} mensen vonden dit moeilijk.',
    },
    retold: {
      one: '{x} van de {n} mensen moest informatie opnieuw geven.',
      other: '{x} van de {n} mensen moesten informatie opnieuw geven.',
    },
    handoff: { one: '{x} van de {n} mensen werd doorgestuurd.', other: '{x} van de {n} mensen werden doorgestuurd.' },
    longWait: { one: 'Bij {x} van de {n} mensen duurde het wachten lang.', other: '' },
    channelSwitch: {
      one: '{x} van de {n} mensen moest het op een andere manier proberen, bijvoorbeeld bellen.',
      other: '{x} van de {n} mensen moesten het op een andere manier proberen, bijvoorbeeld bellen.',
    },
  },
  en: {
    notCompleted: { one: '{x} of {n} people could not do this without help.', other: '' },
    overTime: { one: 'For {x} of {n} people this took longer than expected.', other: '' },
    errors: { one: '{x} of {n} people made a mistake.', other: '{x} of {n} people made mistakes.' },
    hardRating: { one: '{x} of {n} people found this hard.', other: '' },
    retold: { one: '{x} of {n} people had to give information again.', other: '' },
    handoff: { one: '{x} of {n} people was sent elsewhere.', other: '{x} of {n} people were sent elsewhere.' },
    longWait: { one: '{x} of {n} people waited a long time.', other: '' },
    channelSwitch: {
      one: '{x} of {n} people had to try another way, such as calling.',
      other: '',
    },
  },
};

/** The sentence for `x` of `n` residents with a friction event; the plural form follows x. */
export function evidenceSentence(lang: Lang, key: ComponentKey, x: number, n: number): string {
  const forms = evidence[lang][key];
  const form = new Intl.PluralRules(lang).select(x) === 'one' || !forms.other ? forms.one : forms.other;
  const fmt = (v: number) => v.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB');
  return form.replace('{x}', fmt(x)).replace('{n}', fmt(n));
}

/** A count with its noun in the right form: "1 stap", "3 stappen". */
export function counted(lang: Lang, n: number, forms: { one: string; other: string }): string {
  return `${n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')} ${new Intl.PluralRules(lang).select(n) === 'one' ? forms.one : forms.other}`;
}

/** A date as residents read it: 28 november 2026, 28 November 2026 (not 2026-11-28). */
export const longDate = (l: Lang, iso: string) =>
  new Intl.DateTimeFormat(l === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));

/** Numbers as residents read them: 0,45 in Dutch, 0.45 in English. */
export const num = (l: Lang, x: number, digits = 2) =>
  x.toLocaleString(l === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A text in the page's language where the file has it: the English text on the English site, else the Dutch. */
export function inLang(lang: Lang, nl: string, en: string | undefined): { text: string; lang: Lang } {
  return lang === 'en' && en ? { text: en, lang: 'en' } : { text: nl, lang: 'nl' };
}

/** The kinds of room in a rule, as the (Dutch) team site names them. */
export const roomKindNl = {
  'hardship clause': 'hardheidsclausule',
  discretion: 'kan-bepaling',
  tailoring: 'maatwerk',
  exception: 'uitzondering',
} as const;
