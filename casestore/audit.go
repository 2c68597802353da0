package casestore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The audit log is a hash chain. Every entry stores prev_hash, the hash of
// the entry before it, and hash, the SHA-256 of
//
//	prev_hash "\n" at "\n" len(actor) ":" actor "\n" len(action) ":" action
//	"\n" len(subject) ":" subject "\n" len(detail) ":" detail
//
// (at in Unix microseconds, lengths in bytes, all in decimal). Entries are
// chained in id order; the first entry of a new store, and the first one
// written after migration 4 over older entries, has prev_hash "". A change
// to an entry's columns, an entry removed from the middle, or an entry
// inserted with raw SQL (no hash, or a hash that does not follow) breaks
// the chain at that entry, and VerifyAudit reports where.
//
// What the chain does not prove by itself: someone with write access to the
// database who also recomputes every later hash, or who removes entries
// from the end. Against both, keep the head (AuditCheck.Head and Entries,
// printed by `redline audit verify`) somewhere the database's users cannot
// write, e.g. in the logs or a ticket, and compare later heads with it.
//
// Retention: ArchiveAudit moves the oldest entries into an archive file
// (JSON lines with their hashes) and records the segment (ids, count, first
// prev_hash, last hash, SHA-256 of the file) in audit_archive; the database
// lets an entry be deleted only when it lies in a recorded segment. The
// chain continues across the cut, and VerifyAuditArchive checks a file
// against its segment.

// AuditChain is implemented by stores whose audit log is a hash chain
// (DB is one); `redline audit verify` and `audit archive` use it.
type AuditChain interface {
	// VerifyAudit walks the chain and reports the first break.
	VerifyAudit(ctx context.Context) (AuditCheck, error)
	// ArchiveAudit moves the entries written before a time into w.
	ArchiveAudit(ctx context.Context, actor string, before time.Time, w io.Writer) (AuditArchive, error)
	// VerifyAuditArchive checks an archive file against its segment.
	VerifyAuditArchive(ctx context.Context, r io.Reader) (AuditCheck, error)
}

var _ AuditChain = (*DB)(nil)

// auditHash returns the hex hash of one entry given the previous hash.
func auditHash(prev string, at int64, actor, action, subject, detail string) string {
	h := sha256.New()
	b := make([]byte, 0, 64+len(actor)+len(action)+len(subject)+len(detail))
	b = append(b, prev...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, at, 10)
	for _, s := range []string{actor, action, subject, detail} {
		b = append(b, '\n')
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// auditLock is the PostgreSQL advisory lock that serialises appends to the
// chain (SQLite serialises writers itself).
const auditLock = 72616566

// auditHead returns the hash the next entry chains to, inside tx: the
// newest entry's, else the last archived segment's, else "". On
// PostgreSQL it first takes the chain's transaction lock, held until tx
// ends, so that two transactions never chain to the same entry.
func (db *DB) auditHead(ctx context.Context, tx *sql.Tx) (string, error) {
	if db.postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock("+strconv.Itoa(auditLock)+")"); err != nil {
			return "", fmt.Errorf("audit chain lock: %w", err)
		}
	}
	var head string
	err := tx.QueryRowContext(ctx, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1").Scan(&head)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, "SELECT last_hash FROM audit_archive ORDER BY id DESC LIMIT 1").Scan(&head)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("audit chain head: %w", err)
	}
	return head, nil
}

// AuditCheck is the outcome of verifying the audit chain.
type AuditCheck struct {
	// Entries counts the live entries read; Unchained those written
	// before the chain existed (migration 4), which precede it.
	Entries   int `json:"entries"`
	Unchained int `json:"unchained"`
	// Archived counts the entries of the archived segments.
	Archived int `json:"archived"`
	// Head is the newest entry's hash, HeadID its id: write them down
	// outside the database to detect later truncation or re-chaining.
	Head   string `json:"head"`
	HeadID int64  `json:"head_id"`
	// OK is false when the chain breaks; BreakID and Break say at which
	// entry (or archived segment) and why.
	OK      bool   `json:"ok"`
	BreakID int64  `json:"break_id,omitempty"`
	Break   string `json:"break,omitempty"`
	// AlertsOffRecord are the alerts whose status is not their latest
	// decision ("open" without one): changed around the store. They make
	// OK false too. (Set by VerifyAudit only.)
	AlertsOffRecord []int64 `json:"alerts_off_record,omitempty"`
}

