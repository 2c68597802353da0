//go:build cgo

package flows

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/trade"
)

// TestSpikesFixture checks the arithmetic on hand-made annual figures
// (testdata/stats/eu_annual.csv), the expected values worked out by hand:
// KG 854231: (100+200+300)/3 = 200 against 2000, ratio 10;
// KZ 854231: 2019 has no TOTAL row, its procedures sum to 600+300 = 900,
// so the base is 900 against 1800, ratio 2; KZ 870323: 5000 against 4000,
// ratio 0.8; KG 880730: no baseline, 500 now, no ratio, last.
func TestSpikesFixture(t *testing.T) {
	db, res := openStats(t, "testdata/stats/eu_annual.csv")
	if res.Records != 14 || res.Skipped != 0 {
		t.Fatalf("import %+v", res)
	}
	ctx := context.Background()
	type row struct {
		Partner, HS           string
		Base, Current, Excess float64
		Ratio                 string
	}
	run := func(q SpikeQuery) []row {
		t.Helper()
		got, err := db.Spikes(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []row
		for _, s := range got.Rows {
			r := row{s.Partner, s.HS, s.Base, s.Current, s.Excess, "nil"}
			if s.Ratio != nil {
				r.Ratio = fmt.Sprintf("%.2f", *s.Ratio)
			}
			out = append(out, r)
		}
		return out
	}
	q := SpikeQuery{Reporter: "EU27", Flow: trade.Export, Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2023}}
	tests := []struct {
		name string
		edit func(*SpikeQuery)
		want []row
	}{
		{"all", func(*SpikeQuery) {}, []row{
			{"KG", "854231", 200, 2000, 1800, "10.00"},
			{"KZ", "854231", 900, 1800, 900, "2.00"},
			{"KZ", "870323", 5000, 4000, -1000, "0.80"},
			{"KG", "880730", 0, 500, 500, "nil"},
		}},
		{"hs prefix", func(q *SpikeQuery) { q.HS = "8703" }, []row{{"KZ", "870323", 5000, 4000, -1000, "0.80"}}},
		{"chpl", func(q *SpikeQuery) { q.CHPL = true }, []row{
			{"KG", "854231", 200, 2000, 1800, "10.00"},
			{"KZ", "854231", 900, 1800, 900, "2.00"},
			{"KG", "880730", 0, 500, 500, "nil"},
		}},
		{"min base", func(q *SpikeQuery) { q.MinBase = 1000 }, []row{{"KZ", "870323", 5000, 4000, -1000, "0.80"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := q
			tt.edit(&q)
			if d := cmp.Diff(tt.want, run(q)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestImportBadInput: a file in no known layout and a missing file fail
// (nothing of them stored); bad rows are skipped with their line and
// reason; a figure read twice is reported and stored once.
func TestImportBadInput(t *testing.T) {
	ctx := context.Background()
	db, res := openStats(t, "testdata/stats/shipments.csv", "testdata/stats/bad_rows.csv", "testdata/stats/missing.csv")
	// Paths that do not exist fail first, then files that cannot be read.
	if len(res.Failed) != 2 || res.Failed[0].File != "testdata/stats/missing.csv" || res.Failed[1].File != "testdata/stats/shipments.csv" || !strings.Contains(res.Failed[1].Error, "not a Comext export") {
		t.Errorf("failed %+v", res.Failed)
	}
	var reasons []string
	for _, f := range res.Files {
		for _, p := range f.Problems {
			reasons = append(reasons, fmt.Sprintf("%s:%d %s: %s", filepath.Base(p.File), p.Line, p.Field, p.Reason))
		}
	}
	want := []string{
		`bad_rows.csv:2 VALUE_IN_EUR: value "12,5" is not a number`,
		`bad_rows.csv:3 REPORTER: unknown country or area "Atlantis"`,
		`bad_rows.csv:4 PERIOD: period "2019Q1": want a month (Aug. 2024, 2024M08, 202408) or a year (2019, Y2019, Jan.-Dec. 2019, 201952)`,
	}
	if d := cmp.Diff(want, reasons); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if res.Skipped != 3 || res.Stored != 1 {
		t.Errorf("skipped %d stored %d", res.Skipped, res.Stored)
	}
	// The same file twice in one import: each figure repeated once.
	again, err := db.ImportStats(ctx, []string{"testdata/stats/eu_annual.csv", "testdata/stats/eu_annual.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Repeated != 14 || again.Stored != 14 || len(again.Files[1].Problems) != 14 || !strings.Contains(again.Files[1].Problems[0].Reason, "repeats the figure of testdata/stats/eu_annual.csv:2") {
		t.Errorf("repeated %d stored %d problems %v", again.Repeated, again.Stored, again.Files[1].Problems)
	}
}

// TestImportComtrade: Comtrade figures are stored in dollars beside the
// euro figures of Comext, and the analyses keep the currencies apart.
func TestImportComtrade(t *testing.T) {
	ctx := context.Background()
	db, res := openStats(t, "../trade/testdata/comtrade_annual.csv", "testdata/stats/eu_annual.csv")
	if res.Records != 19 || len(res.Failed) != 0 {
		t.Fatalf("import %+v", res)
	}
	got, err := db.Spikes(ctx, SpikeQuery{Reporter: "DE", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2022}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 1 || got.Rows[0].Currency != "USD" || got.Rows[0].Current != 315000 || got.Rows[0].Ratio != nil {
		t.Errorf("DE spikes %+v", got.Rows)
	}
	_, err = db.Mirror(ctx, MirrorQuery{Exporter: "DE", Baseline: Years{2019, 2021}, Period: 2022})
	if err != nil {
		t.Fatal(err)
	}
}
