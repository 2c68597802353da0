package match

import (
	"cmp"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/index"
	"github.com/redline-sanctions/redline/names"
)

// reading reports whether a query form is a reading of a name in another
// script that is not a transliteration letter by letter: a Chinese
// transcription of a foreign name read back ("xinhua"), a company name
// with its generic terms translated ("glossary") or a Japanese name read
// from its kanji ("kanji").
func reading(f *names.Form) bool {
	return f.Translit == "xinhua" || f.Translit == "glossary" || f.Translit == "kanji"
}

// readingCandidates adds to cands the candidates that the query's readings
// find by themselves. Retrieval pools the keys of all of a query's forms,
// rarest first, under one budget: the pinyin of a Chinese company name
// (bei jing li gong da xue) and the trigrams of its joined form spend the
// budget before the common words of its reading (beijing institute of
// technology) are read, so the listed name is not among the candidates.
// Queries without readings (every Latin query) are returned as they are.
// The result is ordered by retrieval score and holds each form once.
func (m *Matcher) readingCandidates(qforms []names.Form, cands []index.Candidate, budget, limit int, s *index.Scratch) []index.Candidate {
	var rf []names.Form
	for i := range qforms {
		if reading(&qforms[i]) {
			rf = append(rf, qforms[i])
		}
	}
	rf = m.appendKanjiFamilies(rf, qforms) // kanji.go
	if len(rf) == 0 {
		return cands
	}
	out := slices.Clone(cands) // Search reuses its result's memory
	for _, c := range m.ix.Search(rf, budget, limit, s) {
		if i := slices.IndexFunc(out, func(o index.Candidate) bool { return o.Form == c.Form }); i >= 0 {
			out[i].Score = max(out[i].Score, c.Score)
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b index.Candidate) int { return cmp.Compare(b.Score, a.Score) })
	return out
}

// distinctiveFound reports whether the distinctive words of a glossary
// reading (the place and trade names, not the translated generic terms)
// are in the other form: 北京理工大学 read as "beijing university of
// science and technology" shares five generic words with "Nanjing
// University of Science and Technology" and is still another university.
// A distinctive word is found as a token with the same phonetic key
// (haerbin, Harbin) or as a prefix of four letters or more (uralskiy,
// Ural). Pairs without a glossary reading always pass.
func distinctiveFound(q, c *names.Form) bool {
	switch {
	case q.Translit == "glossary":
		return distinctiveIn(q, c)
	case c.Translit == "glossary":
		return distinctiveIn(c, q)
	}
	return true
}

func distinctiveIn(g, other *names.Form) bool {
	for i, t := range g.Tokens {
		if names.GlossaryWord(t) || isNumber(t) {
			continue
		}
		found := false
		for j, u := range other.Tokens {
			if u == t || g.Phonetics[i] != "" && g.Phonetics[i] == other.Phonetics[j] ||
				len(u) >= 4 && strings.HasPrefix(t, u) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
