//go:build cgo

package server_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/flows/report"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/server"
)

// flowsStore is an in-memory flows store holding a few transaction
// aggregates: one listed Russian consignee of CHPL goods, one unlisted.
func flowsStore(t *testing.T) *flows.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "agg.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[flows.AggregateRow](f)
	_, err = w.Write([]flows.AggregateRow{
		{Month: "2024-03", SupplierCountry: "DE", Supplier: "Alpha Elektronik <GmbH>", Consignee: "AO Kronshtadt", ConsigneeCountry: "RU", Destination: "RU",
			HS: "852691", CHPLTier: "1", Listed: true, EntityIDs: "us_ofac_sdn:ofac-36035", Shipments: 4, Value: 181250.5, Currency: "USD"},
		{Month: "2024-04", SupplierCountry: "FR", Supplier: "Gamma SARL", Consignee: "Delta OOO", ConsigneeCountry: "RU", Destination: "RU",
			HS: "940161", Shipments: 2, Value: 900, Currency: "EUR"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err := flows.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportTransactions(ctx, path, nil, flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestFlowsSuppliersPage(t *testing.T) {
	db := flowsStore(t)
	e := newEnv(t, func(o *server.Options) { o.Flows = db })
	tests := []struct {
		name, path string
		status     int
		want, not  string
	}{
		{"listed to RU", "/ui/flows/suppliers?to=ru&listed=true", http.StatusOK, "us_ofac_sdn:ofac-36035", "Gamma SARL"},
		{"all", "/ui/flows/suppliers", http.StatusOK, "Gamma SARL", "<GmbH>"},
		{"bad month", "/ui/flows/suppliers?from=2024-13", http.StatusBadRequest, "YYYY-MM", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := e.do("GET", tt.path, casestore.Viewer, "")
			if code != tt.status || !strings.Contains(string(body), tt.want) || tt.not != "" && strings.Contains(string(body), tt.not) {
				t.Errorf("%s: %d, want %d with %q and without %q:\n%s", tt.path, code, tt.status, tt.want, tt.not, body)
			}
		})
	}
	none := newEnv(t, nil)
	if code, _ := none.do("GET", "/ui/flows/suppliers", casestore.Viewer, ""); code != http.StatusServiceUnavailable {
		t.Errorf("without a flows store: %d, want 503", code)
	}
}

// TestFlowsBrowser logs in with Chromium and filters the suppliers page.
func TestFlowsBrowser(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.Flows = flowsStore(t) })
	br := openBrowser(t, 1280, 800, 60*time.Second)
	u := e.ts.URL
	br.Step(t, "flows login page", chromedp.Navigate(u+"/ui/flows/suppliers"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, br, "viewer-user", `table.flows-suppliers`)
	if all := br.Text(t, `table.flows-suppliers tbody`); !strings.Contains(all, "Gamma SARL") || !strings.Contains(all, "Alpha Elektronik <GmbH>") {
		t.Fatalf("table without its rows:\n%s", all)
	}
	br.Step(t, "flows filter", chromedp.SendKeys(chromedp.CSS(`input[name="to"]`), "RU"),
		chromedp.Click(chromedp.CSS(`input[name="listed"]`)),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.flows-suppliers tr.listed`)))
	// The listed row is on the page before the filtered one loads: wait
	// for the filtered page.
	count := br.WaitText(t, `#flows-count`, func(s string) bool { return strings.HasPrefix(s, "1 row,") }) // not "1 rows" (final review)
	if listed := br.Text(t, `table.flows-suppliers tbody`); strings.Contains(listed, "Gamma SARL") || !strings.Contains(listed, "us_ofac_sdn:ofac-36035") {
		t.Fatalf("filtered table:\n%s\n%s", listed, count)
	}
	br.Shot(t, "flows-suppliers")
}

// reportStore is a flows store that also draws the report, as the one
// `redline serve` wires.
type reportStore struct{ *flows.DB }

func (r reportStore) Report(ctx context.Context, opts report.Options) (*report.Data, error) {
	return report.Collect(ctx, r.DB, opts)
}

// TestFlowsReportPage: the trade-flow report (spikes, series, mirror) as a
// page of the web UI, over the real Comext exports to Armenia.
func TestFlowsReportPage(t *testing.T) {
	dir := testutil.SharedData("trade", "eurostat-comext", "armenia_export_eurostat")
	if _, err := os.Stat(dir); err != nil {
		testutil.Skipf(t, "Comext files not found: %v", err)
	}
	ctx := context.Background()
	db, err := flows.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if res, err := db.ImportStats(ctx, []string{dir}); err != nil || len(res.Failed) > 0 {
		t.Fatalf("import: %v %+v", err, res)
	}
	e := newEnv(t, func(o *server.Options) { o.Flows = reportStore{db} })
	code, body := e.do("GET", "/ui/flows/report?reporter=EU27&baseline=2019-2021&period=2023&members=true", casestore.Viewer, "")
	if code != http.StatusOK || !strings.Contains(string(body), "<svg") || !strings.Contains(string(body), "Armenia") {
		t.Fatalf("report page: %d\n%.2000s", code, body)
	}
	if code, body := e.do("GET", "/ui/flows/report?period=2023-13", casestore.Viewer, ""); code != http.StatusBadRequest || !strings.Contains(string(body), "period") {
		t.Errorf("bad period: %d\n%.500s", code, body)
	}
	plain := newEnv(t, func(o *server.Options) { o.Flows = db }) // no Report method
	if code, _ := plain.do("GET", "/ui/flows/report", casestore.Viewer, ""); code != http.StatusServiceUnavailable {
		t.Errorf("a store that cannot draw the report: %d, want 503", code)
	}
}
