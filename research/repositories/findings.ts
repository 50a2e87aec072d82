/**
 * Findings (an insight backed by evidence) and fixes (a proposed change, with its owner role,
 * status and the round that will measure it). A finding names its steps, its evidence — quotes
 * and observations — and the score components that drive it; erasing a participant removes the
 * evidence with the quotes and observations and leaves a count on the finding
 * (`evidenceErased`), never the evidence. Every reference is checked on save, in one transaction:
 * a finding or fix with a bad reference is not saved at all.
 */
import type { Db } from '../db';
import { DrempelError, NotFoundError } from '../errors';

export const findingStatuses = ['open', 'accepted', 'rejected'] as const;
export const fixStatuses = ['proposed', 'planned', 'in progress', 'done', 'dropped'] as const;
export const changeKinds = ['procedure', 'letter', 'form', 'chain', 'other'] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export type FixStatus = (typeof fixStatuses)[number];
export type ChangeKind = (typeof changeKinds)[number];
export const verificationResults = ['improved', 'no measurable change yet', 'worse', 'too few residents'] as const;
export type VerificationResult = (typeof verificationResults)[number];

export interface Finding {
  finding: string;
  study: string | null;
  steps: string[];
  statement: string;
  status: FindingStatus;
  /** Quote codes. */
  evidence: string[];
  /** Observations as session code and visit number ("S-014:2"). */
  observations: string[];
  /** The score components that drive it (componentKeys). */
  components: string[];
  /** Evidence removed since it was linked (a consent withdrawn, a quote deleted). */
  evidenceErased: number;
}

export interface Fix {
  fix: string;
  findings: string[];
  step: string | null;
  change: ChangeKind | null;
  proposal: string;
  owner: string | null;
  /** The study (round) that will measure it. */
  measure: string | null;
  status: FixStatus;
}

export interface Verification {
  fix: string;
  step: string;
  before: string;
  after: string;
  verifiedAt: string;
  frictionBefore: number | null;
  frictionAfter: number | null;
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
  residentsBefore: number;
  residentsAfter: number;
  result: VerificationResult;
  /** The confidence level of the interval. */
  confidence: number;
  /** Either side has fewer than 10 residents: a first indication. */
  indicative: boolean;
}

const one = <T>(db: Db, sql: string, ...params: unknown[]) =>
  db
    .prepare<unknown[], T>(sql)
    .pluck()
    .get(...params);

function studyId(db: Db, study: string): number {
  const id = one<number>(db, 'SELECT id FROM studies WHERE code = ?', study);
  if (id === undefined) throw new NotFoundError('study', study);
  return id;
}

/** The step of a study's procedure version with this slug, or an error naming the study. */
function stepId(db: Db, study: string, step: string): number {
  const id = one<number>(
    db,
    'SELECT sp.id FROM steps sp JOIN studies st ON st.version_id = sp.version_id WHERE st.code = ? AND sp.slug = ?',
    study,
    step,
  );
  if (id === undefined) {
    const known = db
      .prepare('SELECT sp.slug FROM steps sp JOIN studies st ON st.version_id = sp.version_id WHERE st.code = ?')
      .pluck()
      .all(study) as string[];
    throw new DrempelError(
      `step "${step}" is not a step of study ${study}'s procedure`,
      `Known steps: ${known.join(', ')}.`,
    );
  }
  return id;
}

const procedureOf = (db: Db, study: string) =>
  one<string>(
    db,
    `SELECT p.slug FROM studies st JOIN procedure_versions v ON v.id = st.version_id
     JOIN procedures p ON p.id = v.procedure_id WHERE st.code = ?`,
    study,
  );

/** Whether study `after` is a later round of the same procedure as study `before`. */
function laterRound(db: Db, before: string, after: string): boolean {
  const round = db.prepare<[string], { procedure: string; round: number; startedOn: string }>(
    `SELECT p.slug AS procedure, st.round, st.started_on AS startedOn FROM studies st
     JOIN procedure_versions v ON v.id = st.version_id JOIN procedures p ON p.id = v.procedure_id WHERE st.code = ?`,
  );
  const [a, b] = [round.get(before), round.get(after)];
  return !a || !b || (a.procedure === b.procedure && (b.startedOn > a.startedOn || b.round > a.round));
}

