package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ofacsearch"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

var dataDir = testutil.SharedData()

func needData(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(dataDir); err != nil {
		testutil.Skipf(tb, "reference data not found at %s (%v): skipping", dataDir, err)
	}
}

func TestConfusion(t *testing.T) {
	tests := []struct {
		name    string
		c       Confusion
		p, r, f float64
	}{
		{"perfect", Confusion{TP: 5, TN: 5}, 1, 1, 1},
		{"nothing predicted", Confusion{FN: 3, TN: 2}, 0, 0, 0},
		{"half", Confusion{TP: 2, FP: 2, FN: 2}, 0.5, 0.5, 0.5},
		{"precision only", Confusion{TP: 1, FN: 3}, 1, 0.25, 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p, r, f := tt.c.Precision(), tt.c.Recall(), tt.c.F1(); math.Abs(p-tt.p)+math.Abs(r-tt.r)+math.Abs(f-tt.f) > 1e-9 {
				t.Errorf("%+v: got P %.3f R %.3f F1 %.3f, want %.3f %.3f %.3f", tt.c, p, r, f, tt.p, tt.r, tt.f)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	ls := []labelled{
		{score: 0.95, want: true, exact: true}, {score: 0.85, want: true}, {score: 0.75, want: false},
		{score: 0.65, want: true}, {score: 0.55, want: false},
		// held out: one hit, one miss, one negative rejected, one accepted
		{score: 0.9, want: true, held: true, exact: true}, {score: 0.3, want: true, held: true},
		{score: 0.2, want: false, held: true}, {score: 0.99, want: false, held: true, exact: true},
	}
	c := classify("x", ls, 0.8, 1)
	if d := c.Dev; d.TP != 2 || d.FN != 1 || d.TN != 2 || d.FP != 0 || d.N != 5 || c.Dropped != 1 {
		t.Errorf("dev at 0.8 = %+v", d)
	}
	if c.N != 9 || c.TP != 3 || c.FP != 1 {
		t.Errorf("all at 0.8 = %+v", c.Confusion)
	}
	// The best threshold is looked for on the dev rows only.
	if c.BestThreshold != 0.56 || math.Abs(c.BestF1-6.0/7) > 1e-9 {
		t.Errorf("best F1 %.3f at %.2f, want 0.857 at 0.56", c.BestF1, c.BestThreshold)
	}
	h := c.HeldOut
	if h.N != 4 || h.TP != 1 || h.FN != 1 || h.TN != 1 || h.FP != 1 || h.NegativesRejected != 0.5 || h.Positives != 0.5 {
		t.Errorf("held out = %+v", h)
	}
	// always-match: P 2/4, R 1 -> 2/3; exact-only: TP 1, FP 1, FN 1 -> 0.5.
	if math.Abs(h.AlwaysMatchF1-2.0/3) > 1e-9 || math.Abs(h.ExactOnlyF1-0.5) > 1e-9 {
		t.Errorf("baselines: always %.3f exact %.3f, want 0.667 0.5", h.AlwaysMatchF1, h.ExactOnlyF1)
	}
}

func TestPercentile(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, tt := range []struct{ p, want float64 }{{50, 5}, {99, 10}, {10, 1}, {100, 10}, {0, 1}} {
		if got := percentile(v, tt.p); got != tt.want {
			t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if percentile(nil, 50) != 0 {
		t.Error("percentile of nothing is not 0")
	}
}

func openData(t testing.TB, name string) io.ReadCloser {
	t.Helper()
	needData(t)
	rc, err := source.Open(filepath.Join(dataDir, "eval", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc
}

func score(l, r *entity.Entity) float64 {
	s, _ := match.Score(l, r, match.DefaultOptions())
	return s
}

// TestPairSuites runs the pair suites with redline's scorer. The bars
// belong to package match; this checks that the suites read every row and
// that scores behave as scores.
func TestPairSuites(t *testing.T) {
	th := match.DefaultThreshold
	c, err := Pairs(context.Background(), openData(t, PairsFile), score, th)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pairs: n %d dropped %d P %.3f R %.3f F1 %.3f (best %.3f at %.2f)", c.N, c.Dropped, c.Precision, c.Recall, c.F1, c.BestF1, c.BestThreshold)
	if c.N+c.Dropped != 1000 || c.TP+c.FN != 855 {
		t.Errorf("pairs read %d+%d, %d positives; want 1000 and 855", c.N, c.Dropped, c.TP+c.FN)
	}
	all, nl, err := NameBench(context.Background(), openData(t, NameBenchFile), score, th)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("name_bench: n %d F1 %.3f (best %.3f at %.2f); non-Latin n %d F1 %.3f", all.N, all.F1, all.BestF1, all.BestThreshold, nl.N, nl.F1)
	if all.N != 826 || all.TP+all.FN != 425 || nl.N != 43 {
		t.Errorf("name_bench read %d rows (%d positives), %d non-Latin; want 826, 425, 43", all.N, all.TP+all.FN, nl.N)
	}
	// A scorer that says yes to everything has recall 1 and precision the
	// share of positives.
	yes := func(l, r *entity.Entity) float64 { return 1 }
	c, err = Pairs(context.Background(), openData(t, PairsFile), yes, th)
	if err != nil {
		t.Fatal(err)
	}
	if c.Recall != 1 || math.Abs(c.Precision-0.855) > 1e-9 {
		t.Errorf("always-yes: P %.3f R %.3f, want 0.855 and 1", c.Precision, c.Recall)
	}
}

func TestOFACParity(t *testing.T) {
	p, err := OFACParity(openData(t, OFACFile), ofacsearch.Score)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OFAC parity: %d/%d within ±5 (%.1f%%), %d exact", p.Within, p.N, 100*p.Share, p.Exact)
	if p.N != 170 || p.Share < 0.90 {
		t.Errorf("parity %+v", p)
	}
	zero := func(string, string) float64 { return 0 }
	p, _ = OFACParity(openData(t, OFACFile), zero)
	if p.Within != 6 {
		t.Errorf("a scorer of 0 reproduces %d rows, want the 6 not shown", p.Within)
	}
}

var (
	listOnce sync.Once
	unEnts   []*entity.Entity
	allEnts  []*entity.Entity
)

func readList(t testing.TB, r source.Reader, path string) []*entity.Entity {
	var out []*entity.Entity
	if _, err := r.Read(context.Background(), filepath.Join(dataDir, path), func(e *entity.Entity) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func lists(t testing.TB) (un, all []*entity.Entity) {
	needData(t)
	listOnce.Do(func() {
		unEnts = readList(t, unReader, "lists/un/consolidated-2026-02-27.xml")
		allEnts = append(allEnts, readList(t, ofac.CSVReader{}, "lists/ofac/sdn-2021-07/sdn.csv")...)
		allEnts = append(allEnts, readList(t, ofac.CSVReader{}, "lists/ofac/cons-2025-12/cons_prim.csv")...)
		allEnts = append(allEnts, unEnts...)
		allEnts = append(allEnts, readList(t, csl.Reader{}, "lists/us-csl/consolidated-2022-05.csv.gz")...)
	})
	return unEnts, allEnts
}

var unReader = un.Reader{}

func build(t testing.TB, es []*entity.Entity) *match.Matcher {
	m, err := match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRun runs the whole report on the real data, with the 1,000
// negatives instead of 50,000 to keep the test short.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the index of four lists")
	}
	unE, allE := lists(t)
	o := match.DefaultOptions()
	rep, err := Run(context.Background(), Config{
		Dir: filepath.Join(dataDir, "eval"), Threshold: o.Threshold,
		Score: score, OFACScore: ofacsearch.Score,
		UN: Engine{build(t, unE), o}, UNEntities: unE,
		All: Engine{build(t, allE), o}, Entities: allE, Negatives: 1000, Queries: 1000,
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", buf.String())
	for _, m := range []string{"pairs F1, held-out", "pairs F1, dev", "pairs held-out: baseline always-match F1",
		"name_bench F1, held-out", "name_bench non-Latin F1, held-out", "UN positives rank-1, held-out",
		"negatives false-positive rate, held-out", "latency p99", "typos rank-1, held-out", "typos: weak-alias negatives matched, held-out", "OFAC parity (±5 points), held-out"} {
		if !strings.Contains(buf.String(), m) {
			t.Errorf("table lacks %q", m)
		}
	}
	if rep.UN == nil || rep.UN.N != 683 || rep.Neg == nil || rep.Neg.N != 1000 || rep.Speed == nil || rep.Speed.Queries != 1000 {
		t.Errorf("suites incomplete: %+v", rep)
	}
	if rep.UN.Share < 0.9 {
		t.Errorf("UN positives rank-1 %.3f: the suite or the engine is broken; misses: %v", rep.UN.Share, rep.UN.Misses)
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil || !json.Valid(js.Bytes()) {
		t.Errorf("JSON report invalid: %v", err)
	}
}
