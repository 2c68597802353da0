package ofac

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// sdn2021 is the main file of the full SDN CSV set of July 2021.
var sdn2021 = filepath.Join(dataDir, "sdn-2021-07", "sdn.csv")

// setSize is the total size of the files of the CSV set at main.
func setSize(b *testing.B, main string) int64 {
	var n int64
	for _, f := range []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"} {
		if st, err := os.Stat(filepath.Join(filepath.Dir(main), f)); err == nil {
			n += st.Size()
		}
	}
	return n
}

func BenchmarkCSVReader(b *testing.B) {
	sourcetest.NeedData(b, dataDir)
	size := setSize(b, sdn2021)
	b.SetBytes(size)
	b.ReportAllocs()
	n := 0
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		rep, err := CSVReader{}.Read(context.Background(), sdn2021, func(*entity.Entity) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		n += rep.Entities
	}
	sourcetest.ReportCPU(b, size, cpu0)
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entities/s")
}

// writeXML writes the parties of the 2021 SDN CSV set as an SDN XML
// document: the official XML of that date is not in the shared data, and
// the 8-entry extract is too small to measure.
func writeXML(tb testing.TB, path string) (parties, names int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	esc := func(s string) string {
		var sb strings.Builder
		xml.EscapeText(&sb, []byte(s))
		return sb.String()
	}
	fmt.Fprintln(w, `<?xml version="1.0" standalone="yes"?>`)
	fmt.Fprintln(w, `<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">`)
	fmt.Fprintln(w, `<publshInformation><Publish_Date>07/15/2021</Publish_Date></publshInformation>`)
	types := map[string]string{entity.Person: "Individual", entity.Vessel: "Vessel", entity.Airplane: "Aircraft", entity.Organisation: "Entity"}
	_, err = CSVReader{}.Read(context.Background(), sdn2021, func(e *entity.Entity) error {
		if !entity.Matchable(e.Schema) {
			return nil
		}
		parties++
		names += len(e.Names())
		fmt.Fprintf(w, "<sdnEntry><uid>%s</uid><lastName>%s</lastName><sdnType>%s</sdnType><programList>", e.SourceID, esc(e.First(entity.Name)), types[e.Schema])
		for _, p := range e.Get(entity.Program) {
			fmt.Fprintf(w, "<program>%s</program>", esc(p))
		}
		fmt.Fprint(w, "</programList><idList>")
		for _, p := range e.Get(entity.PassportNumber) {
			fmt.Fprintf(w, "<id><idType>Passport</idType><idNumber>%s</idNumber></id>", esc(p))
		}
		for _, p := range e.Get(entity.ImoNumber) {
			fmt.Fprintf(w, "<id><idType>Vessel Registration Identification</idType><idNumber>IMO %s</idNumber></id>", esc(p))
		}
		fmt.Fprint(w, "</idList><akaList>")
		for _, p := range []string{entity.Alias, entity.PreviousName, entity.WeakAlias} {
			typ, cat := "a.k.a.", "strong"
			if p == entity.PreviousName {
				typ = "f.k.a."
			}
			if p == entity.WeakAlias {
				cat = "weak"
			}
			for _, a := range e.Get(p) {
				fmt.Fprintf(w, "<aka><type>%s</type><category>%s</category><lastName>%s</lastName></aka>", typ, cat, esc(a))
			}
		}
		fmt.Fprint(w, "</akaList><addressList>")
		for _, a := range e.Get(entity.Address) {
			fmt.Fprintf(w, "<address><address1>%s</address1></address>", esc(a))
		}
		fmt.Fprint(w, "</addressList><dateOfBirthList>")
		for _, d := range e.Get(entity.BirthDate) {
			fmt.Fprintf(w, "<dateOfBirthItem><dateOfBirth>%s</dateOfBirth></dateOfBirthItem>", esc(d))
		}
		fmt.Fprint(w, "</dateOfBirthList>")
		if n := e.Get(entity.Notes); len(n) > 0 {
			fmt.Fprintf(w, "<remarks>%s</remarks>", esc(strings.Join(n, "; ")))
		}
		fmt.Fprintln(w, "</sdnEntry>")
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintln(w, "</sdnList>")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return parties, names
}

// TestXMLFromCSV writes the 2021 SDN parties as XML and reads them back:
// every entry and every name comes back.
func TestXMLFromCSV(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	path := filepath.Join(t.TempDir(), "sdn.xml")
	parties, names := writeXML(t, path)
	_, _, rep, err := readAll(t, XMLReader{}, path)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for s, n := range rep.Schemas {
		if entity.Matchable(s) {
			got += n
		}
	}
	if got != parties || rep.Skipped != 0 || rep.Version != "2021-07-15" {
		t.Errorf("parties %d skipped %d version %q; want %d, 0, 2021-07-15", got, rep.Skipped, rep.Version, parties)
	}
	if rep.Names != names {
		t.Errorf("names %d, want %d", rep.Names, names)
	}
}

func BenchmarkXMLReader(b *testing.B) {
	sourcetest.NeedData(b, dataDir)
	path := filepath.Join(b.TempDir(), "sdn.xml")
	writeXML(b, path)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	n := 0
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		rep, err := XMLReader{}.Read(context.Background(), path, func(*entity.Entity) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		n += rep.Entities
	}
	sourcetest.ReportCPU(b, st.Size(), cpu0)
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entities/s")
}

func BenchmarkParseRemarks(b *testing.B) {
	sourcetest.NeedData(b, dataDir)
	var texts []string
	var size int64
	for _, r := range rawRows(&testing.T{}, sdn2021) {
		if t := field(r, 11); t != "" {
			texts = append(texts, t)
			size += int64(len(t))
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		for _, t := range texts {
			parseRemarks(t)
		}
	}
	sourcetest.ReportCPU(b, size, cpu0)
}
