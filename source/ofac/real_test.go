package ofac

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// dataDir is the shared real data, read in place.
const dataDir = sourcetest.DataDir + "/lists/ofac"

// readAll reads path with r and returns the entities by id, in order, and
// the report.
func readAll(t testing.TB, r source.Reader, path string) (map[string]*entity.Entity, []*entity.Entity, *source.Report, error) {
	t.Helper()
	byID := map[string]*entity.Entity{}
	var all []*entity.Entity
	rep, err := r.Read(context.Background(), path, func(e *entity.Entity) error {
		if _, dup := byID[e.ID]; dup {
			t.Errorf("duplicate id %s", e.ID)
		}
		byID[e.ID] = e
		all = append(all, e)
		return nil
	})
	return byID, all, rep, err
}

// rawRows reads a CSV file of the shared data independently of the reader
// under test (the 0x1A end-of-file row dropped).
func rawRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(rows, func(r []string) bool { return len(r) == 1 && strings.Trim(r[0], "\x1a") == "" })
}

func parties(rep *source.Report) int {
	n := 0
	for s, c := range rep.Schemas {
		if entity.Matchable(s) {
			n += c
		}
	}
	return n
}

func checkRoundTrip(t *testing.T, all []*entity.Entity) {
	t.Helper()
	for _, e := range all {
		sourcetest.CheckJSON(t, e)
	}
}

func checkLinks(t *testing.T, byID map[string]*entity.Entity, all []*entity.Entity) {
	t.Helper()
	for _, e := range all {
		if e.Schema != entity.UnknownLink {
			continue
		}
		for _, p := range []string{entity.Subject, entity.Object} {
			if _, ok := byID[e.First(p)]; !ok {
				t.Errorf("link %s: %s %q is not an emitted entity", e.ID, p, e.First(p))
			}
		}
	}
}

