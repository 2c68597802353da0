-- Version 7: four eyes (maker-checker). A false_positive decision that the
-- store's FourEyes policy covers is not applied at once: it is recorded here
-- as a pending clearance request (the alert stays as it was and nothing is
-- allow-listed) until another user approves it (the decision and the
-- allow-listing are then applied, decision_id links them) or rejects it
-- (with a reason). A decision applied to the alert meanwhile supersedes it.
CREATE TABLE clearances (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id     BIGINT NOT NULL REFERENCES alerts(id),
  decision     TEXT   NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'needs_review')),
  reason       TEXT   NOT NULL,
  maker        TEXT   NOT NULL,
  rule         TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  status       TEXT   NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
  checker      TEXT   NOT NULL DEFAULT '',
  check_reason TEXT   NOT NULL DEFAULT '',
  checked_at   BIGINT,
  decision_id  BIGINT REFERENCES decisions(id)
);
-- At most one request awaits a second person per alert.
CREATE UNIQUE INDEX clearances_pending ON clearances(alert_id) WHERE status = 'pending';
CREATE INDEX clearances_status ON clearances(status, id);

-- A request is settled once, and only its settlement columns change; none
-- is ever removed.
CREATE FUNCTION redline_clearance_settle_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' OR NEW.status = 'pending'
     OR NEW.alert_id IS DISTINCT FROM OLD.alert_id OR NEW.decision IS DISTINCT FROM OLD.decision
     OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.maker IS DISTINCT FROM OLD.maker
     OR NEW.rule IS DISTINCT FROM OLD.rule OR NEW.created_at IS DISTINCT FROM OLD.created_at
     OR (NEW.status IN ('approved', 'rejected') AND NEW.checker = NEW.maker) THEN
    RAISE EXCEPTION 'a clearance is settled once, by someone other than its maker';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER clearances_settle_once BEFORE UPDATE ON clearances
  FOR EACH ROW EXECUTE FUNCTION redline_clearance_settle_once();
CREATE TRIGGER clearances_append_only BEFORE DELETE ON clearances
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER clearances_no_truncate BEFORE TRUNCATE ON clearances
  FOR EACH STATEMENT EXECUTE FUNCTION redline_append_only();
