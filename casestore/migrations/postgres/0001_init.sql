-- redline case store, PostgreSQL schema version 1.
-- Times are Unix microseconds (UTC). JSON columns hold compact JSON text.
CREATE TABLE users (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          TEXT   NOT NULL UNIQUE,
  role          TEXT   NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  password_hash TEXT   NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  prefix     TEXT   NOT NULL UNIQUE,
  hash       TEXT   NOT NULL UNIQUE,
  name       TEXT   NOT NULL,
  role       TEXT   NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  created_by TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE sessions (
  hash       TEXT   PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE runs (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor         TEXT   NOT NULL,
  kind          TEXT   NOT NULL,
  source        TEXT   NOT NULL,
  list_versions TEXT   NOT NULL,
  settings      TEXT   NOT NULL,
  started_at    BIGINT NOT NULL,
  finished_at   BIGINT,
  parties       BIGINT NOT NULL DEFAULT 0,
  hits          BIGINT NOT NULL DEFAULT 0,
  alerts        BIGINT NOT NULL DEFAULT 0,
  suppressed    BIGINT NOT NULL DEFAULT 0,
  repeated      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE alerts (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id         BIGINT NOT NULL REFERENCES runs(id),
  party_key      TEXT   NOT NULL,
  party_name     TEXT   NOT NULL,
  party          TEXT   NOT NULL,
  entity_id      TEXT   NOT NULL,
  entity_caption TEXT   NOT NULL,
  entity_hash    TEXT   NOT NULL,
  dataset        TEXT   NOT NULL,
  score          DOUBLE PRECISION NOT NULL,
  explanation    TEXT   NOT NULL,
  status         TEXT   NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'true_match', 'false_positive', 'needs_review')),
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX alerts_status ON alerts(status, id);
CREATE INDEX alerts_pair ON alerts(party_key, entity_id, entity_hash);
CREATE INDEX alerts_run ON alerts(run_id);

CREATE TABLE decisions (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id   BIGINT NOT NULL REFERENCES alerts(id),
  decision   TEXT   NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'needs_review')),
  reason     TEXT   NOT NULL,
  actor      TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX decisions_alert ON decisions(alert_id);

CREATE TABLE allow_list (
  party_key   TEXT   NOT NULL,
  entity_id   TEXT   NOT NULL,
  entity_hash TEXT   NOT NULL,
  decision_id BIGINT NOT NULL REFERENCES decisions(id),
  actor       TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (party_key, entity_id, entity_hash)
);

CREATE TABLE audit (
  id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      BIGINT NOT NULL,
  actor   TEXT   NOT NULL,
  action  TEXT   NOT NULL,
  subject TEXT   NOT NULL,
  detail  TEXT   NOT NULL
);
CREATE INDEX audit_actor ON audit(actor, id);
CREATE INDEX audit_action ON audit(action, id);

-- The audit log and the decisions are append-only: a trigger refuses any
-- UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION redline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions
  FOR EACH STATEMENT EXECUTE FUNCTION redline_append_only();
