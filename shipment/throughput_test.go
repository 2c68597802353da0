package shipment_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/shipment/report"
)

// BenchmarkMillionRows screens 1,000,000 generated shipment rows read from
// a CSV file, against the full real lists when ../shared/data is present,
// writing JSON lines and collecting the HTML report's aggregates, and
// reports rows/s, CPU time and peak memory. The goal is under 60 s on two
// cores. Run it with
//
//	go test ./shipment -run XXX -bench MillionRows -benchtime 1x
func BenchmarkMillionRows(b *testing.B) {
	for b.Loop() {
		millionRows(b)
	}
}

func millionRows(t *testing.B) {
	ctx := context.Background()
	f := sampleFixture(t)
	lists := "sample list (30 entries)"
	sdn := filepath.Join(sharedData, "lists/ofac/sdn-2023-01-resaved-nonofficial/sdn.csv")
	if _, err := os.Stat(sdn); err == nil {
		files := []string{sdn, filepath.Join(sharedData, "lists/un/consolidated-2026-02-27.xml"), filepath.Join(sharedData, "lists/us-bis/dpl-2023-11.txt")}
		var err error
		if f, err = buildFixture(t.TempDir(), files, realFormats...); err != nil {
			t.Fatal(err)
		}
		lists = "OFAC SDN 2023-01 + UN + BIS DPL"
	}
	listed, err := demo.ListedFrom(ctx, f.store.Entities(ctx), 2000)
	if err != nil {
		t.Fatal(err)
	}
	const rows = 1_000_000
	path := filepath.Join(t.TempDir(), "million.csv")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := demo.Write(ctx, out, "csv", demo.Options{Rows: rows, Seed: 42, Listed: listed}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	fi, _ := os.Stat(path)
	t.Logf("generated %d rows (%.0f MB) in %s", rows, float64(fi.Size())/1e6, time.Since(start).Round(time.Millisecond))

	e := f.engine(t, shipment.Options{})
	w, err := shipment.NewWriter(io.Discard, "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	col := report.New(report.Options{})
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	runtime.GC()
	var ru0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	start = time.Now()
	n := 0
	err = e.Run(ctx, func(emit func(*shipment.Shipment) error) error {
		rep, err := shipment.Read(ctx, path, shipment.ReadOptions{}, emit)
		if err == nil && rep.Skipped > 0 {
			t.Errorf("%d rows skipped", rep.Skipped)
		}
		return err
	}, func(a *shipment.Assessment) error {
		n++
		col.Add(a)
		return w.Write(a)
	}, nil)
	elapsed := time.Since(start)
	close(stop)
	if err != nil {
		t.Fatal(err)
	}
	w.Flush()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	// On a machine shared with other work the wall time overstates the
	// cost; CPU time / cores is what the run takes on idle cores.
	idle := cpu / time.Duration(runtime.GOMAXPROCS(0))
	var load [3]float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscanf(string(b), "%f %f %f", &load[0], &load[1], &load[2])
	}
	t.Logf("screened %d rows against %s (%d parties): wall %s (%.0f rows/s), CPU %s = %s on %d idle cores; load average %.1f; peak heap in use %.0f MB, max RSS %.0f MB",
		n, lists, f.matcher.Len(), elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), cpu.Round(time.Millisecond),
		idle.Round(time.Millisecond), runtime.GOMAXPROCS(0), load[0], float64(peak.Load())/1e6, float64(ru.Maxrss)/1e3)
	t.Logf("levels: %d high, %d medium, %d low, %d none", col.Level("high"), col.Level("medium"), col.Level("low"), col.Level("none"))
	if n != rows {
		t.Errorf("%d of %d rows screened", n, rows)
	}
	t.ReportMetric(float64(n)/elapsed.Seconds(), "rows/s")
	t.ReportMetric(cpu.Seconds(), "cpu-s")
	t.ReportMetric(float64(peak.Load())/1e6, "peak-heap-MB")
}
