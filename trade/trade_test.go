package trade

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/source"
)

var update = testutil.Update

// shared is the shared trade data folder, read in place.
var shared = testutil.SharedData("trade")

func readAll(t testing.TB, path string) ([]Record, *Report, error) {
	t.Helper()
	var got []Record
	rep, err := ReadFile(context.Background(), path, func(r Record) error { got = append(got, r); return nil })
	return got, rep, err
}

// checkRead is what every read must satisfy: problems positioned, records
// valid and positioned, counts adding up.
func checkRead(t testing.TB, path string, got []Record, rep *Report, err error) {
	t.Helper()
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) || se.File != path {
			t.Errorf("error %v is not positioned in %s", err, path)
		}
	}
	if rep == nil {
		t.Fatalf("no report")
	}
	for _, p := range rep.Problems {
		if p.File != path || p.Line < 1 || p.Reason == "" {
			t.Errorf("problem not positioned: %+v", p)
		}
	}
	if err == nil && rep.Rows != rep.Records+rep.Skipped {
		t.Errorf("rows %d != records %d + skipped %d", rep.Rows, rep.Records, rep.Skipped)
	}
	if rep.Records != len(got) {
		t.Errorf("report counts %d records, %d emitted", rep.Records, len(got))
	}
	for _, r := range got {
		if err := r.Valid(); err != nil {
			t.Errorf("%s:%d: invalid record: %v: %+v", r.File, r.Line, err, r)
		}
	}
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"comext_codes.csv", "comext_labels.csv", "comext_bad.csv", "comtrade_annual.csv", "comtrade_monthly.txt"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			got, rep, err := readAll(t, path)
			if err != nil {
				t.Fatal(err)
			}
			checkRead(t, path, got, rep, err)
			b, err := json.MarshalIndent(struct {
				Records []Record
				Report  *Report
			}{got, rep}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden.json")
			testutil.Golden(t, golden, append(b, '\n'))
		})
	}
}

