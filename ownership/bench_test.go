package ownership

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// synthetic builds a layered ownership network of n companies: every
// tenth company is an SDN; each company holds 30% of the next two in the
// following layer and 60% of one two layers down, so blocking flows down
// chains and through aggregation.
func synthetic(n int) []*entity.Entity {
	id := func(i int) string { return "c" + strconv.Itoa(i) }
	es := make([]*entity.Entity, 0, 5*n)
	for i := range n {
		if i%10 == 0 {
			es = append(es, sdn(id(i)))
		} else {
			es = append(es, company(id(i), "x"))
		}
	}
	for i := range n {
		for _, k := range []struct {
			to  int
			pct string
		}{{i + 7, "30"}, {i + 11, "30"}, {i + 23, "60"}} {
			es = append(es, own(id(i), id(k.to%n), k.pct, ""))
		}
	}
	return es
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		es := synthetic(n)
		b.Run(fmt.Sprintf("parties=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(context.Background(), seq(es...), Options{AsOf: day}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(es))*float64(b.N)/b.Elapsed().Seconds(), "entities/s")
		})
	}
}

func BenchmarkBlocked(b *testing.B) {
	es := synthetic(10_000)
	g, err := Build(context.Background(), seq(es...), Options{AsOf: day})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("stats %+v", g.Stats())
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Blocked("c" + strconv.Itoa(i%10_000))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

func BenchmarkBlockedZala(b *testing.B) {
	g, err := Build(context.Background(), seq(readZala(b)...), Options{AsOf: day})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		g.Blocked(cst)
	}
}
