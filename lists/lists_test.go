package lists

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/internal/testutil"
)

var sharedLists = testutil.SharedData("lists")

func count(t *testing.T, s *Store, datasets ...string) int {
	t.Helper()
	n := 0
	for _, err := range s.Entities(context.Background(), datasets...) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func TestImportVersionsAndDiff(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Import(ctx, []string{"testdata/v1.ftm.json"}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Status != StatusCurrent || res[0].Meta.Entities != 20 {
		t.Fatalf("first import: %+v", res)
	}
	// The same content again changes nothing.
	res, _ = s.Import(ctx, []string{"testdata/v1.ftm.json"}, ImportOptions{})
	if res[0].Status != StatusUnchanged {
		t.Fatalf("re-import status = %s, want %s", res[0].Status, StatusUnchanged)
	}
	// v2 has no stated date and a later mtime than nothing: force it newer.
	res, _ = s.Import(ctx, []string{"testdata/v2.ftm.json"}, ImportOptions{ForceCurrent: true})
	if res[0].Status != StatusCurrent {
		t.Fatalf("v2 status = %s (%s)", res[0].Status, res[0].Err)
	}
	want := DiffSummary{Added: 2, Removed: 1, Changed: 1, Unchanged: 18}
	if diff := cmp.Diff(want, *res[0].Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if n := count(t, s); n != 21 {
		t.Errorf("current entities = %d, want 21", n)
	}
	old, _, err := s.Resolve(ctx, "test_list@previous")
	if err != nil {
		t.Fatal(err)
	}
	cur, _, err := s.Resolve(ctx, "test_list")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Compare(ctx, old, cur)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Changed) != 1 || d.Changed[0].ID != "tl-1" || !cmp.Equal(d.Changed[0].Props, []string{"alias"}) {
		t.Errorf("changed = %+v", d.Changed)
	}
	if len(d.Removed) != 1 || d.Removed[0].ID != "tl-3" {
		t.Errorf("removed = %v", d.Removed)
	}
	vs, _ := s.Versions("test_list")
	if len(vs) != 2 {
		t.Errorf("versions = %d, want 2", len(vs))
	}
}

func TestImportFailureKeepsCurrent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, _ := Open(filepath.Join(dir, "store"))
	if _, err := s.Import(ctx, []string{"testdata/v1.ftm.json"}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Current("test_list")
	// A truncated copy: the last line is cut in the middle of its JSON.
	b, _ := os.ReadFile("testdata/v2.ftm.json")
	bad := filepath.Join(dir, "truncated.ftm.json")
	os.WriteFile(bad, b[:len(b)-40], 0o644)
	res, err := s.Import(ctx, []string{bad}, ImportOptions{ForceCurrent: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != StatusFailed {
		t.Fatalf("truncated import status = %s, want failed", res[0].Status)
	}
	after, _ := s.Current("test_list")
	if after.Version != before.Version {
		t.Errorf("current changed from %s to %s after a failed import", before.Version, after.Version)
	}
	// No temporary folders are left behind.
	des, _ := os.ReadDir(filepath.Join(s.Dir(), "test_list", "versions"))
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".tmp") {
			t.Errorf("temporary folder left: %s", de.Name())
		}
	}
	// A file nobody reads is reported, not imported.
	junk := filepath.Join(dir, "junk.bin")
	os.WriteFile(junk, []byte("\x00\x01 not a list"), 0o644)
	res, _ = s.Import(ctx, []string{junk}, ImportOptions{})
	if res[0].Status != StatusUnrecognized {
		t.Errorf("junk status = %s", res[0].Status)
	}
}

// listServer serves a list file with ETag support, or misbehaves as told.
type listServer struct {
	body  atomic.Pointer[[]byte]
	mode  atomic.Value // "ok", "cut", "500", "garbage"
	gets  atomic.Int32
	conds atomic.Int32
}

func (ls *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ls.gets.Add(1)
	body := *ls.body.Load()
	etag := `"` + strconv.Itoa(len(body)) + `"`
	switch ls.mode.Load().(string) {
	case "500":
		http.Error(w, "upstream down", http.StatusInternalServerError)
		return
	case "garbage":
		w.Write([]byte("<html>maintenance</html>"))
		return
	case "cut":
		// Promise the whole file, send half, then drop the connection.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err == nil {
			buf.Flush()
			conn.Close()
		}
		return
	}
	if r.Header.Get("If-None-Match") == etag {
		ls.conds.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Write(body)
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	v1, _ := os.ReadFile("testdata/v1.ftm.json")
	v2, _ := os.ReadFile("testdata/v2.ftm.json")
	ls := &listServer{}
	ls.body.Store(&v1)
	ls.mode.Store("ok")
	srv := httptest.NewServer(ls)
	defer srv.Close()
	s, _ := Open(t.TempDir())
	opts := UpdateOptions{Sources: []Source{{Dataset: "test_list", URL: srv.URL + "/entities.ftm.json", File: "entities.ftm.json"}}}

	step := func(name, mode string, body []byte, wantStatus string, wantCurrentEntities int) {
		t.Helper()
		ls.mode.Store(mode)
		ls.body.Store(&body)
		res, err := s.Update(ctx, nil, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res[0].Status != wantStatus {
			t.Fatalf("%s: status %s (%s), want %s", name, res[0].Status, res[0].Err, wantStatus)
		}
		if n := count(t, s, "test_list"); n != wantCurrentEntities {
			t.Fatalf("%s: current has %d entities, want %d", name, n, wantCurrentEntities)
		}
		st := s.UpdateStateOf("test_list")
		if wantStatus == UpdateFailed && st.FailureReason == "" {
			t.Errorf("%s: failure not remembered", name)
		}
		if wantStatus != UpdateFailed && st.FailureReason != "" {
			t.Errorf("%s: stale failure reason %q", name, st.FailureReason)
		}
	}
	step("first download", "ok", v1, UpdateNew, 20)
	step("unchanged (ETag)", "ok", v1, UpdateNotModified, 20)
	if ls.conds.Load() != 1 {
		t.Errorf("conditional GETs answered 304: %d, want 1", ls.conds.Load())
	}
	step("server error", "500", v2, UpdateFailed, 20)
	step("cut mid-transfer", "cut", v2, UpdateFailed, 20)
	step("not a list", "garbage", v2, UpdateFailed, 20)
	step("new version", "ok", v2, UpdateNew, 21)
	// A download that parses but holds far fewer entities looks truncated.
	lines := strings.SplitAfterN(string(v2), "\n", 4)
	step("suspiciously small", "ok", []byte(strings.Join(lines[:3], "")), UpdateFailed, 21)
	// A URL serving another dataset must not touch any list.
	other := []byte(strings.ReplaceAll(string(v2), `"test_list"`, `"other_list"`))
	step("wrong dataset", "ok", other, UpdateFailed, 21)
	if ds, _ := s.Datasets(); len(ds) != 1 {
		t.Errorf("datasets after wrong-dataset download: %v", ds)
	}
	// Leftover downloads are cleaned up.
	des, _ := os.ReadDir(s.Dir())
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".download") {
			t.Errorf("download folder left behind: %s", de.Name())
		}
	}
}

func TestUpdateCancelled(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		w.Write([]byte(`{"id":"x"`))
		w.(http.Flusher).Flush()
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	s, _ := Open(t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res, err := s.Update(ctx, nil, UpdateOptions{Sources: []Source{{Dataset: "test_list", URL: srv.URL, File: "e.ftm.json"}}})
	if err == nil && (len(res) != 1 || res[0].Status != UpdateFailed) {
		t.Fatalf("cancelled update: %+v", res)
	}
	if _, err := s.Current("test_list"); !errors.Is(err, ErrNoData) {
		t.Errorf("a cancelled first download left a current version: %v", err)
	}
}

// realCounts are the party entities of the full official files, as their
// publishers count them (../shared/data/README.md).
func TestImportSharedLists(t *testing.T) {
	if _, err := os.Stat(sharedLists); err != nil {
		testutil.Skipf(t, "real lists not found at %s: %v", sharedLists, err)
	}
	ctx := context.Background()
	s, _ := Open(t.TempDir())
	start := time.Now()
	res, err := s.Import(ctx, []string{sharedLists}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d files in %s", len(res), time.Since(start))
	byFile := map[string]ImportResult{}
	for _, r := range res {
		rel, _ := filepath.Rel(sharedLists, r.Path)
		byFile[filepath.ToSlash(rel)] = r
		skipped, ents := 0, 0
		if r.Report != nil {
			skipped, ents = r.Report.Skipped, r.Report.Entities
		}
		t.Logf("%-60s %-12s entities=%d skipped=%d %s", rel, r.Status, ents, skipped, r.Err)
	}
	parties := func(file string) map[string]int {
		r, ok := byFile[file]
		if !ok || r.Report == nil {
			t.Fatalf("%s was not read: %+v", file, r)
		}
		return r.Report.Schemas
	}
	sdn := parties("ofac/sdn-2021-07/sdn.csv")
	if sdn["Person"] != 4620 || sdn["Vessel"] != 406 || sdn["Airplane"] != 277 {
		t.Errorf("SDN 2021-07 schemas = %v, want 4620 Person, 406 Vessel, 277 Airplane", sdn)
	}
	un := parties("un/consolidated-2026-02-27.xml")
	if un["Person"] != 730 {
		t.Errorf("UN persons = %d, want 730", un["Person"])
	}
	for _, f := range []string{"ofac/sdn-2021-07/sdn.csv", "ofac/cons-2025-12/cons_prim.csv", "un/consolidated-2026-02-27.xml",
		"us-csl/consolidated-2022-05.csv.gz", "us-bis/dpl-2023-11.txt"} {
		r := byFile[f]
		if r.Status == StatusFailed || r.Status == StatusUnrecognized {
			t.Errorf("%s: %s: %s", f, r.Status, r.Err)
		}
		if r.Report != nil && r.Report.Skipped != 0 {
			t.Errorf("%s: %d records skipped: %v", f, r.Report.Skipped, r.Report.Problems[:min(3, len(r.Report.Problems))])
		}
	}
	// The partial 2025 OFAC set has no sdn.csv: its companions are reported.
	for _, f := range []string{"ofac/sdn-2025-12-partial/add.csv", "ofac/sdn-2025-12-partial/alt.csv"} {
		if r, ok := byFile[f]; !ok || r.Status != StatusUnrecognized || r.Err == nil {
			t.Errorf("%s: want reported as unreadable alone, got %+v", f, r)
		}
	}
}

func BenchmarkImportSharedLists(b *testing.B) {
	if _, err := os.Stat(sharedLists); err != nil {
		testutil.Skipf(b, "real lists not found: %v", err)
	}
	for b.Loop() {
		s, _ := Open(b.TempDir())
		if _, err := s.Import(context.Background(), []string{sharedLists}, ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestImportDelta(t *testing.T) {
	ctx := context.Background()
	s, _ := Open(t.TempDir())
	res, _ := s.Import(ctx, []string{"testdata/v1-to-v2.delta.json"}, ImportOptions{Dataset: "test_list"})
	if res[0].Status != StatusFailed || !strings.Contains(errText(res[0].Err), "import its full entities file first") {
		t.Fatalf("delta without base: %+v", res[0])
	}
	if _, err := s.Import(ctx, []string{"testdata/v1.ftm.json"}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	res, _ = s.Import(ctx, []string{"testdata/v1-to-v2.delta.json"}, ImportOptions{Dataset: "test_list"})
	if res[0].Status != StatusCurrent {
		t.Fatalf("delta: %s %s", res[0].Status, res[0].Err)
	}
	want := DiffSummary{Added: 2, Removed: 1, Changed: 1, Unchanged: 18}
	if diff := cmp.Diff(want, *res[0].Changes); diff != "" {
		t.Errorf("delta changes (-want +got):\n%s", diff)
	}
	// The result equals the full v2 file.
	full, _, _ := s.resolveFile(ctx, "testdata/v2.ftm.json")
	cur, _, _ := s.Resolve(ctx, "test_list")
	d, err := Compare(ctx, full, cur)
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary.Added+d.Summary.Removed+d.Summary.Changed != 0 {
		t.Errorf("delta applied to v1 differs from v2: %+v", d.Summary)
	}
}

// TestEntitiesEarlyStop reads a version of several parse batches and stops
// early: the iterator must return without leaking or blocking, and a full
// read yields every entity in file order.
func TestEntitiesEarlyStop(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var b strings.Builder
	const n = 5*batchLines + 7
	for i := range n {
		fmt.Fprintf(&b, `{"id":"big-%d","schema":"Person","datasets":["big_list"],"properties":{"name":["Person %d"]}}`+"\n", i, i)
	}
	path := filepath.Join(dir, "big_list.ftm.json")
	os.WriteFile(path, []byte(b.String()), 0o644)
	s, _ := Open(filepath.Join(dir, "store"))
	if res, _ := s.Import(ctx, []string{path}, ImportOptions{}); res[0].Status != StatusCurrent {
		t.Fatalf("import: %+v", res[0])
	}
	before := runtime.NumGoroutine()
	for range 20 {
		i := 0
		for _, err := range s.Entities(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if i++; i == 600 {
				break
			}
		}
	}
	i := 0
	for e, err := range s.Entities(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("big-%d", i); e.ID != want {
			t.Fatalf("entity %d is %s, want %s", i, e.ID, want)
		}
		i++
	}
	if i != n {
		t.Errorf("read %d entities, want %d", i, n)
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines: %d before, %d after 20 early stops", before, after)
	}
}

// unListServer serves the real UN list from a local server at the path of
// its official address, and returns an empty store, the source to update
// it from, the server (to change what it serves) and the list's bytes.
func unListServer(t *testing.T) (*Store, Source, *listServer, []byte) {
	t.Helper()
	full, err := os.ReadFile(filepath.Join(sharedLists, "un", "consolidated-2026-02-27.xml"))
	if err != nil {
		testutil.Skipf(t, "real UN list not found: %v", err)
	}
	ls := &listServer{}
	ls.body.Store(&full)
	ls.mode.Store("ok")
	srv := httptest.NewServer(ls)
	t.Cleanup(srv.Close)
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s, Source{Dataset: "un_sc_sanctions", URL: srv.URL + "/resources/xml/en/consolidated.xml", File: "un-consolidated.xml"}, ls, full
}

// TestUpdateOfficialFormat downloads the real UN list from a local server
// (as the official address would serve it), then a copy cut in the middle
// of an element, which must not replace it.
func TestUpdateOfficialFormat(t *testing.T) {
	s, src, ls, full := unListServer(t)
	res, err := s.Update(context.Background(), nil, UpdateOptions{Sources: []Source{src}})
	if err != nil || res[0].Status != UpdateNew {
		t.Fatalf("first update: %v %+v", err, res)
	}
	if m, _ := s.Current("un_sc_sanctions"); m.Entities != 1003 || m.ListDate != "2026-02-27" || m.Origin != src.URL {
		t.Errorf("current = %d entities, date %s, origin %s", m.Entities, m.ListDate, m.Origin)
	}
	// Served whole but cut: a well-formed HTTP answer holding a broken list.
	cut := full[:len(full)*2/3]
	ls.body.Store(&cut)
	res, _ = s.Update(context.Background(), nil, UpdateOptions{Sources: []Source{src}})
	if res[0].Status != UpdateFailed {
		t.Fatalf("cut list: status %s, want failed", res[0].Status)
	}
	if n := count(t, s, "un_sc_sanctions"); n != 1003 {
		t.Errorf("after a cut download the current version has %d entities, want 1003", n)
	}
	t.Logf("cut download refused: %s", res[0].Err)
}

// TestCorruptUpdateState checks that a damaged update state file is an
// error naming the file, never silently reset: update refuses the dataset
// and leaves the file as it was, status shows the damage, and the JSON of
// the result carries the message.
func TestCorruptUpdateState(t *testing.T) {
	s, src, _, _ := unListServer(t)
	if res, err := s.Update(context.Background(), nil, UpdateOptions{Sources: []Source{src}}); err != nil || res[0].Status != UpdateNew {
		t.Fatalf("first update: %v %+v", err, res)
	}
	state := s.statePath("un_sc_sanctions")
	damaged := []byte(`{"dataset": "un_sc_sanctions", "etag": "W/\"12`) // cut mid-write
	if err := os.WriteFile(state, damaged, 0o644); err != nil {
		t.Fatal(err)
	}

	_, err := s.UpdateState("un_sc_sanctions")
	var se *StateError
	if !errors.As(err, &se) || se.Path != state || !strings.Contains(err.Error(), state) {
		t.Fatalf("UpdateState: err = %v, want a *StateError naming %s", err, state)
	}
	res, err := s.Update(context.Background(), nil, UpdateOptions{Sources: []Source{src}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != UpdateFailed || !errors.As(res[0].Err, &se) {
		t.Errorf("update over a damaged state: status %s, err %v; want failed with a *StateError", res[0].Status, res[0].Err)
	}
	if got, _ := os.ReadFile(state); !bytes.Equal(got, damaged) {
		t.Errorf("the damaged state file was overwritten with %q", got)
	}
	if st := s.UpdateStateOf("un_sc_sanctions"); st.FailureKind != "state" || !strings.Contains(st.FailureReason, state) {
		t.Errorf("UpdateStateOf = %+v, want the damage shown as a failure naming the file", st)
	}
	b, err := json.Marshal(res[0])
	if err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(b, &decoded); err != nil || decoded.Error != res[0].Err.Error() {
		t.Errorf("JSON %s: error %q, want %q", b, decoded.Error, res[0].Err)
	}
}
