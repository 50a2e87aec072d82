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
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'));

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

export const StepSchema = z
  .object({
    slug,
    title: z.string().min(1),
    actor: slug,
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
  })
  .strict();

export const ProcedureSchema = z
  .object({
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
    caveats: z.array(z.string().min(1)).default([]),
    sources: z.array(httpsUrl).default([]),
    actors: z.array(ActorSchema).min(1),
    channels: z.array(ChannelSchema).min(1),
    information_items: z.array(InformationItemSchema).default([]),
    steps: z.array(StepSchema).min(1),
    transitions: z.array(TransitionSchema).default([]),
  })
  .strict();

export const LegalBasisSchema = z
  .object({
    law: z.string().min(1),
    bwbr: z
      .string()
      .regex(/^BWBR\d{7}$/, 'expected a BWBR id such as BWBR0015703')
      .optional(),
    article: z.string().min(1),
    url: httpsUrl.optional(),
  })
  .strict();

export const SourceSchema = z.object({ title: z.string().min(1), url: httpsUrl }).strict();

export const LimitFrontmatterSchema = z
  .object({
    slug,
    title: z.string().min(1),
    steps: z.array(slug).min(1),
    legal_basis: LegalBasisSchema,
    sources: z.array(SourceSchema).default([]),
    known_friction: z.array(z.object({ summary: z.string().min(1), url: httpsUrl }).strict()).default([]),
    uncertain: z.string().optional(),
    last_checked: isoDate,
  })
  .strict();

export type Actor = z.infer<typeof ActorSchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type InformationItem = z.infer<typeof InformationItemSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type ProcedureDefinition = z.infer<typeof ProcedureSchema>;
export type LegalBasis = z.infer<typeof LegalBasisSchema> & { url: string };

/** The three sections every limit's Markdown body has, in this order. */
export const limitSections = {
  rule: 'De regel',
  why: 'Waarom deze regel',
  options: 'Wat kunt u doen',
} as const;

export interface PolicyLimit extends Omit<z.infer<typeof LimitFrontmatterSchema>, 'legal_basis'> {
  legal_basis: LegalBasis;
  rule: string;
  why: string;
  options: string;
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
