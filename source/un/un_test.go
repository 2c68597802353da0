package un

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// realFile is the full UN list of 2026-02-27, read in place.
const realFile = sourcetest.DataDir + "/lists/un/consolidated-2026-02-27.xml"

func TestRealFile(t *testing.T) {
	sourcetest.NeedData(t, realFile)
	got, rep, err := sourcetest.ReadAll(t, Reader{}, realFile)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Schemas[entity.Person] != 730 || rep.Schemas[entity.Organisation] != 273 || len(got) != 1003 {
		t.Errorf("schemas = %v, entities %d; want 730 Person + 273 Organization", rep.Schemas, len(got))
	}
	if rep.Records != 1003 || rep.Skipped != 0 {
		t.Errorf("records %d, skipped %d; want 1003, 0: %v", rep.Records, rep.Skipped, rep.Problems)
	}
	if rep.Version != "2026-02-27T00:00:09.554Z" {
		t.Errorf("version = %q", rep.Version)
	}
	for _, p := range rep.Problems {
		if p.File != realFile || p.Line == 0 || p.Reason == "" {
			t.Errorf("problem not positioned: %+v", p)
		}
	}
	t.Logf("%d entities, %d names, %d warnings", rep.Entities, rep.Names, rep.Warnings())
	for _, p := range rep.Problems {
		t.Logf("warning: %s", p)
	}

	byRef := map[string]*entity.Entity{}
	ids := map[string]bool{}
	for _, e := range got {
		if ids[e.ID] {
			t.Errorf("duplicate id %s", e.ID)
		}
		ids[e.ID] = true
		byRef[e.First(entity.UNSCReference)] = e
	}
	tests := []struct {
		name, ref, prop string
		want            []string
	}{
		{"source id is DATAID", "CDi.001", "source_id", []string{"6907993"}},
		{"joined name", "CDi.002", entity.Name, []string{"FRANK KAKOLELE BWAMBALE"}},
		{"exact year of birth", "CDi.001", entity.BirthDate, []string{"1971"}},
		{"nationality iso", "CDi.001", entity.Nationality, []string{"CD"}},
		{"gender", "CDi.001", entity.Gender, []string{"male"}},
		{"program", "CDi.001", entity.Program, []string{"DRC"}},
		{"listing date", "CDi.001", entity.ListingDate, []string{"2012-12-31"}},
		{"address country", "CDi.001", entity.Country, []string{"RW"}},
		{"address with note", "CDi.001", entity.Address, []string{"Rwanda (as of early 2016)"}},
		{"entity schema", "CDe.001", "schema", []string{entity.Organisation}},
		{"entity name", "CDe.001", entity.Name, []string{"ADF"}},
		{"entity aliases, quotes dropped", "KPe.001", entity.Alias, []string{"CHANGGWANG SINYONG CORPORATION", "EXTERNAL TECHNOLOGY GENERAL CORPORATION", "DPRKN MINING DEVELOPMENT TRADING COOPERATION", "KOMID"}},
		{"original script", "IQi.001", entity.Alias, []string{"صدام حسين التكريتي"}},
		{"low quality alias", "IQi.001", entity.WeakAlias, []string{"Abu Ali"}},
		{"national id", "QDi.263", entity.IDNumber, []string{"3520025509842-7"}},
		{"several places of birth", "TAi.004", entity.BirthPlace, []string{"Naw Deh village, Deh Rawud District, Uruzgan Province, Afghanistan", "Noori village, Maiwand District, Kandahar Province, Afghanistan"}},
		{"title", "TAi.004", entity.Title, []string{"Mullah"}},
		{"emails in comments", "CDe.005", entity.Email, []string{"Fdlr@fmx.de", "fldrrse@yahoo.fr", "fdlr@gmx.net", "fdlrsrt@gmail.com", "humura2020@gmail.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := byRef[tt.ref]
			if e == nil {
				t.Fatalf("no entity with unscId %s", tt.ref)
			}
			var have []string
			switch tt.prop {
			case "source_id":
				have = []string{e.SourceID}
			case "schema":
				have = []string{e.Schema}
			default:
				have = e.Get(tt.prop)
			}
			if diff := cmp.Diff(sourcetest.Codes(tt.prop, tt.want), sourcetest.Codes(tt.prop, have)); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.ref, tt.prop, diff)
			}
		})
	}

	// Coverage of the structured fields over the whole file.
	count := func(prop string) int {
		n := 0
		for _, e := range got {
			if len(e.Get(prop)) > 0 {
				n++
			}
		}
		return n
	}
	t.Logf("entities with birthDate %d, nationality %d, passportNumber %d, idNumber %d, address %d, alias %d, weakAlias %d, previousName %d",
		count(entity.BirthDate), count(entity.Nationality), count(entity.PassportNumber), count(entity.IDNumber),
		count(entity.Address), count(entity.Alias), count(entity.WeakAlias), count(entity.PreviousName))
	between := 0
	for _, e := range got {
		if e.First(entity.UNSCReference) == "" {
			t.Errorf("%s has no unscId", e.ID)
		}
		if len(e.Get(entity.BirthDate)) > 1 {
			between++
		}
	}
	if between < 31 {
		t.Errorf("%d persons with several birth dates; the file has 31 BETWEEN ranges", between)
	}
}

