package uk

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// realConList is the extract of the OFSI ConList of 2020-04-27, read in
// place; fcdoHeader is the header line of the current FCDO CSV.
const (
	realConList = sourcetest.DataDir + "/lists/uk/sample_ofsi_conlist_2020-04-27.csv"
	fcdoHeader  = sourcetest.DataDir + "/lists/uk/uk_fcdo_sanctions_list_csv_header_58cols.txt"
)

func bySource(es []*entity.Entity) map[string]*entity.Entity {
	m := map[string]*entity.Entity{}
	for _, e := range es {
		m[e.SourceID] = e
	}
	return m
}

type propCase struct {
	name, id, prop string
	want           []string
}

func checkProps(t *testing.T, es []*entity.Entity, tests []propCase) {
	t.Helper()
	m := bySource(es)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := m[tt.id]
			if e == nil {
				t.Fatalf("no entity %s", tt.id)
			}
			var have []string
			switch tt.prop {
			case "schema":
				have = []string{e.Schema}
			default:
				have = e.Get(tt.prop)
			}
			if diff := cmp.Diff(sourcetest.Codes(tt.prop, tt.want), sourcetest.Codes(tt.prop, have)); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.id, tt.prop, diff)
			}
		})
	}
}

func TestConListRealFile(t *testing.T) {
	sourcetest.NeedData(t, realConList)
	got, rep, err := sourcetest.ReadAll(t, ConListReader{}, realConList)
	if err != nil {
		t.Fatal(err)
	}
	// 23 rows of 6 targets.
	if rep.Records != 23 || rep.Entities != 6 || rep.Skipped != 0 || rep.Schemas[entity.Person] != 6 {
		t.Errorf("records %d, entities %d, skipped %d, schemas %v; want 23 rows, 6 Person, 0 skipped: %v",
			rep.Records, rep.Entities, rep.Skipped, rep.Schemas, rep.Problems)
	}
	if rep.Version != "2020-04-27" {
		t.Errorf("version = %q", rep.Version)
	}
	for _, p := range rep.Problems {
		t.Logf("warning: %s", p)
	}
	checkProps(t, got, []propCase{
		{"prime alias is the name", "11039", entity.Name, []string{"Sang-kuk SO"}},
		{"aka is an alias", "11039", entity.Alias, []string{"Sang Kuk SO"}},
		{"partial dates, one per row", "11039", entity.BirthDate, []string{"1936", "1937", "1938", "1932", "1933", "1934", "1935"}},
		{"no primary: first aka is the name", "13063", entity.Name, []string{"Kateryna Yuriyivna HUBARIEVA"}},
		{"day without month keeps the year", "13063", entity.BirthDate, []string{"1983-07-05", "1983", "1984-04"}},
		{"birth place", "13063", entity.BirthPlace, []string{"Kakhovka, Kherson Oblast, Ukraine"}},
		{"non-latin name", "9053", entity.Alias, []string{"محسن حجتی"}},
		{"un reference in other information", "9053", entity.UNSCReference, []string{"IRi.018"}},
		{"passport in other information", "9053", entity.PassportNumber, []string{"G4506013"}},
		{"cyrillic", "13017", entity.Alias, []string{"Игорь Венедиктович ПЛОТНИЦКИЙ"}},
		{"nationality adjective", "9215", entity.Nationality, []string{"PK"}},
		{"national id number", "9215", entity.IDNumber, []string{"3520025509842-7"}},
		{"address", "9215", entity.Address, []string{"House No 116E, Mohalla Johar, Lahore, Tehsil, Lahore City, Lahore District, 123321, Pakistan (location as at May 2008)"}},
		{"address country", "9215", entity.Country, []string{"PK"}},
		{"regime", "9215", entity.Program, []string{"ISIL (Da'esh) and Al-Qaida"}},
		{"listed on", "9215", entity.ListingDate, []string{"2008-12-12"}},
		{"un reference", "9215", entity.UNSCReference, []string{"QDi.263"}},
	})
}

