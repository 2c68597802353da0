package country

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
)

func TestCode(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"un russia", "Russian Federation", "RU", true},
		{"ofac russia", "Russia", "RU", true},
		{"un dprk", "Democratic People's Republic of Korea", "KP", true},
		{"iso dprk", "Korea, Democratic People's Republic of", "KP", true},
		{"ofac north korea", "Korea, North", "KP", true},
		{"un iran", "Iran (Islamic Republic of)", "IR", true},
		{"un syria", "Syrian Arab Republic", "SY", true},
		{"un viet nam", "Viet Nam", "VN", true},
		{"turkiye", "Türkiye", "TR", true},
		{"turkey", "Turkey", "TR", true},
		{"eu congo upper", "CONGO, Democratic Republic of (was Zaire)", "CD", true},
		{"un uk", "United Kingdom of Great Britain and Northern Ireland", "GB", true},
		{"hong kong", "China, Hong Kong Special Administrative Region", "HK", true},
		{"code", "ru", "RU", true},
		{"uk abbreviation", "UK", "GB", true},
		{"spaces", "  united   states of america ", "US", true},
		{"curly apostrophe", "Democratic People’s Republic of Korea", "KP", true},
		{"demonym", "Pakistani", "PK", true},
		{"demonym russian", "russian", "RU", true},
		{"ambiguous demonym", "Congolese", "", false},
		{"unknown", "former Soviet Union", "", false},
		{"empty", "", "", false},
		{"armenia stats lost accent", "Saint-Barth?lemy", "BL", true},
		{"armenia stats dpr", "Korea, DPR of", "KP", true},
		{"armenia stats spaced apostrophe", "Cote d' Ivoire", "CI", true},
		{"comext eire", "Ireland (Eire)", "IE", true},
		{"unknown code", "00", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Code(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Code(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNamesAreUnambiguous(t *testing.T) {
	seen := map[string]string{}
	all := map[string][]string{}
	for code, ns := range names {
		all[code] = append(all[code], ns...)
	}
	for code, ns := range demonyms {
		if !Known(code) {
			t.Errorf("demonym code %s is not in names", code)
		}
		all[code] = append(all[code], ns...)
	}
	for code, ns := range all {
		if len(code) != 2 {
			t.Errorf("code %q is not two letters", code)
		}
		for _, n := range ns {
			k := key(n)
			if prev, ok := seen[k]; ok && prev != code {
				t.Errorf("%q maps to both %s and %s", n, prev, code)
			}
			seen[k] = code
		}
	}
}

func TestAlpha3(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"germany", "DEU", "DE", true},
		{"armenia", "ARM", "AM", true},
		{"lower case", "rus", "RU", true},
		{"comtrade world", "W00", "", false},
		{"comtrade eu", "EUR", "", false},
		{"two letters", "DE", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Alpha3(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Alpha3(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func BenchmarkCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Code("Iran (Islamic Republic of)")
		Code("Türkiye")
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ru", "Russia", true},
		{"RU", "Russia", true},
		{"kp", "North Korea", true},
		{"xk", "Kosovo", true},
		{"zz", "", false},
		{"", "", false},
		{"Russia", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Name(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Name(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestFtMTerritories: every FtM country value outside the ISO table is
// known (../shared/data/ftm-schema/defaultModel.json), so yente clients'
// queries are not refused.
func TestFtMTerritories(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "ftm-schema", "defaultModel.json"))
	if err != nil {
		testutil.Skipf(t, "FtM model not found: %v", err)
	}
	var m struct {
		Types map[string]struct {
			Values map[string]string `json:"values"`
		} `json:"types"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	values := m.Types["country"].Values
	if len(values) < 200 {
		t.Fatalf("%d country values in the FtM model", len(values))
	}
	for code, label := range values {
		_, iso := Code(code)
		name, ftm := FtMTerritory(code)
		if !iso && !ftm {
			t.Errorf("FtM country %q (%s) unknown", code, label)
		}
		if ftm && name != label {
			t.Errorf("FtM country %q: name %q, model says %q", code, name, label)
		}
	}
}
