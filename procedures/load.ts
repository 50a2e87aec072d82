/**
 * Read and validate procedure folders: `procedures/<slug>/procedure.yaml` plus one Markdown file
 * per policy limit in `procedures/<slug>/limits/`. Every problem is collected (not just the
 * first) so `drempel procedures check` can list them all.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { DrempelError, ProcedureFileError, type ProcedureProblem, messageOf, unknownName } from './errors';
import { formatPath, issueMessage } from './friendly';
import { checkGraph } from './graph';
import {
  legalHosts,
  LimitFrontmatterSchema,
  limitSections,
  limitSectionsEn,
  ProcedureSchema,
  ReadabilityConfigSchema,
  type ReadabilityConfig,
  type LegalBasis,
  type PolicyLimit,
  type Procedure,
  type ProcedureDefinition,
} from './schema';

export interface LoadResult {
  procedures: Procedure[];
  problems: ProcedureProblem[];
}

/** The folder procedures live in: `./procedures` of the checkout (or `DREMPEL_PROCEDURES`). */
export function defaultProceduresDir(): string {
  return process.env.DREMPEL_PROCEDURES ?? join(import.meta.dirname, '.');
}

/** A folder `procedures check` and `sync` can read: one clear error for a missing one. */
function checkFolder(dir: string): void {
  if (!existsSync(dir))
    throw new DrempelError(
      `no procedures folder at ${dir}`,
      'Name a folder that holds procedure folders (procedures/<slug>/procedure.yaml), or one procedure folder.',
    );
  if (!statSync(dir).isDirectory())
    throw new DrempelError(
      `${dir} is a file, not a procedures folder`,
      'Name the folder that holds procedure.yaml, or the folder above it.',
    );
}

/**
 * Load every procedure folder under `dir` — or `dir` itself when it is one procedure folder —
 * and return what validated and every problem found.
 */
export function loadProcedures(dir: string = defaultProceduresDir()): LoadResult {
  const procedures: Procedure[] = [];
  const problems: ProcedureProblem[] = [];
  checkFolder(dir);
  const single = existsSync(join(dir, 'procedure.yaml'));
  const root = single ? dirname(resolve(dir)) : dir;
  const folders = single
    ? [resolve(dir)]
    : readdirSync(dir)
        .sort()
        .map((name) => join(dir, name));
  for (const folder of folders) {
    let isFolder: boolean;
    try {
      isFolder = statSync(folder).isDirectory();
    } catch {
      problems.push(
        problem(relative(root, folder) || folder, '', 'is a broken link or cannot be read; skipped', 'warning'),
      );
      continue;
    }
    if (!isFolder || !existsSync(join(folder, 'procedure.yaml'))) continue;
    const result = loadProcedureFolder(folder, root);
    problems.push(...result.problems);
    if (result.procedure) procedures.push(result.procedure);
  }
  if (!folders.some((f) => existsSync(join(f, 'procedure.yaml'))) && !problems.length) {
    const near = folders.find((f) => existsSync(join(f, 'procedure.yml')));
    problems.push(
      problem(
        relative(process.cwd(), dir) || '.',
        '',
        near
          ? `no procedure.yaml found (${relative(process.cwd(), join(near, 'procedure.yml'))} must be named procedure.yaml)`
          : 'no procedure.yaml found: expected procedures/<slug>/procedure.yaml, or one folder holding procedure.yaml',
      ),
    );
  }
  const seen = new Map<string, string>();
  for (const p of procedures) {
    const other = seen.get(p.slug);
    if (other) {
      problems.push(
        problem(
          relative(dir, join(p.dir, 'procedure.yaml')),
          'slug',
          `duplicate procedure slug "${p.slug}" (also in ${other})`,
        ),
      );
    }
    seen.set(p.slug, p.dir);
  }
  return { procedures, problems };
}

/** Load all procedures and throw a ProcedureFileError listing every error, if any. */
export function loadProceduresOrThrow(dir?: string): Procedure[] {
  const { procedures, problems } = loadProcedures(dir);
  if (problems.some((p) => p.severity === 'error')) throw new ProcedureFileError(problems);
  return procedures;
}