/** Record a new finding, or replace an existing one (by code) whole. */
export function saveFinding(db: Db, f: Omit<Finding, 'evidenceErased'>): void {
  db.transaction(() => {
    if ((f.steps.length || f.evidence.length || f.observations.length) && !f.study)
      throw new DrempelError(`finding ${f.finding} names steps or evidence but no study`, 'Give --study.');
    const study = f.study ? studyId(db, f.study) : null;
    // Its fixes are measured in a later round than the finding's own: moving the finding to that
    // round (or later) would compare a round with itself.
    if (f.study) {
      const measured = db
        .prepare<[string], { fix: string; measure: string }>(
          `SELECT x.code AS fix, m.code AS measure FROM fixes x JOIN fix_findings l ON l.fix_id = x.id
           JOIN findings fi ON fi.id = l.finding_id JOIN studies m ON m.id = x.measure_study_id WHERE fi.code = ?`,
        )
        .all(f.finding);
      for (const x of measured)
        if (!laterRound(db, f.study, x.measure))
          throw new DrempelError(
            `finding ${f.finding} cannot move to ${f.study}: its fix ${x.fix} is measured in ${x.measure}, which must be a later round`,
            `Change the fix's round first: drempel fixes edit ${x.fix} --measure …`,
          );
    }
    const steps = f.steps.map((s) => stepId(db, f.study!, s));
    const quotes = f.evidence.map((code) => {
      const id = one<number>(
        db,
        'SELECT q.id FROM quotes q JOIN sessions s ON s.id = q.session_id WHERE q.code = ? AND s.study_id = ?',
        code.toUpperCase(),
        study,
      );
      if (id === undefined) throw new DrempelError(`quote ${code} is not a quote of study ${f.study}`);
      return id;
    });
    const observations = f.observations.map((ref) => {
      const m = /^([^:]+):(\d+)$/.exec(ref);
      if (!m)
        throw new DrempelError(`invalid observation "${ref}"`, 'Name an observation as SESSION:VISIT, e.g. S-014:2.');
      const id = one<number>(
        db,
        'SELECT o.id FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = ? AND o.visit = ? AND s.study_id = ?',
        m[1].toUpperCase(),
        Number(m[2]),
        study,
      );
      if (id === undefined) throw new DrempelError(`observation ${ref} is not an observation of study ${f.study}`);
      return id;
    });
    db.prepare(
      `INSERT INTO findings (code, study_id, statement, status) VALUES (?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET study_id = excluded.study_id, statement = excluded.statement, status = excluded.status`,
    ).run(f.finding, study, f.statement, f.status);
    const id = one<number>(db, 'SELECT id FROM findings WHERE code = ?', f.finding)!;
    // The fixes answering it are measured at its steps: their verdicts no longer stand.
    db.prepare(
      'DELETE FROM fix_verifications WHERE fix_id IN (SELECT fix_id FROM fix_findings WHERE finding_id = ?)',
    ).run(id);
    for (const table of ['finding_steps', 'finding_evidence', 'finding_observations', 'finding_components'])
      db.prepare(`DELETE FROM ${table} WHERE finding_id = ?`).run(id);
    const insert = (sql: string, values: unknown[]) => {
      const stmt = db.prepare(sql);
      for (const v of new Set(values)) stmt.run(id, v);
    };
    insert('INSERT INTO finding_steps (finding_id, step_id) VALUES (?, ?)', steps);
    insert('INSERT INTO finding_evidence (finding_id, quote_id) VALUES (?, ?)', quotes);
    insert('INSERT INTO finding_observations (finding_id, observation_id) VALUES (?, ?)', observations);
    insert('INSERT INTO finding_components (finding_id, component) VALUES (?, ?)', f.components);
  })();
}

