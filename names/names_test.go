package names

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"case and punctuation", "BORTNIKOV, Alexander", "bortnikov alexander"},
		{"diacritics", "Nicolás Maduro Erdoğan", "nicolas maduro erdogan"},
		{"apostrophe dropped", "O'Brien", "obrien"},
		{"ampersand", "AT&T", "at and t"},
		{"special letters", "Straße Øresund Łódź", "strasse oresund lodz"},
		{"cyrillic keeps й", "Зеленський Йорданова", "зеленський йорданова"},
		{"cyrillic drops ё", "Ёлкин", "елкин"},
		{"fullwidth NFKC", "ＡＢＣ　１２３", "abc 123"},
		{"numbers kept", "11420 CORP.", "11420 corp"},
		{"invalid utf8", "abc\xffdef", "abc def"},
		{"only punctuation", "--- ,, ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// form summarizes a Form as "script/translit: tokens".
func forms(n Name) []string {
	var out []string
	for _, f := range n.Forms {
		out = append(out, f.Script.String()+"/"+f.Translit+": "+f.Text())
	}
	return out
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name, in string
		legal    string
		forms    []string
	}{
		{"latin person", "Viktor MEDVEDCHUK", "", []string{"latin/: viktor medvedchuk"}},
		{"russian llc", `ООО "Ромашка"`, "llc", []string{"cyrillic/: ромашка", "latin/bgn: romashka"}},
		{"russian llc spelled out", `Общество с ограниченной ответственностью "Ромашка"`, "llc", []string{"cyrillic/: ромашка", "latin/bgn: romashka"}},
		{"latin ooo", "OOO Romashka", "llc", []string{"latin/: romashka"}},
		{"co ltd", "Hangzhou Hikvision Digital Technology Co., Ltd.", "ltd", []string{"latin/: hangzhou hikvision digital technology"}},
		{"jsc two suffixes", "TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY", "jsc", []string{"latin/: tactical missiles"}},
		{"german ag", "Siemens Aktiengesellschaft", "jsc", []string{"latin/: siemens"}},
		{"russian state corporation", "Госкорпорация Ростех", "stcorp", []string{"cyrillic/: ростех", "latin/bgn: rostekh"}},
		{"russian state corporation spelled out", "Государственная корпорация «Ростех»", "stcorp", []string{"cyrillic/: ростех", "latin/bgn: rostekh"}},
		{"state corporation first", "State Corporation Rostec", "stcorp", []string{"latin/: rostec"}},
		{"state corporation last", "ROSTEC STATE CORPORATION", "stcorp", []string{"latin/: rostec"}},
		{"chinese company", "杭州海康威视股份有限公司", "ltd", []string{"han/: 杭 州 海 康 威 视", "latin/pinyin: hang zhou hai kang wei shi", "latin/pinyin-joined: hangzhouhaikangweishi"}},
		{"ukrainian", "Володимир Зеленський", "", []string{"cyrillic/: володимир зеленський", "latin/bgn: volodimir zelenskiy", "latin/icao: volodimir zelenskii"}},
		{"ukrainian letters", "Фуад Гулієв", "", []string{"cyrillic/: фуад гулієв", "latin/bgn: fuad guliyev", "latin/icao: fuad guliiev", "latin/uk: fuad huliiev"}},
		{"greek", "Κυριάκος Μητσοτάκης", "", []string{"greek/: κυριακοσ μητσοτακησ", "latin/elot743: kyriakos mitsotakis"}},
		{"numbers kept", "11420 CORP.", "corp", []string{"latin/: 11420"}},
		{"legal form alone kept", "LLC", "", []string{"latin/: llc"}},
		{"acronym letters merged", "A.B.C. Company", "corp", []string{"latin/: abc"}},
		{"number words", "Brigade Forty-Four", "", []string{"latin/: brigade 44"}},
		{"honorific", "Mr. Recep Tayyip Erdoğan", "", []string{"latin/: recep tayyip erdogan"}},
		{"armenian", "Բարակ Օբամա", "", []string{"other/: բարակ օբամա", "latin/table: barak obama"}},
		{"wade-giles", "Mao Tse-tung", "", []string{"latin/: mao tse tung", "latin/wade-giles: mao ze dong"}},
		{"wade-giles hs ch", "Hsi Chin-p'ing", "", []string{"latin/: hsi chin ping", "latin/wade-giles: xi jin ping"}},
		{"pinyin is not wade-giles", "Xi Jinping", "", []string{"latin/: xi jinping"}},
		{"western name is not wade-giles", "Tim Cook", "", []string{"latin/: tim cook"}},
		{"legal form after a numeral", "Blackstone Real Estate Partners V L.P.", "lp", []string{"latin/: blackstone real estate partners 5"}},
		{"series I", "Citigroup Capital Trust I", "", []string{"latin/: citigroup capital trust 1"}},
		{"series XI needs a legal form", "Bain Capital Fund XI L.P.", "lp", []string{"latin/: bain capital fund 11"}},
		{"xi as a name", "Wang Ming Xi", "", []string{"latin/: wang ming xi"}},
		{"initial is not a numeral", "V. Putin", "", []string{"latin/: v putin"}},
		{"letters with legal form", "A.B.C. S.A.", "jsc", []string{"latin/: abc"}},
		{"misspelt legal form", "Siemens Aktiengeselschaft", "jsc", []string{"latin/: siemens"}},
		{"truncated legal form", "TACTICAL MISSILES CORPORATION JOINT STOCK COMPAN", "jsc", []string{"latin/: tactical missiles"}},
		{"name word near a legal word kept", "Limitless Compass", "", []string{"latin/: limitless compass"}},
		{"llc letters kept whole", "Bowne Solutions, L.L.C.", "llc", []string{"latin/: bowne solutions"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := Analyze(tc.in)
			got := forms(n)
			// Only the forms listed are checked, in order.
			if len(got) > len(tc.forms) {
				got = got[:len(tc.forms)]
			}
			if diff := cmp.Diff(tc.forms, got); diff != "" {
				t.Errorf("Analyze(%q) forms (-want +got):\n%s", tc.in, diff)
			}
			if n.LegalForm != tc.legal {
				t.Errorf("Analyze(%q).LegalForm = %q, want %q", tc.in, n.LegalForm, tc.legal)
			}
		})
	}
}

