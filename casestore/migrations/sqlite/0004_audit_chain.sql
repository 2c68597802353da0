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
  id          INTEGER PRIMARY KEY,
  first_id    INTEGER NOT NULL,
  last_id     INTEGER NOT NULL,
  entries     INTEGER NOT NULL,
  first_prev  TEXT    NOT NULL,
  last_hash   TEXT    NOT NULL,
  file_sha256 TEXT    NOT NULL,
  archived_at INTEGER NOT NULL,
  actor       TEXT    NOT NULL
);
CREATE TRIGGER audit_archive_no_update BEFORE UPDATE ON audit_archive
BEGIN SELECT RAISE(ABORT, 'audit archive is append-only'); END;
CREATE TRIGGER audit_archive_no_delete BEFORE DELETE ON audit_archive
BEGIN SELECT RAISE(ABORT, 'audit archive is append-only'); END;

-- Entries may now be deleted, but only those inside an archived segment.
DROP TRIGGER audit_no_delete;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN NOT EXISTS (SELECT 1 FROM audit_archive WHERE OLD.id BETWEEN first_id AND last_id)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only (only archived entries may be removed)'); END;

-- An alert's status changes only together with a decision: the status must
-- become the alert's latest decision (Decide inserts the decision first).
CREATE TRIGGER alerts_status_by_decision BEFORE UPDATE OF status ON alerts
WHEN NEW.status IS NOT OLD.status
 AND NEW.status IS NOT (SELECT decision FROM decisions WHERE alert_id = NEW.id ORDER BY id DESC LIMIT 1)
BEGIN SELECT RAISE(ABORT, 'an alert''s status changes only with a decision'); END;
