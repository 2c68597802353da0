package match

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/names"
)

// A Japanese name in kanji is compared with a name in Latin letters by
// its readings (names: kanji.go), not only through the few Latin forms
// that names makes for retrieval: the characters read the Latin name when
// they split into runs, one per Latin token in any order (family name
// first or last, "YAMADA, Taro" or "Taro Yamada"), and each run spells its
// token with one reading per character (KanjiReadings), a character after
// the first of its run also in its voiced form (rendaku: 山田 yama + da),
// with p for h after another reading (一平 ip + pei), and with a doubled
// consonant for a final tsu, chi, ku or ki (sokuon: 八田 hat + ta).
// Latin tokens are compared in passport spelling (names.HepburnKey: Satoh
// and Sato, Honma and Homma). Such a pair scores kanjiSim: every
// character and every letter is accounted for, but a reading is one of
// several, not the spelling of the name.

// kanjiSim is the score of a Latin name that the characters of a kanji
// name read in full.
const kanjiSim = 0.95

// kanjiMaxChars and kanjiMaxTokens bound the names compared by readings:
// a Japanese name has two to six characters and two Latin tokens (three
// with a middle name in a list's spelling).
const (
	kanjiMaxChars  = 6
	kanjiMaxTokens = 3
)

// kanjiNameSim compares a name written in kanji with a name in Latin
// letters by the kanji's readings (see above). It returns kanjiSim and the
// two forms when the kanji read a Latin form of the other name in full,
// else 0. Names without a Han form on exactly one side return 0 at once,
// so Latin queries pay one comparison.
func kanjiNameSim(q, c *names.Name, o *Options) (float64, *names.Form, *names.Form) {
	if len(q.Forms) == 0 || len(c.Forms) == 0 || o.off(KanjiReadings) {
		return 0, nil, nil
	}
	hq, hc := q.Forms[0].Script == names.Han, c.Forms[0].Script == names.Han
	if hq == hc {
		return 0, nil, nil
	}
	han, other := q, c
	if hc {
		han, other = c, q
	}
	for i := range other.Forms {
		if f := &other.Forms[i]; kanjiReads(&han.Forms[0], f) {
			if hq {
				return kanjiSim, &han.Forms[0], f
			}
			return kanjiSim, f, &han.Forms[0]
		}
	}
	return 0, nil, nil
}

// kanjiFormSim is kanjiNameSim for one form of the candidate (the form
// retrieval found it by): kanjiSim when the query's kanji read it, or
// when it is the kanji form of a listed name and reads a Latin form of the
// query; else 0.
func kanjiFormSim(q *names.Name, cform *names.Form, o *Options) (float64, *names.Form) {
	if len(q.Forms) == 0 || o.off(KanjiReadings) {
		return 0, nil
	}
	if q.Forms[0].Script == names.Han {
		if kanjiReads(&q.Forms[0], cform) {
			return kanjiSim, &q.Forms[0]
		}
		return 0, nil
	}
	if cform.Script != names.Han || cform.Translit != "" {
		return 0, nil
	}
	for i := range q.Forms {
		if kanjiReads(cform, &q.Forms[i]) {
			return kanjiSim, &q.Forms[i]
		}
	}
	return 0, nil
}

// kanjiReads reports whether han, a name as written in Han characters
// (one character per token), reads latin, a Latin name as written of two
// or three tokens, in full (see above). A Latin name of one token is not
// compared: two characters have dozens of readings, and one of them
// spells many a short alias (小米 read as a listed one-word name).
func kanjiReads(han, latin *names.Form) bool {
	if han.Script != names.Han || han.Translit != "" || latin.Script != names.Latin || latin.Translit != "" ||
		len(latin.Tokens) < 2 || len(latin.Tokens) > kanjiMaxTokens || len(latin.Tokens) > len(han.Tokens) {
		return false
	}
	var chars [kanjiMaxChars]rune
	n := 0
	for _, t := range han.Tokens {
		r, size := utf8.DecodeRuneInString(t)
		if size != len(t) || n == kanjiMaxChars || !names.HasKanjiReading(r) {
			return false
		}
		chars[n] = r
		n++
	}
	if n < 2 {
		return false
	}
	var keys [kanjiMaxTokens]string
	for i, t := range latin.Tokens {
		keys[i] = names.HepburnKey(t)
	}
	return readsAs(chars[:n], latin.Tokens, keys[:len(latin.Tokens)], 0)
}

// readsAs reports whether chars split into runs that read the tokens not
// in used (a bit set), one run per token, in any order; keys are the
// tokens in passport spelling (names.HepburnKey).
func readsAs(chars []rune, toks, keys []string, used uint8) bool {
	if len(chars) == 0 {
		return used == 1<<len(toks)-1
	}
	for j, t := range toks {
		if used&(1<<j) != 0 {
			continue
		}
		left := len(toks) - 1 - popcount(used) // tokens after this one
		for k := 1; k <= len(chars)-left; k++ {
			if (spells(chars[:k], t) || keys[j] != t && spells(chars[:k], keys[j])) && readsAs(chars[k:], toks, keys, used|1<<j) {
				return true
			}
		}
	}
	return false
}

func popcount(b uint8) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

