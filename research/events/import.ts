/**
 * Import an event log (CSV in PM4Py's column conventions, or XES) as one named log, all or
 * nothing. Re-importing under the same name replaces that log. Problems are reported as
 * `file:row:column` (CSV) or `file:line:key` (XES), up to 50.
 */
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTag } from 'saxes';
import type { Db } from '../db';
import { CsvImportError, DrempelError, maxProblems, type RowProblem } from '../errors';
import { appendAudit } from '../repositories/audit';
import { asyncTransaction } from '../transaction';
import { BatchUpsert } from '../csv/columns';
import { unneutralise } from '../csv/export';
import { openCsv } from '../csv/read';
import { parseTimestamp } from './timestamps';

export interface EventColumns {
  case: string;
  activity: string;
  timestamp: string;
  resource: string;
  group: string;
  lifecycle: string;
}

/** PM4Py's names (pm4py.util.xes_constants). */
export const defaultEventColumns: EventColumns = {
  case: 'case:concept:name',
  activity: 'concept:name',
  timestamp: 'time:timestamp',
  resource: 'org:resource',
  group: 'org:group',
  lifecycle: 'lifecycle:transition',
};

export interface EventImportOptions {
  /** The log's name (default: the file name without extension). */
  name?: string;
  columns?: Partial<EventColumns>;
  now?: string;
  dryRun?: boolean;
  onProgress?: (p: { bytesRead: number; totalBytes: number; rows: number }) => void;
  onWarning?: (message: string) => void;
}

export interface EventImportSummary {
  name: string;
  format: 'csv' | 'xes';
  cases: number;
  events: number;
  activities: number;
  replaced: boolean;
}

interface EventRow {
  case: string;
  activity: string;
  ms: number;
  resource: string | null;
  group: string | null;
  lifecycle: string | null;
  attributes: string | null;
}

/** Collects problems and writes events in batches inside one transaction. */
class LogWriter {
  problems: RowProblem[] = [];
  truncated = false;
  events = 0;
  cases = new Set<string>();
  activities = new Set<string>();
  naive = false;
  #batch: BatchUpsert;
  #logId: number;

  constructor(
    db: Db,
    logId: number,
    readonly file: string,
  ) {
    this.#logId = logId;
    this.#batch = new BatchUpsert(
      db,
      'events',
      [],
      ['log_id', 'case_id', 'activity', 'ts_ms', 'resource', 'grp', 'lifecycle', 'position', 'attributes'],
      200,
    );
  }

  problem(row: number, column: string, value: string | undefined, expected: string): void {
    if (this.problems.length < maxProblems) this.problems.push({ file: this.file, row, column, value, expected });
    else this.truncated = true;
  }

  add(e: EventRow): void {
    this.events++;
    this.cases.add(e.case);
    this.activities.add(e.activity);
    if (this.problems.length) return; // it will be rolled back anyway
    this.#batch.add([
      this.#logId,
      e.case,
      e.activity,
      e.ms,
      e.resource,
      e.group,
      e.lifecycle,
      this.events,
      e.attributes,
    ]);
  }

  finish(): void {
    if (!this.problems.length) this.#batch.flush();
  }
}

