/**
 * A live session in the studio: what one tap does. Every action runs in one IMMEDIATE
 * transaction that writes the row it records (through the CSV kinds' writers, with their rules
 * and error texts: research/csv/record.ts) and the session's place in the studio (`studio_state`)
 * together, so whatever the studio showed as saved is on disk, and a reload, a closed laptop or a
 * killed server resumes where the session was.
 *
 * A visit to a step is a draft until it has an outcome; from then on it is an observation row,
 * rewritten at every tap. The step's clock runs on the server's time, so it keeps counting while a
 * page reloads or the server restarts (the session went on meanwhile). Undo takes back the last
 * action: the place as it was and the rows as they were.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../research/db';
import { DrempelError, quoteValue } from '../../../research/errors';
import { RecordError, writeRecords } from '../../../research/csv/record';
import { columns as observationColumns } from '../../../research/csv/kinds/observations';
import { Invalid } from '../../../research/csv/values';
import {
  immediately,
  nextCode,
  readStudioState,
  removeSessionRow,
  routeOf,
  sessionRecords,
  studioParticipants,
  studioSession,
  writeStudioState,
  tagNames,
  type Route,
  type StudioSession,
} from '../../../research/repositories/studio';

/** The observation fields a tap can set (the observations file's columns, minus the keys and the clock). */
export const fields = [
  'outcome',
  'errors',
  'ease',
  'retold',
  'handoffs',
  'handoff_to',
  'wait_days',
  'channel',
  'channel_switches',
  'blocked_by',
  'note',
  'seconds',
] as const;
export type Field = (typeof fields)[number];
/** Counters a tap raises or lowers by one. */
export const counters = ['errors', 'retold', 'handoffs', 'channel_switches'] as const;

export interface Visit {
  visit: number;
  step: string;
  cells: Partial<Record<Field, string>>;
  /** Time on the step so far, not counting a run in progress. */
  elapsedMs: number;
  /** Server time (ms) the clock was started at, while it runs. */
  runningSince: number | null;
  /** Whether the seconds were typed in (a correction): the clock no longer writes them. */
  typedSeconds: boolean;
  /**
   * Whether the visit is an observation row. Its fields are then read from that row whenever the
   * session is loaded, never kept here: the database holds the one copy (what a redaction or a
   * re-import changed elsewhere is what the studio shows and writes on from).
   */
  written?: boolean;
}

export interface StudioQuote {
  code: string;
}

/** The kinds of row a tap writes. */
type RowKind = 'observations' | 'quotes' | 'notes';

export interface UndoEntry {
  label: string;
  place: Place;
  rows: { kind: RowKind; key: string | number; before: Record<string, unknown> | null }[];
}

/** Where the session is: everything but the undo history. */
export interface Place {
  /** Server time (ms) the session started: a quote's `at` counts from here. */
  startedAt: number;
  current: number | null;
  visits: Visit[];
  quotes: string[];
  ended: string | null;
}

export interface StudioState extends Place {
  version: 1;
  /** A digest of the session's rows as the studio left them: when they differ, undo no longer applies. */
  rows?: string;
  /** Raised by every action: a tap from a page that missed another tab's tap is refused, not merged. */
  revision: number;
  undo: UndoEntry[];
}

/**
 * Undo takes back the last action, and only that: an earlier version of a row is kept for one
 * tap, so a name or number edited out of a quote does not linger in the undo history.
 */
const maxUndo = 1;

