/**
 * What the studio's API returns, as the page reads it: the server's own types (type-only imports,
 * so nothing of the server reaches the browser bundle).
 */
export type { Home } from '../start';
export type { Field, SessionView, Visit } from '../session';
export type {
  Choice,
  RouteStep,
  StudioParticipant as Participant,
  StudioStudy as Study,
} from '../../../../research/repositories/studio';

/** One row of a kind as its CSV file holds it. */
export type Row = Record<string, string | number | null>;
