package bis

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/ftm"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// dataDir is the BIS folder of the shared reference data.
const dataDir = sourcetest.DataDir + "/lists/us-bis"

// TestRealFiles reads both editions of the DPL: every row, the typo dates
// and repeated rows reported at their lines, ids unique.
func TestRealFiles(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	tests := []struct {
		name     string
		file     string
		rows     int
		version  string
		warnings map[int]string // line → field ("" for a repeated row)
	}{
		{"2021 edition", "dpl.txt", 581, "2022-09-02", map[int]string{
			35: "Last_Update", 306: "Last_Update", 343: "Last_Update", // 0222-05-18, 2922-09-01, 3017-08-22
			144: "", 403: "", // rows repeated verbatim
			521: "Country", // "NM", a state in the country column
		}},
		{"2023-11 edition", "dpl-2023-11.txt", 665, "2023-11-28", map[int]string{
			26: "Last_Update", 218: "Last_Update", 316: "Last_Update", // 1023-11-01 twice, 3033-09-30
			154: "", 458: "",
			593: "Country",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dataDir, tt.file)
			es, rep, err := sourcetest.ReadAll(t, DPLReader{}, path)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := bytes.Count(bytes.TrimRight(raw, "\n"), []byte("\n")) // data rows: lines minus the header
			if rep.Records != tt.rows || len(es) != tt.rows || lines != tt.rows || rep.Skipped != 0 {
				t.Errorf("records %d, entities %d, file rows %d, skipped %d; want %d rows all read", rep.Records, len(es), lines, rep.Skipped, tt.rows)
			}
			if rep.Version != tt.version {
				t.Errorf("version = %q, want %q", rep.Version, tt.version)
			}
			warnings := map[int]string{}
			for _, p := range rep.Problems {
				if p.File != path || p.Line <= 0 {
					t.Errorf("problem not positioned: %+v", p)
				}
				warnings[p.Line] = p.Field
			}
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			ids := map[string]bool{}
			for _, e := range es {
				if ids[e.ID] || e.Schema != entity.LegalEntity || e.Dataset != Dataset || len(e.Get(entity.Name)) != 1 || len(e.Get(entity.ListingDate)) != 1 {
					t.Errorf("%s: schema %s dataset %s names %v listing %v (or id seen twice)", e.ID, e.Schema, e.Dataset, e.Get(entity.Name), e.Get(entity.ListingDate))
				}
				ids[e.ID] = true
				for _, d := range e.Get(entity.ModifiedAt) {
					if d < "1900" || d > "2100" {
						t.Errorf("%s: implausible modifiedAt %s", e.ID, d)
					}
				}
			}
			sourcetest.RoundTrip(t, ftm.Reader{}, t.TempDir(), es)
		})
	}
}

