package bis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/ftm"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dataDir is the BIS folder of the shared reference data.
const dataDir = "../../../shared/data/lists/us-bis"

func needData(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("reference data not found at %s (the shared data folder is absent): %v", dataDir, err)
	}
}

func readAll(t testing.TB, path string) ([]*entity.Entity, *source.Report, error) {
	t.Helper()
	var out []*entity.Entity
	rep, err := DPLReader{}.Read(context.Background(), path, func(e *entity.Entity) error {
		out = append(out, e)
		return nil
	})
	return out, rep, err
}

// TestRealFiles reads both editions of the DPL: every row, the typo dates
// and repeated rows reported at their lines, ids unique.
func TestRealFiles(t *testing.T) {
	needData(t)
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
			es, rep, err := readAll(t, path)
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
			checkRoundTrip(t, es)
		})
	}
}

// TestStableIDs checks that a row keeps its id from one edition to the
// next: 421 rows of the 2021 edition are in the 2023-11 edition with the
// same name, address and effective date (counted with Python's csv module),
// and exactly those keep their id.
func TestStableIDs(t *testing.T) {
	needData(t)
	old, _, err := readAll(t, filepath.Join(dataDir, "dpl.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cur, _, err := readAll(t, filepath.Join(dataDir, "dpl-2023-11.txt"))
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
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"2021", filepath.Join(dataDir, "dpl.txt"), true},
		{"2023", filepath.Join(dataDir, "dpl-2023-11.txt"), true},
		{"fixture", "testdata/dpl.txt", true},
		{"csl", "../../../shared/data/lists/us-csl/watchman_csl_sample_legacy.csv", false},
		{"ofac", "../../../shared/data/lists/ofac/sdn-2021-07/sdn.csv", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, err := source.Head(tt.path, 64<<10)
			if err != nil {
				t.Skipf("no file: %v", err)
			}
			if got := Detect(tt.path, head); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
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
	es, rep, err := readAll(t, path)
	g := golden{Report: rep, Entities: es}
	if err != nil {
		g.Error = err.Error()
	}
	got, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	gp := "testdata/dpl.golden"
	if *update {
		if err := os.WriteFile(gp, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(gp)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", gp, diff)
	}
}

const header = "Name\tStreet_Address\tCity\tState\tCountry\tPostal_Code\tEffective_Date\tExpiration_Date\tStandard_Order\tLast_Update\tAction\tFR_Citation\n"

func row(name string) string {
	return name + "\tSTREET\tCITY\t\tUS\t\t01/02/2020\t\tY\t2020-01-03\t\t\n"
}

// TestBadInput checks that bad input is reported with its position and
// never crashes or hangs.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantErr  error
		errLine  int
		skipped  []int
		warned   []int
		entities int
	}{
		{"empty", "", source.ErrFormat, 0, nil, nil, 0},
		{"csv not tsv", "Name,Street_Address,Effective_Date\nA,B,01/01/2020\n", source.ErrFormat, 1, nil, nil, 0},
		{"too few fields", header + "A\tB\n" + row("C"), nil, 0, []int{2}, nil, 1},
		{"no name", header + row("") + row("C"), nil, 0, []int{2}, nil, 1},
		{"invalid utf-8", header + row("A\xff") + row("C"), nil, 0, []int{2}, nil, 1},
		{"bare quote", header + row(`A "B`) + row("C"), nil, 0, []int{2}, nil, 1},
		{"bad date kept", header + strings.Replace(row("A"), "01/02/2020", "02/30/2020", 1), nil, 0, nil, []int{2}, 1},
		{"truncated", header + row("A") + "\"B\tSTREET", io.ErrUnexpectedEOF, 3, []int{3}, nil, 1},
		{"line too large", header + row("A") + row(strings.Repeat("x", source.MaxRecordSize+10)), source.ErrTooLarge, 3, nil, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dpl.txt")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			es, rep, err := readAll(t, path)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			case tt.wantErr != nil:
				var se *source.Error
				if !errors.As(err, &se) || se.File != path || se.Line != tt.errLine {
					t.Errorf("error %v not positioned at %s:%d", err, path, tt.errLine)
				}
			}
			var skipped, warned []int
			for _, p := range rep.Problems {
				if p.Skipped {
					skipped = append(skipped, p.Line)
				} else {
					warned = append(warned, p.Line)
				}
			}
			if diff := cmp.Diff(tt.skipped, skipped); diff != "" {
				t.Errorf("skipped lines (-want +got):\n%s%v", diff, rep.Problems)
			}
			if diff := cmp.Diff(tt.warned, warned); diff != "" {
				t.Errorf("warned lines (-want +got):\n%s%v", diff, rep.Problems)
			}
			if len(es) != tt.entities {
				t.Errorf("entities = %d, want %d", len(es), tt.entities)
			}
		})
	}
}

// checkRoundTrip writes entities as FtM JSON lines, reads them back with
// ftm.Reader and checks that each comes back equal.
func checkRoundTrip(t testing.TB, es []*entity.Entity) {
	t.Helper()
	roundTripIn(t, t.TempDir(), es)
}

// roundTripIn is checkRoundTrip writing its file in dir.
func roundTripIn(t testing.TB, dir string, es []*entity.Entity) {
	t.Helper()
	path := filepath.Join(dir, "roundtrip.ftm.json")
	var buf bytes.Buffer
	for _, e := range es {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("marshal %s: %v", e.ID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var back []*entity.Entity
	rep, err := ftm.Reader{}.Read(context.Background(), path, func(e *entity.Entity) error {
		back = append(back, e)
		return nil
	})
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if rep.Skipped != 0 || len(back) != len(es) {
		t.Fatalf("read back %d of %d entities, %d skipped: %v", len(back), len(es), rep.Skipped, rep.Problems)
	}
	for i := range es {
		if !entity.Equal(es[i], back[i]) {
			t.Fatalf("entity %d does not round-trip:\n%s", i, cmp.Diff(es[i], back[i]))
		}
	}
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile("testdata/dpl.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(header + row("A") + row("B")))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "dpl.txt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		es, rep, err := readAll(t, path)
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) || se.File != path {
				t.Fatalf("error not positioned: %v", err)
			}
		}
		for _, p := range rep.Problems {
			if p.File != path || p.Line <= 0 || p.Reason == "" {
				t.Fatalf("problem not positioned: %+v", p)
			}
		}
		if rep.Entities != len(es) || rep.Entities > rep.Records {
			t.Fatalf("report counts %d entities of %d records, emitted %d", rep.Entities, rep.Records, len(es))
		}
		roundTripIn(t, dir, es)
	})
}

// BenchmarkRead measures reading the 2023-11 DPL (MB/s).
func BenchmarkRead(b *testing.B) {
	needData(b)
	path := filepath.Join(dataDir, "dpl-2023-11.txt")
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := (DPLReader{}).Read(context.Background(), path, func(*entity.Entity) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, st.Size(), start)
}

// reportCPU reports MB per CPU-second over the b.N reads of size bytes
// since start: unlike MB/s it does not depend on the machine's load.
func reportCPU(b *testing.B, size int64, start time.Duration) {
	if cpu := (cpuTime() - start).Seconds(); cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
	}
}
