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
import { DrempelError, knownList, ProcedureFileError, type ProcedureProblem, messageOf } from './errors';
import { formatPath, issueMessage } from './friendly';
import { checkGraph } from './graph';
import {
  legalHosts,
  LimitFrontmatterSchema,
  limitSections,
  ProcedureSchema,
  ReadabilityConfigSchema,
  type ReadabilityConfig,
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
      if (limit && definition) problems.push(...checkLimit(limit, definition, name));
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
      problems.push(problem(file, `steps[${i}].actor`, `unknown actor "${s.actor}" (known: ${knownList(actors)})`));
    s.channels.forEach((c, j) => {
      if (!channels.includes(c))
        problems.push(
          problem(file, `steps[${i}].channels[${j}]`, `unknown channel "${c}" (known: ${knownList(channels)})`),
        );
    });
    s.asks.forEach((c, j) => {
      if (!items.includes(c))
        problems.push(
          problem(file, `steps[${i}].asks[${j}]`, `unknown information item "${c}" (known: ${knownList(items)})`),
        );
    });
  });
  problems.push(...checkGraph(d, file));
  return problems;
}

function checkLimit(limit: PolicyLimit, d: ProcedureDefinition, name: string): ProcedureProblem[] {
  const steps = d.steps.map((s) => s.slug);
  const problems: ProcedureProblem[] = [];
  if (`${limit.slug}.md` !== name)
    problems.push(
      problem(limit.file, 'slug', `expected "${name.replace(/\.md$/, '')}" (the file name), got "${limit.slug}"`),
    );
  limit.steps.forEach((s, i) => {
    if (!steps.includes(s))
      problems.push(problem(limit.file, `steps[${i}]`, `unknown step "${s}" (known: ${knownList(steps)})`));
  });
  const host = new URL(limit.legal_basis.url).hostname;
  if (!(legalHosts as readonly string[]).includes(host)) {
    problems.push(
      problem(
        limit.file,
        'legal_basis.url',
        `links to ${host}: a legal basis is expected on ${legalHosts.join(' or ')}`,
        'warning',
      ),
    );
  }
  return problems;
}

/** The wetten.overheid.nl link for an article, e.g. `art. 41 lid 4` of BWBR0015703. */
export function lawUrl(bwbr: string, article: string): string {
  const m = /art(?:ikel)?\.?\s*([0-9]+[a-z]?(?::[0-9]+[a-z]?)?)/i.exec(article);
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
  const { legal_basis: basis } = front;
  let url = basis.url;
  if (!url) {
    if (basis.bwbr) url = lawUrl(basis.bwbr, basis.article);
    else {
      problems.push(
        problem(file, 'legal_basis', 'expected a url, or a bwbr id to build the wetten.overheid.nl link from'),
      );
      return undefined;
    }
  }
  return { ...front, legal_basis: { ...basis, url }, ...sections, file };
}

function splitSections(
  body: string,
  file: string,
  problems: ProcedureProblem[],
): { rule: string; why: string; options: string } | undefined {
  const found = new Map<string, string>();
  const parts = body.split(/^## +/m);
  if (parts[0].trim())
    problems.push(
      problem(file, '', `text before the first section: expected it to start with "## ${limitSections.rule}"`),
    );
  for (const part of parts.slice(1)) {
    const [heading, ...rest] = part.split('\n');
    const title = heading.trim();
    if (!Object.values(limitSections).includes(title as never)) {
      problems.push(
        problem(
          file,
          `## ${title}`,
          `unknown section (expected ${Object.values(limitSections)
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
  return {
    rule: found.get(limitSections.rule)!,
    why: found.get(limitSections.why)!,
    options: found.get(limitSections.options)!,
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

/**
 * The readability thresholds in `<dir>/readability.yaml`; for one procedure folder, the file in
 * the folder above; without a file, `defaultReadability`.
 */
export function loadReadabilityConfig(dir: string = defaultProceduresDir()): ReadabilityConfig {
  const folder = existsSync(join(dir, 'procedure.yaml')) ? dirname(resolve(dir)) : dir;
  const file = join(folder, 'readability.yaml');
  if (!existsSync(file)) return defaultReadability;
  const problems: ProcedureProblem[] = [];
  const raw = readYaml(readFileSync(file, 'utf8'), relative(process.cwd(), file), problems);
  const config =
    raw === undefined ? undefined : validate(ReadabilityConfigSchema, raw, relative(process.cwd(), file), problems);
  if (!config) throw new ProcedureFileError(problems);
  return config;
}
