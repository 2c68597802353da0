package eu

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

// realFile is the extract of the official FSF of 2020-04-15, read in place.
const realFile = sourcetest.DataDir + "/lists/eu/sample_eu_fsf_1_1_2020-04-15.xml"

func TestRealFile(t *testing.T) {
	sourcetest.NeedData(t, realFile)
	got, rep, err := sourcetest.ReadAll(t, Reader{}, realFile)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records != 7 || rep.Entities != 7 || rep.Skipped != 0 || rep.Schemas[entity.Person] != 7 {
		t.Errorf("records %d, entities %d, skipped %d, schemas %v; want 7 Person, 0 skipped", rep.Records, rep.Entities, rep.Skipped, rep.Schemas)
	}
	if rep.Version != "2020-04-15T15:29:22.497+02:00" {
		t.Errorf("version = %q", rep.Version)
	}
	// The extract repeats logicalId 5468 (a test entry): reported, not lost.
	if len(rep.Problems) != 1 || rep.Problems[0].Field != "logicalId" || rep.Problems[0].Line != 110 {
		t.Errorf("problems = %v, want one duplicate logicalId at line 110", rep.Problems)
	}
	for _, p := range rep.Problems {
		t.Logf("warning: %s", p)
	}
	byID := map[string]*entity.Entity{}
	ids := map[string]bool{}
	for _, e := range got {
		if ids[e.ID] {
			t.Errorf("id %s emitted twice", e.ID)
		}
		ids[e.ID] = true
		if _, dup := byID[e.SourceID]; !dup {
			byID[e.SourceID] = e
		}
	}
	if !ids["eu-fsf-5468"] || !ids["eu-fsf-5468-dup1"] {
		t.Errorf("ids %v: want both records of logicalId 5468", ids)
	}
	tests := []struct {
		name, id, prop string
		want           []string
	}{
		{"first wholeName is the name", "5295", entity.Name, []string{"Abid Hammadou"}},
		{"other names are aliases", "5295", entity.Alias, []string{"Abdelhamid Abou Zeid", "Youcef Adel", "Amor Mohamed Ghedeir", "Abou Abdellah"}},
		{"citizenship", "5295", entity.Nationality, []string{"DZ"}},
		{"birth dates", "5295", entity.BirthDate, []string{"1965-12-12", "1958"}},
		{"birth places", "5295", entity.BirthPlace, []string{"Touggourt, Wilaya (province) of Ouargla, ALGERIA", "Deb-Deb, Amenas, Wilaya (province) of Illizi, ALGERIA"}},
		{"programme", "5295", entity.Program, []string{"TAQA"}},
		{"designation date", "5295", entity.ListingDate, []string{"2008-07-03"}},
		{"function", "5463", entity.Position, []string{"Director of Korea Ryongaksan General Trading Corporation"}},
		{"gender", "191", entity.Gender, []string{"male"}},
		{"passport of unknown country", "191", entity.PassportNumber, []string{"488555"}},
		{"national id", "927", entity.IDNumber, []string{"04643632"}},
		{"passport", "927", entity.PassportNumber, []string{"L191609"}},
		{"address", "927", entity.Address, []string{"23 50th Street, Zehrouni, Tunis, TUNISIA"}},
		{"address country", "927", entity.Country, []string{"TN"}},
		{"address from place and region", "5807", entity.Address, []string{"Kikoma forest, Bogoyi, Walikale, North Kivu, CONGO, Democratic Republic of (was Zaire)"}},
		{"years of birth", "5807", entity.BirthDate, []string{"1954", "1953"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := byID[tt.id]
			if e == nil {
				t.Fatalf("no entity %s", tt.id)
			}
			if diff := cmp.Diff(sourcetest.Codes(tt.prop, tt.want), sourcetest.Codes(tt.prop, e.Get(tt.prop))); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.id, tt.prop, diff)
			}
		})
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
	if rep.Records != 4 || rep.Entities != 2 || rep.Skipped != 2 {
		t.Fatalf("records %d, entities %d, skipped %d; want 4, 2, 2: %v", rep.Records, rep.Entities, rep.Skipped, rep.Problems)
	}
	p, o := got[0], got[1]
	tests := []struct {
		name string
		e    *entity.Entity
		prop string
		want []string
	}{
		{"name", p, entity.Name, []string{"Sergei Kuzhugetovich SHOIGU"}},
		{"aliases in other scripts", p, entity.Alias, []string{"Сергей Кужугетович Шойгу", "Sergej Šojgu"}},
		{"weak alias", p, entity.WeakAlias, []string{"Serzh"}},
		{"first names", p, entity.FirstName, []string{"Sergei", "Сергей"}},
		{"last names", p, entity.LastName, []string{"Shoigu", "Шойгу"}},
		{"birth dates", p, entity.BirthDate, []string{"1955-05-21", "1956", "1957", "1958", "1954-03"}},
		{"birth place", p, entity.BirthPlace, []string{"Chadan, Tuva, RUSSIAN FEDERATION"}},
		{"passport", p, entity.PassportNumber, []string{"100123456"}},
		{"tax id", p, entity.TaxNumber, []string{"7707083893"}},
		{"position", p, entity.Position, []string{"Minister of Defence"}},
		{"title", p, entity.Title, []string{"General"}},
		{"nationality", p, entity.Nationality, []string{"RU"}},
		{"source url", p, entity.SourceURL, []string{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L:2022:042I:FULL"}},
		{"org schema name", o, entity.Name, []string{"JOINT STOCK COMPANY ALMAZ-ANTEY"}},
		{"org alias", o, entity.Alias, []string{"АО «Концерн ВКО «Алмаз – Антей»"}},
		{"org address", o, entity.Address, []string{"41 ul. Vereiskaya, Moscow, 121471, RUSSIAN FEDERATION"}},
		{"org phone", o, entity.Phone, []string{"+7 495 276 29 65"}},
		{"org website", o, entity.Website, []string{"www.almaz-antey.ru"}},
		{"org email", o, entity.Email, []string{"info@almaz-antey.ru"}},
		{"org program", o, entity.Program, []string{"RUS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(sourcetest.Codes(tt.prop, tt.want), sourcetest.Codes(tt.prop, tt.e.Get(tt.prop))); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.prop, diff)
			}
		})
	}
	if o.Schema != entity.Organisation || p.Schema != entity.Person {
		t.Errorf("schemas %s, %s", p.Schema, o.Schema)
	}
	var fields []string
	for _, pr := range rep.Problems {
		fields = append(fields, pr.Field)
		if pr.File != "testdata/small.xml" || pr.Line == 0 {
			t.Errorf("problem not positioned: %+v", pr)
		}
	}
	want := []string{"sanctionEntity@futureAttribute", "sanctionEntity/futureElement", "nameAlias", "logicalId"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("problem fields (-want +got):\n%s", diff)
	}
}

