// Package names turns the names of parties into forms a screening engine can
// compare: normalized, tokenized, with legal forms recognized and kept apart,
// and transliterated into Latin where the name is written in another script.
//
// Analysis is a chain of small steps, in the manner of a text-analysis
// pipeline:
//
//  1. Normalize (character filter): Unicode NFKC, case folding, diacritics
//     stripped from Latin, Greek and Cyrillic letters (but й, ў and ї keep
//     theirs, they are distinct letters), a few letters without a
//     decomposition spelled out (ß → ss, ø → o, ł → l), apostrophes dropped
//     (O'Brien → obrien) and every other punctuation turned into a space.
//     Normalize is idempotent.
//  2. Tokenize: split on spaces. "SURNAME, Given" needs no reordering: the
//     comma becomes a space and the scorer aligns tokens in any order.
//  3. Token filters (tokenFilters): honorifics (Mr, Dr, Sheikh, Haji, ...)
//     at the start of a name are dropped; runs of single letters are joined
//     ("A.B.C." → "abc"); number words and Roman numerals from II become
//     digits ("Forty-Four" → "44").
//  4. Legal forms at either end of the name (ООО, JSC, Co., Ltd., GmbH,
//     有限公司, ...) are recognized, longest phrase first, removed from the
//     tokens and kept in Name.LegalForm under a canonical code ("llc",
//     "jsc", "ltd", ...). A name that is only a legal form keeps its tokens.
//  5. Forms: a name in Latin script has one Form. A name in another script
//     keeps a Form in its own script (so that two Cyrillic spellings compare
//     directly) plus Latin transliterations: for Cyrillic BGN/PCGN and
//     ICAO (passport) spellings, with Ukrainian values where the name uses
//     Ukrainian letters; for Chinese pinyin per syllable and joined; Greek
//     by ELOT 743 (greek.go); Hebrew read as Hebrew and as Arabic names
//     (hebrew.go); Japanese kana in passport Hepburn (kana.go) and kanji by
//     the readings of KANJIDIC and Unihan (kanji.go); Thai by
//     RTGS (thai.go); for Hangul McCune–Reischauer as the DPRK writes it,
//     the Revised Romanization and the customary South Korean spelling
//     (hangul.go); for Arabic script (Arabic, Persian, Urdu, Pashto) the
//     consonants and long vowels by the BGN/PCGN tables in up to three
//     forms (arabic.go); Armenian and Georgian by tables. A Latin name in Wade-Giles
//     (Mao Tse-tung) also gets its pinyin form (mao ze dong). A Chinese
//     name written wholly in the characters of Xinhua transcription
//     (梅德韦杰夫) is also read back into Latin (medvedev, xinhua.go); a
//     Chinese or Russian name with generic business terms (大学, 研究所,
//     завод) also gets a form with them in English and the rest
//     transliterated (北京理工大学: beijing institute of technology,
//     glossary.go).
//  6. Keys: each token gets a Skeleton (a canonical spelling that merges the
//     usual transliteration variants: kh/h, ks/x, -iy/-y/-ii, yu/iu, ts/tz,
//     shch/sch, ...) and a Phonetic key (the skeleton's consonant frame)
//     used for candidate retrieval.
//
// Numbers are kept as tokens: "11420 CORP." and "BELLETECH CORP" share only
// their legal form, which is not a name token.
package names

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Script is the writing system of a Form's tokens.
type Script uint8

// Scripts a Form can be in. Forms are compared only with forms of the same
// script.
const (
	Latin Script = iota
	Cyrillic
	Han
	Greek
	Arabic
	Hebrew
	Hangul
	Other
)

// String returns the script's name in lower case.
func (s Script) String() string {
	switch s {
	case Latin:
		return "latin"
	case Cyrillic:
		return "cyrillic"
	case Han:
		return "han"
	case Greek:
		return "greek"
	case Arabic:
		return "arabic"
	case Hebrew:
		return "hebrew"
	case Hangul:
		return "hangul"
	}
	return "other"
}

// Form is one spelling of a name ready for comparison. Tokens, Skeletons
// and Phonetics have the same length.
type Form struct {
	// Tokens are the normalized name tokens in name order, legal form and
	// honorifics removed, numbers kept.
	Tokens []string
	// Skeletons holds Skeleton(token) for each token (Latin forms) or the
	// token itself (other scripts).
	Skeletons []string
	// Phonetics holds Phonetic(token) for each token ("" for other scripts).
	Phonetics []string
	// Script is Latin for Latin names and transliterations, else the
	// original script of the name.
	Script Script
	// Translit names how the form was made: "" for the name as written,
	// else "bgn", "icao", "uk", "pinyin", "pinyin-joined", "table",
	// "arabic", "arabic-joined", "arabic-abdul" (arabic.go), "elot743", "greek-variant", "hebrew", "hebrew-arabic", "hebrew-abdul",
	// "hepburn", "kana-foreign", "kanji" (a reading of a Japanese name in
	// kanji, see kanji.go), "rtgs", "hangul-dprk", "hangul-rr",
	// "hangul-sk" (hangul.go), "wade-giles" (the pinyin reading of a
	// Wade-Giles name, see wadegiles.go), "xinhua" (a Chinese transcription
	// of a foreign name read back, see xinhua.go) or "glossary" (a Chinese
	// or Russian company name with its generic terms in English, see
	// glossary.go).
	Translit string
	// Reduced is set on the forms of a name with its parenthesized part
	// left out; two reduced forms must not be compared with each other
	// ("Bank of China (Hong Kong)" is not "Bank of China (Singapore)").
	Reduced bool
}

