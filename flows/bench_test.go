//go:build cgo

package flows

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/trade"
)

// BenchmarkImportComext imports the whole shared Comext folder (205 files,
// 6,822 figures) into a fresh store per iteration, and reports figures per
// second and the CPU time per import (the machine is shared: CPU time is
// steadier than wall time).
func BenchmarkImportComext(b *testing.B) {
	needShared(b)
	ctx := context.Background()
	dir := filepath.Join(sharedTrade, "eurostat-comext")
	b.ReportAllocs()
	figures := 0
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		b.StopTimer()
		db, err := Open(ctx, "")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := db.ImportStats(ctx, []string{dir})
		if err != nil || len(res.Failed) > 0 {
			b.Fatal(err, res.Failed)
		}
		figures += res.Stored
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(figures)/b.Elapsed().Seconds(), "figures/s")
	if cpu := testutil.CPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkSpikes times the spikes of EU27 exports, 2023 against
// 2019-2021, over the shared Comext folder.
func BenchmarkSpikes(b *testing.B) {
	needShared(b)
	ctx := context.Background()
	db, err := Open(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportStats(ctx, []string{sharedTrade}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Spikes(ctx, SpikeQuery{Reporter: "EU27", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2023}}); err != nil {
			b.Fatal(err)
		}
	}
}
