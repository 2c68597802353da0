package casestore_test

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestIsUnique runs real constraint violations through both drivers:
// unique and primary-key violations are unique (also when wrapped), a
// NOT NULL violation and a syntax error are not.
func TestIsUnique(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			var db *sql.DB
			var err error
			if dialect == "sqlite" {
				db, err = sql.Open("sqlite", filepath.Join(t.TempDir(), "u.db"))
			} else {
				db, err = sql.Open("pgx", freshPostgres(t))
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := t.Context()
			if _, err := db.ExecContext(ctx, "CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO u (id, name) VALUES (1, 'a')"); err != nil {
				t.Fatal(err)
			}
			exec := func(q string) error {
				_, err := db.ExecContext(ctx, q)
				if err == nil {
					t.Fatalf("%s: want an error", q)
				}
				return err
			}
			tests := []struct {
				name string
				err  error
				want bool
			}{
				{"unique column", exec("INSERT INTO u (id, name) VALUES (2, 'a')"), true},
				{"primary key", exec("INSERT INTO u (id, name) VALUES (1, 'b')"), true},
				{"wrapped", fmt.Errorf("add: %w", exec("INSERT INTO u (id, name) VALUES (3, 'a')")), true},
				{"not null", exec("INSERT INTO u (id, name) VALUES (4, NULL)"), false},
				{"syntax", exec("INSERT INTO u VALUES ("), false},
				{"not a driver error", errors.New("UNIQUE constraint failed: u.name (SQLSTATE 23505)"), false},
				{"nil", nil, false},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if got := casestore.IsUnique(tt.err); got != tt.want {
						t.Errorf("IsUnique(%v) = %v, want %v", tt.err, got, tt.want)
					}
				})
			}
		})
	}
}
