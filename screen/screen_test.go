package screen

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

// dataDir is the shared reference data, read in place.
var dataDir = testutil.SharedData()

func needData(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(dataDir); err != nil {
		testutil.Skipf(tb, "reference data not found at %s (%v): skipping", dataDir, err)
	}
}

var (
	loadMu  sync.Mutex
	loaded  = map[string][]*entity.Entity{}
	matcher = map[string]*match.Matcher{}
)

// listMatcher builds (once per test binary) a Matcher over list files of
// the shared data.
func listMatcher(tb testing.TB, files ...string) (*match.Matcher, []*entity.Entity) {
	tb.Helper()
	needData(tb)
	loadMu.Lock()
	defer loadMu.Unlock()
	key := strings.Join(files, "|")
	if m, ok := matcher[key]; ok {
		return m, loaded[key]
	}
	var all []*entity.Entity
	for _, f := range files {
		_, err := readers[f].Read(context.Background(), filepath.Join(dataDir, f), func(e *entity.Entity) error {
			all = append(all, e)
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	m, err := match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
		for _, e := range all {
			if !yield(e, nil) {
				return
			}
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	matcher[key], loaded[key] = m, all
	return m, all
}

const unList = "lists/un/consolidated-2026-02-27.xml"

// readers reads each list file of the tests.
var readers = map[string]source.Reader{
	"lists/ofac/sdn-2021-07/sdn.csv":           ofac.CSVReader{},
	"lists/ofac/cons-2025-12/cons_prim.csv":    ofac.CSVReader{},
	unList:                                     un.Reader{},
	"lists/us-csl/consolidated-2022-05.csv.gz": csl.Reader{},
}

// allLists are the lists of the speed bar: OFAC SDN 2021, OFAC
// consolidated, UN, US CSL 2022.
var allLists = []string{
	"lists/ofac/sdn-2021-07/sdn.csv",
	"lists/ofac/cons-2025-12/cons_prim.csv",
	unList,
	"lists/us-csl/consolidated-2022-05.csv.gz",
}

// collect is a Writer that keeps the records.
type collect struct{ recs []Record }

func (c *collect) Write(r *Record) error { c.recs = append(c.recs, *r); return nil }
func (c *collect) Flush() error          { return nil }

// TestPositivesUN screens yente's 683 UN-listed persons (as they are, with
// full_name, date_of_birth and nationality columns) against the UN list:
// every record is read, screened, and nearly all are flagged.
func TestPositivesUN(t *testing.T) {
	m, _ := listMatcher(t, unList)
	f, err := os.Open(filepath.Join(dataDir, "eval", "yente_positives_un_untreated.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out collect
	st, err := Parties(context.Background(), f, Options{Schema: entity.Person, File: f.Name()}, m, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records, %d screened, %d malformed, %d flagged (%.1f%%), %.0f queries/s",
		st.Records, st.Screened, st.Malformed, st.Flagged, 100*float64(st.Flagged)/float64(st.Screened), st.QueriesPerSecond())
	if st.Records != 683 || st.Screened != 683 || st.Malformed != 0 || len(out.recs) != 683 {
		t.Fatalf("stats %+v, %d records written; want 683 screened", st, len(out.recs))
	}
	if share := float64(st.Flagged) / float64(st.Screened); share < 0.95 {
		t.Errorf("only %.1f%% of UN-listed persons flagged against the UN list", 100*share)
	}
	for _, r := range out.recs {
		for _, mt := range r.Matches {
			if mt.Dataset != "un_sc_sanctions" || mt.EntityID == "" || mt.SourceID == "" || mt.Caption == "" || mt.MatchedName == "" {
				t.Fatalf("record %s: incomplete match %+v", r.ID, mt)
			}
		}
	}
}

// TestOrder screens the UN list's own names with many small batches and
// more workers than cores, so that batches finish out of order, and checks
// that the output is in input order and that each listed name finds its
// own entity.
func TestOrder(t *testing.T) {
	m, ents := listMatcher(t, unList)
	var in bytes.Buffer
	var ids []string
	enc := json.NewEncoder(&in)
	for _, e := range ents {
		if !entity.Matchable(e.Schema) || e.First(entity.Name) == "" {
			continue
		}
		enc.Encode(map[string]any{"id": e.ID, "name": e.First(entity.Name), "schema": e.Schema})
		ids = append(ids, e.ID)
	}
	var out collect
	var progress []int
	st, err := Parties(context.Background(), &in, Options{Workers: 7, BatchSize: 3, Window: 5,
		Progress: func(s Stats) { progress = append(progress, s.Records) }}, m, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(out.recs))
	self := 0
	for i, r := range out.recs {
		got[i] = r.ID
		if len(r.Matches) > 0 && r.Matches[0].EntityID == r.ID && r.Matches[0].Score == 1 {
			self++
		}
	}
	if !slices.Equal(got, ids) {
		t.Fatalf("output order differs from input order (%d in, %d out)", len(ids), len(got))
	}
	if !slices.IsSorted(progress) || len(progress) == 0 || progress[len(progress)-1] != len(ids) {
		t.Errorf("progress not increasing to %d: %v...", len(ids), progress[:min(5, len(progress))])
	}
	t.Logf("%d names, %d found themselves at rank 1 with score 1, %.0f queries/s", len(ids), self, st.QueriesPerSecond())
	if self < len(ids)*98/100 {
		t.Errorf("only %d of %d listed names find their own entity at rank 1 with score 1", self, len(ids))
	}
}

// TestMalformed screens the hand-written fixtures: malformed records are
// reported at their lines, counted, and the run goes on.
func TestMalformed(t *testing.T) {
	m, _ := listMatcher(t, unList)
	tests := []struct {
		file      string
		records   int
		badLines  []int
		okRecords []string
	}{
		{"parties.csv", 11, []int{7, 9, 10, 13}, []string{"c1", "c2", "c3", "c4", "c6", "c9", "c10"}},
		{"parties.jsonl", 8, []int{5, 6, 8}, []string{"j1", "j2", "j3", "42", "j6"}},
		{"invalid_utf8.csv", 3, []int{3}, []string{"b1", "b3"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var out collect
			st, err := Parties(context.Background(), f, Options{File: tt.file}, m, &out)
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, p := range st.Problems {
				if p.File != tt.file || !p.Skipped || p.Reason == "" {
					t.Errorf("problem %+v not positioned in %s", p, tt.file)
				}
				lines = append(lines, p.Line)
			}
			var errLines []int
			var okIDs []string
			for _, r := range out.recs {
				if r.Error != "" {
					errLines = append(errLines, r.Line)
				} else {
					okIDs = append(okIDs, r.ID)
				}
			}
			if st.Records != tt.records || len(out.recs) != tt.records || st.Malformed != len(tt.badLines) ||
				!slices.Equal(lines, tt.badLines) || !slices.Equal(errLines, tt.badLines) || !slices.Equal(okIDs, tt.okRecords) {
				t.Errorf("got stats %+v\nerror lines %v, ok ids %v; want %d records, bad lines %v, ok %v",
					st, errLines, okIDs, tt.records, tt.badLines, tt.okRecords)
			}
		})
	}
}

// failWriter fails on its n-th write.
type failWriter struct{ n int }

func (w *failWriter) Write(*Record) error {
	if w.n--; w.n == 0 {
		return errors.New("disk full")
	}
	return nil
}
func (w *failWriter) Flush() error { return nil }

func TestStops(t *testing.T) {
	m, ents := listMatcher(t, unList)
	// A name of the list, so that every record has matches.
	name := ents[0].First(entity.Name)
	in := strings.Repeat(fmt.Sprintf("{\"name\":%q}\n", name), 5000)
	t.Run("write error", func(t *testing.T) {
		_, err := Parties(context.Background(), strings.NewReader(in), Options{BatchSize: 8}, m, &failWriter{n: 20})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("err = %v, want the writer's error", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out collect
		st, err := Parties(ctx, strings.NewReader(in), Options{BatchSize: 8, Progress: func(s Stats) {
			if s.Records >= 100 {
				cancel()
			}
		}}, m, &out)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if st.Records >= 5000 || len(out.recs) != st.Records {
			t.Fatalf("%d records counted, %d written after cancel", st.Records, len(out.recs))
		}
		for _, r := range out.recs {
			if len(r.Matches) == 0 {
				t.Fatalf("record %s written without its matches", r.ID)
			}
		}
	})
	t.Run("cancel while the input is silent", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		go pw.Write([]byte("name\n" + name + "\n"))
		ctx, cancel := context.WithCancel(context.Background())
		var out collect
		done := make(chan error)
		go func() {
			_, err := Parties(ctx, pr, Options{BatchSize: 1}, m, &out)
			done <- err
		}()
		time.Sleep(100 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Parties did not return after cancellation while its input was silent")
		}
	})
	t.Run("matcher error", func(t *testing.T) {
		// A matcher that fails (as *match.Matcher does on an expired
		// context) stops the run with its error: no record is written
		// as if it had no match.
		fm := &failMatcher{m: m, after: 50}
		var out collect
		_, err := Parties(context.Background(), strings.NewReader(in), Options{BatchSize: 8}, fm, &out)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "line ") {
			t.Fatalf("err = %v, want the matcher's error with its line", err)
		}
		for _, r := range out.recs {
			if len(r.Matches) == 0 {
				t.Fatalf("record %s written without its matches", r.ID)
			}
		}
	})
	t.Run("reader error", func(t *testing.T) {
		r := io.MultiReader(strings.NewReader(in[:1000]), errReader{})
		_, err := Parties(context.Background(), r, Options{}, m, &collect{})
		if err == nil || !strings.Contains(err.Error(), "device gone") || !strings.Contains(err.Error(), "line ") {
			t.Fatalf("err = %v, want the reader's error", err)
		}
	})
}

// failMatcher matches with m until it has answered after queries, then
// fails each query with context.DeadlineExceeded.
type failMatcher struct {
	m     Matcher
	after int64
	n     atomic.Int64
}

func (f *failMatcher) Match(ctx context.Context, q *entity.Entity, o match.Options) ([]match.Result, error) {
	if f.n.Add(1) > f.after {
		return nil, fmt.Errorf("match: %w", context.DeadlineExceeded)
	}
	return f.m.Match(ctx, q, o)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("device gone") }

// TestWriters checks both output formats on the fixture: one record per
// input record, in order, parseable.
func TestWriters(t *testing.T) {
	m, _ := listMatcher(t, unList)
	in, err := os.ReadFile(filepath.Join("testdata", "parties.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{OutputJSONL, OutputCSV} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, format)
			if err != nil {
				t.Fatal(err)
			}
			st, err := Parties(context.Background(), bytes.NewReader(in), Options{}, m, w)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			switch format {
			case OutputJSONL:
				dec := json.NewDecoder(&buf)
				for {
					var r Record
					if err := dec.Decode(&r); errors.Is(err, io.EOF) {
						break
					} else if err != nil {
						t.Fatal(err)
					}
					if r.Matches == nil {
						t.Errorf("record %s: matches is null, want []", r.ID)
					}
					ids = append(ids, r.ID)
				}
			case OutputCSV:
				rows, err := csv.NewReader(&buf).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(rows[0], CSVHeader) {
					t.Fatalf("header %v", rows[0])
				}
				for _, r := range rows[1:] {
					var ms []Match
					if err := json.Unmarshal([]byte(r[11]), &ms); err != nil {
						t.Fatalf("matches column %q: %v", r[11], err)
					}
					ids = append(ids, r[0])
				}
			}
			want := []string{"c1", "c2", "c3", "c4", "c5", "c6", "c7", "8", "c9", "c10", "c11"}
			if !slices.Equal(ids, want) || st.Records != len(want) {
				t.Errorf("ids %v, want %v", ids, want)
			}
		})
	}
	if _, err := NewWriter(io.Discard, "xml"); err == nil {
		t.Error("NewWriter accepted format xml")
	}
}

// BenchmarkParties screens yente's 1,000 US negatives (repeated) against
// OFAC SDN 2021 + OFAC consolidated + UN + US CSL 2022 and reports
// queries per second.
func BenchmarkParties(b *testing.B) {
	m, _ := listMatcher(b, allLists...)
	one, err := os.ReadFile(filepath.Join(dataDir, "eval", "yente_negatives_us.csv"))
	if err != nil {
		b.Fatal(err)
	}
	header, body, _ := bytes.Cut(one, []byte("\n"))
	in := slices.Concat(header, []byte("\n"), bytes.Repeat(body, 5))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	var elapsed float64
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		st, err := Parties(context.Background(), bytes.NewReader(in), Options{Schema: entity.Person}, m, NewJSONLWriter(io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		n += st.Screened
		elapsed += st.Elapsed.Seconds()
	}
	cpu := testutil.CPUTime() - cpu0
	b.ReportMetric(float64(n)/elapsed, "q/s")
	// CPU time per record, which a machine shared with other work does
	// not inflate the way it inflates wall-clock time; 2 cores give at
	// most 2s/cpu-per-record records per second.
	if n > 0 {
		per := cpu.Seconds() / float64(n)
		b.ReportMetric(per*1e6, "cpu-µs/record")
		b.ReportMetric(2/per, "2-core-q/s-by-cpu")
	}
}

// constMatcher answers every query with the same result, instantly: it
// isolates the cost of screen itself (reading, batching, reordering,
// encoding) from the engine's.
type constMatcher struct{ r []match.Result }

func (c constMatcher) Match(context.Context, *entity.Entity, match.Options) ([]match.Result, error) {
	return c.r, nil
}

// BenchmarkPipeline measures screen's own overhead per record: 5,000 CSV
// rows through Parties with an instant matcher, JSON lines out.
func BenchmarkPipeline(b *testing.B) {
	needData(b)
	one, err := os.ReadFile(filepath.Join(dataDir, "eval", "yente_negatives_us.csv"))
	if err != nil {
		b.Fatal(err)
	}
	header, body, _ := bytes.Cut(one, []byte("\n"))
	in := slices.Concat(header, []byte("\n"), bytes.Repeat(body, 5))
	e := entity.New(entity.Person, "un_sc_sanctions", "1")
	e.Add(entity.Name, "Listed Person")
	m := constMatcher{[]match.Result{{Entity: e, Score: 0.9, Match: true, Explanation: match.Explanation{MatchedName: "Listed Person", NameScore: 0.9}}}}
	lines := bytes.SplitAfter(in, []byte("\n"))
	for _, size := range []int{100, 1000, 5000} {
		b.Run(fmt.Sprintf("records=%d", size), func(b *testing.B) {
			in := bytes.Join(lines[:size+1], nil)
			b.ReportAllocs()
			n := 0
			var elapsed float64
			for b.Loop() {
				st, err := Parties(context.Background(), bytes.NewReader(in), Options{}, m, NewJSONLWriter(io.Discard))
				if err != nil {
					b.Fatal(err)
				}
				n += st.Screened
				elapsed += st.Elapsed.Seconds()
			}
			b.ReportMetric(float64(n)/elapsed, "q/s")
		})
	}
}

// stallMatcher blocks on the query named "stall" until released, and
// counts the queries it has seen.
type stallMatcher struct {
	seen    atomic.Int64
	stalled chan struct{}
	release chan struct{}
}

func (s *stallMatcher) Match(ctx context.Context, q *entity.Entity, _ match.Options) ([]match.Result, error) {
	s.seen.Add(1)
	if q.First(entity.Name) == "stall" {
		close(s.stalled)
		<-s.release
	}
	return nil, nil
}

// TestWindow checks that memory is bounded: while the first record's
// worker is stuck, the other workers go on, but no more than Window
// batches are taken from the input, however long it is.
func TestWindow(t *testing.T) {
	const batch, window = 10, 6
	in := "name\nstall\n" + strings.Repeat("Someone Else\n", 100000)
	m := &stallMatcher{stalled: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error)
	var out collect
	go func() {
		_, err := Parties(context.Background(), strings.NewReader(in), Options{Workers: 4, BatchSize: batch, Window: window}, m, &out)
		done <- err
	}()
	<-m.stalled
	time.Sleep(200 * time.Millisecond) // let the other workers take all they can
	seen := m.seen.Load()
	close(m.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if seen > batch*window {
		t.Errorf("%d records screened while the first batch was stuck; the window allows %d", seen, batch*window)
	}
	if seen < 2*batch {
		t.Errorf("only %d records screened while the first batch was stuck: the other workers did not go on", seen)
	}
	if len(out.recs) != 100001 {
		t.Errorf("%d records written, want 100001", len(out.recs))
	}
}