func TestConListSmall(t *testing.T) {
	got, rep, err := sourcetest.ReadAll(t, ConListReader{}, "testdata/conlist.csv")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records != 8 || rep.Entities != 4 || rep.Skipped != 1 {
		t.Fatalf("records %d, entities %d, skipped %d; want 8, 4, 1: %v", rep.Records, rep.Entities, rep.Skipped, rep.Problems)
	}
	checkProps(t, got, []propCase{
		{"person", "14185", "schema", []string{entity.Person}},
		{"name", "14185", entity.Name, []string{"Arkady Romanovich ROTENBERG"}},
		{"aliases", "14185", entity.Alias, []string{"Аркадий Романович РОТЕНБЕРГ", "Arkadii ROTENBERG"}},
		{"first names", "14185", entity.FirstName, []string{"Arkady", "Arkadii"}},
		{"passports", "14185", entity.PassportNumber, []string{"722000001", "512345678"}},
		{"nationalities", "14185", entity.Nationality, []string{"RU", "FI"}},
		{"dates", "14185", entity.BirthDate, []string{"1951-12-15", "1951-12"}},
		{"regrouped entity", "14900", entity.Name, []string{"SOVCOMFLOT"}},
		{"low quality alias of a later row", "14900", entity.WeakAlias, []string{"SCF"}},
		{"fka", "14900", entity.PreviousName, []string{"SOVCOMFLOT OAO"}},
		{"entity schema", "14900", "schema", []string{entity.Organisation}},
		{"entity address", "14900", entity.Address, []string{"3A Gasheka Street, Moscow, 125047, Russia"}},
		{"ship", "16001", "schema", []string{entity.Vessel}},
		{"ship imo", "16001", entity.ImoNumber, []string{"9339260"}},
		{"windows-1252 name", "17000", entity.Name, []string{"Hans MüLLER"}},
	})
	var fields []string
	for _, p := range rep.Problems {
		fields = append(fields, p.Field)
		if p.File != "testdata/conlist.csv" || p.Line == 0 {
			t.Errorf("problem not positioned: %+v", p)
		}
	}
	want := []string{"Group ID", "Name 6", "DOB", "Nationality"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("problem fields (-want +got):\n%s", diff)
	}
	if p := rep.Problems[0]; p.Line != 8 || !p.Skipped {
		t.Errorf("skip = %+v, want line 8", p)
	}
}

