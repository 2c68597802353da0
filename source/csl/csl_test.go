package csl

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/ftm"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// dataDir is the CSL folder of the shared reference data.
const dataDir = sourcetest.DataDir + "/lists/us-csl"

// rawCounts reads a CSL file with encoding/csv alone and counts, over the
// data rows, the ;-separated values of some columns.
func rawCounts(t *testing.T, path string) (rows int, values map[string]int) {
	t.Helper()
	rc, err := source.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	cr := csv.NewReader(rc)
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	values = map[string]int{}
	for {
		row, err := cr.Read()
		if err != nil {
			break // io.EOF, or the truncated end of a partial file
		}
		if row[1] == "source" {
			continue // a repeated header
		}
		rows++
		for i, h := range header {
			seen := map[string]bool{}
			for _, v := range strings.Split(row[i], ";") {
				if v = strings.TrimSpace(v); v != "" && !seen[v] {
					seen[v] = true
					values[h]++
				}
			}
		}
	}
	return rows, values
}

// TestRealFiles reads the CSL files of the reference data: every row,
// each sub-list's count, and exactly the bad rows skipped.
func TestRealFiles(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	tests := []struct {
		name     string
		file     string
		records  int
		links    int
		sublists map[string]int
		skipped  map[int]string // line → reason
		wantErr  error
	}{
		{
			name: "full 2022-05", file: "consolidated-2022-05.csv.gz", records: 14160, links: 4346,
			sublists: map[string]int{"SDN": 10026, "EL": 2001, "DTC": 727, "DPL": 462, "SSI": 290, "UVL": 201,
				"ISN": 163, "PLC": 78, "MEU": 71, "CMIC": 68, "CAP": 53, "NS-MBS-List": 17, "FSE": 3},
			skipped: map[int]string{},
		},
		{
			name: "partial 2023-11 with a repeated header", file: "consolidated-2023-11.csv.gz", records: 4228, links: 297,
			sublists: map[string]int{"SDN": 1737, "EL": 919, "DPL": 577, "SSI": 288, "UVL": 186, "ISN": 144,
				"DTC": 142, "PLC": 78, "MEU": 71, "CMIC": 68, "NS-MBS-List": 14, "FSE": 1, "CAP": 1},
			skipped: map[int]string{
				2:    "repeated header row",
				4233: "truncated record: file ends inside a quoted field",
			},
			wantErr: io.ErrUnexpectedEOF,
		},
		{
			name: "legacy layout", file: "watchman_csl_sample_legacy.csv", records: 115, links: 4,
			sublists: map[string]int{"SDN": 28, "SSI": 26, "EL": 22, "PLC": 13, "DTC": 10, "DPL": 8, "UVL": 4, "ISN": 3, "CAP": 1},
			skipped:  map[int]string{},
		},
		{
			name: "current layout 2025", file: "watchman_consolidated_sample_2025.csv", records: 13,
			sublists: map[string]int{"SSI": 3, "PLC": 2, "ISN": 1, "UVL": 1, "MEU": 1, "SDN": 1, "DTC": 1, "DPL": 1, "FSE": 1, "EL": 1},
			skipped:  map[int]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dataDir, tt.file)
			es, rep, err := sourcetest.ReadAll(t, Reader{}, path)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if rep.Records != tt.records {
				t.Errorf("records = %d, want %d", rep.Records, tt.records)
			}
			skipped := map[int]string{}
			for _, p := range rep.Problems {
				if p.File != path || p.Line <= 0 {
					t.Errorf("problem not positioned: %+v", p)
				}
				if p.Skipped {
					skipped[p.Line] = p.Reason
				}
			}
			if diff := cmp.Diff(tt.skipped, skipped); diff != "" {
				t.Errorf("skipped rows (-want +got):\n%s", diff)
			}
			if rep.Entities != rep.Records-rep.Skipped+tt.links || rep.Links != tt.links || len(es) != rep.Entities {
				t.Errorf("entities = %d (emitted %d), links %d; want records - skipped + %d links = %d",
					rep.Entities, len(es), rep.Links, tt.links, rep.Records-rep.Skipped+tt.links)
			}
			sub := map[string]int{}
			ids := map[string]bool{}
			var parties []*entity.Entity
			for _, e := range es {
				if ids[e.ID] {
					t.Errorf("%s: id seen twice", e.ID)
				}
				ids[e.ID] = true
				if e.Schema == entity.UnknownLink {
					continue
				}
				parties = append(parties, e)
				sub[Abbrev(e.Sublist)]++
				if e.Sublist == "" || e.SourceID == "" || e.Dataset != Dataset {
					t.Errorf("%s: sublist %q source id %q dataset %q", e.ID, e.Sublist, e.SourceID, e.Dataset)
				}
			}
			for _, e := range es {
				if e.Schema == entity.UnknownLink && (!ids[e.First(entity.Subject)] || !ids[e.First(entity.Object)]) {
					t.Errorf("link %s joins an entity not read: %v", e.ID, e.Properties)
				}
			}
			if diff := cmp.Diff(tt.sublists, sub); diff != "" {
				t.Errorf("per sub-list rows (-want +got):\n%s", diff)
			}
			// Every alias, program and address of the file arrives.
			rows, values := rawCounts(t, path)
			if rows != len(parties) {
				t.Errorf("encoding/csv reads %d data rows, reader emitted %d parties", rows, len(parties))
			}
			got := map[string]int{}
			for _, e := range parties {
				got[entity.Name] += len(e.Get(entity.Name))
				got[entity.Alias] += len(e.Get(entity.Alias))
				got[entity.Program] += len(e.Get(entity.Program))
				got[entity.Address] += len(e.Get(entity.Address))
			}
			want := map[string]int{entity.Name: rows, entity.Alias: values["alt_names"], entity.Program: values["programs"], entity.Address: values["addresses"]}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("values (-encoding/csv +reader):\n%s", diff)
			}
		})
	}
}

