package fold

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSpace(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "Ivan Petrov", "Ivan Petrov"},
		{"padded", "  Ivan Petrov \t", "Ivan Petrov"},
		{"double space", "Ivan  Petrov", "Ivan Petrov"},
		{"wrapped", "Ulitsa\r\n   Lenina 1", "Ulitsa Lenina 1"},
		{"no-break space", "Ivan\u00a0Petrov", "Ivan Petrov"},
		{"cyrillic", " Иван  Петров ", "Иван Петров"},
		{"only space", " \n\t ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Space(tt.in); got != tt.want {
				t.Errorf("Space(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLower(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Kalashnikov\tCONCERN ", "kalashnikov concern"},
		{"Last  Updated", "last updated"},
		{"АО  «Концерн»", "ао «концерн»"},
		{"", ""},
	} {
		if got := Lower(tc.in); got != tc.want {
			t.Errorf("Lower(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJoin(t *testing.T) {
	if got := Join(", ", " Street 1 ", "", "  ", "Moscow\n", "Russia"); got != "Street 1, Moscow, Russia" {
		t.Errorf("Join = %q", got)
	}
}

// FuzzFold checks Fold against its definition: the fields of s joined
// with single spaces.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "a  b", " a\tb\n", "x\u00a0y", "\u2028z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Space(s)
		if want := strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("Space(%q) = %q, want %q", s, got, want)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Space(%q) = %q is not UTF-8", s, got)
		}
	})
}

func BenchmarkSpace(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Space("  ROSOBORONEXPORT OAO ")
	}
}