func TestFCDOHeaderMatchesFixture(t *testing.T) {
	sourcetest.NeedData(t, fcdoHeader)
	want, err := os.ReadFile(fcdoHeader)
	if err != nil {
		t.Fatal(err)
	}
	fix, err := os.ReadFile("testdata/fcdo.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, header := firstLines(fix)
	if header != strings.TrimSpace(string(want)) {
		t.Errorf("fixture header differs from the published 58-column header:\n got %s\nwant %s", header, want)
	}
	if n := len(strings.Split(header, ",")); n != 58 {
		t.Errorf("header has %d columns", n)
	}
}

func TestFCDO(t *testing.T) {
	got, rep, err := sourcetest.ReadAll(t, FCDOReader{}, "testdata/fcdo.csv")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Version != "2025-11-28" {
		t.Errorf("version = %q", rep.Version)
	}
	if rep.Records != 15 || rep.Entities != 6 || rep.Skipped != 2 {
		t.Fatalf("records %d, entities %d, skipped %d; want 15, 6, 2: %v", rep.Records, rep.Entities, rep.Skipped, rep.Problems)
	}
	if diff := cmp.Diff(map[string]int{entity.Person: 3, entity.Organisation: 2, entity.Vessel: 1}, rep.Schemas); diff != "" {
		t.Errorf("schemas (-want +got):\n%s", diff)
	}
	checkProps(t, got, []propCase{
		{"primary name", "RUS0001", entity.Name, []string{"Sergei Kuzhugetovich SHOIGU"}},
		{"cyrillic and alias", "RUS0001", entity.Alias, []string{"Сергей Кужугетович ШОЙГУ", "Sergey SHOYGU"}},
		{"weak alias from a later row", "RUS0001", entity.WeakAlias, []string{"Serzh"}},
		{"dob", "RUS0001", entity.BirthDate, []string{"1955-05-21"}},
		{"birth place", "RUS0001", entity.BirthPlace, []string{"Chadan, Russia"}},
		{"nationality", "RUS0001", entity.Nationality, []string{"RU"}},
		{"passports", "RUS0001", entity.PassportNumber, []string{"100123456", "530987654"}},
		{"national id", "RUS0001", entity.IDNumber, []string{"7707083893"}},
		{"gender", "RUS0001", entity.Gender, []string{"male"}},
		{"program", "RUS0001", entity.Program, []string{"Russia"}},
		{"listing date", "RUS0001", entity.ListingDate, []string{"2022-02-24"}},
		{"modified", "RUS0001", entity.ModifiedAt, []string{"2024-03-01"}},
		{"entity", "RUS0002", "schema", []string{entity.Organisation}},
		{"entity aliases", "RUS0002", entity.Alias, []string{"АО «Концерн ВКО «Алмаз – Антей»", "ALMAZ-ANTEY AIR AND SPACE DEFENCE CORPORATION"}},
		{"entity addresses, one per row", "RUS0002", entity.Address, []string{"41 Vereiskaya Street, Moscow, 121471, Russia", "8 Leninsky Prospekt, Moscow, Russia"}},
		{"primary name in lower case after an alias", "RUS0005", entity.Name, []string{"TEKHNOPROMEKSPORT JSC"}},
		{"alias before the primary", "RUS0005", entity.Alias, []string{"TECHNOPROM EXPORT"}},
		{"fka", "RUS0005", entity.PreviousName, []string{"VO TECHNOPROMEXPORT"}},
		{"entity country", "RUS0002", entity.Country, []string{"RU"}},
		{"entity phone", "RUS0002", entity.Phone, []string{"+7 (495) 276-29-65"}},
		{"entity website", "RUS0002", entity.Website, []string{"www.almaz-antey.ru"}},
		{"entity ogrn", "RUS0002", entity.OgrnCode, []string{"1027739001993"}},
		{"entity inn", "RUS0002", entity.InnCode, []string{"7731084175"}},
		{"numbered positions", "RUS0001", entity.Position, []string{"Former Minister of Defence", "Secretary of the Security Council"}},
		{"ship", "RUS1500", "schema", []string{entity.Vessel}},
		{"imo", "RUS1500", entity.ImoNumber, []string{"9191175"}},
		{"flag", "RUS1500", entity.Flag, []string{"CM"}},
		{"ship type", "RUS1500", entity.Type, []string{"Crude Oil Tanker"}},
		{"build year", "RUS1500", entity.BuildDate, []string{"1999"}},
		{"ship weak alias", "RUS1500", entity.WeakAlias, []string{"BRAVO"}},
		{"un reference", "DPR0001", entity.UNSCReference, []string{"KPi.066"}},
		{"partial dobs", "DPR0001", entity.BirthDate, []string{"1960", "1961"}},
		{"nationality known part", "DPR0001", entity.Nationality, []string{"KP"}},
		{"non-latin only", "RUS0003", entity.Name, []string{"Игорь ИВАНОВ"}},
	})
	m := bySource(got)
	if s := m["RUS0001"].First(entity.Summary); !strings.HasPrefix(s, "Sergei Shoigu is the former") {
		t.Errorf("summary = %q", s)
	}
	if n := m["RUS1500"].Get(entity.Notes); !slices.Contains(n, "Previous flags: (1) Panama (2) Liberia") || !slices.Contains(n, "Current owner/operator: Sea Owl Shipping LLC") {
		t.Errorf("ship notes = %q", n)
	}
	var fields []string
	for _, p := range rep.Problems {
		fields = append(fields, p.Field)
		if p.File != "testdata/fcdo.csv" || p.Line == 0 {
			t.Errorf("problem not positioned: %+v", p)
		}
	}
	want := []string{"Nationality(/ies)", "Unique ID", "D.O.B", "Name 6"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("problem fields (-want +got):\n%s", diff)
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reader source.Reader
		in     string
	}{
		{"conlist", ConListReader{}, "testdata/conlist.csv"},
		{"fcdo", FCDOReader{}, "testdata/fcdo.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, rep, err := sourcetest.ReadAll(t, tc.reader, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			out := struct {
				Report   *source.Report
				Entities []*entity.Entity
			}{rep, sourcetest.FoldCodes(got)}
			sourcetest.Golden(t, "testdata/"+tc.name+".golden.json", out)
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"05/07/1983", "1983-07-05", true},
		{"5/7/1983", "1983-07-05", true},
		{"00/00/1955", "1955", true},
		{"00/04/1984", "1984-04", true},
		{"10/00/1983", "1983", true},
		{"--/--/1966", "1966", true},
		{"dd/mm/1984", "1984", true},
		{"dd/05/1984", "1984-05", true},
		{"1966", "1966", true},
		{"1966-02-03", "1966-02-03", true},
		{"2022-02-24T00:00:00", "2022-02-24", true},
		{"1/13/1970", "", false},
		{"32/01/1970", "", false},
		{"00/00/0000", "", false},
		{"circa 1960", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseDate(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestDocNumbers(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		exact    bool
	}{
		{"one", "720123456", []string{"720123456"}, true},
		{"numbered", "(1) 100123456 (2) 530987654", []string{"100123456", "530987654"}, true},
		{"pipe separated", "100123456|530987654", []string{"100123456", "530987654"}, true},
		{"with country", "3520025509842-7 (Pakistani)", []string{"3520025509842-7"}, false},
		{"with comma remark", "AB 123456, issued in Moscow", []string{"AB 123456"}, false},
		{"no digits", "Russian passport", nil, false},
		{"empty", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, exact := docNumbers(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" || exact != tt.exact {
				t.Errorf("docNumbers(%q) = %v, %v; want %v, %v", tt.in, got, exact, tt.want, tt.exact)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	con, err := os.ReadFile("testdata/conlist.csv")
	if err != nil {
		t.Fatal(err)
	}
	fcdo, err := os.ReadFile("testdata/fcdo.csv")
	if err != nil {
		t.Fatal(err)
	}
	conHead := strings.Join(strings.SplitN(string(con), "\n", 3)[:2], "\n") + "\n"
	fcdoHead := strings.Join(strings.SplitN(string(fcdo), "\n", 3)[:2], "\n") + "\n"
	sourcetest.BadInputs(t, nil, "in.csv", []sourcetest.BadInput{
		{Name: "conlist empty", Read: readConList, In: strings.NewReader(""), Is: source.ErrFormat},
		{Name: "conlist given fcdo", Read: readConList, In: bytes.NewReader(fcdo), Is: source.ErrFormat},
		{Name: "conlist given xml", Read: readConList, In: strings.NewReader(`<?xml version="1.0"?><export/>`), Is: source.ErrFormat},
		{Name: "conlist 100 MB line", Read: readConList, In: sourcetest.Repeat(conHead+"A,", 'x', 100<<20, ",Individual\n"), Is: source.ErrTooLarge},
		{Name: "conlist unterminated quote", Read: readConList, In: sourcetest.Repeat(conHead+`"A`, '\n', 100<<20, ""), Is: source.ErrTooLarge},
		{Name: "fcdo empty", Read: readFCDO, In: strings.NewReader(""), Is: source.ErrFormat},
		{Name: "fcdo 100 MB first line", Read: readFCDO, In: sourcetest.Repeat("", 'x', 100<<20, "\n"), Is: source.ErrTooLarge},
		{Name: "conlist 100 MB first line", Read: readConList, In: sourcetest.Repeat("", 'x', 100<<20, "\n"), Is: source.ErrTooLarge},
		{Name: "fcdo header only", Read: readFCDO, In: strings.NewReader(fcdoHead), Is: source.ErrFormat},
		{Name: "conlist header only", Read: readConList, In: strings.NewReader(conHead), Is: source.ErrFormat},
		{Name: "fcdo given conlist", Read: readFCDO, In: bytes.NewReader(con), Is: source.ErrFormat},
		{Name: "fcdo 100 MB line", Read: readFCDO, In: sourcetest.Repeat(fcdoHead+"01/01/2024,RUS1,", 'x', 100<<20, "\n"), Is: source.ErrTooLarge},
	})
}

func TestTruncated(t *testing.T) {
	// A file cut in the middle of a row reads the rows before it and the
	// partial row as far as it goes: CSV has no end marker to miss.
	fcdo, err := os.ReadFile("testdata/fcdo.csv")
	if err != nil {
		t.Fatal(err)
	}
	cut := fcdo[:len(fcdo)*2/3]
	rep := &source.Report{}
	err = readFCDO(context.Background(), "cut.csv", bytes.NewReader(cut), rep, func(*entity.Entity) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records == 0 || rep.Records >= 15 {
		t.Errorf("records = %d, want some but not all of 15", rep.Records)
	}
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	for _, r := range []source.Reader{ConListReader{}, FCDOReader{}} {
		in := "testdata/conlist.csv"
		if _, ok := r.(FCDOReader); ok {
			in = "testdata/fcdo.csv"
		}
		_, err := r.Read(context.Background(), in, func(*entity.Entity) error { return stop })
		if !errors.Is(err, stop) {
			t.Errorf("%T: err = %v, want it to wrap the emit error", r, err)
		}
	}
}

func TestDetect(t *testing.T) {
	con, _ := os.ReadFile("testdata/conlist.csv")
	fcdo, _ := os.ReadFile("testdata/fcdo.csv")
	real, err := os.ReadFile(realConList)
	if err != nil {
		real = con
	}
	tests := []struct {
		name          string
		head          []byte
		conlist, fcdo bool
	}{
		{"conlist", con, true, false},
		{"real conlist", real, true, false},
		{"fcdo", fcdo, false, true},
		{"fcdo header only", fcdo[strings.Index(string(fcdo), "\n")+1:], false, true},
		{"un xml", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST>`), false, false},
		{"csl", []byte("_id,source,entity_number,type,programs,name\n"), false, false},
		{"empty", nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectConList("x.csv", tt.head); got != tt.conlist {
				t.Errorf("DetectConList = %v, want %v", got, tt.conlist)
			}
			if got := DetectFCDO("x.csv", tt.head); got != tt.fcdo {
				t.Errorf("DetectFCDO = %v, want %v", got, tt.fcdo)
			}
		})
	}
}

// checkFuzzed checks what the UK readers promise besides the properties
// every read has: each target emitted once, no more entities than rows
// read.
func checkFuzzed(t *testing.T, es []*entity.Entity, rep *source.Report, err error) {
	ids := map[string]bool{}
	for _, e := range es {
		if ids[e.ID] {
			t.Fatalf("entity %s emitted twice", e.ID)
		}
		ids[e.ID] = true
	}
	if err == nil && rep.Entities > rep.Records-rep.Skipped {
		t.Fatalf("entities %d > records %d - skipped %d", rep.Entities, rep.Records, rep.Skipped)
	}
}

func FuzzConList(f *testing.F) {
	sourcetest.Seeds(f, "testdata/conlist*.csv")
	sourcetest.FuzzInput(f, readConList, "fuzz.csv", checkFuzzed)
}

func FuzzFCDO(f *testing.F) {
	sourcetest.Seeds(f, "testdata/fcdo*.csv")
	sourcetest.FuzzInput(f, readFCDO, "fuzz.csv", checkFuzzed)
}

func BenchmarkConList(b *testing.B) {
	sourcetest.NeedData(b, realConList)
	sourcetest.BenchRead(b, ConListReader{}, realConList)
}

// BenchmarkFCDOSynthetic reads the fixture's rows repeated to the size of
// the real list (about 58,000 rows, 6,300 targets), each copy under its own
// Unique IDs.
func BenchmarkFCDOSynthetic(b *testing.B) {
	fix, err := os.ReadFile("testdata/fcdo.csv")
	if err != nil {
		b.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(fix))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString("Report Date: 28-Nov-2025\r\n")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write(recs[1])
	rows := recs[2:]
	for i := 0; buf.Len() < 45<<20; i++ {
		for _, r := range rows {
			c := append([]string(nil), r...)
			if c[1] != "" {
				c[1] = fmt.Sprintf("%s-%d", c[1], i)
			}
			w.Write(c)
		}
		w.Flush()
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		rep := &source.Report{}
		if err := readFCDO(context.Background(), "synthetic.csv", bytes.NewReader(in), rep, func(*entity.Entity) error { return nil }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Records), "rows/op")
	}
}

func BenchmarkFCDO(b *testing.B) {
	sourcetest.BenchRead(b, FCDOReader{}, "testdata/fcdo.csv")
}

func TestRepeatedHeader(t *testing.T) {
	fcdo, err := os.ReadFile("testdata/fcdo.csv")
	if err != nil {
		t.Fatal(err)
	}
	s := string(fcdo)
	header := strings.SplitAfter(s, "\n")[1]
	// The header again before the first ship row.
	at := strings.Index(s, "\r\n20/05/2025,RUS1500") + 2
	in := s[:at] + header + s[at:]
	line := strings.Count(s[:at], "\n") + 1
	rep := &source.Report{}
	var names []string
	err = readFCDO(context.Background(), "h.csv", strings.NewReader(in), rep, func(e *entity.Entity) error {
		names = append(names, e.First(entity.Name))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 3 || rep.Problems[0].Line != line || rep.Problems[0].Reason != "repeated header row" {
		t.Errorf("skipped %d, problems %v; want the header at line %d skipped", rep.Skipped, rep.Problems, line)
	}
	if len(names) != 6 {
		t.Errorf("entities %q, want 6", names)
	}
}

func TestCountries(t *testing.T) {
	tests := []struct {
		name, in       string
		codes, unknown []string
	}{
		{"one", "Russia", []string{"RU"}, nil},
		{"numbered", "(1) Russia (2) Ukraine", []string{"RU", "UA"}, nil},
		{"pipes", "Russia|Belarus", []string{"RU", "BY"}, nil},
		{"commas", "Russia, Belarus", []string{"RU", "BY"}, nil},
		{"comma inside a name", "Korea, North", []string{"KP"}, nil},
		{"remark in parentheses", "Pakistan (location as at May 2008)", []string{"PK"}, nil},
		{"adjective", "Pakistani", []string{"PK"}, nil},
		{"unknown kept whole", "Atlantis, Lemuria", nil, []string{"Atlantis, Lemuria"}},
		{"two-letter values are not codes", "na", nil, []string{"na"}},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codes, unknown := countries(tt.in)
			if diff := cmp.Diff(tt.codes, codes); diff != "" {
				t.Errorf("codes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unknown, unknown); diff != "" {
				t.Errorf("unknown (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFCDOHeaderFileIsNotAList(t *testing.T) {
	sourcetest.NeedData(t, fcdoHeader)
	_, err := FCDOReader{}.Read(context.Background(), fcdoHeader, func(*entity.Entity) error {
		t.Error("emitted an entity from a header")
		return nil
	})
	if !errors.Is(err, source.ErrFormat) {
		t.Errorf("err = %v, want ErrFormat: a header alone must not replace a list", err)
	}
}