// TestIdentifiers checks that the identifiers of the ids column land in
// typed properties on the full list.
func TestIdentifiers(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	es, _, err := sourcetest.ReadAll(t, Reader{}, filepath.Join(dataDir, "consolidated-2022-05.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range es {
		for _, p := range []string{entity.PassportNumber, entity.IDNumber, entity.TaxNumber, entity.RegistrationNum, entity.ImoNumber, entity.Mmsi, entity.InnCode, entity.OgrnCode, entity.Gender, entity.BirthDate, entity.Nationality} {
			count[p] += len(e.Get(p))
		}
	}
	// Lower bounds from counting the file with a script: 1,685 passport
	// items, 438 vessel IMO numbers (one without the "IMO" prefix is a
	// registration number), 2,404 gender items.
	min := map[string]int{entity.PassportNumber: 1685, entity.ImoNumber: 438, entity.Gender: 2404, entity.Mmsi: 57,
		entity.TaxNumber: 1800, entity.RegistrationNum: 2000, entity.IDNumber: 2000, entity.InnCode: 500, entity.OgrnCode: 400,
		entity.BirthDate: 5900, entity.Nationality: 2900}
	for p, n := range min {
		if count[p] < n {
			t.Errorf("%s: %d values, want at least %d", p, count[p], n)
		}
	}
}

func TestDetect(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	sourcetest.DetectFiles(t, Detect, []sourcetest.DetectFile{
		{Name: "current gz", Path: filepath.Join(dataDir, "consolidated-2022-05.csv.gz"), Want: true},
		{Name: "legacy", Path: filepath.Join(dataDir, "watchman_csl_sample_legacy.csv"), Want: true},
		{Name: "2025", Path: filepath.Join(dataDir, "watchman_consolidated_sample_2025.csv"), Want: true},
		{Name: "dpl", Path: sourcetest.DataDir + "/lists/us-bis/dpl.txt", Want: false},
		{Name: "ofac sdn", Path: sourcetest.DataDir + "/lists/ofac/sdn-2021-07/sdn.csv", Want: false},
		{Name: "fixture", Path: "testdata/current.csv", Want: true},
	})
}

// TestLinkedToAll checks that every "Linked To:" of the full list becomes a
// link: 4,346 names in the remarks (counted with a script), all of them the
// name of a row of the file.
func TestLinkedToAll(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	_, rep, err := sourcetest.ReadAll(t, Reader{}, filepath.Join(dataDir, "consolidated-2022-05.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if p.Field == "remarks" {
			t.Errorf("unresolved: %v", p)
		}
	}
	if rep.Links != 4346 {
		t.Errorf("links = %d, want 4346", rep.Links)
	}
}

func TestLinkedTo(t *testing.T) {
	tests := []struct {
		name    string
		remarks string
		want    []string
	}{
		{"one", "(Linked To: MAHAN AIR)", []string{"MAHAN AIR"}},
		{"two", "(Linked To: A B; Linked To: C, INC.)", []string{"A B", "C, INC."}},
		{"parentheses in name", "(Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE)", []string{"ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"}},
		{"two groups", "x (Linked To: A) y (Linked To: B)", []string{"A", "B"}},
		{"unclosed", "(Linked To: A (B", []string{"A (B"}},
		{"none", "For more information on directives", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, linkedTo(tt.remarks)); diff != "" {
				t.Errorf("linkedTo (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIdentifierItems(t *testing.T) {
	tests := []struct {
		name string
		item string
		want map[string][]string
	}{
		{"old order with country", "RU, 7702070139, Tax ID No.", map[string][]string{"taxNumber": {"7702070139"}, "innCode": {"7702070139"}}},
		{"new order with country", "Tax ID No., 7702070139, RU", map[string][]string{"taxNumber": {"7702070139"}, "innCode": {"7702070139"}}},
		{"old order gender", "Male, Gender", map[string][]string{"gender": {"male"}}},
		{"new order gender", "Gender, Female", map[string][]string{"gender": {"female"}}},
		{"imo", "IMO 9116412, Vessel Registration Identification", map[string][]string{"imoNumber": {"IMO9116412"}}},
		{"ogrn", "Registration ID, 1027700256297, RU", map[string][]string{"registrationNumber": {"1027700256297"}, "ogrnCode": {"1027700256297"}}},
		{"passport with comma", "Passport, A 12, 34, IR", map[string][]string{"passportNumber": {"A 12, 34"}}},
		{"date", "Organization Established Date, 17 Oct 1990", map[string][]string{"incorporationDate": {"1990-10-17"}}},
		{"date range", "01 Jan 2015 to 31 Dec 2015, Organization Established Date", map[string][]string{"incorporationDate": {"2015-01-01", "2015-12-31"}}},
		{"info", "Secondary sanctions risk:, North Korea Sanctions Regulations, sections 510.201", map[string][]string{"notes": {"Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201"}}},
		{"nationality", "Nationality Country, PS", map[string][]string{"nationality": {"ps"}}},
		{"crypto", "Digital Currency Address - XBT, 1ABC", map[string][]string{"cryptoWallet": {"1ABC"}, "notes": {"Digital Currency Address - XBT: 1ABC"}}},
		{"unknown id-like", "XX Personal Number, 123, DE", map[string][]string{"idNumber": {"123"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &source.Report{}
			m := mapper{path: "f", rep: rep}
			e := entity.New(entity.Person, Dataset, "1")
			m.identifier(e, 1, tt.item)
			if diff := cmp.Diff(tt.want, e.Properties); diff != "" {
				t.Errorf("properties (-want +got):\n%s", diff)
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

// TestFixtures compares what the hand-written fixtures read to with the
// golden files (refresh with go test -update).
func TestFixtures(t *testing.T) {
	for _, name := range []string{"current.csv", "legacy.csv", "truncated.csv"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			es, rep, err := sourcetest.ReadAll(t, Reader{}, path)
			g := golden{Report: rep, Entities: es}
			if err != nil {
				g.Error = err.Error()
			}
			sourcetest.Golden(t, strings.TrimSuffix(path, filepath.Ext(path))+".golden", g)
			sourcetest.RoundTrip(t, ftm.Reader{}, t.TempDir(), es)
		})
	}
}

const header = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"

// row returns a data row with the given id and name and empty other fields.
func row(id, name string) string {
	return id + ",Entity List (EL) - Bureau of Industry and Security,,,," + name + strings.Repeat(",", 23) + "\n"
}

// TestBadInput checks that bad input is reported with its position and
// never crashes or hangs.
func TestBadInput(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(header + row("1", "A") + row("2", "B")))
	zw.Close()
	sourcetest.BadFiles(t, Reader{}, "csl.csv", []sourcetest.BadFile{
		{Name: "empty", Data: "", Err: source.ErrFormat},
		{Name: "not a csl", Data: "id,schema\nx,Person\n", Err: source.ErrFormat, Line: 1},
		{Name: "json", Data: `{"id":"x","schema":"Person"}`, Err: source.ErrFormat, Line: 1},
		{Name: "too few fields", Data: header + "1,x\n" + row("2", "B"), Skipped: []int{2}, Entities: 1},
		{Name: "bare quote", Data: header + row("1", `A "B" C`) + row("2", "B"), Skipped: []int{2}, Entities: 1},
		{Name: "no name", Data: header + row("1", "") + row("2", "B"), Skipped: []int{2}, Entities: 1},
		{Name: "invalid utf-8", Data: header + row("1", "A\xff") + row("2", "B"), Skipped: []int{2}, Entities: 1},
		{Name: "repeated header", Data: header + row("1", "A") + header + row("2", "B"), Skipped: []int{3}, Entities: 2},
		{Name: "truncated", Data: header + row("1", "A") + `2,EL,,,,"B`, Err: io.ErrUnexpectedEOF, Line: 3, Skipped: []int{3}, Entities: 1},
		{Name: "truncated gzip", Data: gz.String()[:gz.Len()-12], Err: io.ErrUnexpectedEOF, Line: 4, Entities: 2},
		{Name: "line too large", Data: header + row("1", "A") + row("2", strings.Repeat("x", source.MaxRecordSize+10)), Err: source.ErrTooLarge, Line: 3, Entities: 1},
	})
}

func FuzzRead(f *testing.F) {
	sourcetest.Seeds(f, "testdata/current.csv", "testdata/legacy.csv", "testdata/truncated.csv")
	sourcetest.FuzzFile(f, Reader{}, "csl.csv", func(t *testing.T, dir string, es []*entity.Entity, rep *source.Report, err error) {
		if rep.Entities > rep.Records {
			t.Fatalf("report counts %d entities of %d records", rep.Entities, rep.Records)
		}
		sourcetest.RoundTrip(t, ftm.Reader{}, dir, es)
	})
}

// BenchmarkRead measures reading the full CSL of May 2022 (MB/s of
// uncompressed CSV).
func BenchmarkRead(b *testing.B) {
	sourcetest.NeedData(b, dataDir)
	sourcetest.BenchRead(b, Reader{}, filepath.Join(dataDir, "consolidated-2022-05.csv.gz"))
}
