package screen

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
)

var update = testutil.Update

// parsed is a Party in a compact, comparable form.
type parsed struct {
	Line   int                 `json:"line"`
	ID     string              `json:"id"`
	Schema string              `json:"schema,omitempty"`
	Props  map[string][]string `json:"props,omitempty"`
	Err    string              `json:"err,omitempty"`
}

// readAll reads every party of an input.
func readAll(r io.Reader, format string, maxLine int) ([]parsed, error) {
	pr, err := newPartyReader(r, format, entity.LegalEntity, maxLine)
	if err != nil {
		return nil, err
	}
	var out []parsed
	for {
		p, err := pr.read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		q := parsed{Line: p.Line, ID: p.ID}
		if p.Err != nil {
			q.Err = p.Err.Error()
		} else {
			q.Schema, q.Props = p.Query.Schema, p.Query.Properties
		}
		out = append(out, q)
	}
}

// TestRead parses the hand-written fixtures and compares with the golden
// files (refresh with go test -run TestRead -update).
func TestRead(t *testing.T) {
	tests := []struct {
		name, file, format string
		maxLine            int
	}{
		{"csv detected", "parties.csv", "", 1 << 20},
		{"jsonl detected", "parties.jsonl", "", 1 << 20},
		{"csv with short max line", "parties.csv", FormatCSV, 60},
		{"invalid utf-8", "invalid_utf8.csv", "", 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := readAll(f, tt.format, tt.maxLine)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.ReplaceAll(tt.name, " ", "_")+".golden.json")
			b, _ := json.MarshalIndent(got, "", "  ")
			if *update {
				if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantB, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			var want []parsed
			if err := json.Unmarshal(wantB, &want); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.file, d)
			}
		})
	}
}

