package names

import "strings"

// Hebrew is written without vowels in everyday spelling (ktiv male): the
// letters ו and י double as vowels (matres lectionis), א and ע carry a
// vowel or none, and ב, כ, פ stand for b/v, k/kh, p/f depending on marks
// that are not written. Two readings are made:
//
//   - "hebrew", the reading of Hebrew names as the Academy of the Hebrew
//     Language's simplified rules (2006, "Rules for transliteration from
//     Hebrew into Latin", simple transliteration) and Israeli passports
//     spell them: ב, כ, פ as b, k, p at the start of a word and v, kh, f
//     after it (the plosive after a vowel is not marked in plain spelling);
//     ח kh, צ ts; ו v at the start, o inside, וו v; י y at the start and
//     between vowels, i inside, יי y; final ה e;
//   - "hebrew-arabic", the reading of Arabic names written in Hebrew letters
//     (news and Wikipedia write the names of the Arab world this way): ב b,
//     פ f, כ k, ק q, ח h, צ s, ו w at the start and u inside, י i, final
//     ה a, and יי after a consonant ay (פייסל faysal); ו after א or ע and
//     before a final י is the consonant (קרדאוי qardawi).
//
// Arabic compounds with the article, עבד אל and אבו אל, also get a
// third reading, "hebrew-abdul", that joins them (hebrewAbdul).
//
// Short vowels are not written, so the readings are compared by their
// consonants as Arabic is (match: ArabicConsonants). The geresh that marks
// Arabic sounds (ח׳ kh, ג׳ j) is gone by the time names are tokenized.

// hebrewReading is one way of reading Hebrew letters.
type hebrewReading struct {
	letters map[rune]string
	// initial spells a letter at the start of a word where it differs.
	initial map[rune]string
	// vav and yod are the vowels ו and י stand for inside a word, final
	// that of ה at the end.
	vav, yod, final string
	// wordVav is ו at the start of a word, doubleYod יי after a consonant.
	wordVav, doubleYod string
}

var (
	hebrewHebrew = hebrewReading{
		letters: map[rune]string{
			'ב': "v", 'ג': "g", 'ד': "d", 'ה': "h", 'ז': "z", 'ח': "kh", 'ט': "t", 'כ': "kh", 'ך': "kh",
			'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'פ': "f", 'ף': "f", 'צ': "ts",
			'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
		},
		initial: map[rune]string{'ב': "b", 'כ': "k", 'פ': "p"},
		vav:     "o", yod: "i", final: "e", wordVav: "v", doubleYod: "y",
	}
	hebrewArabic = hebrewReading{
		letters: map[rune]string{
			'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ז': "z", 'ח': "h", 'ט': "t", 'כ': "k", 'ך': "k",
			'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'פ': "f", 'ף': "f", 'צ': "s",
			'ץ': "s", 'ק': "q", 'ר': "r", 'ש': "sh", 'ת': "t",
		},
		vav: "u", yod: "i", final: "a", wordVav: "w", doubleYod: "ay",
	}
)

// hebrewForms returns the two readings of toks.
func hebrewForms(toks []string) []transliteration {
	out := make([]transliteration, 0, 2)
	for _, rd := range []struct {
		name string
		r    *hebrewReading
	}{{"hebrew", &hebrewHebrew}, {"hebrew-arabic", &hebrewArabic}} {
		tr := make([]string, 0, len(toks))
		for _, t := range toks {
			if s := rd.r.token(t); s != "" {
				tr = append(tr, s)
			}
		}
		out = append(out, transliteration{rd.name, tr})
	}
	if ab := hebrewAbdul(toks); ab != nil {
		out = append(out, transliteration{"hebrew-abdul", ab})
	}
	return out
}

// hebrewAbdul returns the Arabic reading of toks with עבד and אבו joined
// to the article אל after them, as the Latin spellings of these compounds
// write them (עבד אל רחמן: abdul rhmn, for "Abdul Rahman"), the rule of
// the "arabic-abdul" form of Arabic script (arabic.go): Hebrew writes the
// article of an Arabic name as its own word, אל or אל־ (Academy of the
// Hebrew Language, rules for transcribing Arabic into Hebrew letters,
// 2007). nil when toks have no such compound before another word.
func hebrewAbdul(toks []string) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		if (toks[i] == "עבד" || toks[i] == "אבו") && i+2 < len(toks) && toks[i+1] == "אל" {
			if out == nil {
				out = make([]string, 0, len(toks))
				for _, t := range toks[:i] {
					if s := hebrewArabic.token(t); s != "" {
						out = append(out, s)
					}
				}
			}
			out = append(out, strings.TrimSuffix(hebrewArabic.token(toks[i]), "u")+"ul")
			i++
			continue
		}
		if out != nil {
			if s := hebrewArabic.token(toks[i]); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// hebrewVowelLetter reports the letters that may stand for a vowel.
func hebrewVowelLetter(r rune) bool { return r == 'א' || r == 'ע' || r == 'ו' || r == 'י' }

// consonantVav reports whether the ו at i is a consonant after a vowel
// carrier: before a final י or another vowel letter (דאוי dawi, לאוא).
func (h *hebrewReading) consonantVav(r []rune, i int) bool {
	if i <= 0 || i+1 >= len(r) || r[i] != 'ו' || (r[i-1] != 'א' && r[i-1] != 'ע') {
		return false
	}
	return r[i+1] == 'א' || r[i+1] == 'י' && i+2 == len(r)
}

// token reads one token.
func (h *hebrewReading) token(t string) string {
	r := []rune(t)
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		next, prev := rune(0), rune(0)
		if i+1 < len(r) {
			next = r[i+1]
		}
		if i > 0 {
			prev = r[i-1]
		}
		switch c {
		case 'א', 'ע':
			// a vowel carrier: silent at the start of a word before a
			// mater that is a vowel (איבן ibn, אומר umar), else a
			if i > 0 || next != 'ו' && next != 'י' || h.consonantVav(r, i+1) {
				b.WriteString("a")
			}
		case 'ו':
			switch {
			case h.consonantVav(r, i):
				b.WriteString(h.wordVav)
			case next == 'ו':
				b.WriteString(h.wordVav)
				i++
			case i == 0:
				b.WriteString(h.wordVav)
			default:
				b.WriteString(h.vav)
			}
		case 'י':
			switch {
			case next == 'י':
				if i > 0 && !hebrewVowelLetter(prev) {
					b.WriteString(h.doubleYod)
				} else {
					b.WriteString("y")
				}
				i++
			case i == 0 && next != 0:
				b.WriteString("y")
			default:
				b.WriteString(h.yod)
			}
		case 'ה':
			if next == 0 && i > 0 {
				b.WriteString(h.final)
			} else {
				b.WriteString("h")
			}
		default:
			if s, ok := h.initial[c]; ok && i == 0 {
				b.WriteString(s)
			} else if s, ok := h.letters[c]; ok {
				b.WriteString(s)
			} else if c < 0x80 {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}