/** A refused tap: the message says what to change, in the import's words. */
export class StudioError extends DrempelError {
  override name = 'StudioError';
  constructor(
    message: string,
    readonly status = 422,
    /** The field it is about, for the screen to show it beside. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export type Action =
  | { type: 'visit'; step: string; start?: boolean }
  | { type: 'select'; visit: number }
  | { type: 'timer'; op: 'start' | 'pause' | 'stop' }
  | { type: 'set'; field: Field; value: string; visit?: number }
  | { type: 'bump'; field: (typeof counters)[number]; delta: 1 | -1; visit?: number }
  | { type: 'discard'; visit: number }
  | { type: 'quote'; text: string; tags: string[]; step?: string | null; note?: string | null }
  | { type: 'edit-quote'; quote: string; text: string; tags: string[]; step?: string | null; note?: string | null }
  | { type: 'note'; text: string; step?: string | null }
  | { type: 'edit-note'; note: string; text: string; step?: string | null }
  | { type: 'undo' }
  | { type: 'end' }
  | { type: 'reopen' };

export interface SessionView {
  session: StudioSession;
  state: Omit<StudioState, 'undo'> & { undoLabel: string | null };
  route: Route;
  observations: Record<string, string | number | null>[];
  quotes: Record<string, string | number | null>[];
  notes: Record<string, string | number | null>[];
  /** What the participant's consent allows today; null for a staff role-play. */
  consent: { analysis: boolean; quoteInternal: boolean; quotePublic: boolean } | null;
  /** The codebook's tags, for autocomplete. */
  tags: string[];
  /** Server time, for the clock shown. */
  now: number;
  messages: string[];
}

export interface Clock {
  now(): number;
  iso(): string;
}

function sessionOf(db: Db, code: string): StudioSession {
  const s = studioSession(db, code);
  if (!s)
    throw new StudioError(`session ${code} is not in the database (deleted, or its participant withdrew consent)`, 404);
  return s;
}

/** A digest of the session's observation and quote rows. */
function digest(db: Db, code: string): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        sessionRecords(db, 'observations', code),
        sessionRecords(db, 'quotes', code),
        sessionRecords(db, 'notes', code),
      ]),
    )
    .digest('base64url');
}

/**
 * The session's place, with every written visit's fields read from its row. A row deleted
 * elsewhere (`drempel delete observation`) takes its visit with it; a row added elsewhere (an
 * import into this session) becomes a visit. When the rows are not as the studio left them, the
 * undo history is dropped: it would put back what someone changed on purpose — a redacted note.
 */
function load(db: Db, s: StudioSession, clock: Clock): StudioState {
  const raw = readStudioState(db, s.id);
  const state: StudioState = raw
    ? (JSON.parse(raw) as StudioState)
    : { version: 1, revision: 0, startedAt: clock.now(), current: null, visits: [], quotes: [], ended: null, undo: [] };
  const rows = new Map(sessionRecords(db, 'observations', s.code).map((o) => [Number(o.visit), o]));
  state.visits = state.visits.filter((v) => !v.written || rows.has(v.visit));
  for (const [visit, o] of rows) {
    let v = state.visits.find((x) => x.visit === visit);
    if (!v) {
      v = {
        visit,
        step: String(o.step),
        cells: {},
        elapsedMs: Number(o.seconds ?? 0) * 1000,
        runningSince: null,
        typedSeconds: o.seconds !== null,
      };
      state.visits.push(v);
    }
    v.step = String(o.step);
    v.written = true;
    v.cells = {};
    for (const f of fields)
      if (o[f] !== null && o[f] !== undefined && (f !== 'seconds' || v.typedSeconds)) v.cells[f] = String(o[f]);
  }
  state.visits.sort((x, y) => x.visit - y.visit);
  if (state.current !== null && !state.visits.some((v) => v.visit === state.current)) state.current = null;
  state.quotes = sessionRecords(db, 'quotes', s.code).map((q) => String(q.quote));
  if (raw && state.rows !== digest(db, s.code)) state.undo = [];
  return state;
}

/** Keep the place: a written visit's fields stay in its row only. */
function keep(db: Db, s: StudioSession, state: StudioState, clock: Clock): void {
  const strip = (visits: Visit[]) => visits.map((v) => (v.written ? { ...v, cells: {} } : v));
  const kept: StudioState = {
    ...state,
    visits: strip(state.visits),
    undo: state.undo.map((u) => ({ ...u, place: { ...u.place, visits: strip(u.place.visits) } })),
    rows: digest(db, s.code),
  };
  writeStudioState(db, s.id, JSON.stringify(kept), clock.iso());
}

/** The studio's place for a session it starts, or one recorded elsewhere that it opens (its rows become visits). */
export function openSession(db: Db, code: string, clock: Clock): void {
  immediately(db, () => {
    const s = sessionOf(db, code);
    if (readStudioState(db, s.id)) return;
    keep(db, s, load(db, s, clock), clock);
  });
}

