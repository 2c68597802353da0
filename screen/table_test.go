package screen

import (
	"bytes"
	"strings"
	"testing"
)

// TestTableWriter: people see the matches, the review band apart, the
// malformed records and the counts; rows below the band (the issue's
// "Joe's Bakery" against a person "Bakr, Abu" at 0.62) are only counted.
func TestTableWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewTableWriter(&buf, 0.80, 0.10)
	recs := []*Record{
		{ID: "1", Line: 2, Name: "Joe's Bakery", Matches: []Match{{Caption: "BAKR, Abu", Score: 0.62, Dataset: "us_ofac_sdn", EntityID: "ofac-1"}}},
		{ID: "2", Line: 3, Name: "Rosoboronexport", Matches: []Match{{Caption: "ROSOBORONEXPORT", Score: 1, Match: true, Dataset: "us_ofac_sdn", EntityID: "ofac-2"}}},
		{ID: "3", Line: 4, Name: "Rosoboron Export Trading", Matches: []Match{{Caption: "ROSOBORONEXPORT", Score: 0.74, Dataset: "us_ofac_sdn", EntityID: "ofac-2"}}},
		{ID: "4", Line: 5, Name: "Hovis Ltd", Matches: []Match{}},
		{ID: "5", Line: 6, Error: "no name"},
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	matches, review, _ := strings.Cut(out, "Review band")
	for _, want := range []string{"Rosoboronexport", "1.00", "ROSOBORONEXPORT", "ofac-2"} {
		if !strings.Contains(matches, want) {
			t.Errorf("matches section lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(matches, "Rosoboron Export Trading") || strings.Contains(out, "Joe's Bakery") || strings.Contains(out, "Hovis") {
		t.Errorf("a non-match is listed with the matches, or a clear record is printed:\n%s", out)
	}
	if !strings.Contains(review, "Rosoboron Export Trading") || !strings.Contains(review, "0.74") {
		t.Errorf("review band lacks the 0.74 record:\n%s", out)
	}
	if !strings.Contains(out, "line 6 (5): no name") {
		t.Errorf("malformed record not shown:\n%s", out)
	}
	if !strings.Contains(out, "5 records: 1 with matches, 1 in the review band, 2 clear, 1 malformed") {
		t.Errorf("counts:\n%s", out)
	}
}

// TestTableWriterNoMatches says so rather than printing an empty table.
func TestTableWriterNoMatches(t *testing.T) {
	var buf bytes.Buffer
	w := NewTableWriter(&buf, 0.80, 0)
	w.Write(&Record{ID: "1", Line: 2, Name: "Hovis", Matches: []Match{}})
	w.Flush()
	if !strings.HasPrefix(buf.String(), "Matches: none") {
		t.Errorf("got:\n%s", buf.String())
	}
}

// TestColumns: --help lists every column the reader takes, each under its
// documented spelling.
func TestColumns(t *testing.T) {
	all := strings.Join(Columns(), "\n")
	for f := range fieldProps {
		if !strings.Contains(all, f) {
			t.Errorf("Columns() lacks %q", f)
		}
	}
	for _, want := range []string{"\nbirth_date (also", "\nid_number (also", "\nname (also"} {
		if !strings.Contains("\n"+all, want) {
			t.Errorf("Columns() lacks a line starting %q:\n%s", want, all)
		}
	}
}