func TestGolden(t *testing.T) {
	got, rep, err := sourcetest.ReadAll(t, Reader{}, "testdata/small.xml")
	if err != nil {
		t.Fatal(err)
	}
	out := struct {
		Report   *source.Report
		Entities []*entity.Entity
	}{rep, sourcetest.FoldCodes(got)}
	sourcetest.Golden(t, "testdata/small.golden.json", out)
}

func TestSmall(t *testing.T) {
	got, rep, err := sourcetest.ReadAll(t, Reader{}, "testdata/small.xml")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records != 4 || rep.Entities != 3 || rep.Skipped != 1 {
		t.Fatalf("records %d, entities %d, skipped %d; want 4, 3, 1", rep.Records, rep.Entities, rep.Skipped)
	}
	if p := rep.Problems[len(rep.Problems)-1]; !p.Skipped || p.Line != 101 || p.Field != "DATAID" {
		t.Errorf("skip problem = %+v, want DATAID at line 101", p)
	}
	ivan := got[0]
	tests := []struct {
		name, prop string
		want       []string
	}{
		{"name", entity.Name, []string{"IVAN PETROVICH SIDOROV"}},
		{"first", entity.FirstName, []string{"IVAN"}},
		{"middle", entity.MiddleName, []string{"PETROVICH"}},
		{"last", entity.LastName, []string{"SIDOROV"}},
		{"original script and good alias", entity.Alias, []string{"Иван Петрович Сидоров", "Ivan Sidorov"}},
		{"low quality", entity.WeakAlias, []string{"Vanya"}},
		{"fka", entity.PreviousName, []string{"Ivan Petrov"}},
		{"birth dates", entity.BirthDate, []string{"1961-04-02", "1960-03-01", "1962", "1963", "1964", "1959"}},
		{"birth places", entity.BirthPlace, []string{"Omsk, Russian Federation", "Omsk, Omsk Oblast, Russian Federation"}},
		{"nationality", entity.Nationality, []string{"RU"}},
		{"passport", entity.PassportNumber, []string{"720123456"}},
		{"id", entity.IDNumber, []string{"5201 123456"}},
		{"address", entity.Address, []string{"Ulitsa Lenina 1, Vladivostok, Russian Federation (as of 2017)"}},
		{"country", entity.Country, []string{"RU"}},
		{"position", entity.Position, []string{"Director"}},
		{"title", entity.Title, []string{"Colonel"}},
		{"gender", entity.Gender, []string{"male"}},
		{"modified", entity.ModifiedAt, []string{"2018-01-05"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(sourcetest.Codes(tt.prop, tt.want), sourcetest.Codes(tt.prop, ivan.Get(tt.prop))); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.prop, diff)
			}
		})
	}
	org := got[2]
	if org.Schema != entity.Organisation || !cmp.Equal(org.Get(entity.Alias), []string{"KOREA RYONBONG GENERAL CORPORATION", "RYONBONG TRADING", "조선련봉총회사", "Korea Yonbong General Corporation"}) {
		t.Errorf("organisation = %s %v", org.Schema, org.Get(entity.Alias))
	}
	if !strings.EqualFold(org.First(entity.Country), "KP") {
		t.Errorf("organisation country = %v", org.Get(entity.Country))
	}
	warned := false
	for _, p := range rep.Problems {
		if !p.Skipped && p.Field == "NATIONALITY" && strings.Contains(p.Reason, "former Soviet Union") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning for an unknown nationality: %v", rep.Problems)
	}
}

