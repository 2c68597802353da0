//go:build cgo

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
)

func flowsApp(t *testing.T) (*app, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errs bytes.Buffer
	return &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}, &out, &errs
}

func TestFlowsCommands(t *testing.T) {
	trade := filepath.Join(sharedData, "trade")
	if _, err := os.Stat(trade); err != nil {
		testutil.Skipf(t, "reference data not found at %s (%v): skipping", trade, err)
	}
	ctx := context.Background()
	a, stdout, stderr := flowsApp(t)
	if err := runFlowsImport(ctx, a, []string{trade}); err != nil {
		t.Fatalf("flows import: %v\n%s", err, stderr)
	}
	for _, want := range []string{"read 205 files (205 comext): 6822 figures, 0 rows skipped", "EU27 export (EUR, 204 figures): months 2019-01..2024-08 (68)", "AM import (EUR, 573 figures): years 2019-2023"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("import output lacks %q:\n%s", want, stdout)
		}
	}
	stdout.Reset()

	// spikes --format json: JSON lines with the documented fields.
	if err := runFlowsSpikes(ctx, a, []string{"--reporter", "EU27", "--flow", "export", "--baseline", "2019-2021", "--period", "2023", "--format", "json"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d spikes, want Armenia, Georgia, Russia:\n%s", len(lines), stdout)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"reporter", "partner", "partner_name", "hs", "base", "current", "ratio", "excess"} {
		if _, ok := first[k]; !ok {
			t.Errorf("spike row lacks %q: %v", k, first)
		}
	}
	if first["partner"] != "AM" || first["partner_name"] != "Armenia" {
		t.Errorf("first spike %v, want Armenia", first)
	}
	stdout.Reset()

	// A partial year says so on stderr.
	if err := runFlowsSpikes(ctx, a, []string{"--period", "2024", "--format", "csv"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "2024 is incomplete") {
		t.Errorf("no note on the partial year: %s", stderr)
	}
	stdout.Reset()

	// mirror --format csv.
	if err := runFlowsMirror(ctx, a, []string{"--reporter", "EU27", "--baseline", "2019-2021", "--period", "2022", "--format", "csv"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(stdout).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "exporter" || rows[1][1] != "AM" || rows[1][8] != "0.8930" {
		t.Errorf("mirror csv %v", rows)
	}
	stdout.Reset()

	// series --format csv: six years of EU27 exports to Armenia, 2024
	// partial.
	if err := runFlowsSeries(ctx, a, []string{"--partner", "AM", "--format", "csv"}); err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(stdout).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || rows[1][4] != "2019" || rows[1][5] != "784868152.00" || rows[6][7] != "true" {
		t.Errorf("series csv %v", rows)
	}
	stdout.Reset()

	// report.
	out := filepath.Join(t.TempDir(), "flows.html")
	if err := runFlowsReport(ctx, a, []string{"--out", out, "--period", "2023", "--mirror-period", "2022", "--members", "--min-base", "1000000"}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(page, []byte(`id="chart-spikes"`)) {
		t.Errorf("report not written: %v", err)
	}

	// Usage errors.
	var u usageError
	for _, args := range [][]string{{"--period", "20x3"}, {"--period", "2023", "--baseline", "2021-2019"}, {"--period", "2023", "--flow", "sideways"}, {"--period", "2023", "--format", "xml"}} {
		if err := runFlowsSpikes(ctx, a, args); !errors.As(err, &u) {
			t.Errorf("spikes %v: %v, want a usage error", args, err)
		}
	}
}

// TestFlowsImportFails: a file in no known layout makes the import fail
// (exit status 1) after the others are stored, and says why.
func TestFlowsImportFails(t *testing.T) {
	ctx := context.Background()
	a, stdout, _ := flowsApp(t)
	bad := filepath.Join(t.TempDir(), "figures.csv")
	if err := os.WriteFile(bad, []byte("country,amount\nA,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := runFlowsImport(ctx, a, []string{bad, filepath.Join("..", "..", "trade", "testdata", "comext_bad.csv")})
	if err == nil || !strings.Contains(err.Error(), "1 of 2 files could not be read") {
		t.Errorf("got %v", err)
	}
	out := stdout.String()
	for _, want := range []string{"FAILED " + bad, "not a Comext export", "comext_bad.csv:2: VALUE_IN_EUR: value \"12x34\" is not a number", "9 rows skipped", "stored 1 figures"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
