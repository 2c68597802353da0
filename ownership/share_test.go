package ownership

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseShare(t *testing.T) {
	tests := []struct {
		in   string
		want Share // Raw and Known are filled by the test
		err  bool
	}{
		{in: "50", want: Share{Min: 50, Max: 50}},
		{in: "50.00", want: Share{Min: 50, Max: 50}},
		{in: "25%", want: Share{Min: 25, Max: 25}},
		{in: " 25 % ", want: Share{Min: 25, Max: 25}},
		{in: "49,5", want: Share{Min: 49.5, Max: 49.5}},
		{in: "0.5", want: Share{Min: 0.5, Max: 0.5}},
		{in: "100 percent", want: Share{Min: 100, Max: 100}},
		{in: "25-50", want: Share{Min: 25, Max: 50}},
		{in: "25 – 50%", want: Share{Min: 25, Max: 50}},
		{in: "25% - 50%", want: Share{Min: 25, Max: 50}},
		{in: "between 25 and 50%", want: Share{Min: 25, Max: 50}},
		{in: "from 10 to 20 per cent", want: Share{Min: 10, Max: 20}},
		{in: "more than 50%", want: Share{Min: 50, Max: 100, MinOpen: true}},
		{in: "Over 50", want: Share{Min: 50, Max: 100, MinOpen: true}},
		{in: ">50", want: Share{Min: 50, Max: 100, MinOpen: true}},
		{in: ">= 50", want: Share{Min: 50, Max: 100}},
		{in: "at least 25%", want: Share{Min: 25, Max: 100}},
		{in: "50%+", want: Share{Min: 50, Max: 100}},
		{in: "approximately 50", err: true},
		{in: "+", err: true},
		{in: "less than 10%", want: Share{Min: 0, Max: 10, MaxOpen: true}},
		{in: "up to 25", want: Share{Min: 0, Max: 25}},
		{in: "<25", want: Share{Min: 0, Max: 25, MaxOpen: true}},
		{in: "majority", want: Share{Min: 50, Max: 100, MinOpen: true}},
		{in: "Minority", want: Share{Min: 0, Max: 50, MaxOpen: true}},
		{in: "wholly owned", want: Share{Min: 100, Max: 100}},
		{in: "lots", err: true},
		{in: "", err: true},
		{in: "150", err: true},
		{in: "-5", err: true},
		{in: "50-25", err: true},
		{in: "more than 100%", err: true},
		{in: "less than 0", err: true},
		{in: "1/2", err: true},
		{in: "NaN", err: true},
		{in: "1e2", err: true},
		{in: "between 10", err: true},
		{in: "controlling", err: true},
		{in: "\xff50", err: true},
		{in: strings.Repeat("5", 1000), err: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseShare(tc.in)
			if tc.err {
				if err == nil || !errors.Is(err, ErrShare) {
					t.Fatalf("ParseShare(%q) = %+v, %v; want an ErrShare", tc.in, got, err)
				}
				if got.Raw != tc.in {
					t.Errorf("Raw = %q, want the input kept", got.Raw)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseShare(%q): %v", tc.in, err)
			}
			want := tc.want
			want.Raw, want.Known = tc.in, true
			if got != want {
				t.Errorf("ParseShare(%q) = %+v, want %+v", tc.in, got, want)
			}
		})
	}
}

// readFixture returns the lines of testdata/percentages.txt: the ones to
// parse and the ones ("!" prefix) that must fail.
func readFixture(t testing.TB) (good, bad []string) {
	f, err := os.Open("testdata/percentages.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "!"):
			bad = append(bad, l[1:])
		default:
			good = append(good, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return good, bad
}

func TestParseShareFixture(t *testing.T) {
	good, bad := readFixture(t)
	for _, s := range good {
		if _, err := ParseShare(s); err != nil {
			t.Errorf("ParseShare(%q): %v", s, err)
		}
	}
	for _, s := range bad {
		if _, err := ParseShare(s); err == nil {
			t.Errorf("ParseShare(%q): no error", s)
		}
	}
}

// FuzzParseShare checks that any text parses to bounds inside [0, 100] in
// order, or fails with ErrShare keeping the raw text, and that a parsed
// share written with String parses back to the same bounds.
func FuzzParseShare(f *testing.F) {
	good, bad := readFixture(f)
	for _, s := range append(good, bad...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShare(s)
		if err != nil {
			if !errors.Is(err, ErrShare) || sh.Raw != s || sh.Known {
				t.Fatalf("ParseShare(%q): error %v, share %+v", s, err, sh)
			}
			return
		}
		if !sh.Known || sh.Raw != s || sh.Min < 0 || sh.Max > 100 || sh.Min > sh.Max {
			t.Fatalf("ParseShare(%q) = %+v", s, sh)
		}
		back, err := ParseShare(sh.String())
		if err != nil {
			t.Fatalf("ParseShare(%q) = %+v; its String %q does not parse: %v", s, sh, sh.String(), err)
		}
		back.Raw = sh.Raw
		if back != sh {
			t.Fatalf("round trip of %q: %+v, then %q gives %+v", s, sh, sh.String(), back)
		}
	})
}
