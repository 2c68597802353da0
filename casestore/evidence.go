package casestore

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The evidence ledger keeps documents (news reports, studies, filings) with
// what text screening found in them, so that an analyst can go back to the
// source, see which listed parties it names, and confirm or refute each
// reported transfer. A document is stored once per SHA-256 of its bytes;
// its mentions, goods and claims are written with it in one transaction and
// never change. The matches of a mention grow: re-screening after a list
// update adds a match when it is new or when the listed entity changed
// (another EntityHash), recorded against the list version of the day.
// Reviews of claims are append-only, like decisions.

// Verdict is an analyst's review of a claim.
type Verdict string

// The verdicts.
const (
	// Confirmed: the analyst holds the reported transfer for true.
	Confirmed Verdict = "confirmed"
	// Refuted: the analyst holds it for false.
	Refuted Verdict = "refuted"
	// Annotated: a note that neither confirms nor refutes.
	Annotated Verdict = "annotated"
)

// Verdicts lists the valid verdicts, for messages.
var Verdicts = []Verdict{Confirmed, Refuted, Annotated}

// Valid reports whether v is one of the three verdicts.
func (v Verdict) Valid() bool { return v == Confirmed || v == Refuted || v == Annotated }

// Document is a stored evidence document, without its content.
type Document struct {
	ID int64 `json:"id"`
	// SHA256 is the hex SHA-256 of the original bytes.
	SHA256    string `json:"sha256"`
	Title     string `json:"title"`
	SourceURL string `json:"source_url"`
	// Published is the publication date, YYYY-MM-DD.
	Published string    `json:"published"`
	AddedBy   string    `json:"added_by"`
	Added     time.Time `json:"added"`
	// Format is how the content was read ("text", "html"); Lang the
	// language found ("en", "ru", "zh", "mixed").
	Format string `json:"format"`
	Lang   string `json:"lang"`
	// Size is the length of the original bytes.
	Size int64 `json:"size"`
	// Mentions, Matched, Goods and Claims count what was found: party
	// mentions, mentions with at least one listed match, goods, claims.
	Mentions int `json:"mentions"`
	Matched  int `json:"matched"`
	Goods    int `json:"goods"`
	Claims   int `json:"claims"`
}

// Span is a range [Start, End) of bytes of a document's text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Mention is one party named in a document.
type Mention struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Text       string `json:"text"`
	Span
	// Kind is the FtM schema the mention reads as; Country an ISO code
	// the text gives, if any.
	Kind    string         `json:"kind"`
	Country string         `json:"country,omitempty"`
	Matches []MentionMatch `json:"matches"`
}

// MentionMatch is a listed entity a mention matched, for one version of
// the entity.
type MentionMatch struct {
	ID        int64   `json:"id"`
	MentionID int64   `json:"mention_id"`
	EntityID  string  `json:"entity_id"`
	Caption   string  `json:"caption"`
	Dataset   string  `json:"dataset"`
	Score     float64 `json:"score"`
	// EntityHash is the version of the listed entity (EntityHash);
	// ListVersion the version of its list when the match was recorded.
	EntityHash  string `json:"entity_hash"`
	ListVersion string `json:"list_version"`
	// RunID is the re-screening run that found it; 0 when it was found
	// as the document was added.
	RunID   int64     `json:"run_id,omitempty"`
	Created time.Time `json:"created"`
}

// GoodMention is one good of concern named in a document.
type GoodMention struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Text       string `json:"text"`
	Span
	Concern  string `json:"concern"`
	HSCode   string `json:"hs_code,omitempty"`
	CHPLTier string `json:"chpl_tier,omitempty"`
	Model    string `json:"model,omitempty"`
}

