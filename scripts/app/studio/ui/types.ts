/** What the studio's API returns (scripts/app/studio/start.ts and session.ts), as the page reads it. */
export interface Study {
  code: string;
  title: string;
  procedure: string;
  version: string;
  round: number;
  startedOn: string;
  endedOn: string | null;
}
export interface Participant {
  code: string;
  analysis: boolean;
  quoteInternal: boolean;
  quotePublic: boolean;
  withdrawnOn: string | null;
  givenOn: string | null;
}
export interface Home {
  today: string;
  studies: Study[];
  participants: Participant[];
  sessions: {
    code: string;
    study: string;
    participant: string | null;
    kind: string;
    date: string;
    ended: string | null;
    visits: number;
  }[];
  tags: string[];
  nextParticipant: string;
}
export interface RouteStep {
  slug: string;
  title: string;
  position: number;
  condition: string | null;
  optional: boolean;
  objection: string | null;
  automatic: boolean;
  actor: string;
  limits: string[];
}
export interface Choice {
  slug: string;
  name: string;
}
export interface Visit {
  visit: number;
  step: string;
  cells: Record<string, string | undefined>;
  elapsedMs: number;
  runningSince: number | null;
  typedSeconds: boolean;
}
export type Row = Record<string, string | number | null>;
export interface SessionView {
  session: {
    code: string;
    study: string;
    participant: string | null;
    kind: 'interview' | 'walkthrough' | 'roleplay';
    date: string;
    researcher: string | null;
    mode: string | null;
  };
  state: {
    revision: number;
    startedAt: number;
    current: number | null;
    visits: Visit[];
    quotes: string[];
    ended: string | null;
    undoLabel: string | null;
  };
  route: { steps: RouteStep[]; actors: Choice[]; channels: Choice[]; limits: Choice[] };
  observations: Row[];
  quotes: Row[];
  notes: Row[];
  consent: { analysis: boolean; quoteInternal: boolean; quotePublic: boolean } | null;
  tags: string[];
  now: number;
  messages: string[];
}
