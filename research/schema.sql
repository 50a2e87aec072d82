CREATE INDEX events_log ON events(log_id);

CREATE INDEX quotes_session ON quotes(session_id);

CREATE INDEX session_notes_session ON session_notes(session_id);

CREATE INDEX sessions_participant ON sessions(participant_id);

CREATE INDEX sessions_study ON sessions(study_id);

CREATE INDEX tags_parent ON tags(parent_id);

CREATE TABLE actors (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('resident', 'front office', 'back office', 'external organisation')),
  UNIQUE (version_id, slug)
  ) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  kind TEXT,
  source TEXT,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  detail TEXT
  ) STRICT;

CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (version_id, slug)
  ) STRICT;

CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  given_on TEXT NOT NULL,
  analysis INTEGER NOT NULL CHECK (analysis IN (0, 1)),
  quote_internal INTEGER NOT NULL CHECK (quote_internal IN (0, 1)),
  quote_public INTEGER NOT NULL CHECK (quote_public IN (0, 1)),
  recording INTEGER NOT NULL CHECK (recording IN (0, 1)),
  retain_until TEXT,
  withdrawn_on TEXT,
  UNIQUE (participant_id, given_on)
  ) STRICT;

CREATE TABLE erasure_keys (
  id INTEGER PRIMARY KEY,
  secret BLOB NOT NULL UNIQUE
  ) STRICT;

CREATE TABLE erasures (
  id INTEGER PRIMARY KEY,
  key_id INTEGER NOT NULL REFERENCES erasure_keys(id),
  digest TEXT NOT NULL,               -- hex HMAC-SHA256(secret, participant code)
  erased_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  UNIQUE (key_id, digest)
  ) STRICT;

CREATE TABLE event_logs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'xes')),
  imported_at TEXT NOT NULL,
  cases INTEGER NOT NULL,
  events INTEGER NOT NULL
  ) STRICT;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  log_id INTEGER NOT NULL REFERENCES event_logs(id) ON DELETE CASCADE,
  case_id TEXT NOT NULL,
  activity TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,             -- the instant in milliseconds since the epoch (UTC)
  resource TEXT,
  grp TEXT,                           -- org:group, the department
  lifecycle TEXT,
  position INTEGER NOT NULL,          -- order in the source file: ties in time keep it
  attributes TEXT                     -- JSON object of the other columns, if any
  ) STRICT;

