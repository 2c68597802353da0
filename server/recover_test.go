package server_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/server"
)

// TestRecoverInterruptedRescreen leaves a re-screening run unfinished, as
// kill -9 during the automatic re-screen after a list update does, and
// starts a new Server over the same case store: the run is recorded as
// failed, and the stored parties are re-screened (issue 15, item 14: the
// run stayed unfinished and nothing redid it).
func TestRecoverInterruptedRescreen(t *testing.T) {
	var opts server.Options
	e := newEnv(t, func(o *server.Options) { opts = *o })
	csv := "id,name\nc1,Kim Jong Un\nc2,Northwind Trading Limited\nc3,Ali Kony\n"
	if code, body := e.do("POST", "/screen/parties?name=crm.csv", casestore.Analyst, csv); code != 200 {
		t.Fatalf("screening: %d %s", code, body)
	}
	ctx := context.Background()
	cut, err := e.store.CreateRun(ctx, casestore.Run{Actor: "system:update", Kind: "rescreen", Source: "stored parties"})
	if err != nil {
		t.Fatal(err)
	}
	upload, err := e.store.CreateRun(ctx, casestore.Run{Actor: "analyst-key", Kind: "parties", Source: "big.csv"})
	if err != nil {
		t.Fatal(err)
	}

	// The restart.
	restarted, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	runs, err := restarted.RecoverRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != cut.ID || runs[1].ID != upload.ID || !server.NeedsRescreen(runs) {
		t.Fatalf("RecoverRuns = %+v; want the cut re-screening and upload", runs)
	}
	for _, id := range []int64{cut.ID, upload.ID} {
		r, err := e.store.Run(ctx, id)
		if err != nil || r.Finished == nil || !strings.HasPrefix(r.Error, "interrupted") {
			t.Fatalf("run %d after recovery: %+v, %v; want failed as interrupted", id, r, err)
		}
	}
	if un, _ := e.store.UnfinishedRuns(ctx); len(un) != 0 {
		t.Fatalf("still unfinished: %+v", un)
	}
	redo, err := restarted.Rescreen(ctx, "system:resume")
	if err != nil || redo.Parties != 3 || redo.Hits == 0 {
		t.Fatalf("re-screening again: %+v, %v; want the 3 stored parties and a hit", redo, err)
	}
	if again, _ := restarted.RecoverRuns(ctx); len(again) != 0 {
		t.Fatalf("a second recovery finds %+v", again)
	}
}

// TestRepeatedIDsKeepTheirQueries screens a file whose rows all carry the
// same id with different names, in parallel: each stored party must keep
// its own row's query (issue 15, item 15: queries were kept by the
// caller's id, and parallel workers swapped them).
func TestRepeatedIDsKeepTheirQueries(t *testing.T) {
	e := newEnv(t, nil)
	var b strings.Builder
	b.WriteString("id,name\n")
	const rows = 3000
	for i := range rows {
		b.WriteString("dup,Company Number " + strings.Repeat("x", i%7) + strconv.Itoa(i) + " Limited\n")
	}
	if code, body := e.do("POST", "/screen/parties?name=dups.csv", casestore.Analyst, b.String()); code != 200 {
		t.Fatalf("screening: %d %.300s", code, body)
	}
	n := 0
	for after := ""; ; {
		ps, err := e.store.Parties(context.Background(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			break
		}
		after = ps[len(ps)-1].Key
		for _, p := range ps {
			n++
			var q entity.Entity
			if err := json.Unmarshal(p.Query, &q); err != nil {
				t.Fatal(err)
			}
			if name := strings.ToLower(q.First(entity.Name)); p.Key != "id:dup|"+name || p.Name != q.First(entity.Name) {
				t.Fatalf("party %q (name %q) stored with the query of %q", p.Key, p.Name, q.First(entity.Name))
			}
		}
	}
	if n != rows {
		t.Fatalf("%d parties stored, want %d", n, rows)
	}
}
