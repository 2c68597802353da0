package casestore_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// BenchmarkAddAlerts measures recording the hits of a screening run in
// batches of 256, the rate a large parties file is alerted at. Each batch
// is one durable (synchronous=FULL) transaction.
func BenchmarkAddAlerts(b *testing.B) {
	db, err := casestore.OpenSQLite(b.Context(), filepath.Join(b.TempDir(), "cases.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	run, _ := db.CreateRun(b.Context(), casestore.Run{Actor: "bench", Kind: "parties"})
	expl := json.RawMessage(`{"query_name":"Ivan Petrov","matched_name":"PETROV, Ivan","name_score":0.91}`)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		hits := make([]casestore.Alert, 256)
		for i := range hits {
			n++
			hits[i] = casestore.Alert{PartyKey: fmt.Sprint("id:", n), PartyName: "Ivan Petrov", EntityID: "unsc-1", EntityCaption: "PETROV, Ivan",
				EntityHash: "v1", Dataset: "un_sc_sanctions", Score: 0.91, Explanation: expl}
		}
		if _, err := db.AddAlerts(b.Context(), run.ID, hits); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "alerts/s")
}

// BenchmarkDecide measures one durable decision: decision, status,
// allow-list and audit entry in one committed transaction.
func BenchmarkDecide(b *testing.B) {
	db, err := casestore.OpenSQLite(b.Context(), filepath.Join(b.TempDir(), "cases.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	run, _ := db.CreateRun(b.Context(), casestore.Run{Actor: "bench", Kind: "parties"})
	hits := make([]casestore.Alert, 1000)
	for i := range hits {
		hits[i] = casestore.Alert{PartyKey: fmt.Sprint("id:", i), EntityID: "unsc-1", EntityHash: "v1", Score: 0.9}
	}
	if _, err := db.AddAlerts(b.Context(), run.ID, hits); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := db.Decide(b.Context(), hits[i%len(hits)].ID, casestore.FalsePositive, "bench", "alice"); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "decisions/s")
}
