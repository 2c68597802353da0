package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"               // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Options tunes a DB. The zero value is the production setting, but for
// FourEyes (nil: no second person), which `redline serve` sets.
type Options struct {
	// PasswordIterations is the PBKDF2 iteration count for new password
	// hashes; DefaultIterations when zero. Tests lower it.
	PasswordIterations int
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// FourEyes says which clearances need a second person (foureyes.go).
	// Nil applies every decision at once; `redline serve` sets
	// DefaultFourEyes unless its flags say otherwise.
	FourEyes *FourEyes
}

// own checks the options and copies what they point to, so that the
// caller's later changes do not reach the store.
func (o Options) own() (Options, error) {
	if o.FourEyes != nil {
		if err := o.FourEyes.Check(); err != nil {
			return o, err
		}
		f := *o.FourEyes
		f.Lists = slices.Clone(f.Lists)
		o.FourEyes = &f
	}
	return o, nil
}

// DB is a Store over SQLite or PostgreSQL through database/sql. The SQL is
// shared; the dialects differ in their migrations and in placeholders.
type DB struct {
	// w takes the writes; for SQLite it holds a single connection so that
	// writers queue in Go instead of failing with SQLITE_BUSY.
	w *sql.DB
	// r takes the reads (the same pool as w for PostgreSQL).
	r        *sql.DB
	postgres bool
	opts     Options
}

// Open opens the store at target: a postgres:// or postgresql:// URL opens
// PostgreSQL, anything else is a SQLite file path.
func Open(ctx context.Context, target string, opts Options) (*DB, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		return OpenPostgres(ctx, target, opts)
	}
	return OpenSQLite(ctx, target, opts)
}

// OpenSQLite opens (creating if needed) the SQLite database file at path, in
// WAL mode with synchronous=FULL, and applies pending migrations.
func OpenSQLite(ctx context.Context, file string, opts Options) (*DB, error) {
	if file == "" {
		return nil, fmt.Errorf("casestore: sqlite: %w: empty path", ErrInvalid)
	}
	opts, err := opts.own()
	if err != nil {
		return nil, fmt.Errorf("casestore: %s: %w", file, err)
	}
	if err := restrictSQLiteFiles(file); err != nil { // filemode.go
		return nil, err
	}
	// In a URI file name "?" and "#" end the path and "%" escapes: a path
	// holding them must have them escaped, or another file is opened.
	dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(file) +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	// Write transactions take the write lock when they begin
	// (_txlock=immediate): a deferred one that reads first and then writes
	// fails at once with SQLITE_BUSY, without waiting out busy_timeout, if
	// another process (a CLI command beside a running server) wrote in
	// between.
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("casestore: opening %s: %w", file, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("casestore: opening %s: %w", file, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{w: w, r: r, opts: opts}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("casestore: %s: %w", file, err)
	}
	return db, nil
}

// OpenPostgres connects to the PostgreSQL database at dsn and applies
// pending migrations (under an advisory lock, so that several servers may
// start at once).
func OpenPostgres(ctx context.Context, dsn string, opts Options) (*DB, error) {
	opts, err := opts.own()
	if err != nil {
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(16)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	db := &DB{w: p, r: p, postgres: true, opts: opts}
	if err := db.migrate(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	return db, nil
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string {
	if db.postgres {
		return "postgres"
	}
	return "sqlite"
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		if err2 := db.r.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("casestore: ping: %w", err)
	}
	return nil
}

// q rewrites ? placeholders to $1, $2, ... for PostgreSQL. The queries in
// this package hold no ? inside string literals.
func (db *DB) q(s string) string {
	if !db.postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (db *DB) now() time.Time {
	if db.opts.Now != nil {
		return db.opts.Now().UTC()
	}
	return time.Now().UTC()
}

func micro(t int64) time.Time { return time.UnixMicro(t).UTC() }

// isUnique reports whether err is a unique-constraint violation (a
// primary key included), by the driver's error code: SQLite's extended
// codes SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (both
// reported as "UNIQUE constraint failed"), PostgreSQL's SQLSTATE 23505
// (unique_violation).
func isUnique(err error) bool {
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pe.Code == pgUniqueViolation
	}
	return false
}

// pgUniqueViolation is PostgreSQL's SQLSTATE unique_violation.
const pgUniqueViolation = "23505"

// tx runs f in a write transaction and commits it.
func (db *DB) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// insert runs an INSERT with RETURNING id.
func (db *DB) insert(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, db.q(query+" RETURNING id"), args...).Scan(&id)
	return id, err
}

func clampLimit(n int) int {
	if n <= 0 {
		return 100
	}
	return min(n, 1000)
}

var _ Store = (*DB)(nil)