// Claim is one reported transfer read from a document: supplier to
// recipient of item.
type Claim struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Supplier   string `json:"supplier"`
	Recipient  string `json:"recipient"`
	Item       string `json:"item"`
	Quantity   string `json:"quantity,omitempty"`
	Date       string `json:"date,omitempty"`
	// Status is the text's own wording: reported, alleged, confirmed or
	// denied. Verdict is the latest confirming or refuting review, ""
	// when there is none.
	Status  string  `json:"status"`
	Source  string  `json:"source,omitempty"`
	Verdict Verdict `json:"verdict,omitempty"`
	// Sentence is the sentence the claim was read from.
	Sentence Span `json:"sentence"`
}

// ClaimReview is one review of a claim as recorded.
type ClaimReview struct {
	ID      int64     `json:"id"`
	ClaimID int64     `json:"claim_id"`
	Verdict Verdict   `json:"verdict"`
	Note    string    `json:"note"`
	Actor   string    `json:"actor"`
	Created time.Time `json:"created"`
}

// NewDocument is what AddDocument stores: the document's metadata and
// original bytes, and what screening found in it. The IDs of its parts are
// ignored.
type NewDocument struct {
	Title     string
	SourceURL string
	Published string
	Format    string
	Lang      string
	// Content is the original bytes; the store keeps them compressed and
	// checks that their SHA-256 is SHA256 when SHA256 is set.
	Content []byte
	SHA256  string
	// Text is the plain text the offsets point into when it is not
	// Content itself (decoded HTML); empty otherwise.
	Text     string
	Warnings []string
	Mentions []Mention
	Goods    []GoodMention
	Claims   []Claim
}

// DocumentDetail is a document with its content and everything found in
// it, in text order.
type DocumentDetail struct {
	Document
	// Text is the text the offsets point into.
	Text     string        `json:"text"`
	Warnings []string      `json:"warnings"`
	Parties  []Mention     `json:"parties"`
	Goods    []GoodMention `json:"goods"`
	Claims   []Claim       `json:"claims"`
	Reviews  []ClaimReview `json:"reviews"`
	// Content is the original bytes.
	Content []byte `json:"-"`
}

// DocumentFilter selects documents, newest first. The zero value selects
// the latest 100.
type DocumentFilter struct {
	// EntityID selects documents with a mention that matched this listed
	// entity.
	EntityID string
	// SHA256 selects the document with these bytes (hex SHA-256).
	SHA256 string
	// Limit defaults to 100, at most 1000; Offset skips that many.
	Limit, Offset int
}

// StoredMention is a party mention as re-screening reads it.
type StoredMention struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Text       string `json:"text"`
	Kind       string `json:"kind"`
	Country    string `json:"country,omitempty"`
}

// maxEvidenceField bounds the short text fields of the ledger.
const maxEvidenceField = 4096

// CheckSource reports, as ErrInvalid, what is wrong with a document's
// source: its URL must be an absolute http or https URL, its publication
// date a date YYYY-MM-DD.
func CheckSource(sourceURL, published string) error {
	u, err := url.Parse(sourceURL)
	if sourceURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: source URL %q: want an absolute http or https URL", ErrInvalid, sourceURL)
	}
	if _, err := time.Parse(time.DateOnly, published); err != nil {
		return fmt.Errorf("%w: published %q: want a date YYYY-MM-DD", ErrInvalid, published)
	}
	return nil
}

