package shipment_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// recallStats counts, per planted pattern ("" for clean trade), the
// shipments and those at medium or above.
type recallStats map[string]*[2]int

func measure(t *testing.T, e *shipment.Engine, opts demo.Options) (recallStats, map[string][]*shipment.Assessment) {
	t.Helper()
	ctx := context.Background()
	stats := recallStats{}
	misses := map[string][]*shipment.Assessment{}
	err := e.Run(ctx, func(emit func(*shipment.Shipment) error) error {
		return demo.Generate(ctx, opts, emit)
	}, func(a *shipment.Assessment) error {
		s := stats[a.Planted]
		if s == nil {
			s = &[2]int{}
			stats[a.Planted] = s
		}
		s[0]++
		flagged := a.Level == "high" || a.Level == "medium"
		if flagged {
			s[1]++
		}
		if (a.Planted == "") == flagged && len(misses[a.Planted]) < 8 {
			misses[a.Planted] = append(misses[a.Planted], a)
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return stats, misses
}

func describe(a *shipment.Assessment) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s risk %d %s goods=%+v parties=%+v dest=%s route=%v", a.ShipmentID, a.Risk, a.Level, a.Goods, a.Shipment.Parties, a.Shipment.Destination, a.Shipment.Route)
	for _, f := range a.Flags {
		fmt.Fprintf(&b, "\n    %s +%.1f %s", f.Rule, f.Score, f.Evidence)
	}
	return b.String()
}

// checkRecall asserts recall >= 99% per planted pattern at medium or above
// and <= 1% of clean shipments at medium or above, and prints both.
func checkRecall(t *testing.T, stats recallStats, misses map[string][]*shipment.Assessment) {
	t.Helper()
	var names []string
	for k := range stats {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, p := range names {
		s := stats[p]
		rate := float64(s[1]) / float64(s[0])
		if p == "" {
			t.Logf("clean trade          %6d shipments, %5d at medium or above: false-alarm rate %.3f%%", s[0], s[1], 100*rate)
			if rate > 0.01 {
				t.Errorf("clean false-alarm rate %.3f%% > 1%%", 100*rate)
				for _, a := range misses[p] {
					t.Logf("  false alarm: %s", describe(a))
				}
			}
			continue
		}
		t.Logf("planted %-20s %5d shipments, %5d at medium or above: recall %.2f%%", p, s[0], s[1], 100*rate)
		if rate < 0.99 {
			t.Errorf("pattern %s: recall %.2f%% < 99%%", p, 100*rate)
			for _, a := range misses[p] {
				t.Logf("  missed: %s", describe(a))
			}
		}
	}
	for _, p := range demo.Patterns {
		if stats[p] == nil || stats[p][0] < 50 {
			t.Errorf("pattern %s planted too few times to measure: %v", p, stats[p])
		}
	}
}

// TestPlantedRecallSample measures recall and false alarms on 40,000
// generated shipments whose listed parties come from the embedded sample
// list, screened against that list (the fresh-machine demo).
func TestPlantedRecallSample(t *testing.T) {
	f := sampleFixture(t)
	e := f.engine(t, shipment.Options{})
	stats, misses := measure(t, e, demo.Options{Rows: 40000, Seed: 1, Listed: f.listed})
	checkRecall(t, stats, misses)
}
