package textscreen

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Sentences splits text into sentences, as spans trimmed of white space.
//
// The boundaries are those of Unicode's sentence rules (UAX #29, by
// github.com/rivo/uniseg), which handle the three languages' terminators
// (". ! ? …" and "。！？"), closing quotes and brackets after them, and
// paragraph breaks. Two things are added for the texts screened here: a
// single line break is not a boundary (PDF-extracted text breaks lines
// inside sentences; a blank line still is), and a boundary after an
// abbreviation that is usually followed by a capital (legal forms "Co.",
// "Ltd.", "Inc."; titles "Mr.", "Gen."; initials "V."; Russian "г.",
// "им."; see abbreviations) is undone.
func Sentences(text string) []Span {
	// Hide single line breaks from the segmenter (same byte length, so
	// offsets are kept).
	b := []byte(text)
	for i := 0; i < len(b); i++ {
		if b[i] != '\n' && b[i] != '\r' {
			continue
		}
		j := i
		nl := 0
		for j < len(b) && (b[j] == '\n' || b[j] == '\r' || b[j] == ' ' || b[j] == '\t') {
			if b[j] == '\n' {
				nl++
			}
			j++
		}
		if nl <= 1 {
			for k := i; k < j; k++ {
				b[k] = ' '
			}
		}
		i = j - 1
	}
	var out []Span
	rest := string(b)
	pos, state := 0, -1
	for len(rest) > 0 {
		var s string
		s, rest, state = uniseg.FirstSentenceInString(rest, state)
		start, end := pos, pos+len(s)
		pos = end
		for start < end && isSpaceRune(text, start) {
			_, n := utf8.DecodeRuneInString(text[start:])
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if start == end {
			continue
		}
		if k := len(out) - 1; k >= 0 && abbreviationEnd(text[out[k].Start:out[k].End]) && !paragraphBetween(text[out[k].End:start]) {
			out[k].End = end
			continue
		}
		out = append(out, Span{start, end})
	}
	return out
}

func isSpaceRune(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

func paragraphBetween(s string) bool { return strings.Count(s, "\n") >= 2 }

// abbreviations end with a period and are usually followed by a capital
// that does not start a sentence (folded, without the period).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true, "lt": true,
	"maj": true, "capt": true, "sgt": true, "adm": true, "gov": true, "sen": true, "rep": true, "st": true,
	"jr": true, "sr": true, "co": true, "corp": true, "inc": true, "ltd": true, "llc": true, "no": true,
	"vs": true, "u.s": true, "u.k": true, "e.g": true, "i.e": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "approx": true, "est": true, "dept": true, "univ": true, "ave": true,
	"г": true, "гг": true, "им": true, "т.е": true, "т.н": true, "ул": true, "тыс": true, "млн": true,
	"млрд": true, "руб": true, "ген": true, "проф": true, "акад": true, "т.к": true, "др": true, "пр": true,
}

// abbreviationEnd reports whether a sentence ends with an abbreviation or
// an initial and a period.
func abbreviationEnd(s string) bool {
	if !strings.HasSuffix(s, ".") {
		return false
	}
	s = s[:len(s)-1]
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '«' })
	w := s[i+1:]
	if w == "" {
		return false
	}
	if n := utf8.RuneCountInString(w); n == 1 {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			return true // an initial
		}
	}
	return abbreviations[strings.ToLower(w)]
}

// token is one word of the text: a run of letters, digits and marks, or a
// run of Han characters.
type token struct {
	start, end int
	han        bool
	// upper: the token starts with an upper-case letter or a digit.
	upper bool
}

// tokenize returns the words of text[span].
func tokenize(text string, sp Span) []token {
	var out []token
	cur := -1
	curHan := false
	flush := func(end int) {
		if cur >= 0 {
			r, _ := utf8.DecodeRuneInString(text[cur:])
			out = append(out, token{start: cur, end: end, han: curHan, upper: unicode.IsUpper(r) || unicode.IsDigit(r)})
			cur = -1
		}
	}
	for i, r := range text[sp.Start:sp.End] {
		i += sp.Start
		han := unicode.Is(unicode.Han, r)
		word := !han && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
		switch {
		case han || word:
			if cur >= 0 && curHan != han {
				flush(i)
			}
			if cur < 0 {
				cur, curHan = i, han
			}
		default:
			flush(i)
		}
	}
	flush(sp.End)
	return out
}

// detectLang tells the language of the text by the letters of each
// script: "zh" for Han, "ru" for Cyrillic, "en" for Latin; "mixed" when
// no script has 80% of the letters. The second result is a warning when
// the text reads as none of the three (another script, or Latin text
// without English function words).
func detectLang(text string) (string, string) {
	var latin, cyr, han, other, n int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		n++
		switch {
		case r < 0x250:
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Han, r):
			han++
		default:
			other++
		}
		if n >= 1<<20 {
			break
		}
	}
	if n == 0 {
		return "en", "the text has no letters"
	}
	share := func(k int) float64 { return float64(k) / float64(n) }
	lang := "mixed"
	switch {
	case share(han) >= 0.5 || han > 0 && share(han+latin) >= 0.8 && han*3 >= latin:
		lang = "zh" // Chinese text often carries Latin names
	case share(cyr) >= 0.8:
		lang = "ru"
	case share(latin) >= 0.8:
		lang = "en"
	}
	if share(other) >= 0.5 {
		return lang, fmt.Sprintf("%.0f%% of the letters are in a script other than Latin, Cyrillic or Han: only the names in the text are screened; the goods and claims rules read English, Russian and Chinese", share(other)*100)
	}
	if lang == "en" && !readsEnglish(text) {
		return lang, "the Latin text does not read as English: only the names in it are screened reliably; the goods and claims rules read English, Russian and Chinese"
	}
	return lang, ""
}

// englishWords are frequent English function words.
var englishWords = map[string]bool{"the": true, "of": true, "and": true, "to": true, "in": true, "is": true, "was": true,
	"for": true, "that": true, "with": true, "by": true, "from": true, "has": true, "have": true, "are": true, "its": true, "on": true}

// readsEnglish reports whether at least 8% of the first 2,000 words are
// English function words (ordinary English prose has about 40%); texts
// under 12 words pass.
func readsEnglish(text string) bool {
	words, hits := 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		if englishWords[strings.ToLower(w)] {
			hits++
		}
		if words == 2000 {
			break
		}
	}
	return words < 12 || float64(hits) >= 0.08*float64(words)
}
