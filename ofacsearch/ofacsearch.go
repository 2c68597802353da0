// Package ofacsearch reproduces the scores of OFAC's own Sanctions List
// Search (https://sanctionssearch.ofac.treas.gov/), so that redline can show
// an analyst the number the regulator's tool would have shown for the same
// name.
//
// OFAC's tool is a name-only fuzzy search. What it documents, and what this
// package does:
//
//   - Names are compared in upper case, without accents; commas, apostrophes
//     and full stops are removed and other punctuation separates words, so
//     "BASHIR-UD-DIN" is three words and "QA'IDA" is "QAIDA".
//   - Words of one or two characters ("AL", "UN", "SP") are dropped, unless
//     the query has no longer word, in which case the query keeps its short
//     words and is compared with every word of the candidate.
//   - A listed name is a candidate only when one of its words shares the
//     first letter of a query word and is at least 50% similar to it by
//     edit distance. Anything else is not shown: its score is 0.
//   - The score is the higher of two measures: the Jaro-Winkler similarity
//     of the whole query with the whole listed name as written (so word
//     order matters: "PUTIN VLADIMIR" against "PUTIN, Vladimir" is 100, and
//     "VLADIMIR PUTIN" against "VLADIMIR BILIY" is 90), and the name-part
//     score: the mean, over the query's words, of the best Jaro-Winkler
//     similarity with a listed word that starts with the same letter.
//
// OFAC says the name-part measure is a composite with Soundex. Averaging a
// Soundex agreement into each part (as yente's "ofac" mode does) lowered the
// share of OFAC's scores reproduced within 5 points on
// ../shared/data/eval/ofac_fixtures.csv from 95% to 92%, and flooring
// Soundex agreements at 0.9 lowered it to 94%, so the score uses
// Jaro-Winkler alone; Explain still reports each part's Soundex codes.
//
// OFAC does not transliterate: a Cyrillic query ("Владимир Путин") finds no
// Latin listed name, and neither does this package.
package ofacsearch

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"math"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/redline-sanctions/redline/internal/textsim"
)

// Explanation tells how a score was reached.
type Explanation struct {
	// Score is the score OFAC's tool would show, in [0, 1] with two
	// decimals (0.87 is OFAC's 87); 0 when the name is not a candidate.
	Score float64 `json:"score"`
	// Candidate reports whether the listed name passes OFAC's candidate
	// filter (a word with the same first letter and at least 50% edit
	// similarity).
	Candidate bool `json:"candidate"`
	// Method is "whole" when the whole-name comparison gave the score and
	// "parts" when the name-part comparison did.
	Method string `json:"method"`
	// Query and Listed are the compared names after normalization and the
	// dropping of short words.
	Query  string `json:"query"`
	Listed string `json:"listed"`
	// Whole is the Jaro-Winkler similarity of Query and Listed.
	Whole float64 `json:"whole"`
	// PartsMean is the mean of the Parts scores.
	PartsMean float64 `json:"parts_mean"`
	// Parts holds, for each query word, the listed word it matched best.
	Parts []Part `json:"parts"`
}

// Part is the best match of one query word among the listed name's words.
type Part struct {
	Query   string  `json:"query"`
	Matched string  `json:"matched,omitempty"` // "" when no listed word shares its first letter
	Score   float64 `json:"score"`
	// QuerySoundex and MatchedSoundex are the American Soundex codes of
	// the two words, for the analyst's information.
	QuerySoundex   string `json:"query_soundex,omitempty"`
	MatchedSoundex string `json:"matched_soundex,omitempty"`
}

// Score returns the score OFAC's Sanctions List Search shows for the listed
// name candidate when searching for query, divided by 100: a value in
// [0, 1] with two decimals. It is 0 when candidate would not be shown at
// any threshold (see the package documentation). A name scores 1 against
// itself.
func Score(query, candidate string) float64 {
	return compare(query, candidate, false).Score
}

// Explain returns the score of candidate for query, as Score does, with the
// comparisons that produced it.
func Explain(query, candidate string) Explanation {
	return compare(query, candidate, true)
}

// compare scores candidate for query; with explain it fills in the parts.
func compare(query, candidate string, explain bool) Explanation {
	qw := words(query)
	cw := words(candidate)
	qs := significant(qw)
	var cs [][]rune
	if len(qs) > 0 && len(qs) == len(qw) && allShort(qs) {
		// A query of short words only ("Z") keeps them and meets every
		// listed word.
		cs = cw
	} else {
		cs = significant(cw)
	}
	var ex Explanation
	if explain {
		ex.Query, ex.Listed = join(qs), join(cs)
	}
	if len(qs) == 0 || len(cs) == 0 || !isCandidate(qs, cs) {
		return ex
	}
	ex.Candidate = true
	ex.Whole = textsim.JaroWinkler(joinRunes(qs), joinRunes(cs))
	sum := 0.0
	for _, q := range qs {
		best, bi := 0.0, -1
		for i, c := range cs {
			if c[0] != q[0] {
				continue
			}
			if s := textsim.JaroWinkler(q, c); s > best || bi < 0 {
				best, bi = s, i
			}
		}
		sum += best
		if explain {
			p := Part{Query: string(q), Score: best, QuerySoundex: soundex(q)}
			if bi >= 0 {
				p.Matched, p.MatchedSoundex = string(cs[bi]), soundex(cs[bi])
			}
			ex.Parts = append(ex.Parts, p)
		}
	}
	ex.PartsMean = sum / float64(len(qs))
	s := ex.Whole
	ex.Method = "whole"
	if ex.PartsMean > s {
		s, ex.Method = ex.PartsMean, "parts"
	}
	ex.Score = math.Round(s*100) / 100
	return ex
}

// isCandidate reports whether some listed word shares the first letter of
// some query word and is at least 50% similar to it by edit distance.
func isCandidate(qs, cs [][]rune) bool {
	for _, q := range qs {
		for _, c := range cs {
			if q[0] != c[0] {
				continue
			}
			if 2*textsim.Levenshtein(q, c) <= max(len(q), len(c)) {
				return true
			}
		}
	}
	return false
}

// words splits a name into upper-case words without accents: commas,
// apostrophes and full stops are removed, other punctuation and spaces
// separate words. The words share one backing array.
func words(s string) [][]rune {
	if !ascii.Is(s) {
		s = norm.NFD.String(s)
	}
	buf := make([]rune, 0, len(s))
	out := make([][]rune, 0, 4)
	start := 0
	flush := func() {
		if len(buf) > start {
			out = append(out, buf[start:len(buf):len(buf)])
			start = len(buf)
		}
	}
	for _, r := range s {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z'):
			buf = append(buf, r-'a'+'A')
		case r < 0x80 && (r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			buf = append(buf, r)
		case r == ',' || r == '.' || r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ':
		case r >= 0x80 && unicode.Is(unicode.Mn, r):
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			buf = append(buf, unicode.ToUpper(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// significant returns the words of three or more characters, or all words
// when none is that long.
func significant(ws [][]rune) [][]rune {
	var out [][]rune
	for _, w := range ws {
		if len(w) > 2 {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return ws
	}
	return out
}

func allShort(ws [][]rune) bool {
	for _, w := range ws {
		if len(w) > 2 {
			return false
		}
	}
	return true
}

func join(ws [][]rune) string { return string(joinRunes(ws)) }

func joinRunes(ws [][]rune) []rune {
	n := 0
	for _, w := range ws {
		n += len(w) + 1
	}
	out := make([]rune, 0, n)
	for i, w := range ws {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, w...)
	}
	return out
}
