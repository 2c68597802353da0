package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/lists"
)

// TestCrashDuringRescreen runs the real `redline serve`, stores parties,
// starts a re-screening, kills the server with SIGKILL while it runs,
// restarts it and checks that the cut run is recorded as failed and the
// stored parties are re-screened again (issue 15, item 14: after kill -9
// during the automatic re-screen the run stayed unfinished and nothing
// resumed it).
func TestCrashDuringRescreen(t *testing.T) {
	bin := redlineBinary(t)
	data := t.TempDir()
	ctx := context.Background()
	ls, err := lists.Open(filepath.Join(data, "lists"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ls.Import(ctx, []string{unList}, lists.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(data, "cases.db")
	db, err := casestore.OpenSQLite(ctx, dbPath, casestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := db.CreateKey(ctx, "test", "analyst", casestore.Analyst)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	cmd, addr := startServe(t, bin, data)
	post := func(path, body string) (int, string) {
		req, _ := http.NewRequest("POST", addr+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	const parties = 20000
	var sb strings.Builder
	sb.WriteString("id,name,country\n")
	for i := range parties {
		fmt.Fprintf(&sb, "p%d,Northwind Trading %d Limited,de\n", i, i)
	}
	if code, body := post("/screen/parties?name=crm.csv", sb.String()); code != 200 || !strings.Contains(body, `"summary"`) {
		t.Fatalf("screening: %d %.300s", code, body)
	}

	// Re-screen, and kill the server once the run is under way.
	go post("/rescreen", "")
	db, err = casestore.OpenSQLite(ctx, dbPath, casestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cut casestore.Run
	for deadline := time.Now().Add(30 * time.Second); cut.ID == 0; {
		if time.Now().After(deadline) {
			t.Fatal("no re-screening run started within 30 s")
		}
		un, err := db.UnfinishedRuns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range un {
			if r.Kind == "rescreen" {
				cut = r
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	if r, err := db.Run(ctx, cut.ID); err != nil || r.Finished != nil {
		t.Fatalf("run %d finished before the kill (%+v, %v): the test needs more parties", cut.ID, r, err)
	}

	// Restart: the cut run fails, and a new re-screening covers every
	// stored party.
	startServe(t, bin, data)
	for deadline := time.Now().Add(120 * time.Second); ; {
		if time.Now().After(deadline) {
			t.Fatal("no finished re-screening within 120 s of the restart")
		}
		runs, err := db.Runs(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		var redo *casestore.Run
		for i, r := range runs {
			if r.Kind == "rescreen" && r.ID > cut.ID && r.Finished != nil {
				redo = &runs[i]
			}
		}
		if redo != nil {
			if redo.Error != "" || redo.Parties != parties || redo.Actor != "system:resume" {
				t.Fatalf("re-screening after the restart: %+v; want %d parties by system:resume", *redo, parties)
			}
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	r, err := db.Run(ctx, cut.ID)
	if err != nil || r.Finished == nil || !strings.HasPrefix(r.Error, "interrupted") {
		t.Fatalf("the cut run after the restart: %+v, %v; want failed as interrupted", r, err)
	}
	t.Logf("run %d cut after %d of %d parties by SIGKILL; failed at restart, redone", cut.ID, r.Parties, parties)
}