function problem(
  file: string,
  path: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): ProcedureProblem {
  return { file, path, message, severity };
}

function validate<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  file: string,
  problems: ProcedureProblem[],
  prefix = '',
): z.output<S> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = formatPath(issue.path);
    problems.push(problem(file, prefix && path ? `${prefix}.${path}` : prefix || path, issueMessage(issue, input)));
  }
  return undefined;
}

function readYaml(text: string, file: string, problems: ProcedureProblem[]): unknown {
  try {
    // maxAliasCount bounds "billion laughs": aliases that expand into gigabytes.
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const [line, col] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [0, 0];
      problems.push(problem(file, '', `invalid YAML at line ${line}, column ${col}: ${e.message.split('\n')[0]}`));
    } else {
      problems.push(problem(file, '', `cannot read the YAML: ${messageOf(e).split('\n')[0]}`));
    }
    return undefined;
  }
}

/** Load one `procedures/<slug>/` folder. */
export function loadProcedureFolder(
  folder: string,
  root: string,
): { procedure?: Procedure; problems: ProcedureProblem[] } {
  const problems: ProcedureProblem[] = [];
  const hash = createHash('sha256');
  const yamlFile = join(folder, 'procedure.yaml');
  const rel = (f: string) => join(basename(root) || '.', relative(root, f));
  const text = readFileSync(yamlFile, 'utf8');
  hash.update(text);
  const raw = readYaml(text, rel(yamlFile), problems);
  const definition = raw === undefined ? undefined : validate(ProcedureSchema, raw, rel(yamlFile), problems);
  if (definition) {
    if (definition.slug !== basename(folder)) {
      problems.push(
        problem(rel(yamlFile), 'slug', `expected "${basename(folder)}" (the folder name), got "${definition.slug}"`),
      );
    }
    problems.push(...checkFormat(raw, definition.format, rel(yamlFile)));
    problems.push(...checkDefinition(definition, rel(yamlFile)));
  }
  const limits: PolicyLimit[] = [];
  const limitsDir = join(folder, 'limits');
  if (existsSync(limitsDir)) {
    for (const name of readdirSync(limitsDir)
      .filter((n) => n.endsWith('.md'))
      .sort()) {
      const file = join(limitsDir, name);
      // A link that leads out of the procedures folder would publish a file nobody reviewed here.
      if (lstatSync(file).isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(file);
        } catch {
          problems.push(problem(rel(file), '', 'is a broken link'));
          continue;
        }
        if (!target.startsWith(realpathSync(root) + sep)) {
          problems.push(
            problem(rel(file), '', `links outside the procedures folder (${target}): copy the file in instead`),
          );
          continue;
        }
      }
      const body = readFileSync(file, 'utf8');
      hash.update(name).update(body);
      const limit = parseLimit(body, rel(file), problems);
      if (limit && definition) {
        problems.push(...checkLimit(limit, definition, name));
        if (definition.format === 1) problems.push(...limitFormat2(limit));
      }
      if (limit) limits.push(limit);
    }
  }
  checkDuplicates(
    limits.map((l) => l.slug),
    'limit',
    (i) => [limits[i].file, 'slug'],
    problems,
  );
  if (!definition || problems.some((p) => p.severity === 'error')) return { problems };
  return { procedure: { ...definition, limits, hash: hash.digest('hex'), dir: folder }, problems };
}

function checkDuplicates(
  slugs: string[],
  what: string,
  where: (i: number) => [string, string],
  problems: ProcedureProblem[],
): void {
  const first = new Map<string, number>();
  slugs.forEach((s, i) => {
    const j = first.get(s);
    if (j === undefined) first.set(s, i);
    else {
      const [file, path] = where(i);
      problems.push(problem(file, path, `duplicate ${what} slug "${s}" (first at ${where(j)[1]})`));
    }
  });
}