export function listFindings(db: Db): Finding[] {
  const rows = db
    .prepare<
      [],
      {
        id: number;
        finding: string;
        study: string | null;
        statement: string;
        status: FindingStatus;
        evidenceErased: number;
      }
    >(
      `SELECT f.id, f.code AS finding, st.code AS study, f.statement, f.status, f.evidence_erased AS evidenceErased
       FROM findings f LEFT JOIN studies st ON st.id = f.study_id ORDER BY f.code`,
    )
    .all();
  const list = (sql: string) => {
    const stmt = db.prepare(sql).pluck();
    return (id: number) => stmt.all(id) as string[];
  };
  const steps = list(
    'SELECT sp.slug FROM finding_steps x JOIN steps sp ON sp.id = x.step_id WHERE x.finding_id = ? ORDER BY sp.position, sp.slug',
  );
  const quotes = list(
    'SELECT q.code FROM finding_evidence e JOIN quotes q ON q.id = e.quote_id WHERE e.finding_id = ? ORDER BY q.code',
  );
  const observations = list(
    `SELECT s.code || ':' || o.visit FROM finding_observations x JOIN observations o ON o.id = x.observation_id
     JOIN sessions s ON s.id = o.session_id WHERE x.finding_id = ? ORDER BY s.code, o.visit`,
  );
  const components = list('SELECT component FROM finding_components WHERE finding_id = ? ORDER BY component');
  return rows.map(({ id, ...f }) => ({
    ...f,
    steps: steps(id),
    evidence: quotes(id),
    observations: observations(id),
    components: components(id),
  }));
}

export function getFinding(db: Db, code: string): Finding {
  const f = listFindings(db).find((x) => x.finding === code);
  if (!f) throw new NotFoundError('finding', code);
  return f;
}

/** Propose a fix, or replace an existing one (by code) whole. */
export function saveFix(db: Db, fix: Fix): void {
  db.transaction(() => {
    const findings = fix.findings.map((code) => {
      const id = one<number>(db, 'SELECT id FROM findings WHERE code = ?', code);
      if (id === undefined) throw new NotFoundError('finding', code);
      return id;
    });
    const studies = [
      ...new Set(
        fix.findings.map((code) =>
          one<string | null>(
            db,
            'SELECT st.code FROM findings f JOIN studies st ON st.id = f.study_id WHERE f.code = ?',
            code,
          ),
        ),
      ),
    ].filter((x) => x !== undefined && x !== null);
    if (studies.length > 1)
      throw new DrempelError(
        `fix ${fix.fix} answers findings of different rounds (${studies.join(', ')})`,
        'A fix is measured against one round: make one fix per round.',
      );
    const study = studies[0] ?? null;
    if (fix.measure && study && !laterRound(db, study, fix.measure))
      throw new DrempelError(
        `fix ${fix.fix} cannot be measured in ${fix.measure}: it must be a later round of ${procedureOf(db, study)} than ${study}, where its findings were made`,
      );
    if (fix.step && !study) throw new DrempelError(`fix ${fix.fix} names a step but no finding with a study`);
    const step = fix.step ? stepId(db, study, fix.step) : null;
    const measure = fix.measure ? studyId(db, fix.measure) : null;
    db.prepare(
      `INSERT INTO fixes (code, step_id, proposal, status, change_kind, owner_role, measure_study_id) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET step_id = excluded.step_id, proposal = excluded.proposal, status = excluded.status,
         change_kind = excluded.change_kind, owner_role = excluded.owner_role, measure_study_id = excluded.measure_study_id`,
    ).run(fix.fix, step, fix.proposal, fix.status, fix.change, fix.owner, measure);
    const id = one<number>(db, 'SELECT id FROM fixes WHERE code = ?', fix.fix)!;
    db.prepare('DELETE FROM fix_findings WHERE fix_id = ?').run(id);
    // What it answers, where or when it is measured may have changed: its verdict no longer stands.
    db.prepare('DELETE FROM fix_verifications WHERE fix_id = ?').run(id);
    const link = db.prepare('INSERT INTO fix_findings (fix_id, finding_id) VALUES (?, ?)');
    for (const f of new Set(findings)) link.run(id, f);
  })();
}

