package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/casestore"
)

// TestScreenStore screens parties and shipments with --store: each
// screening is a run in the case store `redline serve` uses (DATA/cases.db)
// with its alerts, by the command's actor, and the command says how to
// open them. Without --store no run is recorded.
func TestScreenStore(t *testing.T) {
	a, _, stderr := importUN(t)
	ctx := t.Context()
	dir := t.TempDir()
	parties := filepath.Join(dir, "customers.csv")
	os.WriteFile(parties, []byte("id,name,schema,country\nc1,Eric Badege,Person,cd\nc2,Hortensia Quillfeather,Person,gb\nc3,Atlas Foods Inc.,Organization,us\n"), 0o644)
	ships := filepath.Join(dir, "trade.csv")
	os.WriteFile(ships, []byte("Shipment ID,Shipper Name,Shipper Country,Consignee,Consignee Country,End User,End User Country,HS Code,Product Description,Destination Country\n"+
		"S-1,Atlas Foods Inc.,US,Lakeside Retail Ltd,CA,,,0901.21,Roasted coffee,CA\n"+
		"S-2,Shenzhen Jinhai Co. Ltd.,CN,Eric Badege,CD,Ural Tekhno,RU,8526.91,GNSS module,RU\n"), 0o644)
	db := filepath.Join(a.dataDir, "cases.db")

	if err := runScreenParties(ctx, a, []string{parties}); err != nil {
		t.Fatal(err)
	}
	if err := runScreenShipments(ctx, a, []string{"--out", filepath.Join(dir, "out.jsonl"), ships}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db); err == nil { // lists import audits there
		cases, err := casestore.Open(ctx, db, casestore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		runs, err := cases.Runs(ctx, 10)
		cases.Close()
		if err != nil || len(runs) != 0 {
			t.Fatalf("screening without --store recorded runs %+v, %v", runs, err)
		}
	}

	stderr.Reset()
	if err := runScreenParties(ctx, a, []string{parties, "--store"}); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"Run 1 recorded in the case store " + db + ": 1 hits, 1 new alerts", "redline --data " + a.dataDir + " serve", "# the store has no users yet"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	stderr.Reset()
	if err := runScreenShipments(ctx, a, []string{"--out", filepath.Join(dir, "out.jsonl"), "--store", ships}); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "Run 2 recorded in the case store "+db+": 2 hits, 2 new alerts, 0 suppressed by earlier false-positive decisions, 0 already alerted") {
		t.Errorf("shipments run: want the flagged shipment and its listed consignee (a party of the shipment, not the customer c1) alerted:\n%s", stderr)
	}

	cases, err := casestore.Open(ctx, db, casestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cases.Close()
	runs, err := cases.Runs(ctx, 10)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	for i, want := range []struct {
		kind, source string
		rows         int
	}{{"shipments", ships, 2}, {"parties", parties, 3}} {
		r := runs[i]
		if r.Kind != want.kind || r.Source != want.source || r.Parties != want.rows || r.Finished == nil || !strings.HasPrefix(r.Actor, "cli:") || r.ListVersions["un_sc_sanctions"] == "" {
			t.Errorf("run %d: %+v; want %s of %s, %d rows, by cli:…", r.ID, r, want.kind, want.source, want.rows)
		}
	}
	as, err := cases.Alerts(ctx, casestore.AlertFilter{Status: "open"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string // newest first
	for _, x := range as {
		got = append(got, fmt.Sprintf("run %d %s %s %s", x.RunID, x.Kind, x.PartyName, x.EntityID))
	}
	want := []string{
		"run 2 party Eric Badege unsc-6907993",
		"run 2 shipment S-2 rules:chpl_goods,destination_russia,listed_party",
		"run 1 party Eric Badege unsc-6907993",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("open alerts (-want +got):\n%s", diff)
	}
	if n, err := cases.CountParties(ctx); err != nil || n != 3 {
		t.Errorf("%d parties kept for re-screening, %v; want 3", n, err)
	}
}
