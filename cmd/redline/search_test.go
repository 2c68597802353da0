package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

func TestScorePairs(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"same","left":{"schema":"Person","properties":{"name":["Vladimir Putin"]}},"right":{"schema":"Person","properties":{"name":["PUTIN, Vladimir"]}}}`,
		`not json`,
		`{"id":"noright","left":{"schema":"Person","properties":{"name":["x"]}}}`,
		``,
		`{"id":7,"left":{"schema":"Company","properties":{"name":["BELLETECH CORP"]}},"right":{"schema":"Company","properties":{"name":["11420 CORP."]}}}`,
	}, "\n")
	var out bytes.Buffer
	st, err := scorePairs(context.Background(), strings.NewReader(in), "pairs.jsonl", match.DefaultOptions(), false, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"id\":\"same\",\"score\":1,\"match\":true}\n{\"id\":7,\"score\":0,\"match\":false}\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if len(st.problems) != 2 || st.problems[0].Line != 2 || st.problems[1].Line != 3 {
		t.Errorf("problems %+v, want lines 2 and 3", st.problems)
	}
}

func TestScorePairsTooLong(t *testing.T) {
	in := strings.Repeat("x", source.MaxRecordSize+10)
	_, err := scorePairs(context.Background(), strings.NewReader(in), "big.jsonl", match.DefaultOptions(), false, &bytes.Buffer{})
	if !errors.Is(err, source.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// TestSearchCommand imports the real UN list into a temporary data folder
// and searches it through the command.
func TestSearchCommand(t *testing.T) {
	un := "../../../shared/data/lists/un/consolidated-2026-02-27.xml"
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
