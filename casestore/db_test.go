package casestore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/casestore/storetest"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
)

var pgFlag = flag.String("postgres", "", "PostgreSQL DSN for the PostgreSQL tests (default $REDLINE_TEST_POSTGRES)")

// testOptions keeps password hashing cheap in tests.
var testOptions = casestore.Options{PasswordIterations: 1000}

func openSQLite(t *testing.T) casestore.Store {
	db, err := casestore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cases.db"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// postgresDSN returns the DSN of the test server, or skips.
func postgresDSN(t *testing.T) string {
	dsn := *pgFlag
	if dsn == "" {
		dsn = os.Getenv("REDLINE_TEST_POSTGRES")
	}
	if dsn == "" {
		testutil.Skipf(t, "PostgreSQL tests skipped: set REDLINE_TEST_POSTGRES or -postgres (see .ci/postgres.sh)")
	}
	return dsn
}

// freshPostgres creates an empty database on the test server for one test
// and drops it afterwards.
func freshPostgres(t *testing.T) string {
	dsn := postgresDSN(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "redline_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer a.Close()
		a.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func openPostgres(t *testing.T) casestore.Store {
	db, err := casestore.OpenPostgres(t.Context(), freshPostgres(t), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLite(t *testing.T)   { storetest.Run(t, openSQLite) }
func TestPostgres(t *testing.T) { postgresDSN(t); storetest.Run(t, openPostgres) }

// fourEyesOptions are testOptions with a four-eyes policy.
func fourEyesOptions(fe casestore.FourEyes) casestore.Options {
	o := testOptions
	o.FourEyes = &fe
	return o
}

func TestSQLiteFourEyes(t *testing.T) {
	storetest.RunFourEyes(t, func(t *testing.T, fe casestore.FourEyes) casestore.Store {
		db, err := casestore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cases.db"), fourEyesOptions(fe))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestPostgresFourEyes(t *testing.T) {
	postgresDSN(t)
	storetest.RunFourEyes(t, func(t *testing.T, fe casestore.FourEyes) casestore.Store {
		db, err := casestore.OpenPostgres(t.Context(), freshPostgres(t), fourEyesOptions(fe))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// TestFourEyesOptions: a policy that makes no sense is refused at open.
func TestFourEyesOptions(t *testing.T) {
	bad := []struct {
		name string
		fe   casestore.FourEyes
	}{
		{"negative score", casestore.FourEyes{MinScore: -0.1}},
		{"viewer checks", casestore.FourEyes{MinScore: 0.95, Checker: casestore.Viewer}},
		{"empty list id", casestore.FourEyes{MinScore: 0.95, Lists: []string{""}}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := casestore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cases.db"), fourEyesOptions(tc.fe))
			if !errors.Is(err, casestore.ErrInvalid) {
				t.Fatalf("open with %+v: %v, want ErrInvalid", tc.fe, err)
			}
		})
	}
}

// TestClearancesSettleOnce goes around the Store API with raw SQL: the
// database refuses to change a settled clearance, to let its maker approve
// it, or to remove one.
func TestClearancesSettleOnce(t *testing.T) {
	targets := []struct {
		name, driver string
		target       func(t *testing.T) string
	}{
		{"sqlite", "sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "cases.db") }},
		{"postgres", "pgx", freshPostgres},
	}
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target(t)
			db, err := casestore.Open(t.Context(), target, fourEyesOptions(casestore.DefaultFourEyes()))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			run, err := db.CreateRun(t.Context(), casestore.Run{Actor: "alice", Kind: "parties"})
			if err != nil {
				t.Fatal(err)
			}
			hits := []casestore.Alert{
				{PartyKey: "p", EntityID: "e", EntityHash: "h", Score: 1, Dataset: "un_sc_sanctions"},
				{PartyKey: "q", EntityID: "e", EntityHash: "h", Score: 1, Dataset: "un_sc_sanctions"},
			}
			if _, err := db.AddAlerts(t.Context(), run.ID, hits); err != nil {
				t.Fatal(err)
			}
			var reqs []int64
			for _, h := range hits {
				res, err := db.Decide(t.Context(), h.ID, casestore.FalsePositive, "other person", "alice")
				if err != nil || res.Pending == nil {
					t.Fatalf("Decide = %+v, %v", res, err)
				}
				reqs = append(reqs, res.Pending.ID)
			}
			if _, err := db.SettleClearance(t.Context(), reqs[0], casestore.ClearanceRejected, "no", casestore.Principal{Name: "bob", Role: casestore.Admin}); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open(tc.driver, target)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, stmt := range []string{
				fmt.Sprintf("UPDATE clearances SET status = 'approved', checker = 'mallory' WHERE id = %d", reqs[0]),
				fmt.Sprintf("UPDATE clearances SET status = 'approved', checker = 'alice' WHERE id = %d", reqs[1]),
				fmt.Sprintf("UPDATE clearances SET reason = 'changed' WHERE id = %d", reqs[1]),
				"DELETE FROM clearances",
			} {
				if _, err := raw.ExecContext(t.Context(), stmt); err == nil {
					t.Errorf("%s: allowed", stmt)
				}
			}
		})
	}
}

// TestAppendOnly goes around the Store API with raw SQL: the database itself
// must refuse to change or remove audit entries and decisions.
func TestAppendOnly(t *testing.T) {
	targets := []struct {
		name, driver string
		target       func(t *testing.T) string
	}{
		{"sqlite", "sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "cases.db") }},
		{"postgres", "pgx", freshPostgres},
	}
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target(t)
			db, err := casestore.Open(t.Context(), target, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			run, err := db.CreateRun(t.Context(), casestore.Run{Actor: "alice", Kind: "parties"})
			if err != nil {
				t.Fatal(err)
			}
			hits := []casestore.Alert{{PartyKey: "p", EntityID: "e", EntityHash: "h", Score: 1}}
			if _, err := db.AddAlerts(t.Context(), run.ID, hits); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Decide(t.Context(), hits[0].ID, casestore.TrueMatch, "yes", "alice"); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open(tc.driver, target)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, stmt := range []string{
				"UPDATE audit SET actor = 'mallory'",
				"DELETE FROM audit",
				"UPDATE decisions SET decision = 'false_positive'",
				"DELETE FROM decisions",
			} {
				_, err := raw.ExecContext(t.Context(), stmt)
				if err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: err = %v, want append-only refusal", stmt, err)
				}
			}
			if tc.name == "postgres" {
				if _, err := raw.ExecContext(t.Context(), "TRUNCATE audit"); err == nil {
					t.Error("TRUNCATE audit allowed")
				}
			}
			log, _ := db.AuditLog(t.Context(), casestore.AuditFilter{})
			if len(log) != 3 || log[0].Actor != "alice" {
				t.Fatalf("audit log changed: %+v", log)
			}
		})
	}
}

// TestReopen checks that migrations run once and the data stays.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	for i := range 3 {
		db, err := casestore.OpenSQLite(t.Context(), path, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := db.AddUser(t.Context(), "root", "alice", casestore.Admin, "correct horse"); err != nil {
				t.Fatal(err)
			}
		}
		ms, _ := casestore.Migrations("sqlite")
		v, err := db.SchemaVersion(t.Context())
		if err != nil || v != ms[len(ms)-1].Version {
			t.Fatalf("schema version %d, %v", v, err)
		}
		us, _ := db.Users(t.Context())
		if len(us) != 1 {
			t.Fatalf("open %d: %d users", i, len(us))
		}
		db.Close()
	}
}

func TestMigrations(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		ms, err := casestore.Migrations(d)
		if err != nil || len(ms) == 0 || ms[0].Version != 1 {
			t.Fatalf("%s: %+v, %v", d, ms, err)
		}
	}
	if _, err := casestore.Migrations("oracle"); err == nil {
		t.Fatal("migrations for an unknown dialect")
	}
}

func TestEntityHash(t *testing.T) {
	a := entity.New(entity.Person, "un_sc_sanctions", "1")
	a.Add(entity.Name, "Ivan Petrov", "Иван Петров")
	b := a.Clone()
	b.Properties[entity.Name] = []string{"Иван Петров", "Ivan Petrov"}
	c := a.Clone()
	c.Add(entity.BirthDate, "1970-01-01")
	tests := []struct {
		name string
		x, y *entity.Entity
		same bool
	}{
		{"itself", a, a, true},
		{"value order", a, b, true},
		{"new property", a, c, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := casestore.EntityHash(tc.x) == casestore.EntityHash(tc.y); got != tc.same {
				t.Fatalf("same hash = %v, want %v", got, tc.same)
			}
		})
	}
}
