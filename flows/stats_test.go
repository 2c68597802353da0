//go:build cgo

package flows

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/trade"
)

// sharedTrade is the shared trade data folder, read in place.
var sharedTrade = testutil.SharedData("trade")

func needShared(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(sharedTrade, "eurostat-comext")); err != nil {
		testutil.Skipf(tb, "shared trade data not present: %v", err)
	}
}

func openStats(t *testing.T, paths ...string) (*DB, *StatsImport) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, err := db.ImportStats(ctx, paths)
	if err != nil {
		t.Fatal(err)
	}
	return db, res
}

func near(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }

// The hand sums below were made with awk over the monthly files of
// ../shared/data/trade/eurostat-comext/armenia_export_eurostat, e.g. for
// Germany in 2019:
//
//	cat armenia_export_eurostat/*.csv | awk -F'","' '$1 ~ /^"Germany/ {split($6,a,"\","); if (a[1] ~ / 2019$/) {s+=a[2]; n++}} END {print n, s}'
//
// (12 months each), and by reading Armenia's yearly file for its imports
// from "European Union - 27 countries (from 2020)".
const (
	deAM2019 = 180871419
	deAM2020 = 188201286
	deAM2021 = 180164910
	deAM2023 = 493370259

	euAM2019 = 784868152
	euAM2020 = 717209018
	euAM2021 = 757423249
	euAM2022 = 1885578923
	// January to August of each year (8 months each).
	euAM2019JanAug = 489962776
	euAM2020JanAug = 493992278
	euAM2021JanAug = 462186298
	euAM2024JanAug = 1287314084

	// Armenia's declared imports from the EU27.
	amEU2019 = 997627946.43
	amEU2020 = 820619649.12
	amEU2021 = 872559152.54
	amEU2022 = 1683793619.05
)