// TestLabelStyles checks by hand that the label styles read to the same
// codes and periods.
func TestLabelStyles(t *testing.T) {
	codes, _, err := readAll(t, "testdata/comext_codes.csv")
	if err != nil {
		t.Fatal(err)
	}
	labels, _, err := readAll(t, "testdata/comext_labels.csv")
	if err != nil {
		t.Fatal(err)
	}
	type fig struct {
		Reporter, Partner, HS, Procedure, Period string
		Flow                                     Flow
		Value                                    float64
	}
	var got []fig
	for _, r := range append(codes, labels...) {
		got = append(got, fig{r.Reporter, r.Partner, r.HS, r.Procedure, r.Period.String(), r.Flow, r.Value})
	}
	want := []fig{
		{"EU27", "AM", "TOTAL", "TOTAL", "2024-08", Export, 151234567},
		{"DE", "AM", "8542", "NORMAL", "2024-08", Export, 120500},
		{"DE", "KG", "854231", "TOTAL", "2019", Export, 98000.5},
		{"EA20", "GE", "TOTAL", "TOTAL", "2019-08", Import, 5000000},
		{"FR", "RU", "88", "TOTAL", "2023-01", Export, 0},
		{"EU27", "KG", "TOTAL", "TOTAL", "2019", Export, 441000000},
		{"DE", "KG", "TOTAL", "TOTAL", "2023-09", Export, 61000000},
		{"IT", "KZ", "TOTAL", "TOTAL", "2024-05", Export, 150000000},
		{"IE", "AM", "TOTAL", "TOTAL", "2021", Export, 1200000.75},
		{"EA", "AM", "TOTAL", "TOTAL", "2020-12", Export, 33000000},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if q := codes[1].NetMass; q == nil || *q != 350 {
		t.Errorf("QUANTITY_IN_100KG 3.5 read as %v kg, want 350", q)
	}
}

// TestBadRows: each bad row of comext_bad.csv is skipped with its line,
// column and reason; the good row after them is read.
func TestBadRows(t *testing.T) {
	path := "testdata/comext_bad.csv"
	got, rep, err := readAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	type skip struct {
		Line          int
		Field, Reason string
	}
	var skips []skip
	for _, p := range rep.Problems {
		if !p.Skipped {
			t.Errorf("problem %v does not skip", p)
		}
		skips = append(skips, skip{p.Line, p.Field, p.Reason})
	}
	want := []skip{
		{2, "VALUE_IN_EUR", `value "12x34" is not a number`},
		{3, "PERIOD", `period "Augustus 2024": want a month (Aug. 2024, 2024M08, 202408) or a year (2019, Y2019, Jan.-Dec. 2019, 201952)`},
		{4, "REPORTER", `unknown country or area "Germania Magna"`},
		{5, "VALUE_IN_EUR", `value ":": not available (confidential or missing)`},
		{6, "", "6 fields, the header has 7"},
		{7, "FLOW", `flow "SIDEWAYS": want EXPORT or IMPORT`},
		{8, "PRODUCT", `product "Electronic integrated circuits" has no HS or CN code (export with 'code and label' or 'code' labels)`},
		{9, "PERIOD", `period "Jan.-Jun. 2024" is a range of months, neither a month nor a year`},
		{10, "VALUE_IN_EUR", "negative value -5"},
	}
	if d := cmp.Diff(want, skips); d != "" {
		t.Errorf("skips (-want +got):\n%s", d)
	}
	if rep.Skipped != len(want) || len(got) != 1 || got[0].Reporter != "AT" || got[0].Line != 11 {
		t.Errorf("skipped %d, read %+v", rep.Skipped, got)
	}
}

func TestUnknownLayout(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"shipments.csv": "shipper,consignee,hs\nA,B,8542\n",
		"empty.csv":     "",
		"notes.txt":     "REPORTER PARTNER and so on\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := readAll(t, path)
			var se *source.Error
			if !errors.Is(err, source.ErrFormat) || !errors.As(err, &se) || se.File != path {
				t.Errorf("got %v, want a positioned format error", err)
			}
		})
	}
	// A detected file whose header lacks a column the reader needs.
	_, err := Comext{}.ReadInput(context.Background(), "x.csv", strings.NewReader("REPORTER,PARTNER,PERIOD,VALUE_IN_EUR\nDE,AM,2019,1\n"), func(Record) error { return nil })
	if !errors.Is(err, source.ErrFormat) || !strings.Contains(err.Error(), "x.csv:1: comext: no column flow") {
		t.Errorf("got %v", err)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		ok   bool
	}{
		{"Aug. 2024", Period{2024, 8}, true},
		{"May. 2024", Period{2024, 5}, true},
		{"May 2024", Period{2024, 5}, true},
		{"Sept. 2023", Period{2023, 9}, true},
		{"September 2023", Period{2023, 9}, true},
		{"2024M08", Period{2024, 8}, true},
		{"202408", Period{2024, 8}, true},
		{"2024-08", Period{2024, 8}, true},
		{"202408-Aug. 2024", Period{2024, 8}, true},
		{"Jan.-Dec. 2019", Period{Year: 2019}, true},
		{"201952-Jan.-Dec. 2019", Period{Year: 2019}, true},
		{"201952", Period{Year: 2019}, true},
		{"Y2019", Period{Year: 2019}, true},
		{"2019", Period{Year: 2019}, true},
		{"2024M13", Period{}, false},
		{"202413", Period{}, false},
		{"Jan.-Jun. 2019", Period{}, false},
		{"Augustus 2024", Period{}, false},
		{"Aug.", Period{}, false},
		{"", Period{}, false},
		{"Y20x9", Period{}, false},
		{"1800", Period{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in)
			if got != tt.want || (err == nil) != tt.ok {
				t.Errorf("ParsePeriod(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestArea(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Germany (incl. German Democratic Republic 'DD' from 1991)", "DE"},
		{"DE-Germany", "DE"},
		{"DE", "DE"},
		{"EL", "GR"},
		{"EU27_2020-European Union - 27 countries (from 2020)", "EU27"},
		{"European Union - 27 countries (from 2020)", "EU27"},
		{"European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK)", "EU27"},
		{"European Union (AT-01/1995, BE-01/1958, BG-01/2007)", "EU"},
		{"Euro area - 20 countries (AT, BE, CY, DE, EE, ES, FI, FR, GR, HR, IE, IT, LT, LU, LV, MT, NL, PT, SI, SK)", "EA20"},
		{"Euro area (AT-01/1999, BE-01/1999)", "EA"},
		{"Russian Federation (Russia)", "RU"},
		{"Ireland (Eire)", "IE"},
		{"Guinea-Bissau", "GW"},
		{"Bosnia Herzegovina", "BA"},
		{"Unknown country", "QU"},
		{"Monako", "MC"},
		{"ARMENIA", "AM"},
		{"Germania Magna", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, _, ok := Area(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Area(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestSharedData reads every file of the real Comext extracts and of
// Armenia's import statistics: every row read, every label mapped.
func TestSharedData(t *testing.T) {
	dir := filepath.Join(shared, "eurostat-comext")
	if _, err := os.Stat(dir); err != nil {
		testutil.Skipf(t, "shared data not present: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.csv"))
	if len(files) != 205 {
		t.Fatalf("%d files, want 205 (68 months × 3 destinations + Armenia's imports)", len(files))
	}
	reporters := map[string]bool{}
	total := 0
	for _, f := range files {
		got, rep, err := readAll(t, f)
		if err != nil {
			t.Fatal(err)
		}
		checkRead(t, f, got, rep, err)
		if rep.Skipped != 0 {
			t.Errorf("%s: %d rows skipped: %v", f, rep.Skipped, rep.Problems)
		}
		for _, r := range got {
			reporters[r.Reporter] = true
		}
		total += len(got)
	}
	// 6249 monthly Comext rows (wc -l minus headers) + 573 rows of Armenia's.
	if total != 6249+573 {
		t.Errorf("%d records, want %d", total, 6249+573)
	}
	for _, want := range []string{"EU27", "EU", "EA20", "EA", "DE", "FR", "IE", "GB", "AM"} {
		if !reporters[want] {
			t.Errorf("reporter %s not read", want)
		}
	}
}

func BenchmarkReadComext(b *testing.B) {
	dir := filepath.Join(shared, "eurostat-comext")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.csv"))
	if len(files) == 0 {
		testutil.Skipf(b, "shared data not present")
	}
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		for _, f := range files {
			rep, err := ReadFile(context.Background(), f, func(Record) error { return nil })
			if err != nil {
				b.Fatal(err)
			}
			rows += rep.Records
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// TestComtradeRefPeriod: without a period column, refYear and refMonth
// (52 for a year) give the period; freqCode must agree with it.
func TestComtradeRefPeriod(t *testing.T) {
	in := "freqCode,refYear,refMonth,reporterISO,flowCode,partnerISO,cmdCode,primaryValue\n" +
		"M,2023,8,KGZ,M,DEU,8542,100\n" +
		"A,2023,52,KGZ,M,DEU,8542,1200\n" +
		"A,2023,8,KGZ,M,DEU,8542,100\n"
	var got []Record
	rep, err := Comtrade{}.ReadInput(context.Background(), "c.csv", strings.NewReader(in), func(r Record) error { got = append(got, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Period != (Period{2023, 8}) || got[1].Period != (Period{Year: 2023}) || got[0].Reporter != "KG" || got[0].Partner != "DE" {
		t.Errorf("records %+v", got)
	}
	if rep.Skipped != 1 || rep.Problems[0].Line != 4 || !strings.Contains(rep.Problems[0].Reason, "freqCode A with the monthly period") {
		t.Errorf("problems %+v", rep.Problems)
	}
}
