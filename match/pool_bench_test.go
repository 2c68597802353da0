package match

import (
	"testing"

	"github.com/redline-sanctions/redline/index"
	"github.com/redline-sanctions/redline/names"
)

// BenchmarkScratchPool is the A/B of the Matcher's pool of index.Scratch
// (Matcher.scratch) against a fresh index.NewScratch per query, on the
// retrieval step of the benchmark queries over all the benchmark lists:
// scratch=pool is what Match does, scratch=new what it would do without
// the pool. Compare with benchstat -col /scratch over -count=10; the
// figures are in the scratch field's comment.
func BenchmarkScratchPool(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	var qs [][]names.Form
	for _, q := range benchQueries(b) {
		qs = append(qs, names.Analyze(q.First("name")).Forms)
	}
	o := DefaultOptions()
	b.Run("scratch=pool", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			s := m.scratch.Get().(*index.Scratch)
			m.ix.Search(qs[i%len(qs)], o.Budget, o.Candidates, s)
			m.scratch.Put(s)
			i++
		}
	})
	b.Run("scratch=new", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			m.ix.Search(qs[i%len(qs)], o.Budget, o.Candidates, m.ix.NewScratch())
			i++
		}
	})
}