func TestBadInput(t *testing.T) {
	const head = `<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS>`
	const ind = `<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>`
	sourcetest.BadInputs(t, read, "in.xml", []sourcetest.BadInput{
		{Name: "empty", In: strings.NewReader(""), Is: source.ErrFormat},
		{Name: "not xml", In: strings.NewReader("Last Updated,27/04/2020\nName 6,Name 1\n"), Is: source.ErrFormat},
		{Name: "no records", In: strings.NewReader(`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>`), Is: source.ErrFormat, Line: 1},
		{Name: "wrong root", In: strings.NewReader(`<?xml version="1.0"?><export><sanctionEntity/></export>`), Is: source.ErrFormat, Line: 1},
		{Name: "truncated", In: strings.NewReader(head + ind + "\n<INDIVIDUAL><DATAID>2</DA"), Is: source.ErrFormat, Line: 2, Emits: 1},
		{Name: "truncated between records", In: strings.NewReader(head + ind + "\n"), Is: source.ErrFormat, Line: 2, Emits: 1},
		{Name: "xml bomb", In: strings.NewReader(`<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol2;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`), Is: source.ErrFormat, Line: 3},
		{Name: "deep nesting", In: strings.NewReader(head + strings.Repeat("<a>", 10000)), Is: source.ErrTooLarge},
		{Name: "deep nesting in record", In: strings.NewReader(head + "<INDIVIDUAL>" + strings.Repeat("<a>", 10000)), Is: source.ErrTooLarge},
		{Name: "100 MB text node", In: sourcetest.Repeat(head+"<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>", 'x', 100<<20, "</FIRST_NAME></INDIVIDUAL>"), Is: source.ErrTooLarge},
		{Name: "100 MB line of spaces between records", In: sourcetest.Repeat(head+ind, ' ', 100<<20, ind), Is: source.ErrTooLarge, Emits: 1},
		{Name: "invalid utf-8", In: strings.NewReader(head + "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>\xff\xfe</FIRST_NAME></INDIVIDUAL>"), Is: source.ErrFormat, Line: 1},
	})
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	_, err := Reader{}.Read(context.Background(), "testdata/small.xml", func(*entity.Entity) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want it to wrap the emit error", err)
	}
}

func TestCancel(t *testing.T) {
	sourcetest.NeedData(t, realFile)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Reader{}.Read(ctx, realFile, func(*entity.Entity) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDetect(t *testing.T) {
	small, err := os.ReadFile("testdata/small.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"un", small, true},
		{"un head cut mid-file", small[:300], true},
		{"eu", []byte(`<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity>`), false},
		{"ofac xml", []byte(`<?xml version="1.0"?><sdnList><sdnEntry>`), false},
		{"csv", []byte("Last Updated,27/04/2020\n"), false},
		{"empty", nil, false},
		{"byte order mark", append([]byte("\ufeff"), small...), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect("x.xml", tt.head); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	sourcetest.Seeds(f, "testdata/*.xml")
	sourcetest.FuzzInput(f, read, "fuzz.xml", func(t *testing.T, es []*entity.Entity, rep *source.Report, err error) {
		if err == nil && rep.Records != rep.Entities+rep.Skipped {
			t.Fatalf("records %d != entities %d + skipped %d", rep.Records, rep.Entities, rep.Skipped)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	sourcetest.NeedData(b, realFile)
	sourcetest.BenchRead(b, Reader{}, realFile)
}

func TestTextDates(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"abbreviated month", "Nov. 1973 ", []string{"1973-11"}},
		{"full month", "August 1961", []string{"1961-08"}},
		{"month range", "Between Aug. and Sep. 1977", []string{"1977-08", "1977-09"}},
		{"year", "1980", []string{"1980"}},
		{"age", "30-35 years old", nil},
		{"hijri", "24/06/1402 (Hijri Calendar)", nil},
		{"not a month", "Approximately 1970", nil},
		{"reversed range", "Between Sep. and Aug. 1977", nil},
		{"month prefix only", "Augu 1961", []string{"1961-08"}},
		{"bad month prefix", "Augx 1961", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, textDates(tt.in)); diff != "" {
				t.Errorf("textDates(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDuplicateDataID(t *testing.T) {
	const in = `<CONSOLIDATED_LIST><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>B</FIRST_NAME></INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>`
	rep := &source.Report{}
	var ids []string
	err := read(context.Background(), "dup.xml", strings.NewReader(in), rep, func(e *entity.Entity) error {
		ids = append(ids, e.ID+" "+e.SourceID+" "+e.First(entity.Name))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"unsc-1 1 A", "unsc-1-dup1 1 B"}, ids); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Line != 3 || rep.Problems[0].Field != "DATAID" {
		t.Errorf("problems = %v, want one DATAID warning at line 3", rep.Problems)
	}
}

func TestByteOrderMark(t *testing.T) {
	small, err := os.ReadFile("testdata/small.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range [][]byte{small, append([]byte("\ufeff"), small...)} {
		rep := &source.Report{}
		if err := read(context.Background(), "bom.xml", bytes.NewReader(in), rep, rep.Counted(func(*entity.Entity) error { return nil })); err != nil {
			t.Fatal(err)
		}
		if rep.Entities != 3 {
			t.Errorf("entities = %d", rep.Entities)
		}
	}
}