// Text returns the form's tokens joined by spaces.
func (f *Form) Text() string { return strings.Join(f.Tokens, " ") }

// Name is the analysis of one name string.
type Name struct {
	// Original is the name as given.
	Original string
	// Forms are the spellings to compare, the name as written first.
	Forms []Form
	// LegalForm is the canonical code of the recognized legal form ("llc",
	// "jsc", "ltd", ...) or "".
	LegalForm string
	// Numbers are the tokens that contain a digit, in order.
	Numbers []string
}

// Analyze runs the whole chain on one name. It never fails: a name with no
// letters or digits has no forms. A name with a parenthesized part
// ("Deutsche Bank (Schweiz) AG", "... Laboratory (NSCL)") also gets the
// forms of the name without it.
func Analyze(name string) Name {
	n := analyze(name)
	if short := dropParens(name); short != name {
		s := analyze(short)
		for _, f := range s.Forms {
			if !n.hasForm(f.Script, f.Tokens) {
				f.Reduced = true
				n.Forms = append(n.Forms, f)
			}
		}
		if n.LegalForm == "" {
			n.LegalForm = s.LegalForm
		}
	}
	return n
}

// dropParens removes the parenthesized parts of s (one level).
func dropParens(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
			b.WriteByte(' ')
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func analyze(name string) Name {
	n := Name{Original: name}
	toks := strings.Fields(Normalize(name))
	for _, step := range tokenFilters {
		toks = step(toks)
	}
	toks, n.LegalForm = splitHanLegalForm(toks)
	var lf string
	toks, lf = stripMisspelledLegalForms(toks)
	if n.LegalForm == "" {
		n.LegalForm = lf
	}
	toks = seriesNumeral(toks, n.LegalForm != "")
	if len(toks) == 0 {
		return n
	}
	for _, t := range toks {
		if hasDigit(t) {
			n.Numbers = append(n.Numbers, t)
		}
	}
	script := dominantScript(toks)
	if script == Latin {
		n.Forms = append(n.Forms, newForm(toks, Latin, ""))
		if py, ok := wadeGiles(toks); ok {
			n.Forms = append(n.Forms, newForm(py, Latin, "wade-giles"))
		}
		return n
	}
	orig := toks
	if script == Han {
		orig = splitHan(toks)
	}
	n.Forms = append(n.Forms, newForm(orig, script, ""))
	for _, tr := range transliterate(toks, script) {
		if len(tr.tokens) == 0 || n.hasForm(Latin, tr.tokens) {
			continue
		}
		n.Forms = append(n.Forms, newForm(tr.tokens, Latin, tr.name))
	}
	return n
}

func (n *Name) hasForm(s Script, toks []string) bool {
	for _, f := range n.Forms {
		if f.Script == s && slices.Equal(f.Tokens, toks) {
			return true
		}
	}
	return false
}

func newForm(toks []string, s Script, translit string) Form {
	f := Form{Tokens: toks, Script: s, Translit: translit,
		Skeletons: make([]string, len(toks)), Phonetics: make([]string, len(toks))}
	for i, t := range toks {
		if s == Latin {
			f.Skeletons[i] = Skeleton(t)
			f.Phonetics[i] = phoneticOf(f.Skeletons[i])
		} else {
			f.Skeletons[i] = t
		}
	}
	return f
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// scriptOf classifies one rune; digits and Latin letters are Latin.
func scriptOf(r rune) Script {
	switch {
	case r < 0x80:
		return Latin
	case unicode.Is(unicode.Latin, r):
		return Latin
	case unicode.Is(unicode.Cyrillic, r):
		return Cyrillic
	case unicode.Is(unicode.Han, r):
		return Han
	case unicode.Is(unicode.Greek, r):
		return Greek
	case unicode.Is(unicode.Arabic, r):
		return Arabic
	case unicode.Is(unicode.Hebrew, r):
		return Hebrew
	case unicode.Is(unicode.Hangul, r):
		return Hangul
	case unicode.IsDigit(r):
		return Latin
	}
	return Other
}

// dominantScript returns the most frequent non-Latin script among the
// letters of toks, or Latin when all are Latin.
func dominantScript(toks []string) Script {
	var counts [Other + 1]int
	for _, t := range toks {
		for _, r := range t {
			counts[scriptOf(r)]++
		}
	}
	best := Latin
	for s := Cyrillic; s <= Other; s++ {
		if counts[s] > 0 && counts[s] > counts[best]-counts[Latin] {
			if best == Latin || counts[s] > counts[best] {
				best = s
			}
		}
	}
	return best
}

// splitHan splits runs of Han characters into one token per character, so
// that "习近平" and "习近朋" differ in one token of three.
func splitHan(toks []string) []string {
	var out []string
	for _, t := range toks {
		var cur strings.Builder
		for _, r := range t {
			if unicode.Is(unicode.Han, r) {
				if cur.Len() > 0 {
					out = append(out, cur.String())
					cur.Reset()
				}
				out = append(out, string(r))
				continue
			}
			cur.WriteRune(r)
		}
		if cur.Len() > 0 {
			out = append(out, cur.String())
		}
	}
	return out
}

// tokenFilter is one step of the chain between tokenization and legal
// forms: it takes the tokens and returns them changed (or the same slice).
type tokenFilter func([]string) []string

// tokenFilters are the token steps of the chain, in order.
var tokenFilters = []tokenFilter{dropHonorifics, mergeLetters, numberWords}

// honorifics are dropped from the start of a name.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "doctor": true,
	"prof": true, "professor": true, "sir": true, "herr": true, "frau": true,
	"monsieur": true, "madame": true, "mme": true, "senor": true, "sr": true,
	"г-н": true, "гн": true, "господин": true, "госпожа": true,
	"sheikh": true, "shaikh": true, "shaykh": true,
	"haji": true, "hajji": true, "mullah": true, "mullo": true, "maulavi": true, "maulvi": true,
	"mawlawi": true, "qari": true,
}

// mergeLetters joins runs of two or more single-letter Latin tokens, so
// that "A.B.C." and "ABC" agree and "C.B.A." does not.
func mergeLetters(toks []string) []string {
	single := func(t string) bool { return len(t) == 1 && t[0] >= 'a' && t[0] <= 'z' }
	var out []string
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && single(toks[j]) {
			j++
		}
		if j-i >= 2 {
			if out == nil {
				out = append([]string{}, toks[:i]...)
			}
			// A run that ends the name keeps a legal form at its end
			// apart: "Fund V L.P." is "fund v lp", not "fund vlp".
			k := j
			if _, whole := legalForms[strings.Join(toks[i:j], "")]; j == len(toks) && !whole {
				for n := min(4, j-i-1); n >= 2; n-- {
					if _, ok := legalForms[strings.Join(toks[j-n:j], "")]; ok {
						k = j - n
						break
					}
				}
			}
			out = append(out, strings.Join(toks[i:k], ""))
			if k < j {
				out = append(out, strings.Join(toks[k:j], ""))
			}
			i = j
			continue
		}
		if out != nil {
			out = append(out, toks[i])
		}
		i++
	}
	if out == nil {
		return toks
	}
	return out
}

