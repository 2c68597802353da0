-- Version 5: a run that stopped before screening every row is failed, not
-- finished: error says why (empty for a run that finished). A run left
-- unfinished by a crash is found at start (finished_at IS NULL) and failed
-- or redone.
ALTER TABLE runs ADD COLUMN error TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_unfinished ON runs (id) WHERE finished_at IS NULL;
