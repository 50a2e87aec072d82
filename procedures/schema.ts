/**
 * The procedure format: one zod schema per concept; TypeScript types are derived from them so
 * each shape is written down once (Starlight's `schemas/`). Documented in procedures/README.md.
 */
import { z } from 'zod';
import { defaultWaitNorm } from '../analysis/friction';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a slug: lowercase letters, digits and hyphens');
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
      .refine(
        (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
        'expected a date that exists',
      ),
  );

/** A link a resident may follow: https only (never javascript:, data: or plain http). */
const httpsUrl = z
  .string()
  .url('expected a link such as https://wetten.overheid.nl/…')
  .refine(
    (u) => /^https:\/\/[^/\s]+/i.test(u),
    'expected an https:// link (javascript:, data: and http:// links are refused)',
  );

/** An identifier that happens to be a URI (the UPL's OWMS terms are http:// by definition): http or https, nothing else. */
const identifierUri = z
  .string()
  .url()
  .refine((u) => /^https?:\/\/[^/\s]+/i.test(u), 'expected an http:// or https:// URI');

/** Where legal bases live: the national law collection and the local regulations collection. */
export const legalHosts = ['wetten.overheid.nl', 'lokaleregelgeving.overheid.nl'] as const;

export const actorKinds = ['resident', 'front office', 'back office', 'external organisation'] as const;
export const transitionKinds = ['next', 'branch', 'return', 'handoff'] as const;

export const ActorSchema = z
  .object({
    slug,
    name: z.string().min(1),
    department: z.string().min(1),
    kind: z.enum(actorKinds),
  })
  .strict();

export const ChannelSchema = z.object({ slug, name: z.string().min(1) }).strict();

export const InformationItemSchema = z
  .object({ slug, name: z.string().min(1), description: z.string().optional() })
  .strict();

/** Texts in English beside the Dutch ones a resident reads (format 2); the English site uses them where present. */
const english = <K extends string>(...keys: K[]) =>
  z
    .object(
      Object.fromEntries(keys.map((k) => [k, z.string().min(1).optional()])) as Record<K, z.ZodOptional<z.ZodString>>,
    )
    .strict();

/** The kinds of objection and appeal a resident has after a decision, in the order they come. */
export const objectionKinds = ['bezwaar', 'administratief beroep', 'beroep', 'hoger beroep', 'ombudsman'] as const;

export const StepSchema = z
  .object({
    slug,
    title: z.string().min(1),
    /** The actor responsible for the step. */
    actor: slug,
    /** Format 2: other actors who take part ("inwoner, mantelzorger of huisarts"). */
    with: z.array(slug).optional(),
    /** Format 2: a step only some residents meet, with the condition in plain words ("alleen als u jonger bent dan 27"). */
    condition: z.string().min(1).optional(),
    /** Format 2: a step a resident may choose to take or skip. */
    optional: z.boolean().optional(),
    /** Format 2: a step that needs nobody's action (automatic kwijtschelding). */
    automatic: z.boolean().optional(),
    /** Format 2: a self-service or anonymous step (an online check) that shares no data with the organisation. */
    anonymous: z.boolean().optional(),
    /** Format 2: a step of the objection route. */
    objection: z.enum(objectionKinds).optional(),
    en: english('title', 'description', 'condition', 'typical_duration').optional(),
    channels: z.array(slug).min(1),
    description: z.string().min(1),
    asks: z.array(slug).default([]),
    documents: z.array(z.string().min(1)).default([]),
    typical_duration: z.string().optional(),
    /** Target time on the step, in minutes: observations above it count as overTime. */
    target_minutes: z.number().positive().optional(),
    /** Waiting norm in days: observations waiting longer count as longWait (default 7, the model's). */
    wait_norm_days: z.number().nonnegative().default(defaultWaitNorm),
    /** Share of applicants who reach this step, 0–1. */
    reach: z.number().min(0).max(1),
  })
  .strict();

export const TransitionSchema = z
  .object({
    from: slug,
    to: slug,
    kind: z.enum(transitionKinds),
    condition: z.string().optional(),
    en: english('condition').optional(),
  })
  .strict();

/** The end states a procedure can reach (format 2). */
export const outcomeKinds = ['granted', 'refused', 'granted automatically', 'withdrawn', 'referred'] as const;

export const OutcomeSchema = z
  .object({
    slug,
    kind: z.enum(outcomeKinds),
    title: z.string().min(1),
    description: z.string().min(1).optional(),
    en: english('title', 'description').optional(),
  })
  .strict();

/** Where a text or figure comes from: a page with a title. */
export const SourceSchema = z.object({ title: z.string().min(1), url: httpsUrl }).strict();

