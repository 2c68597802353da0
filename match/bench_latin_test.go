package match

import (
	"context"
	"testing"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
)

// BenchmarkMatchLatin measures the CPU time per query of the benchmark's
// queries (benchQueries) whose names are written in Latin letters only, on
// one goroutine: the Latin cost that support for other scripts must not
// raise (compare runs of one machine state; the mixed-script figure is
// BenchmarkMatch's).
func BenchmarkMatchLatin(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	var qs []*entity.Entity
	for _, q := range benchQueries(b) {
		latin := true
		for _, r := range q.First(entity.Name) {
			if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
				latin = false
				break
			}
		}
		if latin {
			qs = append(qs, q)
		}
	}
	o := DefaultOptions()
	b.ReportAllocs()
	cpu0 := testutil.CPUTime()
	n := 0
	for b.Loop() {
		if _, err := m.Match(context.Background(), qs[n%len(qs)], o); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64((testutil.CPUTime()-cpu0).Microseconds())/float64(n), "cpu-µs/query")
	b.ReportMetric(float64(len(qs)), "latin-queries")
}