/** Cross-checks the schema cannot express: references between actors, channels, items and steps. */
function checkDefinition(d: ProcedureDefinition, file: string): ProcedureProblem[] {
  const problems: ProcedureProblem[] = [];
  checkDuplicates(
    d.actors.map((a) => a.slug),
    'actor',
    (i) => [file, `actors[${i}].slug`],
    problems,
  );
  checkDuplicates(
    d.channels.map((c) => c.slug),
    'channel',
    (i) => [file, `channels[${i}].slug`],
    problems,
  );
  checkDuplicates(
    d.information_items.map((c) => c.slug),
    'information item',
    (i) => [file, `information_items[${i}].slug`],
    problems,
  );
  checkDuplicates(
    d.steps.map((s) => s.slug),
    'step',
    (i) => [file, `steps[${i}].slug`],
    problems,
  );
  const actors = d.actors.map((a) => a.slug);
  const channels = d.channels.map((c) => c.slug);
  const items = d.information_items.map((c) => c.slug);
  d.steps.forEach((s, i) => {
    if (!actors.includes(s.actor))
      problems.push(problem(file, `steps[${i}].actor`, unknownName('actor', s.actor, actors)));
    s.channels.forEach((c, j) => {
      if (!channels.includes(c))
        problems.push(problem(file, `steps[${i}].channels[${j}]`, unknownName('channel', c, channels)));
    });
    s.asks.forEach((c, j) => {
      if (!items.includes(c))
        problems.push(problem(file, `steps[${i}].asks[${j}]`, unknownName('information item', c, items)));
    });
  });
  checkDuplicates(
    [...d.steps.map((s) => s.slug), ...(d.outcomes ?? []).map((o) => o.slug)],
    'step or outcome',
    (i) => [file, i < d.steps.length ? `steps[${i}].slug` : `outcomes[${i - d.steps.length}].slug`],
    problems,
  );
  const steps = d.steps.map((s) => s.slug);
  const unknownStep = (slug: string, path: string) => {
    if (!steps.includes(slug)) problems.push(problem(file, path, unknownName('step', slug, steps)));
  };
  d.steps.forEach((s, i) =>
    s.with?.forEach((a, j) => {
      if (!actors.includes(a)) problems.push(problem(file, `steps[${i}].with[${j}]`, unknownName('actor', a, actors)));
      else if (a === s.actor)
        problems.push(problem(file, `steps[${i}].with[${j}]`, `"${a}" is already the step's actor`, 'warning'));
    }),
  );
  d.costs?.forEach((c, i) => c.steps?.forEach((x, j) => unknownStep(x, `costs[${i}].steps[${j}]`)));
  d.terms?.forEach((t, i) => t.steps.forEach((x, j) => unknownStep(x, `terms[${i}].steps[${j}]`)));
  // An actor that does no step and takes part in none is a leftover, or a step is missing.
  const acting = new Set(d.steps.flatMap((s) => [s.actor, ...(s.with ?? [])]));
  d.actors.forEach((a, i) => {
    if (!acting.has(a.slug))
      problems.push(problem(file, `actors[${i}]`, `actor "${a.slug}" does no step and takes part in none`, 'warning'));
  });
  d.terms?.forEach((t, i) => {
    if (!t.legal_basis) return;
    const path = `terms[${i}].legal_basis`;
    const url = basisUrl(t.legal_basis);
    if (url === undefined) problems.push(problem(file, path, needsUrl));
    else problems.push(...hostWarning(url, file, `${path}.url`));
  });
  problems.push(...checkGraph(d, file));
  return problems;
}

/** Fields a format-1 file may not use: the file says `format: 2` first, so an old reader is never surprised. */
function checkFormat(raw: unknown, format: 1 | 2, file: string): ProcedureProblem[] {
  if (format === 2 || raw === null || typeof raw !== 'object') return [];
  const problems: ProcedureProblem[] = [];
  const o = raw as Record<string, unknown>;
  const add = (path: string) =>
    problems.push(problem(file, path, 'is a format-2 field: add "format: 2" at the top of procedure.yaml'));
  for (const key of ['start', 'contact', 'help', 'costs', 'outcomes', 'terms', 'notice', 'en']) if (key in o) add(key);
  if (Array.isArray(o.sources))
    o.sources.forEach((x, i) => {
      if (typeof x === 'object') add(`sources[${i}]`);
    });
  if (Array.isArray(o.transitions))
    o.transitions.forEach((t, i) => {
      if (t && typeof t === 'object' && 'en' in t) add(`transitions[${i}].en`);
    });
  if (Array.isArray(o.steps))
    o.steps.forEach((step, i) => {
      if (step && typeof step === 'object')
        for (const key of ['with', 'condition', 'optional', 'automatic', 'anonymous', 'objection', 'en'])
          if (key in step) add(`steps[${i}].${key}`);
    });
  return problems;
}