/** An organisation a resident can contact: the one that runs the procedure, or one that helps. */
export const ContactSchema = z
  .object({
    organisation: z.string().min(1),
    /** What to contact them for ("vragen over uw aanvraag", "hulp bij het invullen"). */
    about: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    opening_hours: z.string().min(1).optional(),
    address: z.string().min(1).optional(),
    web: httpsUrl.optional(),
    source: SourceSchema.optional(),
    en: english('about', 'opening_hours').optional(),
  })
  .strict();

/** Where a resident starts: the real online form, whether DigiD is needed, and the other ways in. */
export const StartSchema = z
  .object({
    /** The page of the online form; absent when the procedure cannot be started online. */
    url: httpsUrl.optional(),
    label: z.string().min(1).optional(),
    digid: z.boolean(),
    /** Other ways to start, in plain words ("Geen DigiD? Vul het formulier zonder DigiD in."). */
    other_ways: z.string().min(1).optional(),
    en: english('label', 'other_ways').optional(),
  })
  .strict();

export const costPeriods = ['once', 'per month', 'per year', 'per four weeks'] as const;

/** A cost the resident pays (eigen bijdrage, leges): an amount or a rule, with its source and the date it was checked. */
export const CostSchema = z
  .object({
    title: z.string().min(1),
    /** Euros. */
    amount: z.number().nonnegative().optional(),
    /** How the amount is set, when it is not one figure ("afhankelijk van uw inkomen"). */
    rule: z.string().min(1).optional(),
    period: z.enum(costPeriods).optional(),
    steps: z.array(slug).optional(),
    source: SourceSchema,
    /** When the source was read to check the amount. */
    checked: isoDate,
    /** The date the amount applies to, when the source gives an older figure (a 2024 limit): its age counts from here. */
    valid_on: isoDate.optional(),
    en: english('title', 'rule').optional(),
  })
  .strict()
  .refine((c) => c.amount !== undefined || c.rule !== undefined, {
    message: 'expected an amount or a rule',
    path: ['amount'],
  });

export const LegalBasisSchema = z
  .object({
    law: z.string().min(1),
    bwbr: z
      .string()
      .regex(/^BWBR\d{7}$/, 'expected a BWBR id such as BWBR0015703')
      .optional(),
    /** Format 2: a local regulation by its id in the CVDR (lokaleregelgeving.overheid.nl). */
    cvdr: z
      .string()
      .regex(/^CVDR\d+$/, 'expected a CVDR id such as CVDR645433')
      .optional(),
    article: z.string().min(1),
    url: httpsUrl.optional(),
  })
  .strict();

/**
 * A term by its status: a `legal` term (beslistermijn 8 weken) has a legal basis and may be shown
 * to residents; an `assumption` is the team's working norm (a waiting norm for scoring) and stays
 * team-side.
 */
export const TermSchema = z
  .object({
    slug,
    title: z.string().min(1),
    status: z.enum(['legal', 'assumption']),
    /** The term in plain words ("8 weken"). */
    duration: z.string().min(1),
    days: z.number().nonnegative().optional(),
    steps: z.array(slug).default([]),
    legal_basis: LegalBasisSchema.optional(),
    note: z.string().min(1).optional(),
    en: english('title', 'duration').optional(),
  })
  .strict()
  .refine((t) => t.status !== 'legal' || t.legal_basis !== undefined, {
    message: 'a legal term needs its legal_basis',
    path: ['legal_basis'],
  });

export const ProcedureSchema = z
  .object({
    /** The version of this file format: 1 (the default) or 2. */
    format: z.union([z.literal(1), z.literal(2)]).default(1),
    slug,
    title: z.string().min(1),
    short_title: z.string().min(1),
    upl: z.string().min(1),
    upl_uri: identifierUri.optional(),
    municipality: z.string().min(1),
    version: z.string().regex(/^[0-9A-Za-z.-]+$/, 'expected a version such as 2026.1'),
    valid_from: isoDate,
    summary: z.string().min(1),
    applicants_per_year: z.number().int().nonnegative(),
    applicants_per_year_source: z.string().min(1),
    /** Notes for the team and professionals (how figures were checked): never on a resident's page. */
    caveats: z.array(z.string().min(1)).default([]),
    /** Format 2: what a resident must know before anything else, in one plain sentence ("Deze regel verandert op 1 januari 2027."). */
    notice: z.string().min(1).optional(),
    /** Pages the content was taken from: a link, or (format 2) a link with a title. */
    sources: z.array(z.union([httpsUrl, SourceSchema])).default([]),
    start: StartSchema.optional(),
    contact: ContactSchema.optional(),
    /** Organisations that help ("Hulp nodig?"): WIJ-team, Juridisch Loket, schuldhulp. */
    help: z.array(ContactSchema).optional(),
    costs: z.array(CostSchema).optional(),
    outcomes: z.array(OutcomeSchema).optional(),
    terms: z.array(TermSchema).optional(),
    en: english('title', 'short_title', 'summary', 'notice').optional(),
    actors: z.array(ActorSchema).min(1),
    channels: z.array(ChannelSchema).min(1),
    information_items: z.array(InformationItemSchema).default([]),
    steps: z.array(StepSchema).min(1),
    transitions: z.array(TransitionSchema).default([]),
  })
  .strict();