// checkDocument validates a NewDocument and fills in its SHA-256.
func checkDocument(d *NewDocument) error {
	if len(d.Content) == 0 {
		return fmt.Errorf("%w: the document is empty", ErrInvalid)
	}
	sum := sha256.Sum256(d.Content)
	got := hex.EncodeToString(sum[:])
	if d.SHA256 != "" && !strings.EqualFold(d.SHA256, got) {
		return fmt.Errorf("%w: sha256 %s given, the content hashes to %s", ErrInvalid, d.SHA256, got)
	}
	d.SHA256 = got
	d.SourceURL = strings.TrimSpace(d.SourceURL)
	if err := CheckSource(d.SourceURL, d.Published); err != nil {
		return err
	}
	text := d.Text
	if text == "" {
		if !utf8.Valid(d.Content) {
			return fmt.Errorf("%w: the content is not UTF-8 and no decoded text is given", ErrInvalid)
		}
		text = string(d.Content)
	}
	if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
		return fmt.Errorf("%w: the text is not valid UTF-8 or holds NUL bytes", ErrInvalid)
	}
	for _, s := range []string{d.Title, d.Format, d.Lang} {
		if len(s) > maxEvidenceField || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("%w: title, format or lang too long or not UTF-8", ErrInvalid)
		}
	}
	span := func(what string, i int, s Span) error {
		if s.Start < 0 || s.End < s.Start || s.End > len(text) {
			return fmt.Errorf("%w: %s %d: span [%d, %d) outside the text (%d bytes)", ErrInvalid, what, i, s.Start, s.End, len(text))
		}
		return nil
	}
	field := func(what string, i int, ss ...string) error {
		for _, s := range ss {
			if len(s) > maxEvidenceField || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				return fmt.Errorf("%w: %s %d: a field is longer than %d bytes or not UTF-8", ErrInvalid, what, i, maxEvidenceField)
			}
		}
		return nil
	}
	for i, m := range d.Mentions {
		if err := span("mention", i, m.Span); err != nil {
			return err
		}
		if err := field("mention", i, m.Text, m.Kind, m.Country); err != nil {
			return err
		}
		for j, x := range m.Matches {
			if x.EntityID == "" || x.EntityHash == "" {
				return fmt.Errorf("%w: mention %d match %d: entity id and entity hash are required", ErrInvalid, i, j)
			}
			if err := field("mention", i, x.EntityID, x.Caption, x.Dataset, x.EntityHash, x.ListVersion); err != nil {
				return err
			}
		}
	}
	for i, g := range d.Goods {
		if err := span("good", i, g.Span); err != nil {
			return err
		}
		if err := field("good", i, g.Text, g.Concern, g.HSCode, g.CHPLTier, g.Model); err != nil {
			return err
		}
	}
	for i, c := range d.Claims {
		if err := span("claim", i, c.Sentence); err != nil {
			return err
		}
		if err := field("claim", i, c.Supplier, c.Recipient, c.Item, c.Quantity, c.Date, c.Status, c.Source); err != nil {
			return err
		}
	}
	return nil
}