func TestReadProperties(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // "line id err" or "line id schema name"
	}{
		{"bom and blank lines", "\ufeff\n\nid,name\n\nx,Alpha\n", []string{"5 x LegalEntity Alpha"}},
		{"semicolon separated", "id;name;country\na;Beta;de\n", []string{"2 a LegalEntity Beta"}},
		{"tab separated", "id\tname\na\tGamma\n", []string{"2 a LegalEntity Gamma"}},
		{"crlf", "id,name\r\na,Delta\r\nb,Eps\r\n", []string{"2 a LegalEntity Delta", "3 b LegalEntity Eps"}},
		{"no id column numbers records", "name\nAlpha\n\nBeta\n", []string{"2 1 LegalEntity Alpha", "4 2 LegalEntity Beta"}},
		{"no trailing newline", "id,name\na,Zeta", []string{"2 a LegalEntity Zeta"}},
		{"name parts", "first_name,last_name\nOsama,Bin Laden\n", []string{"2 1 LegalEntity Osama Bin Laden"}},
		{"jsonl blank lines keep numbering", "\n{\"name\":\"A\"}\n\n{\"name\":\"B\"}\n", []string{"2 1 LegalEntity A", "4 2 LegalEntity B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := readAll(strings.NewReader(tt.in), "", 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				if p.Err != "" {
					got = append(got, fmt.Sprintf("%d %s %s", p.Line, p.ID, p.Err))
				} else {
					got = append(got, fmt.Sprintf("%d %s %s %s", p.Line, p.ID, p.Schema, p.Props[entity.Name][0]))
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestReadGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("id,name\na,Alpha\nb,Beta\n"))
	zw.Close()
	ps, err := readAll(&buf, "", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[1].ID != "b" || ps[1].Line != 3 {
		t.Fatalf("got %+v", ps)
	}
	if _, err := readAll(bytes.NewReader(buf.Bytes()[:10]), "", 1<<20); err == nil {
		t.Error("truncated gzip read without error")
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in, format string
	}{
		{"empty input", "", ""},
		{"only blank lines", "\n\n  \n", ""},
		{"unknown format", "id,name\n", "xml"},
		{"header too long", strings.Repeat("x", 200) + "\n", ""},
		{"header invalid utf-8", "id,n\xffame\n", ""},
		{"binary", "PK\x03\x04\x00\x00\x08\x00", ""},
		{"json array", "  [{\"name\": \"x\"}]", ""},
		{"xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n", ""},
		{"csv without a name column", "id,country\n1,ru\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newPartyReader(strings.NewReader(tt.in), tt.format, entity.LegalEntity, 100)
			if err == nil {
				t.Fatalf("no error for %q", tt.in)
			}
		})
	}
}

// TestHugeLine checks that a 100 MB line is skipped as one malformed
// record without being buffered, and that reading goes on after it.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	in := io.MultiReader(strings.NewReader("id,name\na,Alpha\nb,"),
		io.LimitReader(repeatReader('x'), 100<<20), strings.NewReader("\nc,Gamma\n"))
	ps, err := readAll(in, "", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 || ps[1].Err == "" || ps[1].Line != 3 || ps[2].Props[entity.Name][0] != "Gamma" || ps[2].Line != 4 {
		t.Fatalf("got %+v", ps)
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// seedFiles returns the fixtures in testdata.
func seedFiles(f *testing.F) [][]byte {
	var out [][]byte
	for _, name := range []string{"parties.csv", "parties.jsonl", "invalid_utf8.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzRead checks, on any input: no panic; lines increase; every party is
// either a query with a name or an error; and a CSV round trip: writing the
// parsed parties' fields as CSV and reading them again gives the same
// queries.
func FuzzRead(f *testing.F) {
	for _, b := range seedFiles(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		ps, err := readAll(bytes.NewReader(in), "", 4096)
		if err != nil {
			return // a whole-input error (no header, unreadable header)
		}
		last := 0
		for _, p := range ps {
			if p.Line <= last {
				t.Fatalf("line %d after line %d", p.Line, last)
			}
			last = p.Line
			if p.Err == "" && len(p.Props[entity.Name]) == 0 {
				t.Fatalf("party at line %d has neither a name nor an error", p.Line)
			}
		}
		fields := []string{"id", "schema", "name", "country", "birth_date", "nationality", "id_number"}
		props := []string{entity.Name, entity.Country, entity.BirthDate, entity.Nationality, entity.IDNumber}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(fields)
		var want []parsed
		for _, p := range ps {
			if p.Err != "" {
				continue
			}
			row := []string{p.ID, p.Schema}
			ok := true
			sub := map[string][]string{}
			for _, prop := range props {
				vs := p.Props[prop]
				if len(vs) > 1 || strings.ContainsAny(strings.Join(vs, ""), "\r") {
					ok = false
				}
				row = append(row, strings.Join(vs, ""))
				if len(vs) > 0 {
					sub[prop] = vs
				}
			}
			if !ok || strings.TrimSpace(p.ID) != p.ID || p.ID == "" {
				continue
			}
			w.Write(row)
			want = append(want, parsed{ID: p.ID, Schema: p.Schema, Props: sub})
		}
		w.Flush()
		again, err := readAll(&buf, FormatCSV, 1<<20)
		if err != nil {
			t.Fatalf("reading the written CSV: %v\n%s", err, buf.String())
		}
		var got []parsed
		for _, p := range again {
			if p.Err != "" {
				t.Fatalf("written CSV line %d: %s\n%s", p.Line, p.Err, buf.String())
			}
			got = append(got, parsed{ID: p.ID, Schema: p.Schema, Props: p.Props})
		}
		if d := cmp.Diff(want, got, cmp.Transformer("sortless", func(m map[string][]string) map[string][]string {
			out := map[string][]string{}
			for k, v := range m {
				out[k] = slices.Clone(v)
			}
			return out
		})); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
	})
}

func TestSplitRecord(t *testing.T) {
	tests := []struct {
		name, in string
		comma    rune
		want     []string
		err      bool
	}{
		{"plain", "a,b,c", ',', []string{"a", "b", "c"}, false},
		{"empty fields", ",,", ',', []string{"", "", ""}, false},
		{"quoted comma", `"a,b",c`, ',', []string{"a,b", "c"}, false},
		{"doubled quote", `"say ""hi""",x`, ',', []string{`say "hi"`, "x"}, false},
		{"newline in quotes", "\"two\nlines\",z", ',', []string{"two\nlines", "z"}, false},
		{"quoted last empty", `a,""`, ',', []string{"a", ""}, false},
		{"semicolon", "a;b", ';', []string{"a", "b"}, false},
		{"tab", "a\tb", '\t', []string{"a", "b"}, false},
		{"bare quote", `ab"c,d`, ',', nil, true},
		{"text after closing quote", `"ab"c,d`, ',', nil, true},
		{"unclosed", `"abc,d`, ',', nil, true},
		{"utf-8", "Ростех,杭州", ',', []string{"Ростех", "杭州"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splitRecord(tt.in, tt.comma, nil)
			if (err != nil) != tt.err {
				t.Fatalf("splitRecord(%q) error %v, want error %v", tt.in, err, tt.err)
			}
			if err == nil && !slices.Equal(got, tt.want) {
				t.Errorf("splitRecord(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzSplitRecord checks splitRecord against encoding/csv on one-line
// records: same fields, and an error exactly when encoding/csv has one.
func FuzzSplitRecord(f *testing.F) {
	for _, s := range []string{"a,b,c", `"a,b",c`, `"say ""hi""",x`, `ab"c,d`, `"ab"c`, ",,", "Ростех,杭州"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || strings.ContainsAny(s, "\r\n") || !utf8.ValidString(s) {
			return
		}
		r := csv.NewReader(strings.NewReader(s))
		r.FieldsPerRecord = -1
		want, werr := r.Read()
		got, err := splitRecord(s, ',', nil)
		if (err != nil) != (werr != nil) {
			t.Fatalf("splitRecord(%q): error %v, encoding/csv: %v", s, err, werr)
		}
		if err == nil && !slices.Equal(got, want) {
			t.Fatalf("splitRecord(%q) = %q, encoding/csv %q", s, got, want)
		}
	})
}
