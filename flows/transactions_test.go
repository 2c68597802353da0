//go:build cgo

package flows_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// demoRows is the size of the generated sample of the real-data tests.
const demoRows = 20000

// sample is a generated file of shipments, imported, and what the test
// worked out from the records themselves.
type sample struct {
	path  string
	db    *flows.DB
	rep   *flows.ImportReport
	ships map[string]*shipment.Shipment // by shipment id
	// assessed are the engine's verdicts on the generated records, read
	// without the file and the store.
	assessed []*shipment.Assessment
}

var (
	sampleOnce sync.Once
	sampleFix  *sample
	sampleErr  error
)

// newSample generates, screens and imports the sample once per test
// binary; tests only read it.
func newSample(t *testing.T) *sample {
	t.Helper()
	scr := newScreening(t)
	sampleOnce.Do(func() { sampleFix, sampleErr = buildSample(scr) })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleFix
}

func buildSample(scr *screening) (*sample, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "redline-flows-sample")
	if err != nil {
		return nil, err
	}
	opts := demo.Options{Rows: demoRows, Seed: 7, Listed: scr.listed, Owned: scr.owned, PlantedRate: 0.08}
	s := &sample{path: filepath.Join(dir, "shipments.csv"), ships: map[string]*shipment.Shipment{}}
	var gen []*shipment.Shipment
	if err := demo.Generate(ctx, opts, func(sh *shipment.Shipment) error {
		gen = append(gen, sh)
		s.ships[sh.ID] = sh
		return nil
	}); err != nil {
		return nil, err
	}
	f, err := os.Create(s.path)
	if err != nil {
		return nil, err
	}
	if err := demo.WriteCSV(f, gen); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	err = scr.engine.Run(ctx, func(emit func(*shipment.Shipment) error) error {
		for _, sh := range gen {
			if err := emit(sh); err != nil {
				return err
			}
		}
		return nil
	}, func(a *shipment.Assessment) error {
		s.assessed = append(s.assessed, a)
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	if s.db, err = flows.Open(ctx, ""); err != nil {
		return nil, err
	}
	if s.rep, err = s.db.ImportTransactions(ctx, s.path, scr.engine, flows.ImportOptions{}); err != nil {
		return nil, err
	}
	return s, nil
}

// concern is the test's own reading of an assessment: the list entries
// that make its consignee or end user listed or blocked by the 50% rule.
func concern(a *shipment.Assessment) []string {
	var keys []string
	for _, f := range a.Flags {
		if f.Role != "consignee" && f.Role != "end_user" || f.EntityID == "" {
			continue
		}
		if f.Rule == "listed_party" || f.Rule == "owned_by_listed" && (f.Ownership == "blocked" || f.Ownership == "same_as") {
			if k := f.Dataset + ":" + f.EntityID; !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// expectSuppliers groups the assessments with a map, the naive way.
func expectSuppliers(as []*shipment.Assessment, q flows.SupplierQuery) []flows.SupplierRow {
	type acc struct {
		row    flows.SupplierRow
		months map[string]bool
		ents   map[string]bool
	}
	groups := map[string]*acc{}
	for _, a := range as {
		s := a.Shipment
		var r flows.SupplierRow
		if p := s.Party(shipment.Shipper); p != nil {
			r.Supplier, r.SupplierCountry = p.Name, p.Country
		}
		if p := s.Party(shipment.Consignee); p != nil {
			r.Consignee, r.ConsigneeCountry = p.Name, p.Country
		}
		r.Destination = cmp.Or(s.Destination, r.ConsigneeCountry)
		r.HS, r.CHPLTier, r.Currency = cmp.Or(a.Goods.HSCode, s.HSCode), a.Goods.CHPLTier, s.Currency
		month := ""
		if len(s.Date) >= 7 {
			month = s.Date[:7]
		}
		keys := concern(a)
		listed := len(keys) > 0
		switch {
		case q.To != "" && r.Destination != q.To,
			q.CHPL && r.CHPLTier == "",
			q.Listed && !listed,
			q.From != "" && month < q.From,
			q.Until != "" && month > q.Until:
			continue
		}
		if q.Monthly {
			r.Month = month
		}
		k := strings.Join([]string{r.SupplierCountry, r.Supplier, r.Consignee, r.ConsigneeCountry, r.Destination, r.HS, r.CHPLTier, r.Currency, r.Month}, "\x00")
		g := groups[k]
		if g == nil {
			g = &acc{row: r, months: map[string]bool{}, ents: map[string]bool{}}
			g.row.FirstMonth, g.row.LastMonth = month, month
			groups[k] = g
		}
		g.row.Shipments++
		g.row.Value += s.Value
		g.row.Listed = g.row.Listed || listed
		g.months[month] = true
		g.row.FirstMonth, g.row.LastMonth = min(g.row.FirstMonth, month), max(g.row.LastMonth, month)
		for _, k := range keys {
			g.ents[k] = true
		}
	}
	var out []flows.SupplierRow
	for _, g := range groups {
		g.row.Months = len(g.months)
		g.row.Entities = []flows.Entity{}
		for _, k := range slices.Sorted(maps.Keys(g.ents)) {
			ds, id, _ := strings.Cut(k, ":")
			g.row.Entities = append(g.row.Entities, flows.Entity{Dataset: ds, EntityID: id})
		}
		out = append(out, g.row)
	}
	return out
}

func rowKey(r flows.SupplierRow) string {
	return strings.Join([]string{r.SupplierCountry, r.Supplier, r.Consignee, r.HS, r.CHPLTier, r.Currency, r.Month}, "|")
}

// entityKeys leaves only dataset and id of the entities: the expected rows
// do not know captions.
func entityKeys(rs []flows.SupplierRow) []flows.SupplierRow {
	out := slices.Clone(rs)
	for i := range out {
		ents := make([]flows.Entity, 0, len(out[i].Entities))
		for _, e := range out[i].Entities {
			ents = append(ents, flows.Entity{Dataset: e.Dataset, EntityID: e.EntityID})
		}
		out[i].Entities = ents
	}
	slices.SortFunc(out, func(a, b flows.SupplierRow) int { return strings.Compare(rowKey(a), rowKey(b)) })
	return out
}

func TestSuppliersDemo(t *testing.T) {
	s := newSample(t)
	ctx := context.Background()
	if s.rep.Rows != demoRows || s.rep.Read.Skipped != 0 {
		t.Fatalf("imported %d rows, %d skipped; want %d, 0: %+v", s.rep.Rows, s.rep.Read.Skipped, demoRows, s.rep.Read.Problems)
	}
	tests := []struct {
		name string
		q    flows.SupplierQuery
	}{
		{"all", flows.SupplierQuery{}},
		{"to RU", flows.SupplierQuery{To: "RU"}},
		{"to RU listed", flows.SupplierQuery{To: "RU", Listed: true}},
		{"to RU CHPL", flows.SupplierQuery{To: "RU", CHPL: true}},
		{"CHPL listed", flows.SupplierQuery{CHPL: true, Listed: true}},
		{"listed monthly", flows.SupplierQuery{Listed: true, Monthly: true}},
		{"to ru lower case, a year", flows.SupplierQuery{To: "ru", From: "2023-07", Until: "2024-06"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.db.Suppliers(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			q := tt.q
			q.To = strings.ToUpper(q.To)
			want := expectSuppliers(s.assessed, q)
			if len(want) == 0 {
				t.Fatal("the query selects nothing: the test cannot fail")
			}
			if diff := gocmp.Diff(entityKeys(want), entityKeys(got), cmpopts.EquateApprox(0, 1e-6)); diff != "" {
				t.Errorf("suppliers (-want +got):\n%s", diff)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Value > got[i-1].Value {
					t.Fatalf("row %d: value %.2f after %.2f: not sorted by value", i, got[i].Value, got[i-1].Value)
				}
			}
			for _, r := range got {
				if r.Listed != (len(r.Entities) > 0) {
					t.Errorf("%s: listed %v with entities %v", rowKey(r), r.Listed, r.Entities)
				}
				for _, e := range r.Entities {
					if e.Caption == "" || e.Score <= 0 || e.How == "" {
						t.Errorf("%s: entity %+v not described", rowKey(r), e)
					}
				}
			}
		})
	}
}

// TestSuppliersPlanted checks the store against the patterns the
// generator planted, counted from the generated records alone.
func TestSuppliersPlanted(t *testing.T) {
	s := newSample(t)
	ctx := context.Background()
	// Every owned_by_listed plant puts the blocked company in the
	// consignee or end user role; a listed_party plant with an end user
	// put the listed party there.
	planted := map[string]bool{}
	clean := 0
	for id, sh := range s.ships {
		switch {
		case sh.Planted == "owned_by_listed", sh.Planted == "listed_party" && sh.Party(shipment.EndUser) != nil:
			planted[id] = true
		case sh.Planted == "":
			clean++
		}
	}
	if len(planted) < 50 {
		t.Fatalf("%d planted rows: too few to measure", len(planted))
	}
	rows, err := s.db.SQL().QueryContext(ctx, "SELECT id FROM flows_tx WHERE listed")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found, falseAlarms := 0, 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		switch {
		case planted[id]:
			found++
		case s.ships[id].Planted == "":
			falseAlarms++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	recall := float64(found) / float64(len(planted))
	t.Logf("planted end users listed or owned: %d, found %d (recall %.3f); clean rows listed: %d of %d", len(planted), found, recall, falseAlarms, clean)
	if recall < 0.9 {
		t.Errorf("recall %.3f of planted listed end users, want >= 0.9", recall)
	}
	if falseAlarms > clean/200 {
		t.Errorf("%d clean rows marked listed, want <= %d", falseAlarms, clean/200)
	}
	// The suppliers view adds up to the planted rows it found.
	got, err := s.db.Suppliers(ctx, flows.SupplierQuery{Listed: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range got {
		n += r.Shipments
	}
	if n != int64(s.rep.Listed) || n < int64(found) {
		t.Errorf("suppliers --listed sums %d shipments; import counted %d listed, %d planted found", n, s.rep.Listed, found)
	}
}

func TestImportBadRows(t *testing.T) {
	scr := newScreening(t)
	ctx := context.Background()
	db := openDB(t)
	path := filepath.Join("testdata", "shipments_bad.csv")
	rep, err := db.ImportTransactions(ctx, path, scr.engine, flows.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, p := range rep.Read.Problems {
		if p.File != path || p.Line == 0 || p.Reason == "" {
			t.Errorf("problem not positioned: %+v", p)
		}
		if p.Skipped {
			skipped = append(skipped, fmt.Sprint(p.Line))
		}
	}
	if rep.Read.Skipped != len(skipped) {
		t.Errorf("Skipped %d, %d skip problems", rep.Read.Skipped, len(skipped))
	}
	var ids []string
	r, err := db.SQL().QueryContext(ctx, "SELECT id || '@' || line FROM flows_tx ORDER BY line")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var id string
		if err := r.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// Rows 3 (too few fields), 4 (empty) and 7 (a quote never closed)
	// are unreadable; the value "not-a-number" of row 5 is a warning.
	t.Logf("stored %v, skipped lines %v, problems %v", ids, skipped, rep.Read.Problems)
	if diff := gocmp.Diff([]string{"B-1@2", "B-4@5", "B-5@6"}, ids); diff != "" {
		t.Errorf("stored rows (-want +got):\n%s", diff)
	}
	if rep.Rows+rep.Read.Skipped != 6 {
		t.Errorf("%d rows stored + %d skipped, want the 6 records of the file", rep.Rows, rep.Read.Skipped)
	}
	// The same file by another path replaces its rows.
	if _, err := db.ImportTransactions(ctx, "./testdata/../testdata/shipments_bad.csv", scr.engine, flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM flows_tx").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("%d rows after importing the file again by another path, want 3", n)
	}
}

// TestImportFailedKeepsRows imports a file, then a version of it that
// cannot be read to the end: the import fails and the first version's
// rows stay.
func TestImportFailedKeepsRows(t *testing.T) {
	scr := newScreening(t)
	ctx := context.Background()
	db := openDB(t)
	path := filepath.Join(t.TempDir(), "s.csv")
	head := "Declaration No,Date,Exporter,Exporter Country,Importer,Importer Country,HS Code,Goods Description,Value,Currency\n"
	good := head + "G-1,2024-01-02,Alpha GmbH,DE,Beta LLC,KZ,854231,integrated circuits,100,EUR\n"
	if err := os.WriteFile(path, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportTransactions(ctx, path, scr.engine, flows.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	bad := head + "N-1,2024-02-02,Gamma Ltd,GB,Delta LLC,AM,848210,bearings,50,EUR\nN-2,2024-02-03,Gamma Ltd,GB," + strings.Repeat("x", 300) + ",AM,848210,bearings,50,EUR\n"
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportTransactions(ctx, path, scr.engine, flows.ImportOptions{Read: shipment.ReadOptions{MaxLine: 200}}); err == nil {
		t.Fatal("a line over MaxLine imported without error")
	}
	var ids string
	if err := db.SQL().QueryRowContext(ctx, "SELECT string_agg(id, ',' ORDER BY id) FROM flows_tx").Scan(&ids); err != nil {
		t.Fatal(err)
	}
	if ids != "G-1" {
		t.Errorf("rows after the failed import: %q, want the first version's G-1", ids)
	}
}
