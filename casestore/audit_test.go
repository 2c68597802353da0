package casestore_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestAuditTamper is issue 15 item 18: direct SQL could forge, change or
// remove audit entries (after dropping the triggers) without a trace.
// Each tampering must break the chain at the entry it touched.
func TestAuditTamper(t *testing.T) {
	dialects := []struct {
		name, driver string
		target       func(t *testing.T) string
		dropTriggers []string
	}{
		{"sqlite", "sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "cases.db") },
			[]string{"DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"}},
		{"postgres", "pgx", freshPostgres, []string{"DROP TRIGGER audit_append_only ON audit"}},
	}
	tampers := []struct {
		name      string
		sql       string
		triggers  bool // the database's own triggers refuse it
		wantBreak int64
		wantWhy   string
	}{
		{"change an entry", "UPDATE audit SET detail = '{\"q\":\"someone else\"}' WHERE id = 3", true, 3, "changed after it was written"},
		{"change the actor", "UPDATE audit SET actor = 'mallory' WHERE id = 2", true, 2, "changed after it was written"},
		{"remove an entry", "DELETE FROM audit WHERE id = 2", true, 3, "removed, changed or inserted"},
		{"insert a forged entry", "INSERT INTO audit (at, actor, action, subject, detail) VALUES (1, 'mallory', 'decision.add', 'alert:1', '{}')", false, 5, "without a hash"},
		{"insert with a made-up hash", "INSERT INTO audit (at, actor, action, subject, detail, prev_hash, hash) VALUES (1, 'mallory', 'x', 'y', '{}', 'aa', 'bb')", false, 5, "removed, changed or inserted"},
	}
	for _, d := range dialects {
		for _, tc := range tampers {
			t.Run(d.name+"/"+tc.name, func(t *testing.T) {
				target := d.target(t)
				db, err := casestore.Open(t.Context(), target, testOptions)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				for i := range 4 {
					if _, err := db.Audit(t.Context(), casestore.AuditEntry{Actor: "alice", Action: "search", Detail: []byte(fmt.Sprintf(`{"q":"name %d"}`, i))}); err != nil {
						t.Fatal(err)
					}
				}
				if c, err := db.VerifyAudit(t.Context()); err != nil || !c.OK || c.Entries != 4 {
					t.Fatalf("before tampering: %+v %v", c, err)
				}
				raw, err := sql.Open(d.driver, target)
				if err != nil {
					t.Fatal(err)
				}
				defer raw.Close()
				if tc.triggers {
					if _, err := raw.ExecContext(t.Context(), tc.sql); err == nil {
						t.Fatalf("%s: allowed with the triggers in place", tc.sql)
					}
					for _, s := range d.dropTriggers {
						if _, err := raw.ExecContext(t.Context(), s); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := raw.ExecContext(t.Context(), tc.sql); err != nil {
					t.Fatalf("%s: %v", tc.sql, err)
				}
				c, err := db.VerifyAudit(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if c.OK || c.BreakID != tc.wantBreak || !strings.Contains(c.Break, tc.wantWhy) {
					t.Errorf("after %q: %+v, want a break at entry %d (%s)", tc.sql, c, tc.wantBreak, tc.wantWhy)
				}
			})
		}
	}
}

// TestAlertStatusOnlyByDecision is issue 15 item 18: direct SQL could
// change an alert's status without a decision.
func TestAlertStatusOnlyByDecision(t *testing.T) {
	targets := []struct {
		name, driver string
		target       func(t *testing.T) string
		drop         string
	}{
		{"sqlite", "sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "cases.db") }, "DROP TRIGGER alerts_status_by_decision"},
		{"postgres", "pgx", freshPostgres, "DROP TRIGGER alerts_status_by_decision ON alerts"},
	}
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target(t)
			db, err := casestore.Open(t.Context(), target, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			run, _ := db.CreateRun(t.Context(), casestore.Run{Actor: "alice", Kind: "parties"})
			hits := []casestore.Alert{{PartyKey: "p", EntityID: "e", EntityHash: "h", Score: 1}, {PartyKey: "q", EntityID: "e", EntityHash: "h", Score: 1}}
			if _, err := db.AddAlerts(t.Context(), run.ID, hits); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Decide(t.Context(), hits[0].ID, casestore.TrueMatch, "same person", "alice"); err != nil {
				t.Fatalf("a decision still changes the status: %v", err)
			}
			if c, _ := db.VerifyAudit(t.Context()); !c.OK {
				t.Fatalf("before: %+v", c)
			}
			raw, _ := sql.Open(tc.driver, target)
			defer raw.Close()
			clear := fmt.Sprintf("UPDATE alerts SET status = 'false_positive' WHERE id = %d", hits[1].ID)
			if _, err := raw.ExecContext(t.Context(), clear); err == nil || !strings.Contains(err.Error(), "only with a decision") {
				t.Fatalf("status changed without a decision: %v", err)
			}
			if _, err := raw.ExecContext(t.Context(), tc.drop); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.ExecContext(t.Context(), clear); err != nil {
				t.Fatal(err)
			}
			c, err := db.VerifyAudit(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if c.OK || len(c.AlertsOffRecord) != 1 || c.AlertsOffRecord[0] != hits[1].ID {
				t.Errorf("after clearing an alert with raw SQL: %+v", c)
			}
		})
	}
}
