package ofac

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// checkRead asserts the properties every read must have, whatever the
// input: an error names the file, a skipped record is positioned, every
// emitted entity is complete and round-trips through FtM JSON, and the
// report counts what was emitted.
func checkRead(t *testing.T, r source.Reader, path string) {
	t.Helper()
	var n int
	rep, err := r.Read(t.Context(), path, func(e *entity.Entity) error {
		n++
		if e.ID == "" || e.Schema == "" || e.Dataset == "" || e.SourceID == "" {
			t.Fatalf("incomplete entity %+v", e)
		}
		if entity.Matchable(e.Schema) && e.First(entity.Name) == "" {
			t.Fatalf("party %s has no name", e.ID)
		}
		for p, vs := range e.Properties {
			for _, v := range vs {
				if v == "" || !utf8.ValidString(v) {
					t.Fatalf("%s: property %s has value %q", e.ID, p, v)
				}
			}
		}
		sourcetest.CheckJSON(t, e)
		return nil
	})
	if rep == nil {
		t.Fatal("no report")
	}
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) || se.File == "" {
			t.Fatalf("error %v is not positioned", err)
		}
	}
	if rep.Entities != n {
		t.Fatalf("report counts %d entities, %d emitted", rep.Entities, n)
	}
	for _, p := range rep.Problems {
		if p.File == "" || p.Reason == "" || (p.Skipped && p.Line == 0) {
			t.Fatalf("problem %+v is not positioned", p)
		}
	}
}

// The readers' fuzz targets are slow next to a pure function (a file per
// input), so the default minimisation of each new interesting input (60s)
// eats a short run; use a count instead:
//
//	go test ./source/ofac -run '^$' -fuzz '^FuzzCSV$' -fuzztime 20s -fuzzminimizetime 20x

// FuzzCSV reads arbitrary bytes as sdn.csv next to the fixture siblings.
func FuzzCSV(f *testing.F) {
	main := fixture(f, "csv/sdn.csv")
	f.Add(main)
	for line := range bytes.SplitSeq(main, []byte("\r\n")) {
		f.Add(line)
	}
	f.Add(fixture(f, "csv/alt.csv"))
	f.Add([]byte("36,\"X\"Y\",-0- \r\n\x1a"))
	// One folder per fuzzing process (its executions run one at a time):
	// the siblings are written once, sdn.csv for each input.
	sib := map[string][]byte{}
	for _, n := range []string{"add.csv", "alt.csv", "sdn_comments.csv"} {
		sib[n] = fixture(f, "csv/"+n)
	}
	dir := writeSet(f, sib)
	path := filepath.Join(dir, "sdn.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		checkRead(t, CSVReader{}, path)
	})
}

// FuzzXML reads arbitrary bytes as sdn.xml.
func FuzzXML(f *testing.F) {
	for _, n := range []string{"xml/sdn.xml", "xml/sdn_2024ns.xml"} {
		b := fixture(f, n)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(`<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName><remarks>DOB 1950; Linked To: X.</remarks></sdnEntry></sdnList>`))
	path := filepath.Join(f.TempDir(), "sdn.xml")
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		checkRead(t, XMLReader{}, path)
	})
}

// FuzzRemarks parses arbitrary remarks. Every statement ends somewhere
// (a property, a link, a note or the unparsed list), values are non-empty,
// and an entity carrying them round-trips through JSON.
func FuzzRemarks(f *testing.F) {
	fh, err := os.Open(filepath.Join("testdata", "remarks.txt"))
	if err != nil {
		f.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		f.Add(sc.Text())
		for _, stmt := range strings.Split(sc.Text(), "; ") {
			f.Add(stmt)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := parseRemarks(s)
		stmts := splitRemarks(s)
		if got := len(r.Props) + len(r.Links) + len(r.Notes) + len(r.Unparsed); got < len(stmts) {
			t.Fatalf("%d statements, %d results: %+v", len(stmts), got, r)
		}
		for _, p := range r.Props {
			if p.Prop == "" || strings.TrimSpace(p.Value) == "" {
				t.Fatalf("empty property %+v from %q", p, s)
			}
		}
		for _, schema := range []string{entity.Person, entity.Organisation} {
			e := entity.New(schema, DatasetSDN, "1")
			e.Add(entity.Name, "X")
			r.apply(e)
			if !utf8.ValidString(s) {
				continue
			}
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var back entity.Entity
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !entity.Equal(e, &back) {
				t.Fatalf("does not round-trip: %v", entity.ChangedProps(e, &back))
			}
		}
	})
}