func TestSkeleton(t *testing.T) {
	same := [][]string{
		{"aleksandr", "alexandr"},
		{"zelenskiy", "zelenskyy", "zelenskii", "zelensky", "zelenskyi"},
		{"khodorkovsky", "hodorkovsky"},
		{"yuriy", "iurii", "yuri"},
		{"medvedchuk", "medvedtchuk"},
		{"tsoi", "tzoi"},
		{"sergei", "sergej", "sergey"},
		{"nikolai", "nikolaj", "nikolay"},
		{"khrushchev", "hrushchev", "khrushchov"[:0] + "khrusshev"},
		{"rostekh", "rostec", "rostech", "rostek"},
		{"spetstekh", "spetstech", "spetstec"},
		{"tech", "tekh"},
	}
	for _, group := range same {
		t.Run(group[0], func(t *testing.T) {
			for _, w := range group[1:] {
				if Skeleton(group[0]) != Skeleton(w) {
					t.Errorf("Skeleton(%q) = %q ≠ Skeleton(%q) = %q", group[0], Skeleton(group[0]), w, Skeleton(w))
				}
			}
		})
	}
	if Phonetic("medvedtchuk") != Phonetic("medvedchuk") {
		t.Errorf("Phonetic differs: %q %q", Phonetic("medvedtchuk"), Phonetic("medvedchuk"))
	}
	if Skeleton("raj") == Skeleton("rai") {
		t.Error("a final j of a short token is kept")
	}
	if Skeleton("fateh") == Skeleton("fatec") || Skeleton("tec") != "tec" {
		t.Error("the -tech ending is read only as -tech, -tec, -tekh in tokens of four letters or more")
	}
	if Skeleton("bush") == Skeleton("habbash") {
		t.Error("bush and habbash share a skeleton")
	}
}

func TestLegalConflict(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"llc", "ltd", false}, {"jsc", "ojsc", false}, {"stcorp", "fgup", false}, {"stcorp", "jsc", true}, {"llc", "jsc", true}, {"corp", "jsc", false}, {"", "jsc", false},
	}
	for _, tc := range tests {
		if got := LegalConflict(tc.a, tc.b); got != tc.want {
			t.Errorf("LegalConflict(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
	if got := LegalForm("Co., Ltd."); got != "ltd" {
		t.Errorf("LegalForm(Co., Ltd.) = %q", got)
	}
}

// seeds returns the names of testdata/names.txt.
func seeds(tb testing.TB) []string {
	f, err := os.Open("testdata/names.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// FuzzNormalize checks that Normalize is idempotent, returns valid UTF-8
// without surrounding or doubled spaces, and that Analyze never panics and
// keeps Tokens, Skeletons and Phonetics aligned.
func FuzzNormalize(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fast, ok := normalizeTable(s); ok {
			if full := normalizeFull(s); fast != full {
				t.Fatalf("fast path %q ≠ full path %q for %q", fast, full, s)
			}
		}
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, n2)
		}
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("bad normal form %q of %q", n, s)
		}
		a := Analyze(s)
		for _, f := range a.Forms {
			if len(f.Tokens) == 0 || len(f.Skeletons) != len(f.Tokens) || len(f.Phonetics) != len(f.Tokens) {
				t.Fatalf("misaligned form %+v of %q", f, s)
			}
		}
	})
}

// TestNormalizeCherokee: Normalize ends on Cherokee letters of either case
// (it recursed without end) and folds them to upper case, as Unicode does.
func TestNormalizeCherokee(t *testing.T) {
	for _, s := range []string{"Ꮑ", "ꮑ", "ᏁO ŉ", "ᏸ"} {
		n := Normalize(s)
		if Normalize(n) != n || strings.ContainsFunc(n, func(r rune) bool { return r >= 0xAB70 && r <= 0xABBF || r >= 0x13F8 && r <= 0x13FD }) {
			t.Errorf("Normalize(%q) = %q, not upper-case Cherokee or not idempotent", s, n)
		}
	}
}