func TestBadInput(t *testing.T) {
	const head = `<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="x">`
	const rec = `<sanctionEntity logicalId="1"><subjectType code="person"/><nameAlias wholeName="A"/></sanctionEntity>`
	sourcetest.BadInputs(t, read, "in.xml", []sourcetest.BadInput{
		{Name: "empty", In: strings.NewReader(""), Is: source.ErrFormat},
		{Name: "csv", In: strings.NewReader("Report Date: 01-Jan-2024\nLast Updated,Unique ID\n"), Is: source.ErrFormat},
		{Name: "no records", In: strings.NewReader(`<?xml version="1.0"?><export generationDate="x"></export>`), Is: source.ErrFormat, Line: 1},
		{Name: "un xml", In: strings.NewReader(`<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>`), Is: source.ErrFormat, Line: 1},
		{Name: "truncated in record", In: strings.NewReader(head + rec + "\n<sanctionEntity logicalId=\"2\"><nameAl"), Is: source.ErrFormat, Line: 2, Emits: 1},
		{Name: "truncated after record", In: strings.NewReader(head + rec + "\n"), Is: source.ErrFormat, Line: 2, Emits: 1},
		{Name: "xml bomb", In: strings.NewReader(`<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<export><sanctionEntity logicalId="1"><nameAlias wholeName="&lol2;"/></sanctionEntity></export>`), Is: source.ErrFormat, Line: 3},
		{Name: "deep nesting", In: strings.NewReader(head + strings.Repeat("<a>", 10000)), Is: source.ErrTooLarge},
		{Name: "deep nesting in record", In: strings.NewReader(head + `<sanctionEntity logicalId="1">` + strings.Repeat("<a>", 10000)), Is: source.ErrTooLarge},
		{Name: "100 MB attribute", In: sourcetest.Repeat(head+`<sanctionEntity logicalId="1"><nameAlias wholeName="`, 'x', 100<<20, `"/></sanctionEntity></export>`), Is: source.ErrTooLarge},
		{Name: "100 MB line between records", In: sourcetest.Repeat(head+rec, ' ', 100<<20, rec), Is: source.ErrTooLarge, Emits: 1},
		{Name: "invalid utf-8", In: strings.NewReader(head + `<sanctionEntity logicalId="1"><nameAlias wholeName="` + "\xff\xfe" + `"/></sanctionEntity></export>`), Is: source.ErrFormat, Line: 1},
	})
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	_, err := Reader{}.Read(context.Background(), "testdata/small.xml", func(*entity.Entity) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want it to wrap the emit error", err)
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
		{"eu", small, true},
		{"eu head cut", small[:200], true},
		{"other export root", []byte(`<?xml version="1.0"?><export><item/></export>`), false},
		{"un", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS>`), false},
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
		if rep.Entities != 2 {
			t.Errorf("entities = %d", rep.Entities)
		}
	}
}