/** Import a `.csv` or `.xes` file as an event log. */
export async function importEventLog(db: Db, path: string, opts: EventImportOptions = {}): Promise<EventImportSummary> {
  const format = extname(path).toLowerCase() === '.xes' ? 'xes' : 'csv';
  const name = opts.name ?? basename(path).replace(/\.(csv|xes)$/i, '');
  const file = basename(path);
  return asyncTransaction(db, async () => {
    const old = db.prepare<unknown[], number>('SELECT id FROM event_logs WHERE name = ?').pluck().get(name);
    if (old !== undefined) db.prepare('DELETE FROM event_logs WHERE id = ?').run(old);
    const at = opts.now ?? new Date().toISOString();
    const logId = Number(
      db
        .prepare('INSERT INTO event_logs (name, source, format, imported_at, cases, events) VALUES (?, ?, ?, ?, 0, 0)')
        .run(name, file, format, at).lastInsertRowid,
    );
    const w = new LogWriter(db, logId, file);
    if (format === 'csv') await readCsvLog(path, { ...defaultEventColumns, ...opts.columns }, w, opts);
    else await readXesLog(path, w, opts);
    w.finish();
    if (w.problems.length) throw new CsvImportError(file, w.problems, w.truncated);
    if (w.events === 0)
      throw new DrempelError(
        `${file}: no events found`,
        'Check that the file is an event log with a case, an activity and a timestamp per event.',
      );
    if (w.naive) opts.onWarning?.(`${file}: timestamps without a UTC offset were read as UTC`);
    db.prepare('UPDATE event_logs SET cases = ?, events = ? WHERE id = ?').run(w.cases.size, w.events, logId);
    const summary = {
      name,
      format,
      cases: w.cases.size,
      events: w.events,
      activities: w.activities.size,
      replaced: old !== undefined,
    } as const;
    if (!opts.dryRun)
      appendAudit(db, {
        at,
        action: 'import',
        kind: 'events',
        source: file,
        inserted: w.events,
        deleted: 0,
        detail: `log ${name}${old !== undefined ? ' (replaced)' : ''}`,
      });
    return { result: summary, keep: !opts.dryRun };
  });
}

async function readCsvLog(path: string, columns: EventColumns, w: LogWriter, opts: EventImportOptions): Promise<void> {
  const csv = await openCsv(path);
  if (csv.empty)
    throw new CsvImportError(
      w.file,
      [
        {
          file: w.file,
          row: 1,
          column: '',
          expected: `file is empty: expected a header with ${columns.case}, ${columns.activity}, ${columns.timestamp}`,
        },
      ],
      false,
    );
  let header: string[] | undefined;
  let index: Record<keyof EventColumns, number> | undefined;
  let extra: number[] = [];
  let row = 0;
  await csv.parse((rows, errors, parser) => {
    const unclosed = new Set(errors.filter((e) => e.code === 'MissingQuotes').map((e) => e.row));
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i];
      row++;
      if (!header) {
        header = cells.map((c) => c.trim());
        index = Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, header!.indexOf(c)])) as Record<
          keyof EventColumns,
          number
        >;
        const missing = (['case', 'activity', 'timestamp'] as const).filter((k) => index![k] < 0);
        if (missing.length) {
          throw new CsvImportError(
            w.file,
            missing.map((k) => ({
              file: w.file,
              row: 1,
              column: columns[k],
              expected: `required column is missing (the header has: ${header!.join(', ')}); name another with --${k} COLUMN`,
            })),
            false,
          );
        }
        const used = new Set(Object.values(index));
        extra = header.map((_, j) => j).filter((j) => !used.has(j) && header![j] !== '');
        continue;
      }
      if (cells.length === 1 && cells[0].trim() === '') continue;
      if (unclosed.has(i)) {
        w.problem(row, '', undefined, 'has a quote that is never closed (is the file cut off?)');
        continue;
      }
      if (cells.length !== header.length) {
        w.problem(row, '', undefined, `has ${cells.length} fields, expected ${header.length}`);
        continue;
      }
      const ix = index!;
      const cell = (j: number) => unneutralise(cells[j].trim());
      const caseId = cell(ix.case);
      const activity = cell(ix.activity);
      const rawTime = cell(ix.timestamp);
      if (!caseId) w.problem(row, columns.case, undefined, 'is required but empty');
      if (!activity) w.problem(row, columns.activity, undefined, 'is required but empty');
      const t = parseTimestamp(rawTime);
      if (!t)
        w.problem(
          row,
          columns.timestamp,
          rawTime,
          'is not a timestamp (expected ISO 8601, e.g. 2026-03-01 14:32:00+01:00)',
        );
      else if (!t.hasOffset) w.naive = true;
      if (caseId && activity && t) {
        const opt = (k: 'resource' | 'group' | 'lifecycle') => (ix[k] >= 0 && cell(ix[k]) ? cell(ix[k]) : null);
        let attributes: string | null = null;
        if (extra.length) {
          const obj: Record<string, string> = {};
          for (const j of extra) if (cells[j] !== '') obj[header[j]] = unneutralise(cells[j]);
          attributes = JSON.stringify(obj);
        }
        w.add({
          case: caseId,
          activity,
          ms: t.ms,
          resource: opt('resource'),
          group: opt('group'),
          lifecycle: opt('lifecycle'),
          attributes,
        });
      }
      if (w.truncated) {
        parser.abort();
        return;
      }
    }
    opts.onProgress?.({ ...csv.progress(), rows: w.events });
  });
}