export function view(db: Db, code: string, clock: Clock, messages: string[] = []): SessionView {
  const session = sessionOf(db, code);
  const { undo, ...rest } = load(db, session, clock);
  const participant = session.participant ? studioParticipants(db, session.participant)[0] : undefined;
  return {
    session,
    state: { ...rest, undoLabel: undo.at(-1)?.label ?? null },
    route: routeOf(db, session.versionId),
    observations: sessionRecords(db, 'observations', code),
    quotes: sessionRecords(db, 'quotes', code),
    notes: sessionRecords(db, 'notes', code),
    consent: participant
      ? {
          analysis: participant.analysis,
          quoteInternal: participant.quoteInternal,
          quotePublic: participant.quotePublic,
        }
      : null,
    tags: tagNames(db),
    now: clock.now(),
    messages,
  };
}

const elapsed = (v: Visit, now: number) => v.elapsedMs + (v.runningSince === null ? 0 : now - v.runningSince);

/** Stop a visit's clock (its time so far kept). */
function pause(v: Visit, now: number) {
  if (v.runningSince === null) return;
  v.elapsedMs = elapsed(v, now);
  v.runningSince = null;
}

/** The observation row a visit is, as the observations file would hold it. */
function record(session: string, v: Visit, now: number) {
  const seconds = v.typedSeconds ? (v.cells.seconds ?? '') : String(Math.round(elapsed(v, now) / 1000));
  // The counts the screen shows as 0 are 0: a walkthrough watched for errors and saw none is a
  // resident with none, not one whose errors were not recorded (which scoring leaves out).
  const counted = Object.fromEntries(counters.map((c) => [c, v.cells[c] ?? '0']));
  return { session, visit: v.visit, step: v.step, ...v.cells, ...counted, seconds } as Record<string, string | number>;
}

/** Every observation column, so a studio row says everything it holds (an unset field is empty). */
const everyColumn = Object.fromEntries(observationColumns.map((c) => [c.name, ''])) as Record<string, string>;

/** A value checked by its column's parser alone: a draft without an outcome is not a row yet. */
function checkCell(field: Field, value: string) {
  const column = observationColumns.find((c) => c.name === field)!;
  if (value.trim() === '') return;
  try {
    column.parse(value.trim());
  } catch (e) {
    if (e instanceof Invalid) throw new StudioError(`${field}: ${quoteValue(value.trim())} ${e.expected}`, 422, field);
    throw e;
  }
}

/** A request's action has the shape its type needs (the page sends it so; anything else is refused). */
function checkShape(action: Action) {
  const a = action as Record<string, unknown>;
  const isText = (k: string) => a[k] === undefined || a[k] === null || typeof a[k] === 'string';
  const bad = (what: string) => new StudioError(`the ${action.type} action ${what}`, 400);
  if (
    ![
      'visit',
      'select',
      'timer',
      'set',
      'bump',
      'discard',
      'quote',
      'edit-quote',
      'note',
      'edit-note',
      'undo',
      'end',
      'reopen',
    ].includes(String(a.type))
  )
    throw new StudioError(`unknown action ${JSON.stringify(a.type)}`, 400);
  for (const k of ['step', 'value', 'text', 'note', 'quote', 'field']) if (!isText(k)) throw bad(`needs ${k} as text`);
  if ((action.type === 'quote' || action.type === 'edit-quote') && a.tags !== undefined) {
    if (!Array.isArray(a.tags) || a.tags.some((t) => typeof t !== 'string')) throw bad('needs tags as a list of texts');
    if (a.tags.length > 30) throw bad('has more than 30 codes: one quote, a few codes');
  }
  if ((action.type === 'quote' || action.type === 'note') && typeof a.text !== 'string') throw bad('needs text');
}

export interface ActOptions {
  /** Personal-data scan of free text: what it finds is said as a warning. */
  scanText?: (text: string) => string[];
}

/**
 * Apply one action to session `code`, all in one transaction: the rows and the place, or nothing.
 * `revision` is the revision the page acted on.
 */
