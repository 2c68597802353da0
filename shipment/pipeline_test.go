package shipment_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// recallStats counts, per planted pattern ("" for clean trade), the
// shipments, those at medium or above, and those flagged by the rule of
// the pattern's name.
type recallStats map[string]*[3]int

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
			s = &[3]int{}
			stats[a.Planted] = s
		}
		s[0]++
		flagged := a.Level == "high" || a.Level == "medium"
		if flagged {
			s[1]++
		}
		if slices.ContainsFunc(a.Flags, func(f shipment.Flag) bool { return f.Rule == a.Planted }) {
			s[2]++
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

// checkRecall asserts that >= 99% of each planted pattern reaches medium or
// above and <= 1% of the generator's clean shipments do, and prints both.
// These are pipeline checks on the demo's own synthetic data (each pattern
// is the inverse of a rule), not accuracy: the independent evaluations are
// TestCleanTradeFalseAlerts (dev) and TestHeldOutCases (held out).
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
			t.Logf("generator clean      %6d shipments, %5d at medium or above: pipeline false-alarm rate %.3f%%", s[0], s[1], 100*rate)
			if rate > 0.01 {
				t.Errorf("clean false-alarm rate %.3f%% > 1%%", 100*rate)
				for _, a := range misses[p] {
					t.Logf("  false alarm: %s", describe(a))
				}
			}
			continue
		}
		t.Logf("planted %-20s %5d shipments, %5d at medium or above: pipeline catch rate %.2f%%", p, s[0], s[1], 100*rate)
		if p == "owned_by_listed" && float64(s[2]) < 0.99*float64(s[0]) {
			t.Errorf("pattern %s: only %d of %d flagged by the rule %s itself", p, s[2], s[0], p)
		}
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

// TestPipelinePatternsSample is a pipeline test, not an accuracy figure:
// every planted pattern is the inverse of one rule and the generator's
// clean trade avoids every rule by construction, so it checks that reading,
// screening, classification and the rules work end to end, on 40,000
// generated shipments whose listed parties come from the embedded sample
// list, screened against that list (the fresh-machine demo).
func TestPipelinePatternsSample(t *testing.T) {
	f := sampleFixture(t)
	e := f.engine(t, shipment.Options{})
	stats, misses := measure(t, e, demo.Options{Rows: 40000, Seed: 1, Listed: f.listed, Owned: f.owned})
	checkRecall(t, stats, misses)
}

// TestPipelinePatternsRealLists is the pipeline test against real lists: the full
// OFAC SDN list of January 2023 (11,443 entries), the UN consolidated list
// and the BIS Denied Persons List, read in place from ../shared/data; the
// planted listed parties are drawn from them (Russia-related first), and
// every clean party of the sample is screened against all of them, so fuzzy
// false hits on ordinary company names count against the false-alarm rate.
func TestPipelinePatternsRealLists(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full lists (-short)")
	}
	sdn := filepath.Join(sharedData, "lists/ofac/sdn-2023-01-resaved-nonofficial/sdn.csv")
	if _, err := os.Stat(sdn); err != nil {
		testutil.Skipf(t, "shared data not found (%v): the real-list recall test needs ../shared/data", err)
	}
	files := []string{sdn, filepath.Join(sharedData, "lists/un/consolidated-2026-02-27.xml"), filepath.Join(sharedData, "lists/us-bis/dpl-2023-11.txt")}
	f, err := buildFixture(t.TempDir(), files, realFormats...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("matcher over %d listed parties, %d listed addresses", f.matcher.Len(), f.addrs.Len())
	ctx := context.Background()
	listed, err := demo.ListedFrom(ctx, f.store.Entities(ctx), 2000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d listed parties and %d owned by listed parties to plant", len(listed), len(f.owned))
	e := f.engine(t, shipment.Options{})
	stats, misses := measure(t, e, demo.Options{Rows: 40000, Seed: 2, Listed: listed, Owned: f.owned})
	checkRecall(t, stats, misses)
}
