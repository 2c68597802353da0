-- Version 4: the audit log is a hash chain (see casestore/audit.go). Each
-- entry carries the hash of the entry before it (prev_hash) and its own
-- (hash), so that an entry changed, removed or slipped in with raw SQL
-- breaks the chain at that entry: `redline audit verify` finds it. Entries
-- written before this version have empty hashes and precede the chain.
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Archived segments: entries moved out of the live table into an archive
-- file (retention). The chain continues across the cut: the first live
-- entry's prev_hash is the last archived entry's hash.
CREATE TABLE audit_archive (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  first_id    BIGINT NOT NULL,
  last_id     BIGINT NOT NULL,
  entries     BIGINT NOT NULL,
  first_prev  TEXT   NOT NULL,
  last_hash   TEXT   NOT NULL,
  file_sha256 TEXT   NOT NULL,
  archived_at BIGINT NOT NULL,
  actor       TEXT   NOT NULL
);
CREATE TRIGGER audit_archive_append_only BEFORE UPDATE OR DELETE ON audit_archive
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER audit_archive_no_truncate BEFORE TRUNCATE ON audit_archive
  FOR EACH STATEMENT EXECUTE FUNCTION redline_append_only();

-- Entries may now be deleted, but only those inside an archived segment.
CREATE FUNCTION redline_audit_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_archive WHERE OLD.id BETWEEN first_id AND last_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only (only archived entries may be removed)', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER audit_append_only ON audit;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION redline_audit_delete();

-- An alert's status changes only together with a decision: the status must
-- become the alert's latest decision (Decide inserts the decision first).
CREATE FUNCTION redline_alert_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NEW.status IS DISTINCT FROM
     (SELECT decision FROM decisions WHERE alert_id = NEW.id ORDER BY id DESC LIMIT 1) THEN
    RAISE EXCEPTION 'an alert''s status changes only with a decision';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER alerts_status_by_decision BEFORE UPDATE OF status ON alerts
  FOR EACH ROW EXECUTE FUNCTION redline_alert_status();