export function act(
  db: Db,
  code: string,
  action: Action,
  revision: number,
  clock: Clock,
  opts: ActOptions = {},
): SessionView {
  const messages: string[] = [];
  immediately(db, () => {
    const session = sessionOf(db, code);
    const state = load(db, session, clock);
    if (revision !== state.revision)
      throw new StudioError(
        'this session changed in another window or tab: the page now shows what is saved; do the last step again',
        409,
      );
    const now = clock.now();
    const { undo, ...before } = state;
    const entry: UndoEntry = { label: action.type, place: structuredClone(before), rows: [] };
    const snapshot = (kind: RowKind, key: string | number) => {
      if (entry.rows.some((r) => r.kind === kind && r.key === key)) return;
      const rows = sessionRecords(db, kind, code);
      const row =
        rows.find((r) => (kind === 'observations' ? r.visit : kind === 'quotes' ? r.quote : r.note) === key) ?? null;
      entry.rows.push({ kind, key, before: row });
    };
    const write = (kind: RowKind, rec: Record<string, unknown>) => {
      const result = writeRecords(db, kind, [rec as Record<string, string>], {
        source: 'studio',
        scanText: opts.scanText,
      });
      messages.push(...result.messages);
    };
    const visitOf = (n: number | undefined) => {
      const v = state.visits.find((x) => x.visit === (n ?? state.current));
      if (!v)
        throw new StudioError(
          n === undefined ? 'no step is open: choose a step first' : `visit ${n} is not in this session`,
        );
      return v;
    };
    /** Write a visit's row when it has an outcome (a draft without one stays in the place). */
    const save = (v: Visit) => {
      if (!v.cells.outcome) return;
      snapshot('observations', v.visit);
      write('observations', { ...everyColumn, ...record(code, v, now) });
      v.written = true;
    };
    const steps = () => routeOf(db, session.versionId).steps;
    if (state.ended && !['reopen', 'undo', 'set', 'bump', 'edit-quote', 'edit-note', 'discard'].includes(action.type))
      throw new StudioError('this session has ended: reopen it to record more', 409);

    checkShape(action);
    switch (action.type) {
      case 'visit': {
        const step = steps().find((s) => s.slug === action.step);
        if (!step) throw new StudioError(`step "${action.step}" is not a step of this procedure version`, 422, 'step');
        for (const v of state.visits) {
          pause(v, now);
          save(v);
        }
        const visit = Math.max(0, ...state.visits.map((v) => v.visit)) + 1;
        state.visits.push({
          visit,
          step: step.slug,
          cells: {},
          elapsedMs: 0,
          runningSince: action.start ? now : null,
          typedSeconds: false,
        });
        state.current = visit;
        entry.label = `open ${step.title}`;
        break;
      }
      case 'select': {
        const v = visitOf(action.visit);
        state.current = v.visit;
        entry.label = `select visit ${v.visit}`;
        break;
      }
      case 'timer': {
        const v = visitOf(undefined);
        if (action.op === 'start') {
          for (const other of state.visits) if (other !== v) pause(other, now);
          if (v.runningSince === null) v.runningSince = now;
          v.typedSeconds = false;
        } else pause(v, now);
        save(v);
        entry.label = `${action.op} clock`;
        break;
      }
      case 'set':
      case 'bump': {
        const v = visitOf(action.visit);
        if (!(fields as readonly string[]).includes(action.field))
          throw new StudioError(`"${action.field}" is not a field of an observation`, 422);
        let value: string;
        if (action.type === 'bump') {
          if (!(counters as readonly string[]).includes(action.field))
            throw new StudioError(`"${action.field}" is not a count`, 422, action.field);
          value = String(Math.max(0, Number(v.cells[action.field] ?? 0) + action.delta));
        } else value = String(action.value ?? '');
        if (value.length > 20_000)
          throw new StudioError(`${action.field}: is longer than 20000 characters`, 422, action.field);
        checkCell(action.field, value);
        if (action.field === 'outcome' && value.trim() === '' && v.cells.outcome)
          throw new StudioError(
            'an observation keeps its outcome: choose another, or discard the visit',
            422,
            'outcome',
          );
        if (value.trim() === '') delete v.cells[action.field];
        else v.cells[action.field] = value.trim();
        if (action.field === 'seconds') {
          pause(v, now);
          v.typedSeconds = value.trim() !== '';
          if (!v.typedSeconds) delete v.cells.seconds;
        }
        // Naming whom the resident was sent to is a hand-off.
        if (action.field === 'handoff_to' && value && !Number(v.cells.handoffs)) v.cells.handoffs = '1';
        if (!v.typedSeconds) delete v.cells.seconds;
        save(v);
        entry.label = `${action.field} of visit ${v.visit}`;
        break;
      }
      case 'discard': {
        const v = visitOf(action.visit);
        snapshot('observations', v.visit);
        removeSessionRow(db, session.id, 'observations', v.visit);
        state.visits = state.visits.filter((x) => x !== v);
        if (state.current === v.visit) state.current = null;
        entry.label = `discard visit ${v.visit}`;
        break;
      }
      case 'quote':
      case 'edit-quote': {
        const quote = action.type === 'quote' ? nextCode(db, 'quotes', `${code.slice(0, 56)}-Q`) : action.quote;
        if (action.type === 'edit-quote' && !state.quotes.includes(quote))
          throw new StudioError(`quote ${quote} is not one of this session's`, 404);
        snapshot('quotes', quote);
        const at =
          action.type === 'quote'
            ? Math.round((now - state.startedAt) / 1000)
            : sessionRecords(db, 'quotes', code).find((q) => q.quote === quote)?.at;
        const tags = (action.tags ?? []).map((t) => String(t).trim()).filter(Boolean);
        if (tags.some((t) => t.includes('|')))
          throw new StudioError('tags: a tag cannot hold "|" (it separates tags in the quotes file)', 422, 'tags');
        write('quotes', {
          quote,
          session: code,
          step: action.step ?? '',
          text: action.text ?? '',
          tags: tags.join('|'),
          note: action.note ?? '',
          at: at ?? '',
        });
        if (action.type === 'quote') state.quotes.push(quote);
        entry.label = action.type === 'quote' ? `quote ${quote}` : `edit quote ${quote}`;
        break;
      }
      case 'note':
      case 'edit-note': {
        const note = action.type === 'note' ? nextCode(db, 'session_notes', `${code.slice(0, 56)}-N`) : action.note;
        const existing = sessionRecords(db, 'notes', code).find((n) => n.note === note);
        if (action.type === 'edit-note' && !existing)
          throw new StudioError(`note ${note} is not one of this session's`, 404);
        snapshot('notes', note);
        write('notes', {
          note,
          session: code,
          at: action.type === 'note' ? Math.round((now - state.startedAt) / 1000) : (existing?.at ?? ''),
          step: action.step ?? '',
          text: action.text ?? '',
        });
        entry.label = action.type === 'note' ? `note ${note}` : `edit note ${note}`;
        break;
      }
      case 'undo': {
        const last = undo.pop();
        if (!last) throw new StudioError('nothing to undo', 409);
        for (const row of last.rows.reverse()) {
          if (row.before === null) removeSessionRow(db, session.id, row.kind, row.key);
          else write(row.kind, row.before);
        }
        Object.assign(state, last.place);
        state.revision = revision + 1;
        state.undo = undo;
        keep(db, session, state, clock);
        messages.push(`undone: ${last.label}`);
        return;
      }
      case 'end': {
        for (const v of state.visits) {
          pause(v, now);
          save(v);
        }
        state.current = null;
        state.ended = clock.iso();
        entry.label = 'end the session';
        // The summary is checked and corrected on the rows themselves; nothing earlier is kept.
        entry.rows = [];
        break;
      }
      case 'reopen': {
        state.ended = null;
        entry.label = 'reopen the session';
        break;
      }
      default:
        throw new StudioError(`unknown action ${JSON.stringify((action as { type: unknown }).type)}`, 400);
    }
    state.revision = revision + 1;
    state.undo = [...undo, entry].slice(-maxUndo);
    keep(db, session, state, clock);
  });
  return view(db, code, clock, messages);
}

export { RecordError };
export const elapsedOf = elapsed;