// AddDocument stores a document and what was found in it, audited as
// "evidence.add", in one transaction. A document whose SHA-256 is already
// stored is not stored again: AddDocument returns the stored one and
// created false, and writes nothing.
func (db *DB) AddDocument(ctx context.Context, actor string, d NewDocument) (Document, bool, error) {
	if actor == "" {
		return Document{}, false, fmt.Errorf("casestore: add document: %w: no actor", ErrInvalid)
	}
	if err := checkDocument(&d); err != nil {
		return Document{}, false, fmt.Errorf("casestore: add document: %w", err)
	}
	if id, err := db.documentBySHA(ctx, db.r, d.SHA256); err == nil {
		doc, err := db.documentRow(ctx, id)
		return doc, false, err
	} else if !errors.Is(err, ErrNotFound) {
		return Document{}, false, fmt.Errorf("casestore: add document: %w", err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(d.Content)
	if err := zw.Close(); err != nil {
		return Document{}, false, fmt.Errorf("casestore: add document: compressing: %w", err)
	}
	warnings, _ := json.Marshal(nonNil(d.Warnings))
	now := db.now().UnixMicro()
	var id int64
	created := true
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// A concurrent add of the same bytes may have won.
		if old, err := db.documentBySHA(ctx, tx, d.SHA256); err == nil {
			id, created = old, false
			return nil
		}
		var err error
		id, err = db.insert(ctx, tx, `INSERT INTO evidence_documents (sha256, title, source_url, published, added_by, added_at, format, lang, size, content_gz, text, warnings)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.SHA256, d.Title, d.SourceURL, d.Published, actor, now, d.Format, d.Lang, len(d.Content), gz.Bytes(), d.Text, string(warnings))
		if err != nil {
			return err
		}
		matches := 0
		for _, m := range d.Mentions {
			mid, err := db.insert(ctx, tx, "INSERT INTO evidence_mentions (document_id, span_start, span_end, text, kind, country) VALUES (?, ?, ?, ?, ?, ?)",
				id, m.Start, m.End, m.Text, m.Kind, m.Country)
			if err != nil {
				return err
			}
			for _, x := range m.Matches {
				if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO evidence_matches (mention_id, entity_id, caption, dataset, score, entity_hash, list_version, run_id, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING`),
					mid, x.EntityID, x.Caption, x.Dataset, x.Score, x.EntityHash, x.ListVersion, now); err != nil {
					return err
				}
				matches++
			}
		}
		for _, g := range d.Goods {
			if _, err := tx.ExecContext(ctx, db.q("INSERT INTO evidence_goods (document_id, span_start, span_end, text, concern, hs_code, chpl_tier, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
				id, g.Start, g.End, g.Text, g.Concern, g.HSCode, g.CHPLTier, g.Model); err != nil {
				return err
			}
		}
		for _, c := range d.Claims {
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO evidence_claims (document_id, supplier, recipient, item, quantity, date, status, source, sentence_start, sentence_end)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				id, c.Supplier, c.Recipient, c.Item, c.Quantity, c.Date, c.Status, c.Source, c.Sentence.Start, c.Sentence.End); err != nil {
				return err
			}
		}
		_, err = db.audit(ctx, tx, actor, "evidence.add", "document:"+strconv.FormatInt(id, 10), map[string]any{
			"sha256": d.SHA256, "source_url": d.SourceURL, "published": d.Published, "title": d.Title, "size": len(d.Content),
			"mentions": len(d.Mentions), "matches": matches, "goods": len(d.Goods), "claims": len(d.Claims),
		})
		return err
	})
	if isUnique(err) { // a concurrent add of the same bytes committed first
		if id, err = db.documentBySHA(ctx, db.w, d.SHA256); err == nil {
			doc, err := db.documentRow(ctx, id)
			return doc, false, err
		}
	}
	if err != nil {
		return Document{}, false, fmt.Errorf("casestore: add document: %w", err)
	}
	doc, err := db.documentRow(ctx, id)
	return doc, created, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (db *DB) documentBySHA(ctx context.Context, q querier, sum string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, db.q("SELECT id FROM evidence_documents WHERE sha256 = ?"), sum).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// documentCols selects a document row with its counts.
const documentCols = `d.id, d.sha256, d.title, d.source_url, d.published, d.added_by, d.added_at, d.format, d.lang, d.size,
	(SELECT COUNT(*) FROM evidence_mentions m WHERE m.document_id = d.id),
	(SELECT COUNT(*) FROM evidence_mentions m WHERE m.document_id = d.id AND EXISTS (SELECT 1 FROM evidence_matches x WHERE x.mention_id = m.id)),
	(SELECT COUNT(*) FROM evidence_goods g WHERE g.document_id = d.id),
	(SELECT COUNT(*) FROM evidence_claims c WHERE c.document_id = d.id)`

func scanDocument(sc interface{ Scan(...any) error }) (Document, error) {
	var d Document
	var added int64
	err := sc.Scan(&d.ID, &d.SHA256, &d.Title, &d.SourceURL, &d.Published, &d.AddedBy, &added, &d.Format, &d.Lang, &d.Size,
		&d.Mentions, &d.Matched, &d.Goods, &d.Claims)
	d.Added = micro(added)
	return d, err
}

