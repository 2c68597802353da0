package csvx

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/source"
)

// readTable reads every row of in, a table that must have columns id and
// name, and returns their first fields and lines.
func readTable(in io.Reader) (ids []string, lines []int, rep *source.Report, err error) {
	rep = &source.Report{}
	t := New(in, Config{Path: "in.csv", Name: "test", BadRow: "bad CSV: ", Report: rep})
	if err := t.ReadHeader([]string{"id", "name"}); err != nil {
		return nil, nil, rep, err
	}
	for {
		row, line, err := t.Next()
		if err == io.EOF {
			return ids, lines, rep, nil
		}
		if err != nil {
			return ids, lines, rep, err
		}
		ids = append(ids, row[t.Cols["id"]])
		lines = append(lines, line)
	}
}

func TestTable(t *testing.T) {
	const head = "id,name\n"
	tests := []struct {
		name    string
		in      string
		ids     []string
		lines   []int
		skipped []int // lines of skipped rows
		is      error
		line    int
	}{
		{"rows", head + "1,A\n2,\"B\nC\"\n3,C\n", []string{"1", "2", "3"}, []int{2, 3, 5}, nil, nil, 0},
		{"byte order mark in header", "\ufeff" + head + "1,A\n", []string{"1"}, []int{2}, nil, nil, 0},
		{"narrow and wide rows skipped", head + "1\n2,B\n3,C,x\n", []string{"2"}, []int{3}, []int{2, 4}, nil, 0},
		{"bare quote skipped", head + "1,A \"B\n2,B\n", []string{"2"}, []int{3}, []int{2}, nil, 0},
		{"truncated in quotes", head + "1,A\n2,\"B", []string{"1"}, []int{2}, []int{3}, io.ErrUnexpectedEOF, 3},
		{"empty", "", nil, nil, nil, source.ErrFormat, 0},
		{"missing column", "id,other\n1,A\n", nil, nil, nil, source.ErrFormat, 1},
		{"line too large", head + "1,A\n2," + strings.Repeat("x", source.MaxRecordSize+1) + "\n", []string{"1"}, []int{2}, nil, source.ErrTooLarge, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, lines, rep, err := readTable(strings.NewReader(tt.in))
			if !slices.Equal(ids, tt.ids) || !slices.Equal(lines, tt.lines) {
				t.Errorf("rows %v at lines %v, want %v at %v", ids, lines, tt.ids, tt.lines)
			}
			var skipped []int
			for _, p := range rep.Problems {
				if p.Skipped && p.File == "in.csv" && p.Reason != "" {
					skipped = append(skipped, p.Line)
				}
			}
			if !slices.Equal(skipped, tt.skipped) || rep.Skipped != len(tt.skipped) {
				t.Errorf("skipped lines %v (%d), want %v: %v", skipped, rep.Skipped, tt.skipped, rep.Problems)
			}
			if tt.is == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if rep.Records != len(ids)+rep.Skipped {
					t.Errorf("records %d, want %d rows + %d skipped", rep.Records, len(ids), rep.Skipped)
				}
				return
			}
			var se *source.Error
			if !errors.Is(err, tt.is) || !errors.As(err, &se) || se.File != "in.csv" || se.Line != tt.line {
				t.Errorf("err = %v, want %v at in.csv:%d", err, tt.is, tt.line)
			}
		})
	}
}

// FuzzTable reads arbitrary bytes: no panic, errors and problems
// positioned, every row counted.
func FuzzTable(f *testing.F) {
	small, err := os.ReadFile("testdata/small.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte("id,name\n1,\"A"))
	f.Fuzz(func(t *testing.T, in []byte) {
		ids, lines, rep, err := readTable(bytes.NewReader(in))
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) || se.File != "in.csv" {
				t.Fatalf("error not positioned: %v", err)
			}
		}
		for _, p := range rep.Problems {
			if p.File != "in.csv" || p.Line <= 0 || p.Reason == "" || !p.Skipped {
				t.Fatalf("problem not positioned: %+v", p)
			}
		}
		if rep.Records != len(ids)+rep.Skipped {
			t.Fatalf("records %d, rows %d, skipped %d", rep.Records, len(ids), rep.Skipped)
		}
		if !slices.IsSorted(lines) || (len(lines) > 0 && lines[0] < 2) {
			t.Fatalf("row lines %v not after the header and in order", lines)
		}
	})
}