func TestCSVRealSDN2021(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	dir := filepath.Join(dataDir, "sdn-2021-07")
	byID, all, rep, err := readAll(t, CSVReader{}, filepath.Join(dir, "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("records %d, entities %d, names %d, links %d, skipped %d, warnings %d, schemas %v",
		rep.Records, rep.Entities, rep.Names, rep.Links, rep.Skipped, rep.Warnings(), rep.Schemas)
	if rep.Skipped != 0 {
		t.Errorf("skipped %d, want 0", rep.Skipped)
	}
	want := map[string]int{entity.Person: 4620, entity.Vessel: 406, entity.Airplane: 277, entity.Organisation: 3673}
	for s, n := range want {
		if rep.Schemas[s] != n {
			t.Errorf("%s: %d entities, want %d", s, rep.Schemas[s], n)
		}
	}
	if n := parties(rep); n != 8976 {
		t.Errorf("parties: %d, want 8976", n)
	}
	if rep.Dataset != DatasetSDN || rep.Format != FormatCSV || len(rep.Files) != 4 {
		t.Errorf("report: dataset %q format %q files %v", rep.Dataset, rep.Format, rep.Files)
	}

	// Every alt.csv row ends as a name of its entity.
	alts, found := 0, 0
	for _, r := range rawRows(t, filepath.Join(dir, "alt.csv")) {
		alts++
		e := byID[entity.MakeID(DatasetSDN, r[0])]
		if e == nil {
			t.Errorf("alt.csv %v: no entity", r)
			continue
		}
		name := strings.TrimSpace(r[3])
		if slices.Contains(e.Get(entity.Alias), name) || slices.Contains(e.Get(entity.PreviousName), name) || slices.Contains(e.Get(entity.WeakAlias), name) {
			found++
		} else {
			t.Errorf("alt.csv %v: name not on %s", r, e.ID)
		}
	}
	t.Logf("alt.csv: %d rows, %d found as alias/previousName/weakAlias", alts, found)
	if alts != 11910 || found != alts {
		t.Errorf("alt.csv: %d rows, %d found; want 11910 and 11910", alts, found)
	}

	// Every add.csv row ends as an address (or, when it holds nothing, adds none).
	adds, addFound, empty := 0, 0, 0
	for _, r := range rawRows(t, filepath.Join(dir, "add.csv")) {
		adds++
		e := byID[entity.MakeID(DatasetSDN, r[0])]
		if e == nil {
			t.Errorf("add.csv %v: no entity", r)
			continue
		}
		a := joinNonEmpty(", ", field(r, 2), field(r, 3), field(r, 4))
		switch {
		case a == "":
			empty++
		case slices.Contains(e.Get(entity.Address), a):
			addFound++
		default:
			t.Errorf("add.csv %v: address %q not on %s", r, a, e.ID)
		}
	}
	t.Logf("add.csv: %d rows, %d found as address, %d empty (all -0-)", adds, addFound, empty)
	if adds != 13837 || addFound+empty != adds {
		t.Errorf("add.csv: %d rows, %d found + %d empty; want 13837 in all", adds, addFound, empty)
	}
	checkRoundTrip(t, all)
	checkLinks(t, byID, all)
}

func TestCSVRealCons2025(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	byID, all, rep, err := readAll(t, CSVReader{}, filepath.Join(dataDir, "cons-2025-12", "cons_prim.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("records %d, entities %d, names %d, links %d, skipped %d, warnings %d, schemas %v",
		rep.Records, rep.Entities, rep.Names, rep.Links, rep.Skipped, rep.Warnings(), rep.Schemas)
	if n := parties(rep); n != 442 || rep.Skipped != 0 || rep.Dataset != DatasetCons {
		t.Errorf("parties %d skipped %d dataset %s; want 442, 0, %s", n, rep.Skipped, rep.Dataset, DatasetCons)
	}
	alts := rawRows(t, filepath.Join(dataDir, "cons-2025-12", "cons_alt.csv"))
	for _, r := range alts {
		e := byID[entity.MakeID(DatasetCons, r[0])]
		if e == nil || !slices.Contains(e.Names(), strings.TrimSpace(r[3])) {
			t.Errorf("cons_alt.csv %v: not a name of its entity", r)
		}
	}
	checkRoundTrip(t, all)
	checkLinks(t, byID, all)
}

func TestCSVRealResaved2023(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	_, all, rep, err := readAll(t, CSVReader{}, filepath.Join(dataDir, "sdn-2023-01-resaved-nonofficial", "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("records %d, entities %d, names %d, links %d, skipped %d, warnings %d, schemas %v",
		rep.Records, rep.Entities, rep.Names, rep.Links, rep.Skipped, rep.Warnings(), rep.Schemas)
	if n := parties(rep); n != 11443 || rep.Skipped != 0 || rep.Format != FormatCSVResaved {
		t.Errorf("parties %d skipped %d format %s; want 11443, 0, %s", n, rep.Skipped, rep.Format, FormatCSVResaved)
	}
	russia := 0
	for _, e := range all {
		if slices.Contains(e.Get(entity.Program), "RUSSIA-EO14024") {
			russia++
		}
	}
	if russia != 1843 {
		t.Errorf("RUSSIA-EO14024: %d entries, want 1843", russia)
	}
}

func TestCSVRealPartial2025(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	dir := filepath.Join(dataDir, "sdn-2025-12-partial")
	for _, p := range []string{dir, filepath.Join(dir, "add.csv"), filepath.Join(dir, "alt.csv")} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			_, _, rep, err := readAll(t, CSVReader{}, p)
			if !errors.Is(err, source.ErrFormat) || !strings.Contains(err.Error(), "sdn.csv") {
				t.Fatalf("error %v, want ErrFormat naming the missing sdn.csv", err)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.File == "" {
				t.Errorf("error %v is not positioned", err)
			}
			if rep == nil || rep.Entities != 0 {
				t.Errorf("report %+v, want one with no entities", rep)
			}
			t.Log(err)
		})
	}
	detected := 0
	for _, n := range []string{"add.csv", "alt.csv", "sdn_comments.csv"} {
		if DetectCSV(filepath.Join(dir, n), nil) {
			detected++
		}
	}
	if detected != 1 {
		t.Errorf("DetectCSV claims %d siblings of the set without sdn.csv, want 1", detected)
	}
}

// mentions are the facts whose share of remarks that end as properties is
// measured: a pattern on the remarks, whose first group (if any) is the
// value written, and the properties one of which must hold a value
// containing it (for DOB: starting with the year).
var mentions = []struct {
	name  string
	re    *regexp.Regexp
	props []string
}{
	{"DOB", regexp.MustCompile(`\bDOB (?:circa )?(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?(\d{4})`), []string{entity.BirthDate}},
	{"nationality", regexp.MustCompile(`(?:^|; )(?:alt\. )?nationality ([^;]+)`), []string{entity.Nationality, entity.Country}},
	{"citizen", regexp.MustCompile(`(?:^|; )(?:alt\. )?citizen ([^;]+)`), []string{entity.Citizenship, entity.Country}},
	{"passport", regexp.MustCompile(`\bPassport ([^ ;]*\d[^ ;]*)`), []string{entity.PassportNumber, entity.IDNumber}},
	{"national ID", regexp.MustCompile(`National ID No\. ([^ ;]*\d[^ ;]*)`), []string{entity.IDNumber}},
	{"vessel IMO", regexp.MustCompile(`\bIMO (\d{7})`), []string{entity.ImoNumber}},
	{"gender", regexp.MustCompile(`\bGender (Male|Female)`), []string{entity.Gender}},
	{"tax ID", regexp.MustCompile(`Tax ID No\. ([^ ;]*\d[^ ;]*)`), []string{entity.TaxNumber}},
	{"MMSI", regexp.MustCompile(`\bMMSI (\d+)`), []string{entity.Mmsi}},
	{"a.k.a.", regexp.MustCompile(`a\.k\.a\. '+([^';]+)`), []string{entity.WeakAlias}},
	{"Linked To", regexp.MustCompile(`Linked To: `), nil},
}

// TestRemarksCoverage measures, on the full SDN list of July 2021, how many
// entries mention a fact in their remarks and how many of them end up with
// the property, and how many of the values written (every DOB year, every
// passport number, ...) are found in a property value.
func TestRemarksCoverage(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	dir := filepath.Join(dataDir, "sdn-2021-07")
	byID, all, _, err := readAll(t, CSVReader{}, filepath.Join(dir, "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, e := range all {
		if e.Schema == entity.UnknownLink {
			linked[e.First(entity.Subject)] = true
		}
	}
	comments := map[string]string{}
	for _, r := range rawRows(t, filepath.Join(dir, "sdn_comments.csv")) {
		comments[r[0]] += r[1]
	}
	rows := rawRows(t, filepath.Join(dir, "sdn.csv"))
	var stmts, props, notes, links, unparsed int
	for _, r := range rows {
		text := rawField(r, 11) + comments[r[0]]
		stmts += len(splitRemarks(text))
		p := parseRemarks(text)
		props += len(p.Props)
		notes += len(p.Notes)
		links += len(p.Links)
		unparsed += len(p.Unparsed)
	}
	t.Logf("%d remark statements: %d property values, %d links, %d sanctions notes, %d not understood (%.2f%%, kept as notes)",
		stmts, props, links, notes, unparsed, 100*float64(unparsed)/float64(max(stmts, 1)))
	if unparsed*100 > stmts*5 {
		t.Errorf("%d of %d statements not understood, want under 5%%", unparsed, stmts)
	}
	emitted, unresolved := 0, 0
	for _, e := range all {
		if e.Schema == entity.UnknownLink {
			emitted++
		}
		for _, n := range e.Get(entity.Notes) {
			if strings.HasPrefix(n, "Linked To: ") {
				unresolved++
			}
		}
	}
	t.Logf("Linked To: %d statements, %d UnknownLink entities, %d naming no entry of the list (kept as notes)", links, emitted, unresolved)
	for _, m := range mentions {
		mentioned, ended, written, found := 0, 0, 0, 0
		var misses []string
		for _, r := range rows {
			text := r[11] + comments[r[0]]
			ms := m.re.FindAllStringSubmatch(text, -1)
			if ms == nil {
				continue
			}
			mentioned++
			e := byID[entity.MakeID(DatasetSDN, r[0])]
			var vals []string
			for _, p := range m.props {
				vals = append(vals, e.Get(p)...)
			}
			ok := len(vals) > 0
			if m.props == nil { // Linked To: a link, or the note that says it names no entry
				ok = linked[e.ID] || slices.ContainsFunc(e.Get(entity.Notes), func(n string) bool { return strings.HasPrefix(n, "Linked To: ") })
			}
			if ok {
				ended++
			} else {
				misses = append(misses, r[0]+": "+text)
			}
			for _, sm := range ms {
				if len(sm) < 2 {
					continue
				}
				written++
				want := strings.TrimLeft(strings.TrimRight(sm[1], ".,"), "#")
				if m.name == "nationality" || m.name == "citizen" {
					want, _ = countryValue(want)
					if len(want) == 2 {
						want = strings.ToLower(want) // FtM country codes are lower case
					}
				}
				if m.name == "gender" {
					want = strings.ToLower(want)
				}
				if slices.ContainsFunc(vals, func(v string) bool {
					if m.name == "DOB" {
						return strings.HasPrefix(v, want)
					}
					return strings.Contains(v, want)
				}) {
					found++
				} else {
					misses = append(misses, fmt.Sprintf("%s: value %q not in %v", r[0], want, vals))
				}
			}
		}
		t.Logf("%-12s mentioned in %5d entries, property set on %5d (%.2f%%); values written %5d, found %5d (%.2f%%)",
			m.name, mentioned, ended, 100*float64(ended)/float64(max(mentioned, 1)), written, found, 100*float64(found)/float64(max(written, 1)))
		for _, miss := range misses {
			t.Errorf("%s: %s", m.name, miss)
		}
	}
}

// TestCancel stops a read of the full list when its context is cancelled.
func TestCancel(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, r := range map[string]source.Reader{"csv": CSVReader{}} {
		t.Run(name, func(t *testing.T) {
			_, err := r.Read(ctx, filepath.Join(dataDir, "sdn-2021-07", "sdn.csv"), func(*entity.Entity) error { return nil })
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
		})
	}
}

// TestEmitError stops a read at the first error of emit and returns it.
func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	for name, tc := range map[string]struct {
		r    source.Reader
		path string
	}{
		"csv": {CSVReader{}, filepath.Join("testdata", "csv", "sdn.csv")},
		"xml": {XMLReader{}, filepath.Join("testdata", "xml", "sdn.xml")},
	} {
		t.Run(name, func(t *testing.T) {
			n := 0
			_, err := tc.r.Read(context.Background(), tc.path, func(*entity.Entity) error { n++; return stop })
			if !errors.Is(err, stop) || n != 1 {
				t.Errorf("error %v after %d entities, want stop after 1", err, n)
			}
		})
	}
}