function limitFormat2(limit: PolicyLimit): ProcedureProblem[] {
  const add = (path: string) =>
    problem(limit.file, path, 'is a format-2 field: add "format: 2" at the top of the procedure.yaml');
  return [
    ...(limit.legal_bases.length > 1 ? [add('legal_basis')] : []),
    ...(limit.legal_bases.some((b) => b.cvdr) ? [add('legal_basis.cvdr')] : []),
    ...(limit.room.length ? [add('room')] : []),
    ...(limit.notice !== undefined ? [add('notice')] : []),
    ...(limit.amounts !== undefined ? [add('amounts')] : []),
    ...(Object.keys(limit.en).length ? [add('en')] : []),
  ];
}

const needsUrl = 'expected a url, or a bwbr or cvdr id to build the link from';

/** The link of a legal basis: its own url, else built from the BWBR id (wetten.overheid.nl) or the CVDR id. */
export function basisUrl(b: Omit<LegalBasis, 'url'> & { url?: string }): string | undefined {
  if (b.url) return b.url;
  if (b.bwbr) return lawUrl(b.bwbr, b.article);
  if (b.cvdr) return `https://lokaleregelgeving.overheid.nl/${b.cvdr}`;
  return undefined;
}

function hostWarning(url: string, file: string, path: string): ProcedureProblem[] {
  const host = new URL(url).hostname;
  return (legalHosts as readonly string[]).includes(host)
    ? []
    : [problem(file, path, `links to ${host}: a legal basis is expected on ${legalHosts.join(' or ')}`, 'warning')];
}

function checkLimit(limit: PolicyLimit, d: ProcedureDefinition, name: string): ProcedureProblem[] {
  const steps = d.steps.map((s) => s.slug);
  const problems: ProcedureProblem[] = [];
  if (`${limit.slug}.md` !== name)
    problems.push(
      problem(limit.file, 'slug', `expected "${name.replace(/\.md$/, '')}" (the file name), got "${limit.slug}"`),
    );
  limit.steps.forEach((s, i) => {
    if (!steps.includes(s)) problems.push(problem(limit.file, `steps[${i}]`, unknownName('step', s, steps)));
  });
  const many = limit.legal_bases.length > 1;
  limit.legal_bases.forEach((b, i) =>
    problems.push(...hostWarning(b.url, limit.file, many ? `legal_basis[${i}].url` : 'legal_basis.url')),
  );
  limit.room.forEach((r, i) =>
    problems.push(...hostWarning(r.legal_basis.url, limit.file, `room[${i}].legal_basis.url`)),
  );
  return problems;
}

/** The wetten.overheid.nl link for an article, e.g. `art. 41 lid 4` of BWBR0015703. */
export function lawUrl(bwbr: string, article: string): string {
  const m = /art(?:ikel)?\.?\s*([0-9]+[a-z]?(?:[:.][0-9]+[a-z]?)*)/i.exec(article);
  return m ? `https://wetten.overheid.nl/jci1.3:c:${bwbr}&artikel=${m[1]}` : `https://wetten.overheid.nl/${bwbr}`;
}

