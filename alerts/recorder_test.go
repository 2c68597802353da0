package alerts

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

func openStore(t *testing.T) *casestore.DB {
	t.Helper()
	db, err := casestore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cases.db"), casestore.Options{PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestRecorder records more shipments than a batch holds, some twice, and
// checks the counts of the run and that a run ended with an error is
// failed with it, keeping what was written.
func TestRecorder(t *testing.T) {
	db := openStore(t)
	rec, err := Start(t.Context(), db, casestore.Run{Actor: "test", Kind: "shipments", Source: "t.csv"})
	if err != nil {
		t.Fatal(err)
	}
	sh := &Shipments{Rec: rec}
	for i := range 600 {
		a := assessed()
		a.ShipmentID, a.Shipment.ID = fmt.Sprintf("S-%d", i%400), fmt.Sprintf("S-%d", i%400) // 200 repeated
		if i%3 == 0 {
			a.Level = "low" // not flagged
		}
		if err := sh.Add(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.End(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	run, err := db.Run(t.Context(), rec.Run().ID)
	if err != nil {
		t.Fatal(err)
	}
	// Flagged: i%3 != 0, 400 of 600. New: the flagged among S-0…S-399 at
	// their first or second occurrence, whichever is flagged first.
	if run.Parties != 600 || run.Hits != 400 || sh.Flagged() != 400 || run.Alerts+run.Repeated != 400 || run.Finished == nil || run.Error != "" {
		t.Fatalf("run %+v, %d flagged", run.RunStats, sh.Flagged())
	}
	if n, _ := db.Alerts(t.Context(), casestore.AlertFilter{RunID: run.ID, Limit: 1000}); len(n) != run.Alerts {
		t.Fatalf("%d alerts listed, run counts %d", len(n), run.Alerts)
	}

	failing, err := Start(t.Context(), db, casestore.Run{Actor: "test", Kind: "shipments", Source: "cut.csv"})
	if err != nil {
		t.Fatal(err)
	}
	fs := &Shipments{Rec: failing}
	a := assessed()
	a.ShipmentID = "S-cut"
	if err := fs.Add(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := failing.End(t.Context(), errors.New("upload cut after 1 row")); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Run(t.Context(), failing.Run().ID)
	if got.Error != "upload cut after 1 row" || got.Parties != 1 || got.Finished == nil {
		t.Fatalf("failed run %+v", got)
	}
}