export function setFixStatus(db: Db, code: string, status: FixStatus): void {
  if (db.prepare('UPDATE fixes SET status = ? WHERE code = ?').run(status, code).changes === 0)
    throw new NotFoundError('fix', code);
}

export function listFixes(db: Db): Fix[] {
  const rows = db
    .prepare<[], Omit<Fix, 'findings'> & { id: number }>(
      `SELECT x.id, x.code AS fix, sp.slug AS step, x.change_kind AS change, x.proposal, x.owner_role AS owner,
         m.code AS measure, x.status
       FROM fixes x LEFT JOIN steps sp ON sp.id = x.step_id LEFT JOIN studies m ON m.id = x.measure_study_id
       ORDER BY x.code`,
    )
    .all();
  const findings = db
    .prepare(
      'SELECT f.code FROM fix_findings l JOIN findings f ON f.id = l.finding_id WHERE l.fix_id = ? ORDER BY f.code',
    )
    .pluck();
  return rows.map(({ id, ...x }) => ({ ...x, findings: findings.all(id) as string[] }));
}

/** What a fix is measured on: the study before (its findings' study), the study after, and the steps. */
export function fixTargets(db: Db, code: string): { before: string | null; after: string | null; steps: string[] } {
  const fix = listFixes(db).find((x) => x.fix === code);
  if (!fix) throw new NotFoundError('fix', code);
  const findings = listFindings(db).filter((f) => fix.findings.includes(f.finding));
  const before = findings.find((f) => f.study)?.study ?? null;
  // A fix at one step is measured there; otherwise at every step its findings name.
  const steps = fix.step ? [fix.step] : [...new Set(findings.flatMap((f) => f.steps))];
  return { before, after: fix.measure, steps };
}

/** Replace a fix's verification with the comparison just made. */
export function saveVerification(db: Db, rows: Verification[]): void {
  db.transaction(() => {
    for (const fix of new Set(rows.map((r) => r.fix)))
      db.prepare('DELETE FROM fix_verifications WHERE fix_id = (SELECT id FROM fixes WHERE code = ?)').run(fix);
    const insert = db.prepare(
      `INSERT INTO fix_verifications (fix_id, step_id, before_study_id, after_study_id, verified_at, friction_before,
         friction_after, change, change_low, change_high, residents_before, residents_after, result, confidence, indicative)
       VALUES ((SELECT id FROM fixes WHERE code = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows)
      insert.run(
        r.fix,
        stepId(db, r.after, r.step),
        studyId(db, r.before),
        studyId(db, r.after),
        r.verifiedAt,
        r.frictionBefore,
        r.frictionAfter,
        r.change,
        r.changeLow,
        r.changeHigh,
        r.residentsBefore,
        r.residentsAfter,
        r.result,
        r.confidence,
        r.indicative ? 1 : 0,
      );
  })();
}

export function listVerifications(db: Db): Verification[] {
  return db
    .prepare<[], Verification>(
      `SELECT x.code AS fix, sp.slug AS step, b.code AS before, a.code AS after, v.verified_at AS verifiedAt,
         v.friction_before AS frictionBefore, v.friction_after AS frictionAfter, v.change, v.change_low AS changeLow,
         v.change_high AS changeHigh, v.residents_before AS residentsBefore, v.residents_after AS residentsAfter, v.result,
         v.confidence, v.indicative
       FROM fix_verifications v JOIN fixes x ON x.id = v.fix_id JOIN steps sp ON sp.id = v.step_id
       JOIN studies b ON b.id = v.before_study_id JOIN studies a ON a.id = v.after_study_id
       ORDER BY x.code, sp.position`,
    )
    .all()
    .map((v) => ({ ...v, indicative: Boolean(v.indicative) }));
}