// TestStableIDs checks that a row keeps its id from one edition to the
// next: 421 rows of the 2021 edition are in the 2023-11 edition with the
// same name, address and effective date (counted with Python's csv module),
// and exactly those keep their id.
func TestStableIDs(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	old, _, err := sourcetest.ReadAll(t, DPLReader{}, filepath.Join(dataDir, "dpl.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cur, _, err := sourcetest.ReadAll(t, DPLReader{}, filepath.Join(dataDir, "dpl-2023-11.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, e := range cur {
		ids[e.ID] = e.First(entity.Name)
	}
	kept := 0
	for _, e := range old {
		if name, ok := ids[e.ID]; ok {
			kept++
			if name != e.First(entity.Name) {
				t.Errorf("%s: %q in 2021, %q in 2023", e.ID, e.First(entity.Name), name)
			}
		}
	}
	if kept != 421 {
		t.Errorf("%d of %d 2021 ids are in the 2023 edition, want 421", kept, len(old))
	}
}

func TestDetect(t *testing.T) {
	sourcetest.DetectFiles(t, Detect, []sourcetest.DetectFile{
		{Name: "2021", Path: filepath.Join(dataDir, "dpl.txt"), Want: true},
		{Name: "2023", Path: filepath.Join(dataDir, "dpl-2023-11.txt"), Want: true},
		{Name: "fixture", Path: "testdata/dpl.txt", Want: true},
		{Name: "csl", Path: sourcetest.DataDir + "/lists/us-csl/watchman_csl_sample_legacy.csv", Want: false},
		{Name: "ofac", Path: sourcetest.DataDir + "/lists/ofac/sdn-2021-07/sdn.csv", Want: false},
	})
}

// golden is what a fixture reads to, as stored in testdata/*.golden.
type golden struct {
	Error    string           `json:"error,omitempty"`
	Report   *source.Report   `json:"report"`
	Entities []*entity.Entity `json:"entities"`
}

// TestFixture compares what the hand-written fixture reads to with its
// golden file (refresh with go test -update).
func TestFixture(t *testing.T) {
	path := "testdata/dpl.txt"
	es, rep, err := sourcetest.ReadAll(t, DPLReader{}, path)
	g := golden{Report: rep, Entities: es}
	if err != nil {
		g.Error = err.Error()
	}
	sourcetest.Golden(t, "testdata/dpl.golden", g)
}

const header = "Name\tStreet_Address\tCity\tState\tCountry\tPostal_Code\tEffective_Date\tExpiration_Date\tStandard_Order\tLast_Update\tAction\tFR_Citation\n"

func row(name string) string {
	return name + "\tSTREET\tCITY\t\tUS\t\t01/02/2020\t\tY\t2020-01-03\t\t\n"
}

// TestBadInput checks that bad input is reported with its position and
// never crashes or hangs.
func TestBadInput(t *testing.T) {
	sourcetest.BadFiles(t, DPLReader{}, "dpl.txt", []sourcetest.BadFile{
		{Name: "empty", Data: "", Err: source.ErrFormat, Warned: []int{}},
		{Name: "csv not tsv", Data: "Name,Street_Address,Effective_Date\nA,B,01/01/2020\n", Err: source.ErrFormat, Line: 1, Warned: []int{}},
		{Name: "too few fields", Data: header + "A\tB\n" + row("C"), Skipped: []int{2}, Warned: []int{}, Entities: 1},
		{Name: "no name", Data: header + row("") + row("C"), Skipped: []int{2}, Warned: []int{}, Entities: 1},
		{Name: "invalid utf-8", Data: header + row("A\xff") + row("C"), Skipped: []int{2}, Warned: []int{}, Entities: 1},
		{Name: "bare quote", Data: header + row(`A "B`) + row("C"), Skipped: []int{2}, Warned: []int{}, Entities: 1},
		{Name: "bad date kept", Data: header + strings.Replace(row("A"), "01/02/2020", "02/30/2020", 1), Warned: []int{2}, Entities: 1},
		{Name: "truncated", Data: header + row("A") + "\"B\tSTREET", Err: io.ErrUnexpectedEOF, Line: 3, Skipped: []int{3}, Warned: []int{}, Entities: 1},
		{Name: "line too large", Data: header + row("A") + row(strings.Repeat("x", source.MaxRecordSize+10)), Err: source.ErrTooLarge, Line: 3, Warned: []int{}, Entities: 1},
	})
}

func FuzzRead(f *testing.F) {
	sourcetest.Seeds(f, "testdata/dpl.txt")
	f.Add([]byte(header + row("A") + row("B")))
	sourcetest.FuzzFile(f, DPLReader{}, "dpl.txt", func(t *testing.T, dir string, es []*entity.Entity, rep *source.Report, err error) {
		if rep.Entities > rep.Records {
			t.Fatalf("report counts %d entities of %d records", rep.Entities, rep.Records)
		}
		sourcetest.RoundTrip(t, ftm.Reader{}, dir, es)
	})
}

// BenchmarkRead measures reading the 2023-11 DPL (MB/s).
func BenchmarkRead(b *testing.B) {
	sourcetest.NeedData(b, dataDir)
	sourcetest.BenchRead(b, DPLReader{}, filepath.Join(dataDir, "dpl-2023-11.txt"))
}