/** The XES keys an event row has columns for; the others are kept as its attributes. */
const xesKnownKeys = new Set([
  'concept:name',
  'time:timestamp',
  'org:resource',
  'org:group',
  'lifecycle:transition',
  '\u0000case',
]);

/** One XES event (its trace's case under the key `\u0000case`), checked and added, or its problems said. */
function addXesEvent(w: LogWriter, attrs: Record<string, string>, line: number): void {
  const activity = attrs['concept:name'];
  const time = attrs['time:timestamp'];
  if (!activity) w.problem(line, 'concept:name', undefined, 'event has no concept:name (the activity)');
  const t = time ? parseTimestamp(time) : undefined;
  if (!time) w.problem(line, 'time:timestamp', undefined, 'event has no time:timestamp');
  else if (!t) w.problem(line, 'time:timestamp', time, 'is not an xs:dateTime');
  else if (!t.hasOffset) w.naive = true;
  if (!activity || !t || !attrs['\u0000case']) return;
  const rest = Object.entries(attrs).filter(([k]) => !xesKnownKeys.has(k));
  w.add({
    case: attrs['\u0000case'],
    activity,
    ms: t.ms,
    resource: attrs['org:resource'] ?? null,
    group: attrs['org:group'] ?? null,
    lifecycle: attrs['lifecycle:transition'] ?? null,
    attributes: rest.length ? JSON.stringify(Object.fromEntries(rest)) : null,
  });
}

/** Stream an XES file (IEEE 1849-2016) with a SAX parser; lenient about extensions and nesting. */
async function readXesLog(path: string, w: LogWriter, opts: EventImportOptions): Promise<void> {
  const parser = new SaxesParser({ position: true });
  let depth = 0; // element depth inside the current trace/event attribute list
  let traceCase: string | null = null;
  let traceLine = 0;
  let event: Record<string, string> | null = null;
  let eventLine = 0;
  let inTrace = false;
  const bytes = { bytesRead: 0, totalBytes: 0 };
  const attributeTags = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);
  const pending: { attrs: Record<string, string>; line: number }[] = [];
  let traceEvents: typeof pending = [];
  parser.on('opentag', (tag: SaxesTag) => {
    const name = tag.name.toLowerCase();
    if (name === 'trace') {
      inTrace = true;
      traceCase = null;
      traceLine = parser.line;
      traceEvents = [];
      depth = 0;
    } else if (name === 'event' && inTrace) {
      event = {};
      eventLine = parser.line;
      depth = 0;
    } else if (inTrace && attributeTags.has(name) && depth === 0) {
      const key = String((tag.attributes as Record<string, string>).key ?? '');
      const value = String((tag.attributes as Record<string, string>).value ?? '');
      if (event) event[key] = value;
      else if (key === 'concept:name') traceCase = value;
    }
    if (inTrace && name !== 'trace' && name !== 'event') depth++;
  });
  parser.on('closetag', (tag: SaxesTag) => {
    const name = tag.name.toLowerCase();
    if (inTrace && name !== 'trace' && name !== 'event') depth--;
    if (name === 'event' && event) {
      traceEvents.push({ attrs: event, line: eventLine });
      event = null;
    } else if (name === 'trace') {
      inTrace = false;
      if (traceCase === null)
        w.problem(traceLine, 'concept:name', undefined, 'trace has no concept:name (the case id)');
      for (const e of traceEvents) pending.push({ attrs: { ...e.attrs, '\u0000case': traceCase ?? '' }, line: e.line });
      flush();
    }
  });
  parser.on('error', (e) => {
    throw new DrempelError(`${w.file}: invalid XML: ${e.message}`, 'Check that the file is a complete XES document.');
  });
  const flush = () => {
    for (const { attrs, line } of pending.splice(0)) addXesEvent(w, attrs, line);
  };
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    bytes.bytesRead += (chunk as Buffer).length;
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    opts.onProgress?.({ ...bytes, rows: w.events });
    if (w.truncated) break;
  }
  parser.close();
}