/** Kinds of room in a rule: a hardship clause, a "kan"-provision, maatwerk, an exception. */
export const roomKinds = ['hardship clause', 'discretion', 'tailoring', 'exception'] as const;

export const RoomSchema = z
  .object({
    kind: z.enum(roomKinds),
    /** What staff may do, in plain words. */
    text: z.string().min(1),
    legal_basis: LegalBasisSchema,
    /** Who may decide ("de inkomensconsulent", "het college"). */
    who: z.string().min(1),
  })
  .strict();

export const LimitFrontmatterSchema = z
  .object({
    slug,
    title: z.string().min(1),
    steps: z.array(slug).min(1),
    /** The legal basis of the rule; format 2: a list when it rests on several (a law and a local regulation). */
    legal_basis: z.union([LegalBasisSchema, z.array(LegalBasisSchema).min(1)]),
    /** Format 2: the room the rule leaves staff to find a fitting solution (regelruimte). */
    room: z.array(RoomSchema).optional(),
    sources: z.array(SourceSchema).default([]),
    known_friction: z.array(z.object({ summary: z.string().min(1), url: httpsUrl }).strict()).default([]),
    /** What is not yet verified, for the team and professionals: never on a resident's page. */
    uncertain: z.string().optional(),
    last_checked: isoDate,
    /** Format 2: a caveat a resident must know, in one plain sentence ("Deze regel verandert op 1 januari 2027."). */
    notice: z.string().min(1).optional(),
    /** Format 2: the amounts the rule sets (a limit, an allowance), each with its source and the date it was checked. */
    amounts: z.array(CostSchema).optional(),
    en: english('title', 'notice').optional(),
  })
  .strict();

export type Actor = z.infer<typeof ActorSchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type InformationItem = z.infer<typeof InformationItemSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type ProcedureDefinition = z.infer<typeof ProcedureSchema>;
export type LegalBasis = z.infer<typeof LegalBasisSchema> & { url: string };
export type Outcome = z.infer<typeof OutcomeSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Cost = z.infer<typeof CostSchema>;
export type Term = z.infer<typeof TermSchema>;
export type Room = Omit<z.infer<typeof RoomSchema>, 'legal_basis'> & { legal_basis: LegalBasis };
export type Source = z.infer<typeof SourceSchema>;

/** The three sections every limit's Markdown body has, in this order. */
export const limitSections = {
  rule: 'De regel',
  why: 'Waarom deze regel',
  options: 'Wat kunt u doen',
} as const;

/** The same three sections in English (format 2, optional): `## The rule`, `## Why this rule`, `## What you can do`. */
export const limitSectionsEn = {
  rule: 'The rule',
  why: 'Why this rule',
  options: 'What you can do',
} as const;

export interface PolicyLimit extends Omit<z.infer<typeof LimitFrontmatterSchema>, 'legal_basis' | 'room'> {
  /** The main legal basis: the first one listed. */
  legal_basis: LegalBasis;
  /** Every legal basis, the main one first, each with its link. */
  legal_bases: LegalBasis[];
  room: Room[];
  rule: string;
  why: string;
  options: string;
  /** Format 2: the three sections in English, where the file has them. */
  en: { title?: string; notice?: string; rule?: string; why?: string; options?: string };
  /** Path of the Markdown file, relative to the procedures directory. */
  file: string;
}

/** A procedure version as loaded and cross-checked: the definition plus its limits. */
export interface Procedure extends ProcedureDefinition {
  limits: PolicyLimit[];
  /** sha256 of the files it was read from, so sync can tell an unchanged version. */
  hash: string;
  dir: string;
}

export const ReadabilityConfigSchema = z
  .object({
    min_flesch_douma: z.number(),
    min_brouwer: z.number(),
    max_mean_sentence_length: z.number().positive(),
    max_share_long_sentences: z.number().min(0).max(1),
    max_share_long_words: z.number().min(0).max(1),
  })
  .strict();
export type ReadabilityConfig = z.infer<typeof ReadabilityConfigSchema>;