func TestImportStatsShared(t *testing.T) {
	needShared(t)
	db, res := openStats(t, sharedTrade)
	if len(res.Failed) != 0 || res.Skipped != 0 || res.Records != 6249+573 || res.Stored != res.Records || res.Replaced != 0 {
		t.Errorf("import: %d records, %d stored, %d replaced, %d skipped, failed %v", res.Records, res.Stored, res.Replaced, res.Skipped, res.Failed)
	}
	if len(res.Ignored) != 2 { // README.md and the licence
		t.Errorf("ignored %v", res.Ignored)
	}
	cov := map[string]string{}
	for _, c := range res.Coverage {
		cov[c.Reporter+" "+string(c.Flow)] = c.String()
	}
	for k, want := range map[string]string{
		"EU27 export": "EU27 export (EUR, 204 figures): months 2019-01..2024-08 (68)",
		"AM import":   "AM import (EUR, 573 figures): years 2019-2023",
		"GB export":   "GB export (EUR, 39 figures): months 2019-01..2020-01 (13)",
	} {
		if cov[k] != want {
			t.Errorf("coverage %s = %q, want %q", k, cov[k], want)
		}
	}
	// Importing again replaces, never adds.
	ctx := context.Background()
	again, err := db.ImportStats(ctx, []string{sharedTrade})
	if err != nil {
		t.Fatal(err)
	}
	if again.Replaced != again.Records {
		t.Errorf("re-import replaced %d of %d", again.Replaced, again.Records)
	}
	var n int
	var sum float64
	err = db.SQL().QueryRowContext(ctx, `SELECT count(*), sum(value) FROM trade_stats WHERE reporter = 'DE' AND partner = 'AM' AND year = 2019`).Scan(&n, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if n != 12 || sum != deAM2019 {
		t.Errorf("after two imports: %d figures of DE→AM 2019 summing to %.0f, want 12 and %d", n, sum, deAM2019)
	}
	var file string
	var line int
	if err := db.SQL().QueryRowContext(ctx, `SELECT file, line FROM trade_stats WHERE reporter = 'AM' AND partner = 'EU27' AND year = 2022`).Scan(&file, &line); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(file, "national_imports/armenia_import_yearly.csv") || line < 2 {
		t.Errorf("source of a figure: %s:%d", file, line)
	}
}

func TestSpikesShared(t *testing.T) {
	needShared(t)
	db, _ := openStats(t, filepath.Join(sharedTrade, "eurostat-comext"))
	ctx := context.Background()
	t.Run("year", func(t *testing.T) {
		got, err := db.Spikes(ctx, SpikeQuery{Reporter: "DE", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2023}, Partner: "AM"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) != 1 {
			t.Fatalf("rows %+v", got.Rows)
		}
		s := got.Rows[0]
		base := (deAM2019 + deAM2020 + deAM2021) / 3.0
		if !near(s.Base, base) || s.Current != deAM2023 || s.Ratio == nil || !near(*s.Ratio, deAM2023/base) || !near(s.Excess, deAM2023-base) || s.Partial {
			t.Errorf("DE→AM 2023: %+v; want base %.2f current %d", s, base, deAM2023)
		}
		if s.PartnerName != "Armenia" || s.HS != trade.Total || len(s.BaseYears) != 3 || s.BaseYears[0] != deAM2019 {
			t.Errorf("row %+v", s)
		}
	})
	t.Run("partial year", func(t *testing.T) {
		got, err := db.Spikes(ctx, SpikeQuery{Reporter: "EU27", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2024}, Partner: "AM"})
		if err != nil {
			t.Fatal(err)
		}
		s := got.Rows[0]
		base := (euAM2019JanAug + euAM2020JanAug + euAM2021JanAug) / 3.0
		if !s.Partial || s.Months != "Jan-Aug" || !near(s.Base, base) || s.Current != euAM2024JanAug {
			t.Errorf("EU27→AM 2024: %+v; want Jan-Aug, base %.2f, current %d", s, base, euAM2024JanAug)
		}
		if len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "2024 is incomplete") {
			t.Errorf("notes %q", got.Notes)
		}
	})
	t.Run("month", func(t *testing.T) {
		got, err := db.Spikes(ctx, SpikeQuery{Reporter: "DE", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2023, Month: 8}, Partner: "AM"})
		if err != nil {
			t.Fatal(err)
		}
		s := got.Rows[0]
		// The mean month of 2019-2021, against August 2023 (36584722 in
		// the file of that month).
		base := (deAM2019 + deAM2020 + deAM2021) / 36.0
		if !near(s.Base, base) || s.Current != 36584722 {
			t.Errorf("DE→AM Aug 2023: %+v; want base %.2f", s, base)
		}
	})
	t.Run("sorted and filtered", func(t *testing.T) {
		got, err := db.Spikes(ctx, SpikeQuery{Reporter: "EU27", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2023}, MinBase: 1e9})
		if err != nil {
			t.Fatal(err)
		}
		// EU27 exports to Armenia average 753M in 2019-2021: below 1e9.
		for i, s := range got.Rows {
			if s.Base < 1e9 || s.Partner == "AM" {
				t.Errorf("row %+v kept under --min-base", s)
			}
			if i > 0 && *got.Rows[i-1].Ratio < *s.Ratio {
				t.Errorf("not sorted by ratio")
			}
		}
		if len(got.Rows) != 2 {
			t.Errorf("%d rows, want Georgia and Russia", len(got.Rows))
		}
	})
	t.Run("members", func(t *testing.T) {
		// Estonia → Armenia, hand-summed as above: 1221987, 1146306 and
		// 1410112 in 2019-2021, 21147125 in 2023.
		got, err := db.Spikes(ctx, SpikeQuery{Reporter: "EU27", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2023}, Partner: "AM", Members: true, MinBase: 1e6})
		if err != nil {
			t.Fatal(err)
		}
		s := got.Rows[0]
		base := (1221987 + 1146306 + 1410112) / 3.0
		if s.Reporter != "EE" || !near(s.Base, base) || s.Current != 21147125 || !near(*s.Ratio, 21147125/base) {
			t.Errorf("first member row %+v, want Estonia, base %.2f", s, base)
		}
		if len(got.Rows) < 20 {
			t.Errorf("%d rows: members missing", len(got.Rows))
		}
	})
	t.Run("no data", func(t *testing.T) {
		_, err := db.Spikes(ctx, SpikeQuery{Reporter: "EU27", Baseline: Years{2019, 2021}, Period: trade.Period{Year: 2025}})
		if !errors.Is(err, ErrNoData) {
			t.Errorf("got %v, want ErrNoData", err)
		}
	})
}