// spells reports whether run reads t with one reading per character (see
// above). Positions of t reachable after each character are kept as bits.
func spells(run []rune, t string) bool {
	if len(t) > 63 || len(t) < len(run) {
		return false
	}
	reach := uint64(1)
	for k, r := range run {
		var next uint64
		last := k == len(run)-1
		for p := 0; p < len(t); p++ {
			if reach&(1<<p) == 0 {
				continue
			}
			rest := t[p:]
			for _, s := range names.KanjiReadings(r) {
				next |= readingAt(rest, p, s, last)
				if k == 0 {
					continue
				}
				if head, n := names.RendakuHead(s); n > 0 && strings.HasPrefix(rest, head) && strings.HasPrefix(rest[len(head):], s[n:]) {
					next |= 1 << (p + len(head) + len(s) - n)
				}
				if s[0] == 'h' && len(rest) > 0 && rest[0] == 'p' && strings.HasPrefix(rest[1:], s[1:]) {
					next |= 1 << (p + len(s)) // 平 hei, 一平 ippei
				}
			}
		}
		if next == 0 {
			return false
		}
		reach = next
	}
	return reach&(1<<len(t)) != 0
}

// readingAt returns the positions of t (as bits) after reading s at
// position p, rest being t[p:]: after s itself, and, for a reading that
// ends in tsu, chi, ku or ki before another character, after its stem and
// the first of a doubled consonant (sokuon: hatta, ippei, gakko).
func readingAt(rest string, p int, s string, last bool) uint64 {
	var out uint64
	if strings.HasPrefix(rest, s) {
		out |= 1 << (p + len(s))
	}
	if last {
		return out
	}
	for _, suf := range [...]string{"tsu", "chi", "ku", "ki"} {
		stem, ok := strings.CutSuffix(s, suf)
		if !ok || stem == "" || !strings.HasPrefix(rest, stem) {
			continue
		}
		i := len(stem)
		if i+1 < len(rest) && !strings.ContainsRune("aiueon", rune(rest[i])) &&
			(rest[i] == rest[i+1] || rest[i] == 't' && rest[i+1] == 'c') {
			out |= 1 << (p + i + 1)
		}
	}
	return out
}

// kanjiFamilies bounds the family names a kanji query is retrieved by,
// and kanjiWideRanks the readings per character tried for a family name
// of three characters (all of them for one or two).
const (
	kanjiFamilies  = 24
	kanjiWideRanks = 6
)

// appendKanjiFamilies appends to rf, for retrieval, the readings of the
// family name of a query read as a Japanese name in kanji (one with
// Translit "kanji" forms) that are tokens of the indexed names, as forms
// of one token: the readings of its first two characters, then of its
// first one and its first three, every reading of each character and its
// voiced form after the first (rendaku). Retrieval by the query's Latin
// forms alone pools a few guesses at the family and given names; the
// family names the lists hold find the listed persons of that name, and
// the comparison by readings (kanjiFormSim) tells which of them the kanji
// name reads. The guesses are looked up in the index without allocating.
func (m *Matcher) appendKanjiFamilies(rf, qforms []names.Form) []names.Form {
	if !slices.ContainsFunc(qforms, func(f names.Form) bool { return f.Translit == "kanji" }) {
		return rf
	}
	han := &qforms[0]
	if han.Script != names.Han || han.Translit != "" || len(han.Tokens) < 2 {
		return rf
	}
	var chars [3]rune
	n := 0
	for _, t := range han.Tokens[:min(3, len(han.Tokens))] {
		r, size := utf8.DecodeRuneInString(t)
		if size != len(t) {
			return rf
		}
		chars[n] = r
		n++
	}
	var found []string
	var buf [64]byte
	for _, fam := range [...]int{2, 1, 3} {
		if fam > n || fam == 3 && len(han.Tokens) < 4 {
			continue
		}
		ranks := 1 << 30
		if fam == 3 {
			ranks = kanjiWideRanks
		}
		found = m.familyTokens(chars[:fam], 0, buf[:0], ranks, found)
	}
	for _, t := range found {
		rf = append(rf, names.Form{Tokens: []string{t}, Skeletons: []string{names.Skeleton(t)},
			Phonetics: []string{names.Phonetic(t)}, Script: names.Latin, Translit: "kanji"})
	}
	return rf
}

// familyTokens appends to found the spellings of chars[k:] after prefix
// that are index tokens, each once, up to kanjiFamilies in all: each
// character by its first ranks readings, voiced after the first.
func (m *Matcher) familyTokens(chars []rune, k int, prefix []byte, ranks int, found []string) []string {
	if k == len(chars) {
		if len(found) < kanjiFamilies && m.ix.HasToken(string(prefix)) && !slices.Contains(found, string(prefix)) {
			found = append(found, string(prefix))
		}
		return found
	}
	for i, s := range names.KanjiReadings(chars[k]) {
		if i == ranks || len(found) == kanjiFamilies {
			break
		}
		if len(prefix)+len(s) > cap(prefix) {
			continue
		}
		found = m.familyTokens(chars, k+1, append(prefix, s...), ranks, found)
		if k > 0 {
			if head, n := names.RendakuHead(s); n > 0 && len(prefix)+len(head)+len(s)-n <= cap(prefix) {
				found = m.familyTokens(chars, k+1, append(append(prefix, head...), s[n:]...), ranks, found)
			}
		}
	}
	return found
}
