package server_test

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/server"
)

// TestSearchAuditModes is issue 15 item 17: every /match kept its names in
// the audit log (about 420 bytes a request). In the default mode a query
// that matched nothing leaves a digest, not its name; "full" keeps it.
func TestSearchAuditModes(t *testing.T) {
	const body = `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Zebulon Quixotewright"]}}}}`
	for _, tc := range []struct {
		mode     casestore.SearchAuditMode
		wantName bool
	}{{"", false}, {casestore.SearchAuditFull, true}} {
		t.Run("mode="+string(tc.mode), func(t *testing.T) {
			e := newEnv(t, func(o *server.Options) { o.SearchAudit = tc.mode; o.AuditFlush = 10 * time.Millisecond })
			if code, b := e.do("POST", "/match/default", casestore.Viewer, body, "Content-Type", "application/json"); code != 200 {
				t.Fatalf("match: %d %s", code, b)
			}
			var entries []casestore.AuditEntry
			for range 100 {
				entries, _ = e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "match"})
				if len(entries) > 0 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if len(entries) != 1 {
				t.Fatalf("match audit entries: %d", len(entries))
			}
			d := string(entries[0].Detail)
			if strings.Contains(d, "Quixotewright") != tc.wantName {
				t.Errorf("mode %q: name kept = %v, want %v: %s", tc.mode, !tc.wantName, tc.wantName, d)
			}
			if !tc.wantName {
				var m struct{ Misses struct{ Digests [][]string } }
				json.Unmarshal(entries[0].Detail, &m)
				want := casestore.QueryDigest("Person", []string{"Zebulon Quixotewright"})
				if len(m.Misses.Digests) != 1 || m.Misses.Digests[0][0] != want {
					t.Errorf("digest: %s, want %s", d, want)
				}
			}
		})
	}
	if _, err := server.New(server.Options{AuditMatches: true, SearchAudit: "verbose"}); err == nil {
		t.Error("an unknown search audit mode is accepted")
	}
}

// TestReadyzAuditFailing is issue 15 item 17: with the audit log failing,
// /match kept answering and /readyz said ok.
func TestReadyzAuditFailing(t *testing.T) {
	realIndex(t)
	file := filepath.Join(t.TempDir(), "cases.db")
	store, err := casestore.OpenSQLite(t.Context(), file, casestore.Options{PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := newEnvStore(t, store, func(o *server.Options) { o.AuditFlush = 10 * time.Millisecond })
	raw, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ready := func() int {
		code, _ := e.do("GET", "/readyz", "", "")
		return code
	}
	match := func() {
		if code, b := e.do("POST", "/match/default", casestore.Viewer, `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}`, "Content-Type", "application/json"); code != 200 {
			t.Fatalf("match: %d %s", code, b)
		}
	}
	waitFor := func(want int) {
		t.Helper()
		for range 100 {
			if ready() == want {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("/readyz never answered %d", want)
	}
	waitFor(200)
	// The audit table goes away (as on a full or broken disk, writes fail)
	// while the database still answers a ping.
	if _, err := raw.ExecContext(t.Context(), "ALTER TABLE audit RENAME TO audit_away"); err != nil {
		t.Fatal(err)
	}
	match()
	waitFor(503)
	if _, err := raw.ExecContext(t.Context(), "ALTER TABLE audit_away RENAME TO audit"); err != nil {
		t.Fatal(err)
	}
	match()
	waitFor(200)
}
