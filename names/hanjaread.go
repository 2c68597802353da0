package names

import (
	"strings"
	"sync"
	"unicode"
)

// Korean names are also written in Hanja, the Han characters (崔龍海 for
// 최룡해). A Han name of one word whose first character reads as a Korean
// surname (koreanSurnames) and whose every character has a Korean reading
// in the Unicode Han Database (kHangul, hanja.go) is read into Hangul and
// gets the
// Latin forms of that Hangul name besides its pinyin: 崔龍海 → 최룡해 →
// choe ryong hae. The surname takes its reading that is a surname (金 김,
// not 금); the other characters their first reading, which keeps an initial
// ㄹ as the DPRK does (龍 룡). Normalize has folded traditional characters
// to simplified ones (龍 → 龙), and Unihan gives readings mostly for the
// traditional ones: a simplified character without a reading takes that of
// a traditional character that folds to it.

// hanjaSimplified maps simplified characters without a kHangul reading to
// the reading of a traditional character that tsChars folds to them.
var hanjaSimplified = sync.OnceValue(func() map[rune]string {
	// Several traditional characters may fold to one simplified
	// character: the smallest code point wins, for a deterministic table.
	best := map[rune]rune{}
	for trad, simp := range tsChars {
		if _, ok := hanjaReadings[simp]; ok {
			continue
		}
		if _, ok := hanjaReadings[trad]; !ok {
			continue
		}
		if prev, seen := best[simp]; !seen || trad < prev {
			best[simp] = trad
		}
	}
	out := make(map[rune]string, len(best))
	for simp, trad := range best {
		out[simp] = hanjaReadings[trad]
	}
	return out
})

// hanjaReading returns the Korean readings of Han character r, space
// separated, or "".
func hanjaReading(r rune) string {
	if s, ok := hanjaReadings[r]; ok {
		return s
	}
	return hanjaSimplified()[r]
}

// hanjaName reads toks, all Han characters, as a Korean name in Hangul
// (see above); ok is false when they do not read as one. A Korean name in
// Hanja is one word, surname first (崔龍海); Han names written in several
// words ("亮 吴") are Chinese or Japanese names in western order and are
// not read.
func hanjaName(toks []string) (string, bool) {
	if len(toks) != 1 {
		return "", false
	}
	var runes []rune
	for _, t := range toks {
		for _, r := range t {
			if !unicode.Is(unicode.Han, r) {
				return "", false
			}
			runes = append(runes, r)
		}
	}
	if len(runes) < 2 || len(runes) > 4 {
		return "", false
	}
	var b strings.Builder
	for i, r := range runes {
		readings := strings.Fields(hanjaReading(r))
		if len(readings) == 0 {
			return "", false
		}
		if i > 0 {
			b.WriteString(readings[0])
			continue
		}
		sur := ""
		for _, h := range readings {
			if _, ok := koreanSurnames[h]; ok {
				sur = h
				break
			}
		}
		if sur == "" {
			return "", false
		}
		b.WriteString(sur)
	}
	return b.String(), true
}

// hanjaTransliterations returns the Latin forms of toks read as a Korean
// name in Hanja, with Translit "hangul-dprk", "hangul-rr", "hangul-sk",
// or nil when toks do not read as one.
func hanjaTransliterations(toks []string) []transliteration {
	h, ok := hanjaName(toks)
	if !ok {
		return nil
	}
	return hangulTransliterations([]string{h})
}
