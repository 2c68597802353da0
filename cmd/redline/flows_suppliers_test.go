//go:build cgo

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/internal/testutil"
)

// TestFlowsSuppliers drives the commands as a user would: demo data over
// the embedded sample list, imported, then the suppliers view in each
// format.
func TestFlowsSuppliers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	ship := filepath.Join(dir, "ship.csv")
	if err := runDemoData(ctx, a, []string{"--rows", "3000", "--planted", "0.2", "--out", ship}); err != nil {
		t.Fatalf("demo data: %v\n%s", err, errOut.String())
	}
	// The demo keeps its sample list in DATA/demo: screen against it there.
	a.dataDir = filepath.Join(dir, "demo")
	if !isTransactionFile(ship) {
		t.Fatal("demo shipments not recognised as transaction-level records")
	}
	errOut.Reset()
	if err := runFlowsImportShipments(ctx, a, []string{ship}); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "shipments, 3000 rows") || !strings.Contains(errOut.String(), "0 rows skipped") {
		t.Errorf("import says:\n%s", errOut.String())
	}

	out.Reset()
	if err := runFlowsSuppliers(ctx, a, []string{"--listed", "--format", "json"}); err != nil {
		t.Fatal(err)
	}
	var rows []flows.SupplierRow
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if len(rows) == 0 {
		t.Fatal("no listed end users in a sample with 20% planted rows")
	}
	for _, r := range rows {
		if !r.Listed || len(r.Entities) == 0 || r.Entities[0].Caption == "" || r.Shipments < 1 || r.FirstMonth == "" {
			t.Errorf("row without its figures or evidence: %+v", r)
		}
	}

	out.Reset()
	if err := runFlowsSuppliers(ctx, a, []string{"--listed", "--format", "csv", "--monthly"}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < len(rows)+1 || recs[0][0] != "supplier_country" || recs[1][7] == "" {
		t.Errorf("csv: %d records for %d rows; first %v", len(recs), len(rows), recs[:min(2, len(recs))])
	}

	out.Reset()
	if err := runFlowsSuppliers(ctx, a, []string{"--to", "RU", "--limit", "5"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "SUPPLIER") || !strings.Contains(out.String(), "5 rows") {
		t.Errorf("table:\n%s", out.String())
	}

	// The flows report draws the supplier table next to the statistics.
	trade := filepath.Join(sharedData, "trade", "eurostat-comext")
	if _, err := os.Stat(trade); err == nil {
		if err := runFlowsImport(ctx, a, []string{trade}); err != nil {
			t.Fatalf("flows import: %v\n%s", err, errOut.String())
		}
		page := filepath.Join(t.TempDir(), "flows.html")
		if err := runFlowsReport(ctx, a, []string{"--out", page, "--period", "2023"}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("report %d bytes", len(b))
		if !bytes.Contains(b, []byte("Suppliers of listed end users")) || !bytes.Contains(b, []byte(rows[0].Entities[0].Key())) {
			t.Errorf("the report lacks the supplier table or its first entry %s", rows[0].Entities[0].Key())
		}
	}

	for _, args := range [][]string{{"--from", "2024-13"}, {"--format", "xml"}, {"stray"}} {
		if err := runFlowsSuppliers(ctx, a, args); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestFlowsImportRoutesTransactions: `flows import` of a folder holding a
// Comext export and a shipment file sends each to its import (the
// statistics and the screened transactions).
func TestFlowsImportRoutesTransactions(t *testing.T) {
	comext := filepath.Join(sharedData, "trade", "eurostat-comext", "armenia_export_eurostat")
	entries, err := os.ReadDir(comext)
	if err != nil || len(entries) == 0 {
		testutil.Skipf(t, "Comext files not found: %v", err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := runDemoData(ctx, a, []string{"--rows", "500", "--out", filepath.Join(in, "ship.csv")}); err != nil {
		t.Fatalf("demo data: %v\n%s", err, errOut.String())
	}
	b, err := os.ReadFile(filepath.Join(comext, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, entries[0].Name()), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "NOTES.md"), []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a.dataDir = filepath.Join(dir, "demo")
	out.Reset()
	errOut.Reset()
	if err := runFlowsImport(ctx, a, []string{in}); err != nil {
		t.Fatalf("flows import: %v\n%s%s", err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "ignored 1 files") || !strings.Contains(out.String(), "NOTES.md") {
		t.Errorf("a file neither imported nor said to be ignored:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), "shipments, 500 rows") || !strings.Contains(out.String(), "read 1 files") {
		t.Errorf("not both imported:\nstdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	}
}
