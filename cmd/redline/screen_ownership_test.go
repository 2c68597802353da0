package main

import (
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
		for _, want := range []string{"(NK-aU5ybkbRFJucf8YMwsJvDw, us_ofac_sdn [RUSSIA-EO14024]) --51%-->", "as ofac-16911 (same identifier 1111832003018)) --at least 49%-->"} {
			if !slices.ContainsFunc(o.Paths, func(p string) bool { return strings.Contains(p, want) }) {
				t.Errorf("paths %q lack %q", o.Paths, want)
			}
		}
	})
	t.Run("listed through its SDN twin", func(t *testing.T) {
		o := find("izh", "NK-nR5AXM9AVPq4pQaSPSaVam")
		if o == nil || !o.Listed || !slices.Equal(o.SameAs, []string{"ofac-16911 (same identifier 1111832003018)"}) {
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
