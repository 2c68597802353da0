package names

import (
	"strings"
	"testing"
)

func TestLegalWordFix(t *testing.T) {
	tests := []struct{ name, tok, want string }{
		{"first letter of a long word", "oimited", "limited"},
		{"transliterated", "kholding", "holding"},
		{"swapped code", "ldt", "ltd"},
		{"swapped jsc", "jcs", "jsc"},
		{"dropped letter", "pjs", "pjsc"},
		{"swapped four letters", "jpsc", "pjsc"},
		{"legal word as written", "limited", ""},
		{"word with vowels", "nic", ""},
		{"plural of a word", "corps", ""},
		{"Lebanese SAL", "sal", ""},
		{"first letter dropped", "tda", ""},
		{"substituted code", "asc", ""},
		{"name word", "holly", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := legalWordFix(tc.tok); got != tc.want {
				t.Errorf("legalWordFix(%q) = %q, want %q", tc.tok, got, tc.want)
			}
		})
	}
}

func TestLegalFormsFuzzy(t *testing.T) {
	tests := []struct{ name, in, toks, code string }{
		{"reversed phrase", "GENBANK COMPANY STOCK JOINT", "genbank", "jsc"},
		{"reversed at the start", "COMPANY STOCK JOINT GENBANK", "genbank", "jsc"},
		{"misspelt first letter", "MOBIN HOLDING OIMITED", "mobin", "ltd"},
		{"swapped code", "LARGO LEASING LDT", "largo leasing", "ltd"},
		{"in order", "JOINT STOCK COMPANY GENBANK", "genbank", "jsc"},
		{"not a legal form", "GUARD CORPS", "guard corps", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := Analyze(tc.in)
			if got := strings.Join(n.Forms[0].Tokens, " "); got != tc.toks || n.LegalForm != tc.code {
				t.Errorf("Analyze(%q) = %q %q, want %q %q", tc.in, got, n.LegalForm, tc.toks, tc.code)
			}
		})
	}
}
