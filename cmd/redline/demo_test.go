package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// TestDemoFreshMachine runs `redline demo` on an empty data folder, as on
// a fresh machine with no network: it must import the embedded sample
// list, generate, screen, print the top risks and write the report.
func TestDemoFreshMachine(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	if err := runDemo(context.Background(), a, []string{"--rows", "3000"}); err != nil {
		t.Fatalf("demo: %v\n%s%s", err, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{"imported the embedded sample", "Generated 3000 shipments", "SHIPMENT", "high", "Report:"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "6 parties blocked by the 50% rule") {
		t.Errorf("the demo's synthetic ownership data is not in the graph:\n%s", text)
	}
	// Every planted owned_by_listed shipment is at medium or above through
	// the owned_by_listed rule, with the ownership path as evidence, and
	// the invented front company is not said to be listed.
	res, err := os.Open(filepath.Join(dir, "demo", "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	planted, found := 0, 0
	sc := bufio.NewScanner(res)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec shipment.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Planted != "owned_by_listed" {
			continue
		}
		planted++
		for _, f := range rec.Flags {
			if f.Rule == "owned_by_listed" && f.Ownership == "blocked" && len(f.OwnershipPaths) > 0 &&
				strings.Contains(f.Evidence, "us_ofac_sdn [RUSSIA-EO14024]") && (rec.Level == "high" || rec.Level == "medium") {
				found++
				break
			}
		}
		for _, f := range rec.Flags {
			if f.Rule == "listed_party" && f.Dataset == demo.OwnershipDataset {
				t.Errorf("%s: invented front company flagged as listed: %+v", rec.ShipmentID, f)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if planted < 5 || float64(found) < 0.99*float64(planted) {
		t.Errorf("owned_by_listed: %d of %d planted shipments flagged by the rule at medium or above", found, planted)
	}
	t.Logf("owned_by_listed: %d of %d planted shipments flagged by the rule at medium or above", found, planted)
	page, err := os.ReadFile(filepath.Join(dir, "demo", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<svg")) {
		t.Errorf("report has no chart")
	}
	// A second run uses the imported list and does not import again.
	out.Reset()
	if err := runDemo(context.Background(), a, []string{"--rows", "500", "--seed", "2"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "imported the embedded sample") {
		t.Errorf("sample imported twice")
	}
}

// TestScreenShipmentsCommand screens a generated file through the command
// with every output option.
func TestScreenShipmentsCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	sample := filepath.Join(dir, "s.jsonl")
	if err := runDemoData(context.Background(), a, []string{"--rows", "2000", "--out", sample}); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "r.html")
	records := filepath.Join(dir, "r.csv")
	// The generator planted parties of the demo's own sample list: screen
	// against it (the demo's data folder).
	a = &app{dataDir: filepath.Join(dir, "demo"), stdout: &out, stderr: &errOut}
	err := runScreenShipments(context.Background(), a, []string{"--format", "csv", "--out", records, "--report", report, sample})
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	b, err := os.ReadFile(records)
	if err != nil {
		t.Fatal(err)
	}
	if lines := bytes.Count(b, []byte("\n")); lines != 2001 {
		t.Errorf("%d CSV lines, want header + 2000", lines)
	}
	if _, err := os.Stat(report); err != nil {
		t.Errorf("no report: %v", err)
	}
	if err := runScreenShipments(context.Background(), a, []string{"--map", "nope=X", sample}); err == nil {
		t.Errorf("unknown mapping field accepted")
	}
}

// TestDemoKeepsToItsOwnStore: the demo's sample list and invented
// ownership data go to DATA/demo/lists, never to the store of real lists
// (they used to stay there after the real lists were imported, and showed
// up in search and ownership results).
func TestDemoKeepsToItsOwnStore(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	ctx := context.Background()
	if err := runDemo(ctx, a, []string{"--rows", "500"}); err != nil {
		t.Fatalf("demo: %v\n%s%s", err, out.String(), errOut.String())
	}
	st, err := openLists(a)
	if err != nil {
		t.Fatal(err)
	}
	if ds, err := st.Datasets(); err != nil || len(ds) != 0 {
		t.Errorf("the demo wrote to the real store: datasets %v, err %v", ds, err)
	}
	if !strings.Contains(out.String(), filepath.Join(dir, "demo", "lists")) {
		t.Errorf("the demo does not say where it keeps its lists:\n%s", out.String())
	}
	// --lists with nothing imported is refused, with the way out.
	if err := runDemo(ctx, a, []string{"--rows", "100", "--lists"}); err == nil || !strings.Contains(err.Error(), "lists import") {
		t.Errorf("demo --lists on an empty store: %v", err)
	}
}
