package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
)

// TestSearchCommand imports the real UN list into a temporary data folder
// and searches it through the command.
func TestSearchCommand(t *testing.T) {
	un := testutil.SharedData("lists", "un", "consolidated-2026-02-27.xml")
	if _, err := os.Stat(un); err != nil {
		testutil.Skipf(t, "reference data not found (%v): skipping", err)
	}
	var out, errs bytes.Buffer
	a := &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}
	ctx := context.Background()
	if err := runListsImport(ctx, a, []string{un}); err != nil {
		t.Fatalf("import: %v\n%s", err, errs.String())
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"table", []string{"ABDUL HAI SALEK", "--schema", "Person"}, "unsc-"},
		{"json", []string{"--format", "json", "--limit", "1", "Abdul Hai Salek"}, `"match": true`},
		{"no result", []string{"--threshold", "0.99", "--schema", "Vessel", "Zzyzx Qwerty"}, "no result"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out.Reset()
			if err := runSearch(ctx, a, tc.args); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out.String())
			}
		})
	}
	if err := runSearch(ctx, a, []string{"--schema", "Ownership", "x"}); err == nil {
		t.Error("--schema Ownership accepted")
	}
}

// TestWriteResultsRounding: the search table writes scores as the API
// does (match.RoundScore, 4 decimals; it wrote 3).
func TestWriteResultsRounding(t *testing.T) {
	e := entity.New(entity.Person, "un_sc_sanctions", "un-1")
	e.Add(entity.Name, "Viktor Bout")
	var buf bytes.Buffer
	if err := writeResults(&buf, []match.Result{{Entity: e, Score: 0.912351, Match: true}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), " 0.9124 ") {
		t.Errorf("table:\n%s\nwant the score 0.9124", buf.String())
	}
}