// chainWalk checks entries one by one, in id order.
type chainWalk struct {
	c        AuditCheck
	expected string // the prev_hash the next chained entry must carry
	started  bool
}

func (w *chainWalk) entry(id, at int64, actor, action, subject, detail, prev, hash string) {
	if !w.c.OK {
		return
	}
	w.c.Entries++
	if hash == "" {
		if w.started {
			w.fail(id, "entry without a hash after the chain started: written around the store (raw SQL)")
			return
		}
		w.c.Unchained++
		return
	}
	w.started = true
	if prev != w.expected {
		w.fail(id, fmt.Sprintf("prev_hash %.16s… is not the hash of the entry before it (%.16s…): an entry before it was removed, changed or inserted", prev, w.expected))
		return
	}
	if got := auditHash(prev, at, actor, action, subject, detail); got != hash {
		w.fail(id, "its contents do not match its hash: the entry was changed after it was written")
		return
	}
	w.expected, w.c.Head, w.c.HeadID = hash, hash, id
}

func (w *chainWalk) fail(id int64, why string) {
	w.c.OK, w.c.BreakID, w.c.Break = false, id, fmt.Sprintf("entry %d: %s", id, why)
}

// VerifyAudit walks the whole audit chain: the archived segments in order,
// then every live entry, recomputing each hash. It reports the first break.
func (db *DB) VerifyAudit(ctx context.Context) (AuditCheck, error) {
	w := chainWalk{c: AuditCheck{OK: true}}
	segs, err := db.r.QueryContext(ctx, "SELECT id, first_id, last_id, entries, first_prev, last_hash FROM audit_archive ORDER BY id")
	if err != nil {
		return w.c, fmt.Errorf("casestore: verify audit: %w", err)
	}
	lastID := int64(0)
	for segs.Next() {
		var id, first, last, n int64
		var firstPrev, lastHash string
		if err := segs.Scan(&id, &first, &last, &n, &firstPrev, &lastHash); err != nil {
			segs.Close()
			return w.c, fmt.Errorf("casestore: verify audit: %w", err)
		}
		if w.c.OK && (firstPrev != w.expected || first <= lastID) {
			w.c.OK, w.c.Break = false, fmt.Sprintf("archived segment %d (entries %d-%d) does not follow the one before it", id, first, last)
		}
		w.expected, lastID, w.started = lastHash, last, w.started || lastHash != ""
		w.c.Archived += int(n)
	}
	segs.Close()
	if err := segs.Err(); err != nil {
		return w.c, fmt.Errorf("casestore: verify audit: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY id")
	if err != nil {
		return w.c, fmt.Errorf("casestore: verify audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		var actor, action, subject, detail, prev, hash string
		if err := rows.Scan(&id, &at, &actor, &action, &subject, &detail, &prev, &hash); err != nil {
			return w.c, fmt.Errorf("casestore: verify audit: %w", err)
		}
		if id <= lastID && w.c.OK {
			w.fail(id, "an entry inside an archived segment is still live")
		}
		w.entry(id, at, actor, action, subject, detail, prev, hash)
	}
	if err := rows.Err(); err != nil {
		return w.c, fmt.Errorf("casestore: verify audit: %w", err)
	}
	rows.Close()
	if w.c.AlertsOffRecord, err = db.alertsOffRecord(ctx); err != nil {
		return w.c, err
	}
	if len(w.c.AlertsOffRecord) > 0 {
		w.c.OK = false
		if w.c.Break == "" {
			w.c.Break = fmt.Sprintf("%d alert(s) have a status that is not their latest decision, e.g. alert %d: changed around the store (raw SQL)",
				len(w.c.AlertsOffRecord), w.c.AlertsOffRecord[0])
		}
	}
	return w.c, nil
}

// alertsOffRecord returns the alerts whose status is not their latest
// decision, or not "open" when they have none.
func (db *DB) alertsOffRecord(ctx context.Context) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT a.id FROM alerts a WHERE a.status <> COALESCE(
		(SELECT d.decision FROM decisions d WHERE d.alert_id = a.id ORDER BY d.id DESC LIMIT 1), 'open') ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("casestore: verify alerts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("casestore: verify alerts: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// archivedEntry is one line of an archive file.
type archivedEntry struct {
	ID       int64           `json:"id"`
	At       int64           `json:"at_us"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Subject  string          `json:"subject"`
	Detail   json.RawMessage `json:"detail"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// AuditArchive is one archived segment of the audit log.
type AuditArchive struct {
	FirstID    int64     `json:"first_id"`
	LastID     int64     `json:"last_id"`
	Entries    int       `json:"entries"`
	FirstPrev  string    `json:"first_prev"`
	LastHash   string    `json:"last_hash"`
	FileSHA256 string    `json:"file_sha256"`
	ArchivedAt time.Time `json:"archived_at"`
	Actor      string    `json:"actor"`
}

// ArchiveAudit moves the live entries written before the given time into
// an archive: it writes them to w as JSON lines (with their hashes), records
// the segment in audit_archive, deletes them, and audits the archiving
// itself, all in one transaction. When w has a Sync method (an *os.File)
// it is synced before the transaction commits. w should be a temporary
// file that the caller keeps once ArchiveAudit returns a segment (the
// entries are then gone from the database). With no entry to archive it
// returns a zero AuditArchive and writes nothing.
func (db *DB) ArchiveAudit(ctx context.Context, actor string, before time.Time, w io.Writer) (AuditArchive, error) {
	if actor == "" {
		return AuditArchive{}, fmt.Errorf("casestore: archive audit: %w: actor is required", ErrInvalid)
	}
	var seg AuditArchive
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.auditHead(ctx, tx); err != nil { // takes the chain lock
			return err
		}
		rows, err := tx.QueryContext(ctx, db.q("SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit WHERE at < ? ORDER BY id"), before.UnixMicro())
		if err != nil {
			return err
		}
		h := sha256.New()
		enc := json.NewEncoder(io.MultiWriter(w, h))
		enc.SetEscapeHTML(false)
		for rows.Next() {
			var e archivedEntry
			var detail string
			if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Subject, &detail, &e.PrevHash, &e.Hash); err != nil {
				rows.Close()
				return err
			}
			e.Detail = json.RawMessage(detail)
			if seg.Entries == 0 {
				seg.FirstID, seg.FirstPrev = e.ID, e.PrevHash
			}
			seg.LastID, seg.LastHash = e.ID, e.Hash
			seg.Entries++
			if err := enc.Encode(e); err != nil {
				rows.Close()
				return fmt.Errorf("writing the archive: %w", err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if seg.Entries == 0 {
			return nil
		}
		// The file is durable before any entry leaves the database.
		if f, ok := w.(interface{ Sync() error }); ok {
			if err := f.Sync(); err != nil {
				return fmt.Errorf("writing the archive: %w", err)
			}
		}
		seg.FileSHA256, seg.ArchivedAt, seg.Actor = hex.EncodeToString(h.Sum(nil)), micro(db.now().UnixMicro()), actor
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO audit_archive (first_id, last_id, entries, first_prev, last_hash, file_sha256, archived_at, actor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), seg.FirstID, seg.LastID, seg.Entries, seg.FirstPrev, seg.LastHash, seg.FileSHA256,
			seg.ArchivedAt.UnixMicro(), actor); err != nil {
			return err
		}
		// The archiving's own entry goes in before the delete, so that the
		// newest row is never deleted: SQLite would hand its id out again.
		if _, err := db.audit(ctx, tx, actor, "audit.archive", fmt.Sprintf("audit:%d-%d", seg.FirstID, seg.LastID), seg); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q("DELETE FROM audit WHERE id BETWEEN ? AND ?"), seg.FirstID, seg.LastID)
		return err
	})
	if err != nil {
		return AuditArchive{}, fmt.Errorf("casestore: archive audit: %w", err)
	}
	return seg, nil
}

// VerifyAuditArchive checks an archive file written by ArchiveAudit: its
// SHA-256 must be that of a recorded segment, and its entries must chain
// from the segment's first prev_hash to its last hash.
func (db *DB) VerifyAuditArchive(ctx context.Context, r io.Reader) (AuditCheck, error) {
	h := sha256.New()
	dec := json.NewDecoder(io.TeeReader(r, h))
	w := chainWalk{c: AuditCheck{OK: true}}
	first := true
	for {
		var e archivedEntry
		err := dec.Decode(&e)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return w.c, fmt.Errorf("casestore: audit archive entry %d: %w", w.c.Entries+1, err)
		}
		if first {
			w.expected, first = e.PrevHash, false
		}
		w.entry(e.ID, e.At, e.Actor, e.Action, e.Subject, string(e.Detail), e.PrevHash, e.Hash)
	}
	io.Copy(h, r)
	sum := hex.EncodeToString(h.Sum(nil))
	var seg AuditArchive
	err := db.r.QueryRowContext(ctx, db.q("SELECT first_id, last_id, entries, first_prev, last_hash FROM audit_archive WHERE file_sha256 = ?"), sum).
		Scan(&seg.FirstID, &seg.LastID, &seg.Entries, &seg.FirstPrev, &seg.LastHash)
	if errors.Is(err, sql.ErrNoRows) {
		if w.c.OK {
			w.c.OK, w.c.Break = false, "the file's SHA-256 "+sum[:16]+"… matches no archived segment: it is not an archive of this store, or it was changed"
		}
		return w.c, nil
	}
	if err != nil {
		return w.c, fmt.Errorf("casestore: audit archive: %w", err)
	}
	if w.c.OK && (w.c.Entries != seg.Entries || w.c.Head != seg.LastHash) {
		w.c.OK, w.c.Break = false, fmt.Sprintf("the file holds %d entries ending in %.16s…, its segment records %d ending in %.16s…", w.c.Entries, w.c.Head, seg.Entries, seg.LastHash)
	}
	return w.c, nil
}

// audit appends an audit entry inside tx.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, actor, action, subject string, detail any) (AuditEntry, error) {
	var raw json.RawMessage
	switch d := detail.(type) {
	case nil:
		raw = json.RawMessage("{}")
	case json.RawMessage:
		raw = d
		if len(raw) == 0 {
			raw = json.RawMessage("{}")
		}
	default:
		b, err := json.Marshal(d)
		if err != nil {
			return AuditEntry{}, fmt.Errorf("audit detail: %w", err)
		}
		raw = b
	}
	if !json.Valid(raw) {
		return AuditEntry{}, fmt.Errorf("audit detail: %w: not JSON", ErrInvalid)
	}
	e := AuditEntry{At: db.now(), Actor: actor, Action: action, Subject: subject, Detail: raw}
	prev, err := db.auditHead(ctx, tx) // audit.go: the hash chain
	if err != nil {
		return AuditEntry{}, err
	}
	at := e.At.UnixMicro()
	e.PrevHash, e.Hash = prev, auditHash(prev, at, actor, action, subject, string(raw))
	id, err := db.insert(ctx, tx, "INSERT INTO audit (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
		at, actor, action, subject, string(raw), e.PrevHash, e.Hash)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("audit: %w", err)
	}
	e.ID = id
	e.At = micro(e.At.UnixMicro())
	return e, nil
}

