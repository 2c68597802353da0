package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/screen"
)

// TestScreenPartiesOwnership screens parties against the real ZALA Aero
// network (OpenSanctions FtM, with Ownership and Sanction entities) and
// the SDN list of January 2023, and checks the ownership object of the
// matches: TsST (NK-abdzbEBkqyT29GyREbiURZ) is held 51% by the SDN
// Aleksandr Zakharov and 49% by JSC NPO IZHMASH, itself listed through
// its SDN twin KALASHNIKOV CONCERN (ofac-16911, same OGRN), so blocked at
// 100%; Izhmash's match says it is listed only through that twin.
func TestScreenPartiesOwnership(t *testing.T) {
	a, stdout, stderr := importZala(t)
	ctx := context.Background()
	sdn := filepath.Join(sharedData, "lists", "ofac", "sdn-2023-01-resaved-nonofficial", "sdn.csv")
	if err := runListsImport(ctx, a, []string{sdn}); err != nil {
		t.Fatal(err)
	}
	parties := filepath.Join(t.TempDir(), "parties.csv")
	if err := os.WriteFile(parties, []byte("id,name,country\ntsst,Zala Aero Group,RU\nizh,JSC NPO Izhmash,RU\nbread,Hovis Bakery Supplies Ltd,GB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if err := runScreenParties(ctx, a, []string{"--limit", "2", parties}); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	recs := map[string]screen.Record{}
	for line := range strings.SplitSeq(strings.TrimSpace(stdout.String()), "\n") {
		var r screen.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		recs[r.ID] = r
	}
	find := func(id, entityID string) *screen.Ownership {
		t.Helper()
		for _, m := range recs[id].Matches {
			if m.EntityID == entityID {
				return m.Ownership
			}
		}
		t.Fatalf("record %s: no match on %s in %+v", id, entityID, recs[id].Matches)
		return nil
	}
	t.Run("blocked at 100% through two owners", func(t *testing.T) {
		o := find("tsst", "NK-abdzbEBkqyT29GyREbiURZ")
		if o == nil || !o.Blocked || o.Share != 100 || len(o.Paths) != 2 {
			t.Fatalf("ownership %+v", o)
		}
		for _, want := range []string{"(NK-aU5ybkbRFJucf8YMwsJvDw, us_ofac_sdn [RUSSIA-EO14024]) --51%-->", "(NK-nR5AXM9AVPq4pQaSPSaVam, us_ofac_sdn) --at least 49%-->"} {
			if !slices.ContainsFunc(o.Paths, func(p string) bool { return strings.Contains(p, want) }) {
				t.Errorf("paths %q lack %q", o.Paths, want)
			}
		}
	})
	t.Run("listed by its own datasets, owned by no one", func(t *testing.T) {
		// Izhmash's datasets include us_ofac_sdn: listed in its own right,
		// not through its SDN twin, and no one owns it in the data.
		if o := find("izh", "NK-nR5AXM9AVPq4pQaSPSaVam"); o != nil {
			t.Fatalf("ownership %+v", o)
		}
	})
	t.Run("no ownership object without owners", func(t *testing.T) {
		for _, r := range recs {
			for _, m := range r.Matches {
				if m.EntityID == "ofac-16911" && m.Ownership != nil {
					t.Errorf("KALASHNIKOV CONCERN, owned by no one in the data: %+v", m.Ownership)
				}
			}
		}
	})
	t.Run("--ownership=false leaves the records as before", func(t *testing.T) {
		stdout.Reset()
		if err := runScreenParties(ctx, a, []string{"--ownership=false", parties}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stdout.String(), `"ownership"`) {
			t.Errorf("ownership objects with --ownership=false")
		}
	})
}

// TestScreenShipmentsOwnership screens shipments against the ZALA network
// and the SDN list of January 2023: a consignee matching JSC NPO IZHMASH,
// which is on the SDN list by its own datasets (and KALASHNIKOV CONCERN's
// twin by OGRN), gets a listed_party flag; with the SDN list alone
// (no ownership links, no twins) the rule says it has no data.
func TestScreenShipmentsOwnership(t *testing.T) {
	a, stdout, stderr := importZala(t)
	ctx := context.Background()
	sdn := filepath.Join(sharedData, "lists", "ofac", "sdn-2023-01-resaved-nonofficial", "sdn.csv")
	if err := runListsImport(ctx, a, []string{sdn}); err != nil {
		t.Fatal(err)
	}
	ships := filepath.Join(t.TempDir(), "ships.csv")
	csv := "Shipment ID,Shipper Name,Shipper Country,Consignee,Consignee Country,HS Code,Product Description,Destination Country\n" +
		"S-1,Nordic Components AB,Sweden,JSC NPO Izhmash,Russia,8708.29,car body parts,RU\n" +
		"S-2,Nordic Components AB,Sweden,Atlas Apparel Ltd,United Kingdom,6109.10,cotton T-shirts,GB\n"
	if err := os.WriteFile(ships, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if err := runScreenShipments(ctx, a, []string{ships}); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.Contains(stderr.String(), "owned_by_listed") {
		t.Errorf("owned_by_listed inactive with ownership data: %s", stderr)
	}
	type record struct {
		ShipmentID string `json:"shipment_id"`
		Level      string `json:"level"`
		Flags      []struct {
			Rule, Ownership, Evidence string
		} `json:"flags"`
	}
	var recs []record
	for line := range strings.SplitSeq(strings.TrimSpace(stdout.String()), "\n") {
		var rec record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records:\n%s", len(recs), stdout)
	}
	found := false
	for _, f := range recs[0].Flags {
		if f.Rule == "listed_party" && strings.Contains(f.Evidence, `matches listed "JSC NPO IZHMASH" (NK-nR5AXM9AVPq4pQaSPSaVam`) {
			found = true
		}
	}
	if !found || recs[0].Level != "high" {
		t.Errorf("S-1 (%s): no listed_party flag naming Izhmash: %+v", recs[0].Level, recs[0].Flags)
	}
	for _, f := range recs[1].Flags {
		if f.Rule == "owned_by_listed" {
			t.Errorf("S-2 flagged: %+v", f)
		}
	}

	t.Run("no ownership data", func(t *testing.T) {
		var out, errs bytes.Buffer
		b := &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}
		if err := runListsImport(ctx, b, []string{sdn}); err != nil {
			t.Fatal(err)
		}
		if err := runScreenShipments(ctx, b, []string{ships}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(errs.String(), "rule owned_by_listed: no ownership data in the imported lists") {
			t.Errorf("stderr lacks the no-data note:\n%s", errs.String())
		}
	})
}