CREATE TABLE finding_components (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  component TEXT NOT NULL,
  PRIMARY KEY (finding_id, component)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE finding_evidence (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
  PRIMARY KEY (finding_id, quote_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE finding_observations (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
  PRIMARY KEY (finding_id, observation_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE finding_steps (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  step_id INTEGER NOT NULL REFERENCES steps(id),
  PRIMARY KEY (finding_id, step_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  study_id INTEGER REFERENCES studies(id),
  step_id INTEGER REFERENCES steps(id),
  statement TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected'))
  , evidence_erased INTEGER NOT NULL DEFAULT 0 CHECK (evidence_erased >= 0)) STRICT;

CREATE TABLE fix_findings (
  fix_id INTEGER NOT NULL REFERENCES fixes(id) ON DELETE CASCADE,
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  PRIMARY KEY (fix_id, finding_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE fix_verifications (
  fix_id INTEGER NOT NULL REFERENCES fixes(id) ON DELETE CASCADE,
  step_id INTEGER NOT NULL REFERENCES steps(id),
  before_study_id INTEGER NOT NULL REFERENCES studies(id),
  after_study_id INTEGER NOT NULL REFERENCES studies(id),
  verified_at TEXT NOT NULL,
  friction_before REAL,
  friction_after REAL,
  change REAL,
  change_low REAL,
  change_high REAL,
  residents_before INTEGER NOT NULL,
  residents_after INTEGER NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('improved', 'no measurable change yet', 'worse', 'too few residents')),
  confidence REAL NOT NULL CHECK (confidence > 0 AND confidence < 1),
  indicative INTEGER NOT NULL CHECK (indicative IN (0, 1)),
  PRIMARY KEY (fix_id, step_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE fixes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  finding_id INTEGER REFERENCES findings(id) ON DELETE SET NULL,
  step_id INTEGER REFERENCES steps(id),
  proposal TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'planned', 'in progress', 'done', 'dropped'))
  , change_kind TEXT CHECK (change_kind IN ('procedure', 'letter', 'form', 'chain', 'other')), owner_role TEXT, measure_study_id INTEGER REFERENCES studies(id)) STRICT;

CREATE TABLE information_items (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (version_id, slug)
  ) STRICT;

CREATE TABLE limit_steps (
  limit_id INTEGER NOT NULL REFERENCES policy_limits(id),
  step_id INTEGER NOT NULL REFERENCES steps(id),
  PRIMARY KEY (limit_id, step_id)
  ) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE note_search USING fts5(words, stems, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE 'note_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'note_search_content'(id INTEGER PRIMARY KEY, c0, c1);

CREATE TABLE 'note_search_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'note_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'note_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE observations (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  visit INTEGER NOT NULL CHECK (visit >= 1),
  step_id INTEGER NOT NULL REFERENCES steps(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'helped', 'failed', 'abandoned', 'skipped')),
  seconds REAL CHECK (seconds >= 0),
  errors INTEGER CHECK (errors >= 0),
  ease INTEGER CHECK (ease BETWEEN 1 AND 7),
  retold INTEGER CHECK (retold >= 0),
  handoffs INTEGER CHECK (handoffs >= 0),
  handoff_to INTEGER REFERENCES actors(id),
  wait_days REAL CHECK (wait_days >= 0),
  channel_id INTEGER REFERENCES channels(id),
  channel_switches INTEGER CHECK (channel_switches >= 0),
  blocked_by INTEGER REFERENCES policy_limits(id),
  note TEXT,
  UNIQUE (session_id, visit)
  ) STRICT;

CREATE TABLE outcome_transitions (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  from_step_id INTEGER NOT NULL REFERENCES steps(id),
  outcome_id INTEGER NOT NULL REFERENCES outcomes(id),
  kind TEXT NOT NULL CHECK (kind IN ('next', 'branch', 'return', 'handoff')),
  condition TEXT
  ) STRICT;

CREATE TABLE outcomes (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  slug TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  UNIQUE (version_id, slug)
  ) STRICT;

CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  age_band TEXT,
  household TEXT,
  digital_skills TEXT,
  language TEXT
  ) STRICT;

CREATE TABLE policy_limits (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  law TEXT NOT NULL,
  bwbr TEXT,
  article TEXT NOT NULL,
  url TEXT NOT NULL,
  rule TEXT NOT NULL,
  why TEXT NOT NULL,
  options TEXT NOT NULL,
  sources TEXT NOT NULL,              -- JSON array of {title, url}
  known_friction TEXT NOT NULL,       -- JSON array of {summary, url}
  uncertain TEXT,
  last_checked TEXT NOT NULL,
  UNIQUE (version_id, slug)
  ) STRICT;

CREATE TABLE procedure_versions (
  id INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedures(id),
  version TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  title TEXT NOT NULL,
  short_title TEXT NOT NULL,
  upl TEXT NOT NULL,
  municipality TEXT NOT NULL,
  summary TEXT NOT NULL,
  applicants_per_year INTEGER NOT NULL,
  applicants_per_year_source TEXT NOT NULL,
  caveats TEXT NOT NULL,              -- JSON array of strings
  sources TEXT NOT NULL,              -- JSON array of URLs
  hash TEXT NOT NULL,
  synced_at TEXT NOT NULL,
  UNIQUE (procedure_id, version)
  ) STRICT;

CREATE TABLE procedures (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL
  ) STRICT;

CREATE VIRTUAL TABLE quote_search USING fts5(words, stems, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE 'quote_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'quote_search_content'(id INTEGER PRIMARY KEY, c0, c1);

CREATE TABLE 'quote_search_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'quote_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'quote_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE quote_tags (
  quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (quote_id, tag_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  step_id INTEGER REFERENCES steps(id),
  text TEXT NOT NULL,
  note TEXT
  , at REAL CHECK (at >= 0)) STRICT;

CREATE TABLE search_pending (
  kind TEXT NOT NULL CHECK (kind IN ('quote', 'note')),
  id INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE session_notes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  at REAL CHECK (at >= 0),
  step_id INTEGER REFERENCES steps(id),
  text TEXT NOT NULL
  ) STRICT;

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('interview', 'walkthrough', 'roleplay')),
  date TEXT NOT NULL,
  researcher TEXT,
  mode TEXT CHECK (mode IN ('in person', 'phone', 'video')),
  CHECK (participant_id IS NOT NULL OR kind = 'roleplay')
  ) STRICT;

CREATE TABLE step_actors (
  step_id INTEGER NOT NULL REFERENCES steps(id),
  actor_id INTEGER NOT NULL REFERENCES actors(id),
  PRIMARY KEY (step_id, actor_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE step_channels (
  step_id INTEGER NOT NULL REFERENCES steps(id),
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  PRIMARY KEY (step_id, channel_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE step_information (
  step_id INTEGER NOT NULL REFERENCES steps(id),
  item_id INTEGER NOT NULL REFERENCES information_items(id),
  PRIMARY KEY (step_id, item_id)
  ) STRICT, WITHOUT ROWID;

CREATE TABLE steps (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  slug TEXT NOT NULL,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES actors(id),
  description TEXT NOT NULL,
  documents TEXT NOT NULL,            -- JSON array of strings
  typical_duration TEXT,
  target_seconds REAL,
  wait_norm_days REAL NOT NULL,
  reach REAL NOT NULL CHECK (reach BETWEEN 0 AND 1), condition TEXT, optional INTEGER NOT NULL DEFAULT 0 CHECK (optional IN (0, 1)), automatic INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)), anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)), objection TEXT,
  UNIQUE (version_id, slug)
  ) STRICT;

CREATE TABLE store_facts (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;

CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  round INTEGER NOT NULL CHECK (round >= 1),
  started_on TEXT NOT NULL,
  ended_on TEXT,
  question TEXT
  ) STRICT;

CREATE TABLE studio_state (
  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  state TEXT NOT NULL,                -- JSON, see scripts/app/studio/session.ts
  updated_at TEXT NOT NULL
  ) STRICT;

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT
  , parent_id INTEGER REFERENCES tags(id) ON DELETE SET NULL) STRICT;

CREATE TABLE transitions (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  from_step_id INTEGER NOT NULL REFERENCES steps(id),
  to_step_id INTEGER NOT NULL REFERENCES steps(id),
  kind TEXT NOT NULL CHECK (kind IN ('next', 'branch', 'return', 'handoff')),
  condition TEXT
  ) STRICT;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures
  BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;

CREATE TRIGGER erasures_no_update BEFORE UPDATE ON erasures
  BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;

CREATE TRIGGER findings_observation_erased BEFORE DELETE ON observations BEGIN
  UPDATE findings SET evidence_erased = evidence_erased + 1
  WHERE id IN (SELECT finding_id FROM finding_observations WHERE observation_id = OLD.id);
  END;

CREATE TRIGGER findings_quote_erased BEFORE DELETE ON quotes BEGIN
  UPDATE findings SET evidence_erased = evidence_erased + 1
  WHERE id IN (SELECT finding_id FROM finding_evidence WHERE quote_id = OLD.id);
  END;

CREATE TRIGGER notes_search_delete AFTER DELETE ON observations BEGIN
  DELETE FROM note_search WHERE rowid = old.id;
  DELETE FROM search_pending WHERE kind = 'note' AND id = old.id;
  END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON observations WHEN new.note IS NOT NULL BEGIN
  INSERT INTO search_pending (kind, id) SELECT 'note', new.id
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'note' AND id = new.id);
  END;

CREATE TRIGGER notes_search_update AFTER UPDATE OF note ON observations BEGIN
  DELETE FROM note_search WHERE rowid = old.id;
  INSERT INTO search_pending (kind, id) SELECT 'note', new.id
  WHERE new.note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'note' AND id = new.id);
  END;

CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes BEGIN
  DELETE FROM quote_search WHERE rowid = old.id;
  DELETE FROM search_pending WHERE kind = 'quote' AND id = old.id;
  END;

CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO search_pending (kind, id) SELECT 'quote', new.id
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'quote' AND id = new.id);
  END;

CREATE TRIGGER quotes_search_update AFTER UPDATE OF text, note ON quotes BEGIN
  DELETE FROM quote_search WHERE rowid = old.id;
  INSERT INTO search_pending (kind, id) SELECT 'quote', new.id
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'quote' AND id = new.id);
  END;

CREATE TRIGGER verifications_stale_delete AFTER DELETE ON observations BEGIN DELETE FROM fix_verifications; END;

CREATE TRIGGER verifications_stale_insert AFTER INSERT ON observations BEGIN DELETE FROM fix_verifications; END;

CREATE TRIGGER verifications_stale_update AFTER UPDATE ON observations BEGIN DELETE FROM fix_verifications; END;
