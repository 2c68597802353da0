package shipment_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// BenchmarkRun screens a generated CSV file of each size end to end (read,
// screen, classify, rules, JSON lines out) against the sample list.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	f := sampleFixture(b)
	for _, rows := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(rows), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "s.csv")
			out, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			if err := demo.Write(ctx, out, "csv", demo.Options{Rows: rows, Seed: 5, Listed: f.listed}); err != nil {
				b.Fatal(err)
			}
			out.Close()
			b.ReportAllocs()
			for b.Loop() {
				e := f.engine(b, shipment.Options{})
				w, _ := shipment.NewWriter(io.Discard, "jsonl")
				err := e.Run(ctx, func(emit func(*shipment.Shipment) error) error {
					_, err := shipment.Read(ctx, path, shipment.ReadOptions{}, emit)
					return err
				}, func(a *shipment.Assessment) error { return w.Write(a) }, nil)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkAssess measures one shipment's assessment with warm caches,
// with the demo's ownership data (owned_by_listed active) and with a graph
// without links (owned_by_listed inactive).
func BenchmarkAssess(b *testing.B) {
	ctx := context.Background()
	f := sampleFixture(b)
	noLinks, err := ownership.Build(ctx, f.store.Entities(ctx, "us_ofac_sdn"), ownership.OFACOptions())
	if err != nil {
		b.Fatal(err)
	}
	var ships []*shipment.Shipment
	demo.Generate(ctx, demo.Options{Rows: 1000, Seed: 9, Listed: f.listed, Owned: f.owned}, func(s *shipment.Shipment) error { ships = append(ships, s); return nil })
	for _, bc := range []struct {
		name string
		own  shipment.Ownership
	}{{"ownership", f.graph}, {"no-ownership-data", noLinks}} {
		b.Run(bc.name, func(b *testing.B) {
			e := f.engine(b, shipment.Options{Ownership: bc.own})
			for _, s := range ships {
				e.Assess(ctx, s)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				e.Assess(ctx, ships[i%len(ships)])
				i++
			}
		})
	}
}