func TestMirrorShared(t *testing.T) {
	needShared(t)
	db, _ := openStats(t, sharedTrade)
	ctx := context.Background()
	got, err := db.Mirror(ctx, MirrorQuery{Exporter: "EU27", Baseline: Years{2019, 2021}, Period: 2022})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("rows %+v, want EU27→AM only (Armenia is the one importer)", got)
	}
	m := got[0]
	ratio := amEU2022 / euAM2022
	base := (amEU2019 + amEU2020 + amEU2021) / (euAM2019 + euAM2020 + euAM2021)
	if m.Importer != "AM" || m.ExporterReported != euAM2022 || m.ImporterReported != amEU2022 || m.Ratio == nil || !near(*m.Ratio, ratio) ||
		m.BaselineRatio == nil || !near(*m.BaselineRatio, base) || m.Change == nil || !near(*m.Change, ratio/base) || len(m.Incomplete) != 0 {
		t.Errorf("EU27→AM 2022: %+v; want ratio %.4f baseline %.4f", m, ratio, base)
	}
	// Armenia's 2023 is clearly partial in its own statistics: no ratio.
	got, err = db.Mirror(ctx, MirrorQuery{Exporter: "EU27", Baseline: Years{2019, 2021}, Period: 2023})
	if err != nil {
		t.Fatal(err)
	}
	if m := got[0]; m.Ratio != nil || m.Change != nil || len(m.Incomplete) != 1 || !strings.Contains(m.Incomplete[0], "clearly partial") {
		t.Errorf("EU27→AM 2023: %+v", m)
	}
	// Members: Germany against Armenia's imports from Germany.
	got, err = db.Mirror(ctx, MirrorQuery{Exporter: "EU27", Baseline: Years{2019, 2021}, Period: 2022, Members: true})
	if err != nil {
		t.Fatal(err)
	}
	var de *Mirror
	for i := range got {
		if got[i].Exporter == "DE" {
			de = &got[i]
		}
	}
	if len(got) < 20 || got[0].Exporter != "EU27" || de == nil || de.ExporterBase != deAM2019+deAM2020+deAM2021 {
		t.Errorf("members: %d rows, first %+v, DE %+v", len(got), got[0], de)
	}
	// Malta has no figure for November 2022 (no exports): that is zero
	// trade, judged by the EU27's complete year, not a gap.
	for _, m := range got {
		if len(m.Incomplete) > 0 {
			t.Errorf("%s → %s 2022 incomplete: %v", m.Exporter, m.Importer, m.Incomplete)
		}
	}
}

func TestSeriesShared(t *testing.T) {
	needShared(t)
	db, _ := openStats(t, filepath.Join(sharedTrade, "eurostat-comext"))
	got, err := db.Series(context.Background(), SeriesQuery{Reporter: "EU27", Partners: []string{"AM"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Points) != 6 {
		t.Fatalf("series %+v", got)
	}
	p := got[0].Points
	if p[0].Value != euAM2019 || p[3].Value != euAM2022 || p[5].Value != euAM2024JanAug || !p[5].Partial || p[5].Months != 8 || p[4].Partial {
		t.Errorf("points %+v", p)
	}
}
