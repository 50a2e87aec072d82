/** The CSV kinds `drempel import/export/template` know, in the order they must be imported. */
import type { Db } from '../../db';
import type { Column, Writer, WriterOptions } from '../columns';
import * as consents from './consents';
import * as findings from './findings';
import * as fixes from './fixes';
import * as notes from './notes';
import * as observations from './observations';
import * as participants from './participants';
import * as quotes from './quotes';
import * as sessions from './sessions';
import * as studies from './studies';

export interface KindSpec {
  kind: Kind;
  table: string;
  columns: readonly Column[];
  writer: (db: Db, opts: WriterOptions) => Writer;
  /** Whether `--replace` applies (rows belong to a session). */
  replaceable?: boolean;
  exportSql: string;
  /** A condition on exportSql's tables that keeps one study's rows (`@study`). */
  studyFilter: string;
}

export const kindNames = [
  'studies',
  'participants',
  'consents',
  'sessions',
  'observations',
  'quotes',
  'notes',
  'findings',
  'fixes',
] as const;
/** The kinds a study's own data files hold; findings and fixes are the team's synthesis of them. */
export const studyKinds = kindNames.slice(0, 7) as readonly Kind[];
export type Kind = (typeof kindNames)[number];

export const kinds: Record<Kind, KindSpec> = {
  studies: { kind: 'studies', table: 'studies', ...studies },
  participants: { kind: 'participants', table: 'participants', ...participants },
  consents: { kind: 'consents', table: 'consents', ...consents },
  sessions: { kind: 'sessions', table: 'sessions', ...sessions },
  observations: { kind: 'observations', table: 'observations', ...observations },
  quotes: { kind: 'quotes', table: 'quotes', ...quotes },
  notes: { kind: 'notes', table: 'session_notes', ...notes },
  findings: { kind: 'findings', table: 'findings', ...findings },
  fixes: { kind: 'fixes', table: 'fixes', ...fixes },
};

export function isKind(name: string): name is Kind {
  return (kindNames as readonly string[]).includes(name);
}
