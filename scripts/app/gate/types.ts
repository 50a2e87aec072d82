/**
 * What the publication gate hands to the site: plain, public-safe data. The site reads this and
 * nothing else; it never sees a participant code, and the public audience never sees a figure
 * from fewer residents than the minimum group size.
 */
import type { ChainEntry } from '../../../analysis/chain';
import type { ComponentKey } from '../../../analysis/friction';
import type { RepeatedItem } from '../../../analysis/tell-once';
import type { CompareReport } from '../reports/compare';
import type { Priority } from '../reports/priorities';
import type { StepGap } from '../reports/segments';
import type { Contact, Cost, Outcome, Room, Term } from '../../../procedures/schema';
import type { Finding, Fix, Verification } from '../../../research/repositories/findings';
import type { Code } from '../../../research/repositories/codebook';

export type Audience = 'public' | 'team';

export interface SiteFriction {
  /** Residents behind the figure (distinct participants). */
  residents: number;
  value: number;
  low: number;
  high: number;
  indicative: boolean;
  /** laag / gemiddeld / hoog, shown beside the number, never colour alone. */
  label: 'laag' | 'gemiddeld' | 'hoog';
  /** The components that count most, with their share, for the step page. */
  components: { key: ComponentKey; estimate: number; events: number; n: number }[];
}

export interface SiteStep {
  slug: string;
  /** The number on the main route; null for a conditional, optional or objection step (not numbered in line). */
  position: number | null;
  /** Others who take part besides the responsible actor (names). */
  with: string[];
  condition: string | null;
  optional: boolean;
  automatic: boolean;
  /** Nothing entered here reaches the organisation (an anonymous check). */
  anonymous: boolean;
  objection: string | null;
  /** The outcomes (end states) this step can lead to. */
  ends: {
    outcome: string;
    title: string;
    kind: Outcome['kind'];
    condition: string | null;
    en: { title?: string; condition?: string };
  }[];
  /** English texts where the file has them. */
  en: { title?: string; description?: string; condition?: string; typicalDuration?: string };
  title: string;
  actor: string;
  actorName: string;
  department: string;
  actorKind: string;
  channels: string[];
  description: string;
  asks: string[];
  documents: string[];
  typicalDuration: string | null;
  targetMinutes: number | null;
  /** The team's waiting norm (an assumption for scoring): null on the public site. */
  waitNormDays: number | null;
  limits: string[];
  next: { step: string; kind: string; condition: string | null; en: { condition?: string } }[];
  /** Null when suppressed: fewer residents than the minimum group size, or no study. */
  friction: SiteFriction | null;
  /** Median-like typical time on the step (geometric mean, minutes), only with a friction figure. */
  minutes: number | null;
  /** Distinct quotes, the experience most residents had first; `hard`: whether the quoting resident found the step hard (null: not recorded). */
  quotes: { text: string; redacted: boolean; hard: boolean | null }[];
}

export interface SiteReadability {
  fleschDouma: number;
  brouwer: number;
  meanSentenceLength: number;
  shareLongSentences: number;
  shareLongWords: number;
  words: number;
}

export interface SiteLimit {
  slug: string;
  title: string;
  steps: string[];
  rule: string;
  why: string;
  options: string;
  law: string;
  article: string;
  url: string;
  sources: { title: string; url: string }[];
  knownFriction: { summary: string; url: string }[];
  /** What is not yet verified: for the team and the "Voor professionals" section, never the resident's text. */
  uncertain: string | null;
  /** A caveat for residents, in one plain sentence. */
  notice: string | null;
  /** The amounts the rule sets, each with its source and the dates it was checked and applies to. */
  amounts: Cost[];
  lastChecked: string;
  readability: Record<'rule' | 'why' | 'options', SiteReadability>;
  /** Every legal basis, the main one first. */
  legalBases: { law: string; article: string; url: string }[];
  /** The room the rule leaves staff: team builds only (null on the public site). */
  room: SiteRoom[] | null;
  en: { title?: string; notice?: string; rule?: string; why?: string; options?: string };
}

export interface SiteRoom {
  kind: Room['kind'];
  text: string;
  who: string;
  law: string;
  article: string;
  url: string;
}

export interface SiteProcedure {
  /** The steps table as a CSV download (made by the gate: neutralised against formula injection). */
  stepsCsv: string;
  slug: string;
  title: string;
  shortTitle: string;
  version: string;
  validFrom: string;
  municipality: string;
  summary: string;
  /** Notes on how the content was checked: the team and "Voor professionals" only. */
  caveats: string[];
  /** What a resident must know first, in one plain sentence. */
  notice: string | null;
  sources: { title: string | null; url: string }[];
  format: 1 | 2;
  start: {
    url: string | null;
    label: string | null;
    digid: boolean;
    otherWays: string | null;
    en: { label?: string; otherWays?: string };
  } | null;
  contact: Contact | null;
  help: Contact[];
  costs: (Cost & { source: { title: string; url: string } })[];
  outcomes: Outcome[];
  /** Legal terms for everyone; the team's working assumptions only in a team build. */
  terms: Term[];
  en: { title?: string; shortTitle?: string; summary?: string; notice?: string };
  actors: { slug: string; name: string; department: string; kind: string }[];
  departments: string[];
  steps: SiteStep[];
  limits: SiteLimit[];
  study: { round: number; startedOn: string; endedOn: string | null; residents: number | null } | null;
}

export interface TeamData {
  priorities: Priority[];
  comparisons: CompareReport[];
  /** Per procedure's latest study: at each step, the group of residents with the highest friction against the rest. */
  gaps: { procedure: string; study: string; steps: StepGap[] }[];
  tellOnce: { procedure: string; items: RepeatedItem[] }[];
  chains: { procedure: string; actor: string; actorName: string; steps: ChainEntry[] }[];
  quotes: { procedure: string; step: string | null; quote: string; text: string; tags: string[]; kind: string }[];
  /** Every study's quotes consent lets the team read, for search: with the scope they may reach. */
  quoteIndex: {
    quote: string;
    study: string;
    procedure: string;
    step: string | null;
    stepTitle: string | null;
    text: string;
    tags: string[];
    scope: 'public' | 'team';
  }[];
  /** The codebook as a tree, with counts of the quotes the team may read (a code with the codes under it). */
  codebook: Code[];
  /** How often each code (with the codes under it) occurs per step (procedure/step). */
  codeSteps: { code: string; step: string; quotes: number; residents: number }[];
  /** Findings with their evidence, the fixes that answer them, and each fix's verification. */
  findings: (Finding & {
    procedure: string | null;
    /** The evidence quotes with their words, or null where consent does not cover the team. */
    quotes: { quote: string; text: string | null }[];
  })[];
  fixes: Fix[];
  verifications: Verification[];
  /** Per procedure's latest study: the limits that blocked most residents, beside the room each leaves. */
  blockingLimits: {
    procedure: string;
    study: string;
    limits: { limit: string; title: string; residents: number; room: SiteRoom[] }[];
  }[];
}

export interface BlockedText {
  where: string;
  kinds: string[];
  action: 'left out' | 'redacted';
}

export interface SiteData {
  audience: Audience;
  generatedAt: string;
  /** The configured address of the published site (absolute hreflang links), or null. */
  siteUrl: string | null;
  minGroupSize: number;
  confidence: number;
  procedures: SiteProcedure[];
  team: TeamData | null;
  blocked: BlockedText[];
}
