-- Version 2: the parties screened, kept so that they can be screened again
-- after a list update (re-screening).
CREATE TABLE parties (
  party_key  TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  query      TEXT    NOT NULL,
  first_run  INTEGER NOT NULL,
  last_run   INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
