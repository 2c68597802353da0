-- Version 3: the evidence ledger. A document (a news report, a study, a
-- filing) is kept with its original bytes (gzip) and its SHA-256; what text
-- screening found in it is kept beside it: the parties it mentions and the
-- listed entities they match (one row per match and entity version, so that
-- re-screening adds only new or changed matches), the goods of concern, the
-- reported transfers (claims), and the analysts' reviews of each claim.
-- Offsets are byte offsets into the document's text. Documents, claims,
-- matches and reviews are append-only.
CREATE TABLE evidence_documents (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256       TEXT    NOT NULL UNIQUE,
  title        TEXT    NOT NULL,
  source_url   TEXT    NOT NULL,
  published    TEXT    NOT NULL,
  added_by     TEXT    NOT NULL,
  added_at     BIGINT  NOT NULL,
  format       TEXT    NOT NULL,
  lang         TEXT    NOT NULL,
  size         BIGINT  NOT NULL,
  content_gz   BYTEA   NOT NULL,
  text         TEXT    NOT NULL,
  warnings     TEXT    NOT NULL
);

CREATE TABLE evidence_mentions (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id BIGINT  NOT NULL REFERENCES evidence_documents(id),
  span_start  BIGINT  NOT NULL,
  span_end    BIGINT  NOT NULL,
  text        TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  country     TEXT    NOT NULL
);
CREATE INDEX evidence_mentions_document ON evidence_mentions(document_id, span_start);

CREATE TABLE evidence_matches (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mention_id   BIGINT  NOT NULL REFERENCES evidence_mentions(id),
  entity_id    TEXT    NOT NULL,
  caption      TEXT    NOT NULL,
  dataset      TEXT    NOT NULL,
  score        DOUBLE PRECISION NOT NULL,
  entity_hash  TEXT    NOT NULL,
  list_version TEXT    NOT NULL,
  run_id       BIGINT  REFERENCES runs(id),
  created_at   BIGINT  NOT NULL,
  UNIQUE (mention_id, entity_id, entity_hash)
);
CREATE INDEX evidence_matches_entity ON evidence_matches(entity_id);

CREATE TABLE evidence_goods (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id BIGINT  NOT NULL REFERENCES evidence_documents(id),
  span_start  BIGINT  NOT NULL,
  span_end    BIGINT  NOT NULL,
  text        TEXT    NOT NULL,
  concern     TEXT    NOT NULL,
  hs_code     TEXT    NOT NULL,
  chpl_tier   TEXT    NOT NULL,
  model       TEXT    NOT NULL
);
CREATE INDEX evidence_goods_document ON evidence_goods(document_id, span_start);

CREATE TABLE evidence_claims (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id    BIGINT  NOT NULL REFERENCES evidence_documents(id),
  supplier       TEXT    NOT NULL,
  recipient      TEXT    NOT NULL,
  item           TEXT    NOT NULL,
  quantity       TEXT    NOT NULL,
  date           TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  source         TEXT    NOT NULL,
  sentence_start BIGINT  NOT NULL,
  sentence_end   BIGINT  NOT NULL
);
CREATE INDEX evidence_claims_document ON evidence_claims(document_id);

CREATE TABLE claim_reviews (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  claim_id   BIGINT  NOT NULL REFERENCES evidence_claims(id),
  verdict    TEXT    NOT NULL CHECK (verdict IN ('confirmed', 'refuted', 'annotated')),
  note       TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  created_at BIGINT  NOT NULL
);
CREATE INDEX claim_reviews_claim ON claim_reviews(claim_id);

CREATE TRIGGER evidence_documents_append_only BEFORE UPDATE OR DELETE ON evidence_documents
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER evidence_claims_append_only BEFORE UPDATE OR DELETE ON evidence_claims
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER evidence_matches_append_only BEFORE UPDATE OR DELETE ON evidence_matches
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER claim_reviews_append_only BEFORE UPDATE OR DELETE ON claim_reviews
  FOR EACH ROW EXECUTE FUNCTION redline_append_only();
CREATE TRIGGER claim_reviews_no_truncate BEFORE TRUNCATE ON claim_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION redline_append_only();
