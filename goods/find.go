package goods

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Mention is one goods term or part number found in running text by Find:
// the bytes [Start, End) of the text, the code the lexicon rule or part
// family names (a six-digit subheading or a four-digit heading) and its
// concern ("" for goods of no particular concern).
type Mention struct {
	Start, End int
	HS         string
	Concern    string
}

// Find returns, in text order, the mentions of goods in s that the
// classifier's lexicon (its terms that make an alternative by themselves)
// and part-number families recognise, with byte offsets into s. Unlike
// Classify, which reads one goods description, Find reads running text of
// any length (news, reports) and says where each term is; a term inside a
// longer matched term is not reported on its own ("aircraft" in "aircraft
// engines"). Invalid UTF-8 bytes are separators. Use Classify on a
// mention's text for its subheading and CHPL tier.
func (c *Classifier) Find(s string) []Mention {
	l := c.lex
	type word struct {
		folded     string
		start, end int
	}
	var words []word
	var out []Mention
	var fb strings.Builder
	wstart := -1
	flushWord := func(end int) {
		if wstart >= 0 {
			words = append(words, word{fb.String(), wstart, end})
			fb.Reset()
			wstart = -1
		}
	}
	hanStart := -1
	flushHan := func(end int) {
		if hanStart < 0 {
			return
		}
		run := s[hanStart:end]
		covered := 0
		for j, r := range run {
			if j < covered {
				continue
			}
			best := ""
			for _, id := range l.han[r] {
				if h := l.terms[id].han; l.alone[id] && len(h) > len(best) && strings.HasPrefix(run[j:], h) {
					best = h
				}
			}
			if best != "" {
				for _, id := range l.han[r] {
					if l.terms[id].han == best {
						hs, concern := l.best(id)
						out = append(out, Mention{hanStart + j, hanStart + j + len(best), hs, concern})
						covered = j + len(best)
						break
					}
				}
			}
		}
		hanStart = -1
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				flushWord(i)
				flushHan(i)
				continue
			}
		}
		f, class := foldRune(r)
		switch class {
		case 'w':
			flushHan(i)
			if wstart < 0 {
				wstart = i
			}
			fb.WriteRune(f)
		case 'h':
			flushWord(i)
			if hanStart < 0 {
				hanStart = i
			}
		default:
			flushWord(i)
			flushHan(i)
		}
	}
	flushWord(len(s))
	flushHan(len(s))

	// Words: the longest alone term starting at each word.
	matchAt := func(id int32, i int) int {
		ws := l.terms[id].words
		if i+len(ws) > len(words) {
			return -1
		}
		for k, w := range ws {
			tok := words[i+k].folded
			if w.stem {
				if !strings.HasPrefix(tok, w.text) {
					return -1
				}
			} else if tok != w.text {
				return -1
			}
			if k > 0 && words[i+k].start-words[i+k-1].end > 3 {
				return -1 // words of a phrase are adjacent
			}
		}
		return i + len(ws)
	}
	coveredTo := 0 // words before this index are inside a reported term
	for i := range words {
		bestEnd, bestID := -1, int32(-1)
		try := func(id int32) {
			if !l.alone[id] {
				return
			}
			if e := matchAt(id, i); e > bestEnd {
				bestEnd, bestID = e, id
			}
		}
		tok := words[i].folded
		for _, id := range l.exact[tok] {
			try(id)
		}
		n := 0
		for j := range tok {
			if n >= minStem {
				for _, id := range l.stems[tok[:j]] {
					try(id)
				}
			}
			n++
		}
		if n >= minStem {
			for _, id := range l.stems[tok] {
				try(id)
			}
		}
		if bestID < 0 || bestEnd <= coveredTo {
			continue
		}
		hs, concern := l.best(bestID)
		out = append(out, Mention{words[i].start, words[bestEnd-1].end, hs, concern})
		coveredTo = bestEnd
	}

	// Part numbers.
	for i := 0; i < len(s); {
		for i < len(s) && !partByte(s[i]) {
			i++
		}
		j := i
		for j < len(s) && partByte(s[j]) {
			j++
		}
		end := j
		for end > i && (s[end-1] == '-' || s[end-1] == '.') {
			end--
		}
		if toks := partTokens(s[i:end], nil); len(toks) == 1 && end-i == len(toks[0]) {
			if r := c.parts.match(toks[0]); r != nil {
				out = append(out, Mention{i, end, r.hs, r.concern})
			}
		}
		i = j
	}
	return sortMentions(out)
}

// best returns the code and concern of the heaviest rule of which term id
// is an alternative by itself.
func (l *lexicon) best(id int32) (hs, concern string) {
	w := -1.0
	for _, ai := range l.termAlts[id] {
		a := &l.alts[ai]
		if len(a.terms) != 1 {
			continue
		}
		r := &l.rules[a.rule]
		if r.weight > w {
			w, hs, concern = r.weight, r.hs, r.concern
		}
	}
	if concern == "" {
		concern = defaultConcern(hs)
	}
	return hs, concern
}

// sortMentions orders mentions by start, longer first, and drops each one
// that overlaps an earlier one.
func sortMentions(ms []Mention) []Mention {
	slices.SortFunc(ms, func(a, b Mention) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(b.End, a.End)
	})
	out := ms[:0]
	for _, m := range ms {
		if len(out) > 0 && m.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, m)
	}
	return out
}
