//go:build cgo

package flows

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver
)

// DB is the analytics store: one DuckDB file, <data>/flows/flows.duckdb.
// Each part of the package creates the tables it owns when it first needs
// them (CREATE TABLE IF NOT EXISTS), so opening never migrates.
type DB struct {
	sql  *sql.DB
	path string
}

// Open opens the analytics store in dataDir, creating the file if needed.
// An empty dataDir opens a private in-memory database (tests, benchmarks).
func Open(ctx context.Context, dataDir string) (*DB, error) {
	path := ""
	if dataDir != "" {
		dir := filepath.Join(dataDir, "flows")
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("flows: %w", err)
		}
		path = filepath.Join(dir, "flows.duckdb")
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, fmt.Errorf("flows: opening %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("flows: opening %s: %w", path, err)
	}
	return &DB{sql: db, path: path}, nil
}

// SQL returns the database handle. DuckDB runs one writer at a time; callers
// that write use a transaction.
func (db *DB) SQL() *sql.DB { return db.sql }

// Path is the database file ("" for an in-memory store).
func (db *DB) Path() string { return db.path }

// Close closes the store.
func (db *DB) Close() error { return db.sql.Close() }
