//go:build cgo

package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/internal/browsertest"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/trade"
)

var sharedTrade = testutil.SharedData("trade")

// realReport imports the shared trade statistics and renders the report of
// EU27 exports, 2023 against 2019-2021, with the mirror of 2022.
func realReport(t *testing.T, suppliers *Table, members bool) []byte {
	t.Helper()
	if _, err := os.Stat(sharedTrade); err != nil {
		testutil.Skipf(t, "shared trade data not present: %v", err)
	}
	ctx := context.Background()
	db, err := flows.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportStats(ctx, []string{sharedTrade}); err != nil {
		t.Fatal(err)
	}
	d, err := Collect(ctx, db, Options{Reporter: "EU27", Baseline: flows.Years{From: 2019, To: 2021}, Period: trade.Period{Year: 2023}, MirrorPeriod: 2022,
		Members: members, MinBase: 1e6, Top: 6, Now: func() time.Time { return time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	d.Suppliers = suppliers
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReportSelfContained checks the page without a browser: a line
// chart per partner, the ranking, the mirror chart, the supplier section,
// no external asset.
func TestReportSelfContained(t *testing.T) {
	page := string(realReport(t, nil, false))
	for _, id := range []string{"chart-series-0", "chart-series-1", "chart-series-2", "chart-spikes", "chart-mirror", `id="suppliers"`} {
		if !strings.Contains(page, id) {
			t.Errorf("%s missing", id)
		}
	}
	if strings.Contains(page, "chart-series-3") {
		t.Errorf("more line charts than partners (Armenia, Georgia, Russia)")
	}
	if !strings.Contains(page, "No transaction-level records were analysed") {
		t.Errorf("empty supplier section not said")
	}
	for _, ext := range []string{"src=\"http", "href=\"http", "<script", "@import", "url("} {
		if strings.Contains(page, ext) {
			t.Errorf("external asset %q in a self-contained report", ext)
		}
	}
	// The supplier hook: a table given is drawn.
	page = string(realReport(t, &Table{Title: "Suppliers", Columns: []string{"supplier", "consignee"}, Rows: [][]string{{"Acme GmbH", "OOO Example"}}}, false))
	if !strings.Contains(page, "<td>Acme GmbH</td>") {
		t.Errorf("supplier rows not drawn")
	}
}

// TestReportInBrowser opens the report in headless Chromium, checks that
// every chart is drawn with a size and its marks, and saves a screenshot
// (go test -artifacts keeps it).
func TestReportInBrowser(t *testing.T) {
	dir := t.ArtifactDir()
	path := filepath.Join(dir, "flows.html")
	// With the members of the EU27: six reporter → partner line charts.
	if err := os.WriteFile(path, realReport(t, nil, true), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Open(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate("file://"+path), chromedp.WaitVisible("#chart-spikes")); err != nil {
		t.Fatal(err)
	}
	// Six series, the spikes, the mirror.
	browsertest.CheckCharts(t, ctx, 8)
	// The whole page, then each section on one screen.
	browsertest.Screenshots(t, ctx, dir, "flows.png", map[string]string{"flows-lines.png": "#lines", "flows-spikes.png": "#spikes", "flows-mirror.png": "#mirror"})
}
