package eval

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

func TestScorePairs(t *testing.T) {
	lines := strings.Join([]string{
		`{"id":"same","left":{"schema":"Person","properties":{"name":["Vladimir Putin"]}},"right":{"schema":"Person","properties":{"name":["PUTIN, Vladimir"]}}}`,
		`not json`,
		`{"id":"noright","left":{"schema":"Person","properties":{"name":["x"]}}}`,
		``,
		`{"id":7,"left":{"schema":"Company","properties":{"name":["BELLETECH CORP"]}},"right":{"schema":"Company","properties":{"name":["11420 CORP."]}}}`,
	}, "\n")
	array := "\n[\n" + strings.Join([]string{
		`  {"left":{"schema":"Person","properties":{"name":["Vladimir Putin"]}},"right":{"schema":"Person","properties":{"name":["PUTIN, Vladimir"]}},"judgement":"positive"}`,
		`  {"left":{"schema":"Nonsense","properties":{}},"right":{"schema":"Person","properties":{"name":["x"]}}}`,
		`  {"left":{"schema":"Company","properties":{"name":["BELLETECH CORP"]}},` + "\n" + `   "right":{"schema":"Company","properties":{"name":["11420 CORP."]}},"judgement":"negative"}`,
	}, ",\n") + "\n]\n"
	tests := []struct {
		name      string
		in        string
		want      string
		records   int
		probLines []int
	}{
		{"JSON lines", lines, "{\"id\":\"same\",\"score\":1,\"match\":true}\n{\"id\":7,\"score\":0,\"match\":false}\n", 4, []int{2, 3}},
		{"OpenSanctions array", array, "{\"id\":1,\"score\":1,\"match\":true,\"judgement\":\"positive\"}\n{\"id\":3,\"score\":0,\"match\":false,\"judgement\":\"negative\"}\n", 3, []int{4}},
		{"empty", "  \n", "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			n, probs, err := ScorePairs(context.Background(), strings.NewReader(tt.in), "pairs", match.DefaultOptions(), false, &out)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, out.String()); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			var got []int
			for _, p := range probs {
				got = append(got, p.Line)
			}
			if n != tt.records || !cmp.Equal(got, tt.probLines) {
				t.Errorf("%d records, problems at lines %v (%v); want %d, %v", n, got, probs, tt.records, tt.probLines)
			}
		})
	}
}

func TestScorePairsBadInput(t *testing.T) {
	t.Run("line too long", func(t *testing.T) {
		in := strings.Repeat("x", source.MaxRecordSize+10)
		_, _, err := ScorePairs(context.Background(), strings.NewReader(in), "big.jsonl", match.DefaultOptions(), false, &bytes.Buffer{})
		if !errors.Is(err, source.ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("array cut short", func(t *testing.T) {
		in := "[\n{\"left\":{\"schema\":\"Person\"},\"right\":{\"schema\":\"Person\"}},\n{\"left\":"
		_, _, err := ScorePairs(context.Background(), strings.NewReader(in), "cut.json", match.DefaultOptions(), false, &bytes.Buffer{})
		var se *source.Error
		if !errors.As(err, &se) || se.Line != 3 {
			t.Fatalf("err = %v, want a positioned error at line 3", err)
		}
	})
}

// TestReadPairsShipped reads the OpenSanctions pairs file redline ships
// its suite with, which `redline match --pairs` once refused line by line.
func TestReadPairsShipped(t *testing.T) {
	path := filepath.Join(dataDir, "eval", "opensanctions_pairs_dev_1000.json.gz")
	if _, err := os.Stat(path); err != nil {
		testutil.Skipf(t, "%v", err)
	}
	rc, err := source.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	labelled := 0
	n, probs, err := ReadPairs(context.Background(), rc, path, func(p Pair) error {
		if p.Judgement == "positive" || p.Judgement == "negative" {
			labelled++
		}
		return nil
	})
	if err != nil || n != 1000 || len(probs) != 0 || labelled != 1000 {
		t.Errorf("read %d pairs (%d labelled), problems %v, err %v; want 1000, all labelled", n, labelled, probs, err)
	}
}
