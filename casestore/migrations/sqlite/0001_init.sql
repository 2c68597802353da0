-- redline case store, SQLite schema version 1.
-- Times are Unix microseconds (UTC). JSON columns hold compact JSON text.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,
  role          TEXT    NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  prefix     TEXT    NOT NULL UNIQUE,
  hash       TEXT    NOT NULL UNIQUE,
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  created_by TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE sessions (
  hash       TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  actor         TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  source        TEXT    NOT NULL,
  list_versions TEXT    NOT NULL,
  settings      TEXT    NOT NULL,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  parties       INTEGER NOT NULL DEFAULT 0,
  hits          INTEGER NOT NULL DEFAULT 0,
  alerts        INTEGER NOT NULL DEFAULT 0,
  suppressed    INTEGER NOT NULL DEFAULT 0,
  repeated      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE alerts (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  party_key      TEXT    NOT NULL,
  party_name     TEXT    NOT NULL,
  party          TEXT    NOT NULL,
  entity_id      TEXT    NOT NULL,
  entity_caption TEXT    NOT NULL,
  entity_hash    TEXT    NOT NULL,
  dataset        TEXT    NOT NULL,
  score          REAL    NOT NULL,
  explanation    TEXT    NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'true_match', 'false_positive', 'needs_review')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX alerts_status ON alerts(status, id);
CREATE INDEX alerts_pair ON alerts(party_key, entity_id, entity_hash);
CREATE INDEX alerts_run ON alerts(run_id);

CREATE TABLE decisions (
  id         INTEGER PRIMARY KEY,
  alert_id   INTEGER NOT NULL REFERENCES alerts(id),
  decision   TEXT    NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'needs_review')),
  reason     TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX decisions_alert ON decisions(alert_id);

CREATE TABLE allow_list (
  party_key   TEXT    NOT NULL,
  entity_id   TEXT    NOT NULL,
  entity_hash TEXT    NOT NULL,
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  actor       TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (party_key, entity_id, entity_hash)
);

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  subject TEXT    NOT NULL,
  detail  TEXT    NOT NULL
);
CREATE INDEX audit_actor ON audit(actor, id);
CREATE INDEX audit_action ON audit(action, id);

-- The audit log and the decisions are append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
