package trade

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/redline-sanctions/redline/source"
)

func seed(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", p))
		if len(files) == 0 {
			f.Fatalf("no seed matches %s", p)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// fuzzRead checks a read of data: no panic, a positioned error or none,
// positioned problems, valid records, and rows = records + skipped.
func fuzzRead(t *testing.T, read func(context.Context, string, *bytes.Reader, Emit) (*Report, error), data []byte) []Record {
	const name = "fuzz.csv"
	var got []Record
	rep, err := read(context.Background(), name, bytes.NewReader(data), func(r Record) error { got = append(got, r); return nil })
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) || se.File != name {
			t.Fatalf("error not positioned: %v", err)
		}
	}
	checkRead(t, name, got, rep, err)
	return got
}

// FuzzComext: besides the read properties, every record read comes back
// the same when written as a code-and-label Comext row and read again.
func FuzzComext(f *testing.F) {
	seed(f, "comext_*.csv")
	read := func(ctx context.Context, name string, in *bytes.Reader, emit Emit) (*Report, error) {
		return Comext{}.ReadInput(ctx, name, in, emit)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := fuzzRead(t, read, data)
		if len(got) == 0 {
			return
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{"REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD", "VALUE_IN_EUR"})
		for _, r := range got {
			period := fmt.Sprintf("%d52", r.Period.Year)
			if !r.Period.Annual() {
				period = fmt.Sprintf("%dM%02d", r.Period.Year, r.Period.Month)
			}
			flow := "1-IMPORT"
			if r.Flow == Export {
				flow = "2-EXPORT"
			}
			w.Write([]string{r.Reporter + "-x", r.Partner + "-x", r.HS + "-x", flow, r.Procedure + "-" + r.Procedure, period, strconv.FormatFloat(r.Value, 'g', -1, 64)})
		}
		w.Flush()
		back := fuzzRead(t, read, b.Bytes())
		if len(back) != len(got) {
			t.Fatalf("%d records read back from %d:\n%s", len(back), len(got), b.String())
		}
		for i := range got {
			a, z := got[i], back[i]
			if a.Reporter != z.Reporter || a.Partner != z.Partner || a.HS != z.HS || a.Flow != z.Flow || a.Period != z.Period || a.Value != z.Value {
				t.Errorf("record %d: %+v read back as %+v", i, a, z)
			}
		}
	})
}

func FuzzComtrade(f *testing.F) {
	seed(f, "comtrade_*")
	read := func(ctx context.Context, name string, in *bytes.Reader, emit Emit) (*Report, error) {
		return Comtrade{}.ReadInput(ctx, name, in, emit)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, read, data)
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"Aug. 2024", "2024M08", "202408", "Jan.-Dec. 2019", "201952-Jan.-Dec. 2019", "Y2019", "2019"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if !p.Valid() {
			t.Fatalf("%q parsed to invalid %+v", s, p)
		}
		// The canonical writing parses to the same period.
		if q, err := ParsePeriod(p.String()); err != nil || q != p {
			t.Fatalf("%q → %v → %v, %v", s, p, q, err)
		}
	})
}