// numberValues are number words, Roman numerals from II (but not the
// names Vi, Xi) and ordinals, read as digits.
var numberValues = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"ii": 2, "iii": 3, "iv": 4, "vii": 7, "viii": 8, "ix": 9, "xii": 12, "xiii": 13, "xiv": 14,
	"xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
}

// numberWords spells number words and ordinals as digits and joins a tens
// word with the units that follow ("forty four", "forty 4" → "44").
func numberWords(toks []string) []string {
	var out []string
	changed := false
	for i := 0; i < len(toks); i++ {
		v, ok := numberValues[toks[i]]
		if !ok {
			out = append(out, toks[i])
			continue
		}
		changed = true
		if v >= 20 && v%10 == 0 && i+1 < len(toks) {
			next := toks[i+1]
			u, ok := numberValues[next]
			if !ok && len(next) == 1 && next[0] >= '1' && next[0] <= '9' {
				u, ok = int(next[0]-'0'), true
			}
			if ok && u >= 1 && u <= 9 {
				v += u
				i++
			}
		}
		out = append(out, strconv.Itoa(v))
	}
	if !changed {
		return toks
	}
	return out
}

// seriesNumeral reads a single I, V or X that ends a name of three or more
// tokens, after the legal form, as the Roman numeral of a series ("Citigroup
// Capital Trust I", "Bain Capital Fund X L.P."), and VI and XI too when the
// name had a legal form ("Fund XI L.P."). Elsewhere these letters stay
// letters (initials: "V. Putin"; the names Xi and Vi). Other numerals from
// II are read by numberWords wherever they stand.
func seriesNumeral(toks []string, legal bool) []string {
	if len(toks) < 3 {
		return toks
	}
	v := 0
	switch toks[len(toks)-1] {
	case "i":
		v = 1
	case "v":
		v = 5
	case "x":
		v = 10
	case "vi":
		v = 6
	case "xi":
		v = 11
	}
	if v == 0 || v > 10 && !legal || v == 6 && !legal {
		return toks
	}
	for _, t := range toks[:len(toks)-1] {
		if len(t) == 1 {
			return toks // a name of initials: "J R R Tolkien X"
		}
	}
	out := append([]string{}, toks...)
	out[len(out)-1] = strconv.Itoa(v)
	return out
}

func dropHonorifics(toks []string) []string {
	for len(toks) > 1 && honorifics[toks[0]] {
		toks = toks[1:]
	}
	return toks
}
