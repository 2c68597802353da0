package goods

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestNormalizeHS(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"dotted subheading", "8542.31", "854231", true},
		{"six digits", "854231", "854231", true},
		{"spaces national", "8542 31 00 00", "854231", true},
		{"dotted national", "8542.31.0000", "854231", true},
		{"dashes", "8542-31-00-00", "854231", true},
		{"eight-digit CN", "85423190", "854231", true},
		{"ten-digit TN VED", "8526910000", "852691", true},
		{"HS prefix", "HS 8526.91", "852691", true},
		{"HS colon prefix", "hs:880730", "880730", true},
		{"heading", "8542", "8542", true},
		{"dotted heading", "85.42", "8542", true},
		{"leading zero dropped, subheading", "90210", "090210", true},
		{"leading zero dropped, heading", "902", "0902", true},
		{"leading zero dropped, national", "902100000", "090210", true},
		{"leading zero kept", "0902.10", "090210", true},
		{"surrounding space", "  8534.00 ", "853400", true},
		{"CHPL 8548.00", "8548.00", "854800", true},
		{"unknown subheading", "8542.55", "", false},
		{"unknown heading", "0099", "", false},
		{"chapter only", "85", "", false},
		{"letters", "85A2.31", "", false},
		{"too long", "85423100001234", "", false},
		{"empty", "", "", false},
		{"only separators", " . - ", "", false},
		{"huge", strings.Repeat("8", 1000), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NormalizeHS(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeHS(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseHSErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
		mention  string
	}{
		{"letters", "85x231", ErrHSFormat, "byte 2"},
		{"chapter", "85", ErrHSFormat, "chapter"},
		{"too many digits", "123456789012", ErrHSFormat, "12 digits"},
		{"unknown subheading", "854255", ErrHSUnknown, "8542 has no subheading 854255"},
		{"unknown heading", "9800", ErrHSUnknown, "9800"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHS(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseHS(%q) error %v, want %v", tt.in, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("ParseHS(%q) error %q does not say %q", tt.in, err, tt.mention)
			}
		})
	}
	c, err := ParseHS("8542.31.90.00")
	if err != nil || c.National != "9000" || c.Heading != "8542" || c.String() != "8542.31" {
		t.Errorf("ParseHS(8542.31.90.00) = %+v, %v", c, err)
	}
}

// TestTables checks the embedded tables against the counts the published
// files state: 97 chapters, 1,229 headings, 5,613 subheadings; 50 CHPL
// codes in tiers of 4, 5, 16, 9, 11 and 5 (chpl_tiers.csv item_count).
func TestTables(t *testing.T) {
	tb := nomenclature()
	counts := map[int]int{}
	for k := range tb.desc {
		counts[len(k)]++
	}
	if counts[2] != 97 || counts[4] != 1229 || counts[6] != 5613 || len(tb.subs) != 5613 {
		t.Errorf("nomenclature: %d chapters, %d headings, %d subheadings; want 97, 1229, 5613", counts[2], counts[4], counts[6])
	}
	tiers := map[string]int{}
	for _, code := range CHPL() {
		tiers[Tier(code)]++
	}
	want := map[string]int{"1": 4, "2": 5, "3.A": 16, "3.B": 9, "4.A": 11, "4.B": 5}
	for k, n := range want {
		if tiers[k] != n {
			t.Errorf("tier %s: %d codes, want %d", k, tiers[k], n)
		}
		if TierDefinition(k) == "" {
			t.Errorf("tier %s has no definition", k)
		}
	}
	if len(CHPL()) != 50 {
		t.Errorf("%d CHPL codes, want 50", len(CHPL()))
	}
	for _, c := range []struct{ code, tier string }{{"854231", "1"}, {"852691", "2"}, {"880730", "3.B"}, {"845710", "4.B"}, {"851713", ""}, {"847130", ""}, {"880622", ""}} {
		if got := Tier(c.code); got != c.tier {
			t.Errorf("Tier(%s) = %q, want %q", c.code, got, c.tier)
		}
	}
	if Description("854231") == "" || !strings.HasPrefix(Description("8542"), "Electronic integrated circuits") {
		t.Errorf("Description(8542) = %q", Description("8542"))
	}
}

func TestLoadTableErrors(t *testing.T) {
	tests := []struct{ name, hs, chpl, want string }{
		{"no tab", "# h\n01\n", "", "data/hs.tsv:2: no tab"},
		{"bad code length", "123\tx\n", "", "data/hs.tsv:1: code \"123\""},
		{"CHPL not in HS", "01\tx\n", "999999\t1\n", "data/chpl.tsv:1: CHPL code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadTable(tt.hs, tt.chpl, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("loadTable error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// FuzzNormalizeHS checks that normalization never panics, is idempotent,
// returns only known codes of 4 or 6 digits, and agrees with ParseHS.
func FuzzNormalizeHS(f *testing.F) {
	seeds, err := os.ReadFile("testdata/hscodes.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range strings.Split(string(seeds), "\n") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizeHS(s)
		_, err := ParseHS(s)
		if ok != (err == nil) {
			t.Fatalf("NormalizeHS(%q) ok=%v but ParseHS error %v", s, ok, err)
		}
		if !ok {
			if got != "" {
				t.Fatalf("NormalizeHS(%q) = %q with ok false", s, got)
			}
			if !errors.Is(err, ErrHSFormat) && !errors.Is(err, ErrHSUnknown) {
				t.Fatalf("ParseHS(%q) error %v wraps neither sentinel", s, err)
			}
			return
		}
		if (len(got) != 4 && len(got) != 6) || Description(got) == "" {
			t.Fatalf("NormalizeHS(%q) = %q, not a known heading or subheading", s, got)
		}
		again, ok2 := NormalizeHS(got)
		if !ok2 || again != got {
			t.Fatalf("NormalizeHS not idempotent: %q → %q → %q, %v", s, got, again, ok2)
		}
	})
}
