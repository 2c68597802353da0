package casestore_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/casestore"
)

// matchRequests makes n /match requests of one name each, as the server's
// audit batcher collects them; one in fifty matches an entity.
func matchRequests(n int) []map[string]any {
	first := []string{"Ivan", "Maria", "Li", "Ahmed", "Olga", "Hans", "Sofia", "Dmitri", "Chen", "Fatima"}
	last := []string{"Petrov", "Osetrova", "Wei", "Hassan", "Schmidt", "Rossi", "Kuznetsov", "Zhang", "Nowak", "Garcia"}
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	out := make([]map[string]any, n)
	for i := range out {
		var matches []string
		if i%50 == 0 {
			matches = []string{fmt.Sprintf("NK-%06d", i)}
		}
		out[i] = map[string]any{
			"at":        at.Add(time.Duration(i) * 213 * time.Microsecond).Format(time.RFC3339Nano),
			"threshold": 0.7, "algorithm": "logic-v1",
			"queries": []any{map[string]any{"query": fmt.Sprint("q", i), "schema": "Person",
				"name": []string{fmt.Sprintf("%s %s %d", first[i%10], last[(i/10)%10], i)}, "matches": matches}},
		}
	}
	return out
}

// TestSearchAuditSize measures what the audit log grows by per /match
// request in each mode (issue 15 item 17: about 420 bytes per /match,
// without bound), on SQLite, batched as the server batches: 1000 requests
// per entry.
func TestSearchAuditSize(t *testing.T) {
	const n = 20000
	reqs := matchRequests(n)
	per := map[casestore.SearchAuditMode]float64{}
	for _, mode := range []casestore.SearchAuditMode{casestore.SearchAuditFull, casestore.SearchAuditHits, casestore.SearchAuditCount} {
		file := filepath.Join(t.TempDir(), "cases.db")
		db, err := casestore.OpenSQLite(t.Context(), file, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		before := fileSize(t, file)
		db, _ = casestore.OpenSQLite(t.Context(), file, testOptions)
		for i := 0; i < n; i += 1000 {
			detail, err := casestore.CompactRequests(mode, reqs[i:i+1000])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.AuditBatch(t.Context(), []casestore.AuditEntry{{Actor: "key:payments", Action: "match", Subject: "dataset:default", Detail: detail}}); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		per[mode] = float64(fileSize(t, file)-before) / n
		t.Logf("%-5s %6.1f bytes per /match request (%d requests)", mode, per[mode], n)
	}
	if per[casestore.SearchAuditHits] > per[casestore.SearchAuditFull]/2 || per[casestore.SearchAuditCount] > 5 {
		t.Errorf("compact modes do not compact: %v", per)
	}
}

func fileSize(t *testing.T, file string) int64 {
	var n int64
	for _, p := range []string{file, file + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n
}

func TestCompactRequests(t *testing.T) {
	reqs := matchRequests(3)
	reqs = append(reqs, map[string]any{"at": "2026-12-04T12:00:01Z", "q": "Ivan", "results": 2}) // a /search
	raw, err := casestore.CompactRequests(casestore.SearchAuditHits, reqs)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Count    int
		Requests []map[string]any
		Misses   struct {
			N         int
			MS        []int64
			Digests   [][]string
			Threshold float64
		}
	}
	json.Unmarshal(raw, &got)
	if got.Count != 4 || len(got.Requests) != 2 || got.Requests[0]["queries"] == nil || got.Requests[1]["q"] != "Ivan" {
		t.Fatalf("hits mode keeps the hit and the search in full: %s", raw)
	}
	want := [][]string{{casestore.QueryDigest("Person", []string{"Maria Petrov 1"})}, {casestore.QueryDigest("Person", []string{"Li Petrov 2"})}}
	if d := cmp.Diff(want, got.Misses.Digests); d != "" || got.Misses.N != 2 || got.Misses.Threshold != 0.7 || len(got.Misses.MS) != 2 {
		t.Errorf("misses %+v (-want +got digests):\n%s", got.Misses, d)
	}
	raw, _ = casestore.CompactRequests(casestore.SearchAuditCount, reqs)
	var c map[string]any
	json.Unmarshal(raw, &c)
	if c["count"] != 4.0 || c["queries"] != 3.0 || c["hits"] != 1.0 || c["first"] != "2026-12-04T12:00:00Z" || c["last"] != "2026-12-04T12:00:01Z" {
		t.Errorf("count mode: %s", raw)
	}
	if _, err := casestore.ParseSearchAuditMode("verbose"); err == nil {
		t.Error("unknown mode accepted")
	}
}