/** Parse a limit's Markdown: YAML frontmatter and the three `## ` sections. */
export function parseLimit(text: string, file: string, problems: ProcedureProblem[]): PolicyLimit | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) {
    problems.push(problem(file, '', 'expected YAML frontmatter between two "---" lines at the top'));
    return undefined;
  }
  const raw = readYaml(m[1], file, problems);
  const front = raw === undefined ? undefined : validate(LimitFrontmatterSchema, raw, file, problems);
  const sections = splitSections(m[2], file, problems);
  if (!front || !sections) return undefined;
  const list = Array.isArray(front.legal_basis) ? front.legal_basis : [front.legal_basis];
  const withUrl = (b: (typeof list)[number], path: string): LegalBasis | undefined => {
    const url = basisUrl(b);
    if (url === undefined) problems.push(problem(file, path, needsUrl));
    return url === undefined ? undefined : { ...b, url };
  };
  const bases = list.map((b, i) => withUrl(b, Array.isArray(front.legal_basis) ? `legal_basis[${i}]` : 'legal_basis'));
  const room = (front.room ?? []).map((r, i) => {
    const basis = withUrl(r.legal_basis, `room[${i}].legal_basis`);
    return basis && { ...r, legal_basis: basis };
  });
  if (bases.some((b) => b === undefined) || room.some((r) => r === undefined)) return undefined;
  const legal_bases = bases.filter((b): b is LegalBasis => b !== undefined);
  return {
    ...front,
    legal_basis: legal_bases[0],
    legal_bases,
    room: room.filter((r) => r !== undefined),
    ...sections.nl,
    en: {
      ...(front.en?.title ? { title: front.en.title } : {}),
      ...(front.en?.notice ? { notice: front.en.notice } : {}),
      ...sections.en,
    },
    file,
  };
}

type Sections = { rule: string; why: string; options: string };

function splitSections(
  body: string,
  file: string,
  problems: ProcedureProblem[],
): { nl: Sections; en: Partial<Sections> } | undefined {
  const headings = [...Object.values(limitSections), ...Object.values(limitSectionsEn)] as string[];
  const found = new Map<string, string>();
  const parts = body.split(/^## +/m);
  if (parts[0].trim())
    problems.push(
      problem(file, '', `text before the first section: expected it to start with "## ${limitSections.rule}"`),
    );
  for (const part of parts.slice(1)) {
    const [heading, ...rest] = part.split('\n');
    const title = heading.trim();
    if (!headings.includes(title)) {
      problems.push(
        problem(
          file,
          `## ${title}`,
          `unknown section (expected ${Object.values(limitSections)
            .map((s) => `"${s}"`)
            .join(', ')}; in English ${Object.values(limitSectionsEn)
            .map((s) => `"${s}"`)
            .join(', ')})`,
        ),
      );
    } else if (found.has(title)) {
      problems.push(problem(file, `## ${title}`, 'section appears twice'));
    }
    found.set(title, rest.join('\n').trim());
  }
  let ok = true;
  for (const title of Object.values(limitSections)) {
    if (!found.get(title)) {
      problems.push(problem(file, `## ${title}`, 'section is missing or empty'));
      ok = false;
    }
  }
  if (!ok) return undefined;
  const text = (title: string) => found.get(title) ?? '';
  const en: Partial<Sections> = {};
  for (const key of ['rule', 'why', 'options'] as const)
    if (found.get(limitSectionsEn[key])) en[key] = text(limitSectionsEn[key]);
  return {
    nl: { rule: text(limitSections.rule), why: text(limitSections.why), options: text(limitSections.options) },
    en,
  };
}

/** Thresholds for a procedures folder without a readability.yaml of its own (the ones drempel ships). */
export const defaultReadability: ReadabilityConfig = {
  min_flesch_douma: 60,
  min_brouwer: 55,
  max_mean_sentence_length: 15,
  max_share_long_sentences: 0.2,
  max_share_long_words: 0.15,
};

/** Where a procedures folder's thresholds live: `<dir>/readability.yaml`, or the folder above one procedure folder. */
export function readabilityFile(dir: string): string {
  const folder = existsSync(join(dir, 'procedure.yaml')) ? dirname(resolve(dir)) : dir;
  return join(folder, 'readability.yaml');
}

/**
 * The readability thresholds in `<dir>/readability.yaml`; for one procedure folder, the file in
 * the folder above; without a file, `defaultReadability`.
 */
export function loadReadabilityConfig(dir: string = defaultProceduresDir()): ReadabilityConfig {
  const file = readabilityFile(dir);
  if (!existsSync(file)) return defaultReadability;
  const problems: ProcedureProblem[] = [];
  const raw = readYaml(readFileSync(file, 'utf8'), relative(process.cwd(), file), problems);
  const config =
    raw === undefined ? undefined : validate(ReadabilityConfigSchema, raw, relative(process.cwd(), file), problems);
  if (!config) throw new ProcedureFileError(problems);
  return config;
}