func (db *DB) documentRow(ctx context.Context, id int64) (Document, error) {
	d, err := scanDocument(db.r.QueryRowContext(ctx, db.q("SELECT "+documentCols+" FROM evidence_documents d WHERE d.id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("casestore: document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Document{}, fmt.Errorf("casestore: document %d: %w", id, err)
	}
	return d, nil
}

// Documents lists documents, newest first.
func (db *DB) Documents(ctx context.Context, f DocumentFilter) ([]Document, error) {
	q := "SELECT " + documentCols + " FROM evidence_documents d"
	var where []string
	var args []any
	if f.EntityID != "" {
		where = append(where, `d.id IN (SELECT m.document_id FROM evidence_mentions m JOIN evidence_matches x ON x.mention_id = m.id WHERE x.entity_id = ?)`)
		args = append(args, f.EntityID)
	}
	if f.SHA256 != "" {
		where, args = append(where, "d.sha256 = ?"), append(args, strings.ToLower(f.SHA256))
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY d.id DESC LIMIT ? OFFSET ?"
	args = append(args, clampLimit(f.Limit), max(f.Offset, 0))
	ds, err := queryAll(ctx, db, db.r, func(rows *sql.Rows) (Document, error) { return scanDocument(rows) }, q, args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: documents: %w", err)
	}
	return ds, nil
}

// rowQuerier is a *sql.DB or a *sql.Tx.
type rowQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs a query (with ? placeholders) and scans each row.
func queryAll[T any](ctx context.Context, db *DB, q rowQuerier, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Document returns a document with its text, mentions and their matches,
// goods, claims and reviews, read in one transaction (one snapshot).
func (db *DB) Document(ctx context.Context, id int64) (DocumentDetail, error) {
	out, err := db.document(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return DocumentDetail{}, fmt.Errorf("casestore: document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return DocumentDetail{}, fmt.Errorf("casestore: document %d: %w", id, err)
	}
	return out, nil
}

func (db *DB) document(ctx context.Context, id int64) (DocumentDetail, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return DocumentDetail{}, err
	}
	defer tx.Rollback()
	var out DocumentDetail
	if out.Document, err = scanDocument(tx.QueryRowContext(ctx, db.q("SELECT "+documentCols+" FROM evidence_documents d WHERE d.id = ?"), id)); err != nil {
		return out, err
	}
	var gz []byte
	var text, warnings string
	if err := tx.QueryRowContext(ctx, db.q("SELECT content_gz, text, warnings FROM evidence_documents WHERE id = ?"), id).Scan(&gz, &text, &warnings); err != nil {
		return out, err
	}
	if out.Content, err = gunzip(gz); err != nil {
		return out, err
	}
	out.Text = text
	if text == "" {
		out.Text = string(out.Content)
	}
	if err := json.Unmarshal([]byte(warnings), &out.Warnings); err != nil {
		return out, fmt.Errorf("warnings: %w", err)
	}
	if out.Parties, err = queryAll(ctx, db, tx, func(rows *sql.Rows) (Mention, error) {
		m := Mention{DocumentID: id, Matches: []MentionMatch{}}
		err := rows.Scan(&m.ID, &m.Start, &m.End, &m.Text, &m.Kind, &m.Country)
		return m, err
	}, "SELECT id, span_start, span_end, text, kind, country FROM evidence_mentions WHERE document_id = ? ORDER BY span_start, id", id); err != nil {
		return out, err
	}
	matches, err := queryAll(ctx, db, tx, func(rows *sql.Rows) (MentionMatch, error) {
		var x MentionMatch
		var run sql.NullInt64
		var c int64
		err := rows.Scan(&x.ID, &x.MentionID, &x.EntityID, &x.Caption, &x.Dataset, &x.Score, &x.EntityHash, &x.ListVersion, &run, &c)
		x.RunID, x.Created = run.Int64, micro(c)
		return x, err
	}, `SELECT x.id, x.mention_id, x.entity_id, x.caption, x.dataset, x.score, x.entity_hash, x.list_version, x.run_id, x.created_at
		FROM evidence_matches x JOIN evidence_mentions m ON m.id = x.mention_id WHERE m.document_id = ? ORDER BY x.mention_id, x.score DESC, x.id`, id)
	if err != nil {
		return out, err
	}
	byID := map[int64]int{}
	for i, m := range out.Parties {
		byID[m.ID] = i
	}
	for _, x := range matches {
		i := byID[x.MentionID]
		out.Parties[i].Matches = append(out.Parties[i].Matches, x)
	}
	if out.Goods, err = queryAll(ctx, db, tx, func(rows *sql.Rows) (GoodMention, error) {
		g := GoodMention{DocumentID: id}
		err := rows.Scan(&g.ID, &g.Start, &g.End, &g.Text, &g.Concern, &g.HSCode, &g.CHPLTier, &g.Model)
		return g, err
	}, "SELECT id, span_start, span_end, text, concern, hs_code, chpl_tier, model FROM evidence_goods WHERE document_id = ? ORDER BY span_start, id", id); err != nil {
		return out, err
	}
	if out.Claims, err = queryAll(ctx, db, tx, func(rows *sql.Rows) (Claim, error) {
		c := Claim{DocumentID: id}
		err := rows.Scan(&c.ID, &c.Supplier, &c.Recipient, &c.Item, &c.Quantity, &c.Date, &c.Status, &c.Source, &c.Sentence.Start, &c.Sentence.End)
		return c, err
	}, `SELECT id, supplier, recipient, item, quantity, date, status, source, sentence_start, sentence_end
		FROM evidence_claims WHERE document_id = ? ORDER BY sentence_start, id`, id); err != nil {
		return out, err
	}
	if out.Reviews, err = queryAll(ctx, db, tx, scanReview, `SELECT r.id, r.claim_id, r.verdict, r.note, r.actor, r.created_at
		FROM claim_reviews r JOIN evidence_claims c ON c.id = r.claim_id WHERE c.document_id = ? ORDER BY r.id`, id); err != nil {
		return out, err
	}
	claimIdx := map[int64]int{}
	for i, c := range out.Claims {
		claimIdx[c.ID] = i
	}
	for _, r := range out.Reviews {
		if r.Verdict != Annotated {
			out.Claims[claimIdx[r.ClaimID]].Verdict = r.Verdict // oldest first: the latest wins
		}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	return out, nil
}

func scanReview(rows *sql.Rows) (ClaimReview, error) {
	var r ClaimReview
	var v string
	var c int64
	err := rows.Scan(&r.ID, &r.ClaimID, &v, &r.Note, &r.Actor, &c)
	r.Verdict, r.Created = Verdict(v), micro(c)
	return r, err
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	return out, nil
}

// ReviewClaim records an analyst's review of a claim, audited as
// "claim.review", in one transaction. A note is required.
func (db *DB) ReviewClaim(ctx context.Context, claimID int64, v Verdict, note, actor string) (ClaimReview, error) {
	note = strings.TrimSpace(note)
	switch {
	case !v.Valid():
		return ClaimReview{}, fmt.Errorf("casestore: review claim %d: %w: verdict %q: want confirmed, refuted or annotated", claimID, ErrInvalid, v)
	case note == "":
		return ClaimReview{}, fmt.Errorf("casestore: review claim %d: %w: a note is required", claimID, ErrInvalid)
	case len(note) > 16<<10 || !utf8.ValidString(note) || strings.IndexByte(note, 0) >= 0:
		return ClaimReview{}, fmt.Errorf("casestore: review claim %d: %w: the note is longer than 16 KiB or not UTF-8", claimID, ErrInvalid)
	case actor == "":
		return ClaimReview{}, fmt.Errorf("casestore: review claim %d: %w: no actor", claimID, ErrInvalid)
	}
	rec := ClaimReview{ClaimID: claimID, Verdict: v, Note: note, Actor: actor}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var doc int64
		var supplier, recipient, item string
		err := tx.QueryRowContext(ctx, db.q("SELECT document_id, supplier, recipient, item FROM evidence_claims WHERE id = ?"), claimID).Scan(&doc, &supplier, &recipient, &item)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		now := db.now().UnixMicro()
		rec.Created = micro(now)
		rec.ID, err = db.insert(ctx, tx, "INSERT INTO claim_reviews (claim_id, verdict, note, actor, created_at) VALUES (?, ?, ?, ?, ?)",
			claimID, string(v), note, actor, now)
		if err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, actor, "claim.review", "claim:"+strconv.FormatInt(claimID, 10), map[string]any{
			"review_id": rec.ID, "verdict": v, "note": note, "document_id": doc,
			"supplier": supplier, "recipient": recipient, "item": item,
		})
		return err
	})
	if err != nil {
		return ClaimReview{}, fmt.Errorf("casestore: review claim %d: %w", claimID, err)
	}
	return rec, nil
}

// StoredMentions lists the stored party mentions with an id above after,
// in id order (paging), for re-screening.
func (db *DB) StoredMentions(ctx context.Context, after int64, limit int) ([]StoredMention, error) {
	ms, err := queryAll(ctx, db, db.r, func(rows *sql.Rows) (StoredMention, error) {
		var m StoredMention
		err := rows.Scan(&m.ID, &m.DocumentID, &m.Text, &m.Kind, &m.Country)
		return m, err
	}, "SELECT id, document_id, text, kind, country FROM evidence_mentions WHERE id > ? ORDER BY id LIMIT ?", after, clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("casestore: mentions: %w", err)
	}
	return ms, nil
}

// AddMentionMatches records the matches a re-screening run found for
// stored mentions: a match is recorded (Created, its ID filled in) when the
// mention has no match with the same entity id and entity hash yet, else
// it is Repeated. The run's actor is audited as "evidence.rematch" when
// anything was recorded.
func (db *DB) AddMentionMatches(ctx context.Context, runID int64, ms []MentionMatch) ([]Outcome, error) {
	for i, m := range ms {
		if m.MentionID <= 0 || m.EntityID == "" || m.EntityHash == "" {
			return nil, fmt.Errorf("casestore: add mention matches: match %d: %w: mention id, entity id and entity hash are required", i, ErrInvalid)
		}
	}
	out := make([]Outcome, len(ms))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var actor string
		if err := tx.QueryRowContext(ctx, db.q("SELECT actor FROM runs WHERE id = ?"), runID).Scan(&actor); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("run %d: %w", runID, ErrNotFound)
			}
			return err
		}
		now := db.now().UnixMicro()
		created, docs := 0, map[int64]bool{}
		for i := range ms {
			m := &ms[i]
			var id int64
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO evidence_matches (mention_id, entity_id, caption, dataset, score, entity_hash, list_version, run_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`),
				m.MentionID, m.EntityID, m.Caption, m.Dataset, m.Score, m.EntityHash, m.ListVersion, runID, now).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				out[i] = Repeated
				continue
			}
			if err != nil {
				if strings.Contains(err.Error(), "FOREIGN KEY") || strings.Contains(err.Error(), "SQLSTATE 23503") {
					return fmt.Errorf("match %d: mention %d: %w", i, m.MentionID, ErrNotFound)
				}
				return err
			}
			m.ID, m.RunID, m.Created = id, runID, micro(now)
			out[i] = Created
			created++
			var doc int64
			if err := tx.QueryRowContext(ctx, db.q("SELECT document_id FROM evidence_mentions WHERE id = ?"), m.MentionID).Scan(&doc); err != nil {
				return err
			}
			docs[doc] = true
		}
		if created == 0 {
			return nil
		}
		_, err := db.audit(ctx, tx, actor, "evidence.rematch", "run:"+strconv.FormatInt(runID, 10), map[string]int{
			"matches": len(ms), "created": created, "repeated": len(ms) - created, "documents": len(docs),
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: add mention matches to run %d: %w", runID, err)
	}
	return out, nil
}
