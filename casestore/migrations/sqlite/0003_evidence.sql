-- Version 3: the evidence ledger. A document (a news report, a study, a
-- filing) is kept with its original bytes (gzip) and its SHA-256; what text
-- screening found in it is kept beside it: the parties it mentions and the
-- listed entities they match (one row per match and entity version, so that
-- re-screening adds only new or changed matches), the goods of concern, the
-- reported transfers (claims), and the analysts' reviews of each claim.
-- Offsets are byte offsets into the document's text. Documents, claims,
-- matches and reviews are append-only.
CREATE TABLE evidence_documents (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT    NOT NULL UNIQUE,
  title        TEXT    NOT NULL,
  source_url   TEXT    NOT NULL,
  published    TEXT    NOT NULL,
  added_by     TEXT    NOT NULL,
  added_at     INTEGER NOT NULL,
  format       TEXT    NOT NULL,
  lang         TEXT    NOT NULL,
  size         INTEGER NOT NULL,
  content_gz   BLOB    NOT NULL,
  text         TEXT    NOT NULL,
  warnings     TEXT    NOT NULL
);

CREATE TABLE evidence_mentions (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES evidence_documents(id),
  span_start  INTEGER NOT NULL,
  span_end    INTEGER NOT NULL,
  text        TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  country     TEXT    NOT NULL
);
CREATE INDEX evidence_mentions_document ON evidence_mentions(document_id, span_start);

CREATE TABLE evidence_matches (
  id           INTEGER PRIMARY KEY,
  mention_id   INTEGER NOT NULL REFERENCES evidence_mentions(id),
  entity_id    TEXT    NOT NULL,
  caption      TEXT    NOT NULL,
  dataset      TEXT    NOT NULL,
  score        REAL    NOT NULL,
  entity_hash  TEXT    NOT NULL,
  list_version TEXT    NOT NULL,
  run_id       INTEGER REFERENCES runs(id),
  created_at   INTEGER NOT NULL,
  UNIQUE (mention_id, entity_id, entity_hash)
);
CREATE INDEX evidence_matches_entity ON evidence_matches(entity_id);

CREATE TABLE evidence_goods (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES evidence_documents(id),
  span_start  INTEGER NOT NULL,
  span_end    INTEGER NOT NULL,
  text        TEXT    NOT NULL,
  concern     TEXT    NOT NULL,
  hs_code     TEXT    NOT NULL,
  chpl_tier   TEXT    NOT NULL,
  model       TEXT    NOT NULL
);
CREATE INDEX evidence_goods_document ON evidence_goods(document_id, span_start);

CREATE TABLE evidence_claims (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES evidence_documents(id),
  supplier       TEXT    NOT NULL,
  recipient      TEXT    NOT NULL,
  item           TEXT    NOT NULL,
  quantity       TEXT    NOT NULL,
  date           TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  source         TEXT    NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end   INTEGER NOT NULL
);
CREATE INDEX evidence_claims_document ON evidence_claims(document_id);

CREATE TABLE claim_reviews (
  id         INTEGER PRIMARY KEY,
  claim_id   INTEGER NOT NULL REFERENCES evidence_claims(id),
  verdict    TEXT    NOT NULL CHECK (verdict IN ('confirmed', 'refuted', 'annotated')),
  note       TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX claim_reviews_claim ON claim_reviews(claim_id);

CREATE TRIGGER evidence_documents_no_update BEFORE UPDATE ON evidence_documents
BEGIN SELECT RAISE(ABORT, 'evidence documents are append-only'); END;
CREATE TRIGGER evidence_documents_no_delete BEFORE DELETE ON evidence_documents
BEGIN SELECT RAISE(ABORT, 'evidence documents are append-only'); END;
CREATE TRIGGER evidence_claims_no_update BEFORE UPDATE ON evidence_claims
BEGIN SELECT RAISE(ABORT, 'evidence claims are append-only'); END;
CREATE TRIGGER evidence_claims_no_delete BEFORE DELETE ON evidence_claims
BEGIN SELECT RAISE(ABORT, 'evidence claims are append-only'); END;
CREATE TRIGGER evidence_matches_no_update BEFORE UPDATE ON evidence_matches
BEGIN SELECT RAISE(ABORT, 'evidence matches are append-only'); END;
CREATE TRIGGER evidence_matches_no_delete BEFORE DELETE ON evidence_matches
BEGIN SELECT RAISE(ABORT, 'evidence matches are append-only'); END;
CREATE TRIGGER claim_reviews_no_update BEFORE UPDATE ON claim_reviews
BEGIN SELECT RAISE(ABORT, 'claim reviews are append-only'); END;
CREATE TRIGGER claim_reviews_no_delete BEFORE DELETE ON claim_reviews
BEGIN SELECT RAISE(ABORT, 'claim reviews are append-only'); END;
