//go:build !cgo

package flows

import (
	"context"
	"database/sql"
)

// DB is the analytics store. In a CGO_ENABLED=0 build it cannot be opened.
type DB struct {
	sql  *sql.DB
	path string
}

// Open returns ErrNeedsCgo: DuckDB needs the default (cgo) build.
func Open(ctx context.Context, dataDir string) (*DB, error) { return nil, ErrNeedsCgo }

// SQL returns the database handle (nil in this build).
func (db *DB) SQL() *sql.DB { return db.sql }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close does nothing in this build.
func (db *DB) Close() error { return nil }