// Audit appends an entry to the audit log. At and ID are set by the store.
func (db *DB) Audit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	if e.Actor == "" || e.Action == "" {
		return AuditEntry{}, fmt.Errorf("casestore: audit: %w: actor and action are required", ErrInvalid)
	}
	var out AuditEntry
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = db.audit(ctx, tx, e.Actor, e.Action, e.Subject, e.Detail)
		return err
	})
	if err != nil {
		return AuditEntry{}, fmt.Errorf("casestore: audit: %w", err)
	}
	return out, nil
}

// AuditBatch appends several entries in one transaction (one fsync).
func (db *DB) AuditBatch(ctx context.Context, es []AuditEntry) ([]AuditEntry, error) {
	for i, e := range es {
		if e.Actor == "" || e.Action == "" {
			return nil, fmt.Errorf("casestore: audit batch entry %d: %w: actor and action are required", i, ErrInvalid)
		}
	}
	out := make([]AuditEntry, len(es))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for i, e := range es {
			var err error
			if out[i], err = db.audit(ctx, tx, e.Actor, e.Action, e.Subject, e.Detail); err != nil {
				return fmt.Errorf("entry %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: audit batch: %w", err)
	}
	return out, nil
}

// AuditLog lists entries, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	q := "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, clampLimit(f.Limit))
	rows, err := db.r.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("casestore: audit log: %w", err)
		}
		e.At, e.Detail = micro(at), json.RawMessage(detail)
		out = append(out, e)
	}
	return out, rows.Err()
}
