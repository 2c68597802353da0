package goods

import (
	"strings"
	"testing"
)

// TestGlossary checks the compiled glossary: every English word it gives
// is a word of the HS texts (else it could never score), and words and
// Chinese terms are read as documented.
func TestGlossary(t *testing.T) {
	fb := Default().fallback()
	g := fb.gloss
	for _, m := range []map[string][]string{g.exact, g.stem, g.han} {
		for term, en := range m {
			for _, w := range en {
				if _, ok := fb.idf[fbWord(w)]; !ok {
					t.Errorf("glossary %q → %q: %q is in no HS text", term, strings.Join(en, " "), w)
				}
			}
		}
	}
	for _, tc := range []struct{ name, in, want string }{
		{"stem", "подшипников", "bearings"},
		{"exact before stem", "стол", "tables furniture"},
		{"longer stem wins", "частоты", "frequency"},
		{"no entry", "абвгд", ""},
		{"Chinese term over its last character", "不锈钢丝", "steel wire"},
		{"longest Chinese term", "集成电路板", "integrated circuits"},
		{"Chinese sequence", "数控立式加工中心", "numerically controlled machining centres"},
		{"unknown Chinese", "型号", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			each := func(en []string) { got = append(got, en...) }
			tx := split(tc.in)
			for i := range tx.words {
				each(g.word(tx.folded[tx.words[i].start:tx.words[i].end]))
			}
			for _, s := range tx.han {
				g.hanTerms(tx.folded[s.start:s.end], each)
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("%q → %q, want %q", tc.in, s, tc.want)
			}
		})
	}
}

// TestGlossaryErrors checks that a bad glossary line is reported with its
// line number.
func TestGlossaryErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no English", "\nчаст*\n", "line 2"},
		{"upper case", "част*\tParts", "line 1"},
		{"short stem", "ча*\tparts", "shorter"},
		{"two words", "части машин\tparts", "line 1"},
		{"duplicate", "часть\tparts\nчасть\tparts", "line 2"},
		{"Latin term", "parts\tparts", "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseGlossary(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseGlossary(%q) = %v, want an error with %q", tc.src, err, tc.want)
			}
		})
	}
}

// TestFallbackLanguages checks the HS-description fallback on Russian and
// Chinese descriptions the lexicon does not know (the examples reported by
// the shipment engineer, and general customs phrasing).
func TestFallbackLanguages(t *testing.T) {
	c := Default()
	for _, tc := range []struct{ name, desc, heading, tier string }{
		{"ru aircraft parts", "Части летательных аппаратов", "8807", "3.B"},
		{"ru machining centres", "Центры обрабатывающие вертикальные с ЧПУ", "8457", "4.B"},
		{"zh static converters", "直流直流转换器 静止式变流器", "8504", "3.A"},
		{"ru frozen fish fillets", "Филе трески мороженое", "0304", ""},
		{"zh wool pullovers", "羊毛套衫 针织", "6110", ""},
		{"ru wooden furniture", "Мебель деревянная для спальни", "9403", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Classify(tc.desc, "")
			if got.HSHeading != tc.heading || got.CHPLTier != tc.tier {
				t.Errorf("Classify(%q) = %s tier %q, want heading %s tier %q; %q", tc.desc, got.HSCode, got.CHPLTier, tc.heading, tc.tier, got.Evidence)
			}
		})
	}
}
