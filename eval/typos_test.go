package eval

import (
	"context"
	"testing"

	"github.com/redline-sanctions/redline/match"
)

// TestTypoQueries checks the generated suite: its size per kind, its
// determinism, and that no query is a listed name as written.
func TestTypoQueries(t *testing.T) {
	_, all := lists(t)
	qs := TypoQueries(all, TypoSeed)
	got := map[string]int{}
	for _, q := range qs {
		got[q.Kind]++
	}
	for _, c := range typoCounts {
		if got[c.kind] != c.n {
			t.Errorf("%s: %d queries, want %d", c.kind, got[c.kind], c.n)
		}
	}
	if again := TypoQueries(all, TypoSeed); TypoDigest(again) != TypoDigest(qs) {
		t.Error("two generations with one seed differ")
	}
	for _, q := range qs[:5] {
		t.Logf("%s: %q from %q", q.Kind, q.Query, q.Name)
	}
}

// TestTypoSuite runs the typo suite on the four benchmark lists and logs
// the figures and the dev misses (tuning looks at dev rows only).
func TestTypoSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the index of four lists")
	}
	_, all := lists(t)
	qs := TypoQueries(all, TypoSeed)
	r, err := Typos(context.Background(), qs, Engine{build(t, all), match.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	for _, held := range []bool{true, false} {
		p := r.Positives(held)
		t.Logf("held out %v: positives %d rank-1 %.4f no result %d; per kind %+v", held, p.N, ratio(p.Rank1, p.N), p.NoResult, r.split(held))
	}
	for _, m := range r.Misses {
		t.Log(m)
	}
}
