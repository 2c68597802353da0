package main

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/redline-sanctions/redline/internal/testutil"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
)

// TestDemoStore runs `redline demo --store` twice on a fresh data folder:
// the results go to the demo's own case store DATA/demo/cases.db (never
// DATA/cases.db) as a run whose flagged shipments and listed parties are
// alerts; the output says how to open them; `redline --data DATA/demo
// serve` then serves them; the second run repeats them instead of
// alerting twice.
func TestDemoStore(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	if err := runDemo(t.Context(), a, []string{"--rows", "3000", "--store"}); err != nil {
		t.Fatalf("demo --store: %v\n%s%s", err, out.String(), errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "cases.db")); !os.IsNotExist(err) {
		t.Fatalf("demo --store touched the real case store DATA/cases.db: %v", err)
	}
	demoDir := filepath.Join(dir, "demo")
	text := out.String()
	for _, want := range []string{
		"Run 1 recorded in the case store " + filepath.Join(demoDir, "cases.db"),
		"redline --data " + demoDir + " serve",
		"redline --data " + demoDir + " users add NAME --role analyst   # the store has no users yet",
		"/ui/runs/1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}

	cases, err := casestore.Open(t.Context(), filepath.Join(demoDir, "cases.db"), casestore.Options{PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	run, err := cases.Run(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if run.Kind != "shipments" || run.Parties != 3000 || run.Finished == nil || run.Error != "" || run.Alerts == 0 || run.Alerts != run.Hits {
		t.Fatalf("run %+v", run)
	}
	if run.ListVersions["us_ofac_sdn"] == "" {
		t.Errorf("run records no version of the demo's sample list: %v", run.ListVersions)
	}
	ships, _ := cases.Alerts(t.Context(), casestore.AlertFilter{Kind: casestore.KindShipment, Limit: 1000})
	parties, _ := cases.Alerts(t.Context(), casestore.AlertFilter{Kind: casestore.KindParty, Limit: 1000})
	if len(ships) == 0 || len(parties) == 0 || len(ships)+len(parties) != run.Alerts {
		t.Fatalf("%d shipment and %d party alerts, run counts %d", len(ships), len(parties), run.Alerts)
	}
	t.Logf("3000 demo shipments: %d shipment alerts, %d party alerts", len(ships), len(parties))
	for _, al := range ships {
		var rec struct{ Level string }
		json.Unmarshal(al.Explanation, &rec)
		if rec.Level != "high" && rec.Level != "medium" {
			t.Fatalf("shipment alert %d at level %q", al.ID, rec.Level)
		}
	}
	if _, err := cases.AddUser(t.Context(), "test", "demo", casestore.Viewer, "demo-password"); err != nil {
		t.Fatal(err)
	}
	key, _, err := cases.CreateKey(t.Context(), "test", "demo-key", casestore.Viewer)
	if err != nil {
		t.Fatal(err)
	}
	cases.Close()

	// redline --data DATA/demo serve shows them.
	ctx, cancel := context.WithCancel(t.Context())
	sout := &testutil.LockedBuffer{}
	sa := &app{dataDir: demoDir, stdout: sout, stderr: io.Discard}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, sa, []string{"--addr", "127.0.0.1:0", "--watch", "0"}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	addr := regexp.MustCompile(`listening on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(sout.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("serve did not start")
		}
	}
	get := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	var served struct {
		Run    casestore.Run     `json:"run"`
		Alerts []casestore.Alert `json:"alerts"`
	}
	get("/runs/1?kind=shipment&limit=1000", &served)
	if served.Run.Alerts != run.Alerts || len(served.Alerts) != len(ships) {
		t.Fatalf("served run 1: %d alerts counted, %d shipment alerts listed; want %d and %d", served.Run.Alerts, len(served.Alerts), run.Alerts, len(ships))
	}
	var listed struct{ Alerts []casestore.Alert }
	get("/alerts?status=open&kind=party", &listed)
	if len(listed.Alerts) != len(parties) {
		t.Fatalf("served %d open party alerts, want %d", len(listed.Alerts), len(parties))
	}

	// The same demo again: nothing is alerted twice.
	out.Reset()
	if err := runDemo(t.Context(), a, []string{"--rows", "3000", "--store"}); err != nil {
		t.Fatalf("demo --store again: %v\n%s", err, errOut.String())
	}
	if !regexp.MustCompile(`Run 2 recorded .*: (\d+) hits, 0 new alerts, 0 suppressed by earlier false-positive decisions, (\d+) already alerted`).MatchString(out.String()) {
		t.Errorf("second run:\n%s", out.String())
	}
	if strings.Contains(out.String(), "no users yet") {
		t.Errorf("the second run says the store has no users")
	}
}
