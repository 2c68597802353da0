package shipment_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/source"
)

func seed(f *testing.F, files ...string) {
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func checkProblems(t *testing.T, rep *source.Report, name string) {
	t.Helper()
	for _, p := range rep.Problems {
		if p.File != name || p.Line < 1 || p.Reason == "" {
			t.Fatalf("problem not positioned: %+v", p)
		}
	}
	if rep.Skipped > 0 && len(rep.Problems) == 0 {
		t.Fatalf("%d records skipped without a problem", rep.Skipped)
	}
}

// FuzzReadCSV: no panic; every problem positioned; every record read,
// written back as CSV and read again, is the same record.
func FuzzReadCSV(f *testing.F) {
	seed(f, "testdata/customs_ru.csv", "testdata/trade_en.csv", "testdata/malformed.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		var got []*shipment.Shipment
		rep, err := shipment.ReadCSV(ctx, bytes.NewReader(data), "f.csv", shipment.ReadOptions{MaxLine: 4096}, func(s *shipment.Shipment) error {
			got = append(got, s)
			return nil
		})
		checkProblems(t, rep, "f.csv")
		if err != nil && !strings.Contains(err.Error(), "f.csv") {
			t.Fatalf("error does not name the file: %v", err)
		}
		if rep.Records != len(got) {
			t.Fatalf("Records %d, emitted %d", rep.Records, len(got))
		}
		if len(got) == 0 || bytes.ContainsRune(data, '\r') {
			return // the csv package reads \r\n inside quotes as \n
		}
		var buf bytes.Buffer
		if err := demo.WriteCSV(&buf, got); err != nil {
			t.Fatal(err)
		}
		var again []*shipment.Shipment
		if _, err := shipment.ReadCSV(ctx, &buf, "g.csv", shipment.ReadOptions{}, func(s *shipment.Shipment) error {
			again = append(again, s)
			return nil
		}); err != nil {
			t.Fatalf("re-reading what was written: %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("round trip: %d records, then %d", len(got), len(again))
		}
		for i := range got {
			w := *got[i]
			w.Line = again[i].Line
			if diff := cmp.Diff(&w, again[i]); diff != "" {
				t.Fatalf("round trip of record %d (-first +second):\n%s", i, diff)
			}
		}
	})
}

// FuzzReadJSONL: no panic, every problem positioned, every non-blank line
// either a record or a skipped problem.
func FuzzReadJSONL(f *testing.F) {
	seed(f, "testdata/trade.jsonl")
	f.Add([]byte("{\"exporter\": \"A\", \"hs\": 854231}\n\n{]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		rep, err := shipment.ReadJSONL(context.Background(), bytes.NewReader(data), "f.jsonl", shipment.ReadOptions{MaxLine: 4096}, func(s *shipment.Shipment) error {
			n++
			if s.Line < 1 {
				t.Fatalf("record without a line: %+v", s)
			}
			return nil
		})
		checkProblems(t, rep, "f.jsonl")
		if err != nil && !strings.Contains(err.Error(), "f.jsonl") {
			t.Fatalf("error does not name the file: %v", err)
		}
		lines := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines++
			}
		}
		if err == nil && n+rep.Skipped != lines {
			t.Fatalf("%d non-blank lines, %d records + %d skipped", lines, n, rep.Skipped)
		}
	})
}
