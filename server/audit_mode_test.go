package server_test

import (
	"encoding/json"
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
