//go:build cgo

package flows_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/shipment"
)

// writeParquet writes rows of any struct type to a Parquet file.
func writeParquet[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[T](f)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// aggregate sums the assessments into the Beam pipeline's rows, in Go.
func aggregate(as []*shipment.Assessment) []flows.AggregateRow {
	groups := map[string]*flows.AggregateRow{}
	for _, a := range as {
		s := a.Shipment
		r := flows.AggregateRow{Month: s.Date[:7], HS: a.Goods.HSCode, CHPLTier: a.Goods.CHPLTier, Currency: s.Currency, Destination: s.Destination}
		if p := s.Party(shipment.Shipper); p != nil {
			r.Supplier, r.SupplierCountry = p.Name, p.Country
		}
		if p := s.Party(shipment.Consignee); p != nil {
			r.Consignee, r.ConsigneeCountry = p.Name, p.Country
		}
		keys := concern(a)
		r.Listed, r.EntityIDs = len(keys) > 0, strings.Join(keys, ";")
		k := fmt.Sprint(r)
		g := groups[k]
		if g == nil {
			g = &r
			groups[k] = g
		}
		g.Shipments++
		g.Value += s.Value
	}
	var out []flows.AggregateRow
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		out = append(out, *groups[k])
	}
	return out
}

// TestAggregatesContract loads the sample's aggregates, written in the
// contract's layout, into a store of their own: every analysis gives what
// it gives on the shipments themselves.
func TestAggregatesContract(t *testing.T) {
	s := newSample(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "agg.parquet")
	rows := aggregate(s.assessed)
	writeParquet(t, path, rows)
	if !flows.IsAggregates(path) || !flows.DetectTransactions(path, []byte("PAR1")) {
		t.Fatal("aggregates file not recognised")
	}
	db := openDB(t)
	rep, err := db.ImportTransactions(ctx, path, nil, flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "aggregates" || rep.Rows != len(rows) || rep.Read.Skipped != 0 {
		t.Fatalf("report %+v, want %d aggregate rows", rep, len(rows))
	}
	sameAnalyses(t, s.db, db, "aggregates", flows.SupplierQuery{}, flows.SupplierQuery{To: "RU", Listed: true}, flows.SupplierQuery{CHPL: true, Monthly: true}, flows.SupplierQuery{From: "2024-01"})
	// Imported again, the file replaces its rows.
	if _, err := db.ImportTransactions(ctx, path, nil, flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM flows_tx_agg").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(rows) {
		t.Errorf("%d rows after a second import, want %d", n, len(rows))
	}
}

// looseRow is an aggregates row with the wrong types a careless pipeline
// might write: every column a string.
type looseRow struct {
	Month            string `parquet:"month"`
	SupplierCountry  string `parquet:"supplier_country"`
	Supplier         string `parquet:"supplier"`
	Consignee        string `parquet:"consignee"`
	ConsigneeCountry string `parquet:"consignee_country"`
	Destination      string `parquet:"destination"`
	HS               string `parquet:"hs"`
	CHPLTier         string `parquet:"chpl_tier"`
	Listed           string `parquet:"listed"`
	EntityIDs        string `parquet:"entity_ids"`
	Shipments        string `parquet:"shipments"`
	Value            string `parquet:"value"`
	Currency         string `parquet:"currency"`
	Extra            string `parquet:"pipeline_version"`
}

func TestAggregatesBadRows(t *testing.T) {
	ctx := context.Background()
	good := looseRow{Month: "2024-03", SupplierCountry: "DE", Supplier: "Alpha Elektronik GmbH", Consignee: "AO Kronshtadt", ConsigneeCountry: "RU",
		Destination: "RU", HS: "852691", CHPLTier: "1", Listed: "true", EntityIDs: "us_ofac_sdn:ofac-36035", Shipments: "4", Value: "181250.5", Currency: "USD"}
	with := func(f func(*looseRow)) looseRow { r := good; f(&r); return r }
	rows := []looseRow{
		good,
		with(func(r *looseRow) { r.Month = "2024-13" }),
		with(func(r *looseRow) { r.HS = "8526" }),
		with(func(r *looseRow) { r.Value = "n/a" }),
		with(func(r *looseRow) { r.Shipments = "-1" }),
		with(func(r *looseRow) { r.Listed = "perhaps" }),
		with(func(r *looseRow) { r.Month, r.Shipments, r.Value = "2024-04", "2", "1000" }),
	}
	path := filepath.Join(t.TempDir(), "loose.parquet")
	writeParquet(t, path, rows)
	db := openDB(t)
	rep, err := db.ImportTransactions(ctx, path, nil, flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Read.Problems {
		if p.File != path || !p.Skipped {
			t.Errorf("problem %+v: want a skip in %s", p, path)
		}
		got = append(got, fmt.Sprintf("%d: %s", p.Line, p.Reason))
	}
	want := []string{
		`2: month "2024-13" is not YYYY-MM`,
		`3: hs "8526" is not a 6-digit code`,
		`4: value is missing or not a number`,
		`5: shipments is missing, negative or not an integer`,
		`6: listed is missing or not a boolean`,
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if rep.Rows != 2 || rep.Read.Skipped != 5 || rep.FirstMonth != "2024-03" || rep.LastMonth != "2024-04" {
		t.Errorf("report %+v: want 2 rows, 5 skipped, 2024-03..2024-04", rep)
	}
	sup, err := db.Suppliers(ctx, flows.SupplierQuery{To: "RU", CHPL: true, Listed: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []flows.SupplierRow{{SupplierCountry: "DE", Supplier: "Alpha Elektronik GmbH", Consignee: "AO Kronshtadt", ConsigneeCountry: "RU", Destination: "RU",
		HS: "852691", CHPLTier: "1", FirstMonth: "2024-03", LastMonth: "2024-04", Months: 2, Shipments: 6, Value: 182250.5, Currency: "USD", Listed: true,
		Entities: []flows.Entity{{Dataset: "us_ofac_sdn", EntityID: "ofac-36035"}}}}
	if diff := gocmp.Diff(wantRows, sup); diff != "" {
		t.Errorf("suppliers (-want +got):\n%s", diff)
	}
}

func TestDetectTransactions(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"customs CSV", "Declaration No,Date,Exporter,Importer,HS Code\nD-1,2024-01-02,Alpha GmbH,Beta LLC,854231\n", true},
		{"JSON lines", `{"shipper":"Alpha GmbH","consignee":"Beta LLC","hs_code":"854231"}` + "\n", true},
		{"Comext", "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\nDE,AM,TOTAL,2,1,2024M08,1000\n", false},
		{"Comtrade", "typeCode,freqCode,refPeriodId,reporterISO,partnerISO,cmdCode,cmdDesc,primaryValue\nC,A,20230101,DEU,ARM,8542,ICs,100\n", false},
		{"goods only", "HS Code,Goods Description\n854231,ICs\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flows.DetectTransactions("x.csv", []byte(tt.head)); got != tt.want {
				t.Errorf("DetectTransactions = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDetectNotStatistics reads the heads of the real trade statistics of
// ../shared/data/trade: none is taken for transaction-level records.
func TestDetectNotStatistics(t *testing.T) {
	var files []string
	err := filepath.WalkDir(testutil.SharedData("trade"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".tsv")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Skipf("no trade statistics here: %v", err)
	}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 16<<10)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if flows.DetectTransactions(path, head[:n]) {
			t.Errorf("%s taken for transaction-level records", path)
		}
	}
	t.Logf("%d files", len(files))
}

// TestScreenedContract loads the sample's shipments, screened by the test
// and written in the screened layout, plus two bad rows, into a store of
// their own: the analyses give what they give on the shipments screened
// on import.
func TestScreenedContract(t *testing.T) {
	s := newSample(t)
	ctx := context.Background()
	kinds := flows.RuleKinds(nil)
	var rows []flows.ScreenedRow
	for _, a := range s.assessed {
		tr := flows.FromAssessment("", a, kinds)
		rows = append(rows, flows.ScreenedRow{ID: tr.ID, Date: tr.Date, Supplier: tr.Supplier, SupplierCountry: tr.SupplierCountry,
			Consignee: tr.Consignee, ConsigneeCountry: tr.ConsigneeCountry, Destination: tr.Destination, HS: tr.HS, CHPLTier: tr.CHPLTier,
			Concern: tr.Concern, Value: tr.Value, Currency: tr.Currency, Listed: tr.Listed, PartyListed: tr.PartyListed, EntityIDs: tr.EntityIDs()})
	}
	bad := rows[0]
	bad.Date = "04/03/2024"
	rows = append(rows, bad)
	bad = rows[1]
	bad.HS = "85"
	rows = append(rows, bad)
	path := filepath.Join(t.TempDir(), "screened.parquet")
	writeParquet(t, path, rows)
	if !flows.IsScreened(path) || flows.IsAggregates(path) {
		t.Fatal("screened file not recognised as such")
	}
	db := openDB(t)
	rep, err := db.ImportTransactions(ctx, path, nil, flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf(`%d: date "04/03/2024" is not YYYY-MM-DD`, demoRows+1),
		fmt.Sprintf(`%d: hs "85" is not a 6-digit code`, demoRows+2),
	}
	var got []string
	for _, p := range rep.Read.Problems {
		got = append(got, fmt.Sprintf("%d: %s", p.Line, p.Reason))
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if rep.Kind != "screened" || rep.Rows != demoRows || rep.Listed != s.rep.Listed || rep.CHPL != s.rep.CHPL {
		t.Errorf("report %+v; shipments import %+v", rep, s.rep)
	}
	sameAnalyses(t, s.db, db, "screened", flows.SupplierQuery{}, flows.SupplierQuery{To: "RU", Listed: true}, flows.SupplierQuery{CHPL: true, Monthly: true})
}

// sameAnalyses checks that the suppliers and monthly analyses give the
// same rows on the two stores (list entries compared by key: captions
// come only with imported shipments).
func sameAnalyses(t *testing.T, want, got *flows.DB, what string, qs ...flows.SupplierQuery) {
	t.Helper()
	ctx := context.Background()
	for _, q := range qs {
		ws, err := want.Suppliers(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := got.Suppliers(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(entityKeys(ws), entityKeys(gs), cmpopts.EquateApprox(0, 1e-6)); diff != "" {
			t.Errorf("%+v: suppliers (-shipments +%s):\n%s", q, what, diff)
		}
		wm, err := want.Monthly(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		gm, err := got.Monthly(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(wm, gm, cmpopts.EquateApprox(0, 1e-6)); diff != "" {
			t.Errorf("%+v: monthly (-shipments +%s):\n%s", q, what, diff)
		}
	}
}
