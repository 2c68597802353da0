package names

import (
	"slices"
	"testing"
)

func TestKanjiReadings(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    rune
		want []string // readings that must be among the character's
	}{
		{"kun stem and whole word", '長', []string{"naga", "nagai", "cho"}},
		{"long vowel unmarked", '藤', []string{"fuji", "to", "do"}},
		{"nanori", '和', []string{"wa", "kazu"}},
		{"folded traditional character", []rune(Normalize("鈴"))[0], []string{"suzu", "rei"}},
		{"Unihan only", '㙎', nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := KanjiReadings(tc.r)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("KanjiReadings(%c) = %q, want %q among them", tc.r, got, w)
				}
			}
		})
	}
	if KanjiReadings('a') != nil || HasKanjiReading('김') {
		t.Error("readings for a character that is not Han")
	}
}

func TestHepburnKey(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"ou", "satou", "sato"},
		{"oh before a consonant", "ohno", "ono"},
		{"oh at the end", "satoh", "sato"},
		{"oh before a vowel kept", "ohashi", "ohashi"},
		{"uu", "yuuki", "yuki"},
		{"m before b, m, p", "homma", "honma"},
		{"m elsewhere", "yamamoto", "yamamoto"},
		{"ou before a vowel kept", "inoue", "inoue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HepburnKey(tc.in); got != tc.want {
				t.Errorf("HepburnKey(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got := HepburnKey(HepburnKey(tc.in)); got != HepburnKey(tc.in) {
				t.Errorf("not idempotent: %q", got)
			}
		})
	}
}

func TestRendaku(t *testing.T) {
	for in, want := range map[string]string{"ta": "da", "kawa": "gawa", "shima": "jima", "hashi": "bashi", "tsuka": "zuka", "chi": "ji", "fuku": "buku", "ishi": "", "no": ""} {
		if got := Rendaku(in); got != want {
			t.Errorf("Rendaku(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKanjiForms checks the bounded Latin forms of kanji names: the
// common reading among them, the family name first, never more than
// kanjiMaxForms, and none for names that are not read.
func TestKanjiForms(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // a form that must be among them, or nil for none
	}{
		{"one word, family name of two", "山田太郎", []string{"yamada", "tairo"}},
		{"spaced", "鈴木 一郎", []string{"suzuki", "ichiro"}},
		{"two characters, a family name", "中川", []string{"nakagawa"}},
		{"family and given name of one character", "森 茂", []string{"mori", "shigeru"}},
		{"one character", "森", nil},
		{"too long", "山田山田山田山", nil},
		{"three words", "山 田 太", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := Analyze(tc.in)
			var got [][]string
			for _, f := range n.Forms {
				if f.Translit == "kanji" {
					got = append(got, f.Tokens)
				}
			}
			if len(got) > kanjiMaxForms {
				t.Errorf("%d forms, want at most %d", len(got), kanjiMaxForms)
			}
			if tc.want == nil {
				if len(got) != 0 {
					t.Errorf("forms %q, want none", got)
				}
				return
			}
			if !slices.ContainsFunc(got, func(f []string) bool { return slices.Equal(f, tc.want) }) {
				t.Errorf("forms %q, want %q among them", got, tc.want)
			}
		})
	}
}

func BenchmarkKanjiForms(b *testing.B) {
	kanjiReadings()
	b.ReportAllocs()
	for b.Loop() {
		Analyze("高橋健一")
	}
}
